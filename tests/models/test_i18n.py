"""The language layer: Dutch by default, English on request, every text in the code translated."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from models.i18n import Words, accept_language, language

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "n_": (1, 2), "t_": None, "h": None}


def test_numbers_and_euros_follow_the_language() -> None:
    nl, en = Words("nl"), Words("en")
    assert nl.number(13365589) == "13.365.589" and en.number(13365589) == "13,365,589"
    assert nl.number(3.5) == "3,5" and en.number(3.5) == "3.5"
    assert nl.euro(13365589) == "€ 13.365.589" and en.euro(13365589) == "€13,365,589"
    assert nl.euro(1500000.5, cents=True) == "€ 1.500.000,50"


def test_singular_and_plural() -> None:
    nl, en = Words("nl"), Words("en")
    assert [nl.quantity(n, "places") for n in (1, 2, 3.5)] == ["1 plek", "2 plekken", "3,5 plekken"]
    assert [en.quantity(n, "sites") for n in (1, 2)] == ["1 site", "2 sites"]
    assert nl.quantity(1, "weighted places") == "1 gewogen plek"


@pytest.mark.parametrize(("asked", "lang"), [("en", "en"), ("EN_gb", "en"), ("nl-NL", "nl"), ("fr", "nl"),
                                            (None, "nl")])
def test_language_asked(asked: str | None, lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REGIO_LANG", raising=False)
    assert language(asked) == lang


def test_regio_lang_when_nothing_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGIO_LANG", "en")
    assert language(None) == "en" and language("nl") == "nl"


def test_accept_language_by_weight() -> None:
    assert accept_language("en-GB,en;q=0.9,nl;q=0.8") == "en"
    assert accept_language("de, en;q=0.4, nl;q=0.7") == "nl"
    assert accept_language("en;q=0") == "nl"
    assert accept_language(None) == "nl"


def test_every_text_in_the_code_has_a_dutch_translation() -> None:
    """Babel finds every ``_("...")``, ``n_("...", "...")`` and ``t_("...")`` in the packages; each must be in the Dutch
    catalogue with a translation (which may read the same, as "budget" does)."""
    with (ROOT / "models/locale/nl/LC_MESSAGES/regio.po").open("rb") as po:
        catalogue = read_po(po)
    missing = []
    for package in ("models", "data", "optimiser", "cli", "api"):
        for filename, lineno, message, _comments, _context in extract_from_dir(
            ROOT / package, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            singular = message[0] if isinstance(message, tuple) else message
            if not re.search(r"[A-Za-z]", re.sub(r"\{[^}]*\}", "", singular)):
                continue  # only fields and punctuation: nothing to translate
            entry = catalogue.get(singular)
            translated = entry is not None and all(entry.string if isinstance(entry.string, tuple)
                                                   else [entry.string])
            if not translated:
                missing.append(f"{package}/{filename}:{lineno}: {singular!r}")
    assert not missing, "untranslated:\n" + "\n".join(missing)


def test_the_catalogue_keeps_the_fields_of_each_text() -> None:
    """A translation names the same ``{fields}`` as its English text, so no figure is lost or invented."""
    fields = re.compile(r"{(\w+)}")
    with (ROOT / "models/locale/nl/LC_MESSAGES/regio.po").open("rb") as po:
        catalogue = read_po(po)
    wrong = []
    for entry in catalogue:
        if not entry.id:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        expected = set(fields.findall(ids[-1])) | set(fields.findall(ids[0]))
        for text in strings:
            if set(fields.findall(text)) - expected or (set(fields.findall(ids[-1])) - {"n"}) - set(
                    fields.findall(text)):
                wrong.append(f"{ids[0]!r} -> {text!r}")
    assert not wrong, "\n".join(wrong)


def test_every_text_of_the_report_template_has_a_dutch_translation() -> None:
    """The council report's template words its own headings with ``words._("...")``; each is in the catalogue."""
    with (ROOT / "models/locale/nl/LC_MESSAGES/regio.po").open("rb") as po:
        catalogue = read_po(po)
    found = []
    for template in (ROOT / "optimiser/report/templates").glob("*.html"):
        found += re.findall(r"words\._\((['\"])(.*?)\1", template.read_text(encoding="utf-8"))
    assert len(found) >= 5
    missing = [text for _, text in found if not (catalogue.get(text) and catalogue.get(text).string)]
    assert not missing, missing

