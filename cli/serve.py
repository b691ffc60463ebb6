"""``regio serve``: the web service and forms for working groups."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.lang import h


def serve(
    host: Annotated[str, typer.Option(help=h("address to listen on"))] = "127.0.0.1",
    port: Annotated[int, typer.Option(help=h("port"))] = 8000,
    create_token: Annotated[str | None, typer.Option(
        help=h("print a new API token for this region ('admin' for all regions) and exit"))] = None,
) -> None:
    """Start the service (SQLite in REGIO_DATA_DIR by default; DATABASE_URL for PostgreSQL)."""
    import uvicorn

    from api.config import load_settings
    from api.logs import configure
    from api.main import create_app
    from api.storage import Store
    from data import list_regions
    from models.i18n import t_

    settings = load_settings()
    if create_token is not None:
        region = None if create_token == "admin" else create_token
        if region is not None and region not in list_regions():
            raise ValueError(t_("--create-token: unknown region {region}; known: {known}", region=repr(region),
                                known=", ".join(list_regions())))
        typer.echo(Store(settings.url()).create_token(f"token for {create_token}", region))
        return
    configure(settings.log_format == "json")
    # uvicorn's own access lines are replaced by the service's, which carry the request id
    uvicorn.run(create_app(settings), host=host, port=port, log_config=None, access_log=False)
