"""``regio tokens``: the service's API tokens — list, create, revoke and rotate, on the database the service uses
(``REGIO_DATA_DIR`` or ``DATABASE_URL``)."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.errors import friendly
from cli.lang import LangOption, h, words

app = typer.Typer(no_args_is_help=True, help=h("The service's API tokens: list, create, revoke and rotate."))


def _store():  # type: ignore[no-untyped-def]
    from api.config import load_settings
    from api.storage import Store

    return Store(load_settings().url())


@app.command("list", help=h("Every token: id, label, region, when it was made and whether it is revoked."))
@friendly
def list_tokens(lang: LangOption = None) -> None:
    w = words(lang)
    for row in _store().tokens():
        state = w._("revoked {moment}", moment=row.revoked_at.isoformat(timespec="seconds")) if row.revoked_at else \
            w._("active")
        typer.echo(f"{row.id}\t{row.label}\t{row.region or w._('all regions')}\t"
                   f"{row.created_at.isoformat(timespec='seconds')}\t{state}")


@app.command("create", help=h("A new token for a region ('admin' for all regions); it is printed once."))
@friendly
def create(region: Annotated[str, typer.Argument(help=h("region code, or admin"))],
           label: Annotated[str, typer.Option(help=h("who or what the token is for"))]) -> None:
    from data import list_regions
    from models.i18n import t_

    code = None if region == "admin" else region
    if code is not None and code not in list_regions():
        raise ValueError(t_("unknown region {region}; known: {known}", region=repr(region),
                            known=", ".join(list_regions())))
    typer.echo(_store().create_token(label, code))


@app.command("revoke", help=h("Revoke a token by its id: from then on it opens nothing."))
@friendly
def revoke(token_id: Annotated[int, typer.Argument(help=h("the token's id (regio tokens list)"))],
           lang: LangOption = None) -> None:
    from models.i18n import t_

    row = _store().revoke_token(token_id)
    if row is None:
        raise ValueError(t_("no token with id {id}", id=token_id))
    typer.echo(words(lang)._("Revoked token {id} ({label})", id=token_id, label=row.label))


@app.command("rotate", help=h("A new token in place of one (same label and region); the old one is revoked."))
@friendly
def rotate(token_id: Annotated[int, typer.Argument(help=h("the token's id (regio tokens list)"))]) -> None:
    from models.i18n import t_

    rotated = _store().rotate_token(token_id)
    if rotated is None:
        raise ValueError(t_("no active token with id {id}", id=token_id))
    typer.echo(rotated[1])
