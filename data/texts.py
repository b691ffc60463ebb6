"""The texts of a region pack in the reader's language: a pack may carry ``nl.po`` with the Dutch for the
English texts its results repeat (modelling choices, the scenarios' questions, the sources of money handed out).
A text the pack does not translate reads as written."""

from __future__ import annotations

from functools import cache

from babel.messages.pofile import read_po

from data.pack import PackError, pack_dir
from models.i18n import Words


@cache
def catalogue(region_code: str) -> dict[str, str]:
    """The pack's Dutch for its English texts (empty when the pack has none)."""
    try:
        path = pack_dir(region_code) / "nl.po"
    except PackError:
        return {}
    if not path.is_file():
        return {}
    with path.open("rb") as po:
        return {str(m.id): str(m.string) for m in read_po(po) if m.id and m.string}


@cache
def _english(region_code: str) -> dict[str, str]:
    return {nl: en for en, nl in catalogue(region_code).items()}


def pack_text(region_code: str, text: str, words: Words) -> str:
    """A pack's text as the reader reads it: its Dutch where the pack gives it, else as written (a text
    already in Dutch, from a result worded before, reads in English again on request)."""
    if words.lang == "en":
        return _english(region_code).get(text, text)
    return catalogue(region_code).get(text, text)
