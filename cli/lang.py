"""``--lang``: the language of what the commands print (Dutch by default, ``REGIO_LANG`` without the option)."""

from __future__ import annotations

from typing import Annotated

import typer

from models.i18n import LANGUAGES, Words, language, t_

#: the help texts' language: REGIO_LANG, else Dutch (``--help`` is read before any option is)
_HELP = Words(language())


def h(text: str) -> str:
    """A help text in the language of ``REGIO_LANG`` (Dutch by default)."""
    return _HELP._(text)


LangOption = Annotated[str | None, typer.Option(
    "--lang", help=h("language of the report: nl (default) or en; without it REGIO_LANG decides"))]


def words(lang: str | None) -> Words:
    """The reader's language; an unknown one is refused (exit 2) rather than silently read as Dutch."""
    if lang is not None and lang.strip().lower() not in LANGUAGES:
        raise ValueError(t_(
            "--lang: {lang} is not a language of this tool; choose {v1}", lang=repr(lang), v1=' or '.join(LANGUAGES)))
    return Words(language(lang))
