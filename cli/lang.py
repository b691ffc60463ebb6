"""``--lang``: the language of what the commands print (Dutch by default, ``REGIO_LANG`` without the option)."""

from __future__ import annotations

from typing import Annotated

import typer

from models.i18n import LANGUAGES, Words, language, t_

LangOption = Annotated[str | None, typer.Option(
    "--lang", help="language of the report: nl (default) or en; without it REGIO_LANG decides")]


def words(lang: str | None) -> Words:
    """The reader's language; an unknown one is refused (exit 2) rather than silently read as Dutch."""
    if lang is not None and lang.strip().lower() not in LANGUAGES:
        raise ValueError(t_(
            "--lang: {lang} is not a language of this tool; choose {v1}", lang=repr(lang), v1=' or '.join(LANGUAGES)))
    return Words(language(lang))
