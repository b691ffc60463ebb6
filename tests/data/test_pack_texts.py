"""A pack's own texts in Dutch: every modelling choice, question and source of money handed out that the four
seed packs hold has its Dutch in the pack's ``nl.po``, and no entry there is left over from an older text."""

from __future__ import annotations

import pytest

from data import list_scenarios, load_region, load_scenario
from data.texts import catalogue, pack_text
from models.i18n import Words

SEEDS = ["dwo", "maastricht-heuvelland", "midden-ijssel", "mvs"]


def _texts(code: str) -> set[str]:
    region = load_region(code)
    texts = set(region.modelling_choices())
    for name in list_scenarios(code):
        scenario = load_scenario(region, name)
        texts |= {*scenario.modelling_choices, scenario.question}
        texts |= {d.source for d in scenario.budget.distributions if d.source}
    return texts


@pytest.mark.parametrize("code", SEEDS)
def test_every_text_of_a_seed_pack_has_its_dutch(code: str) -> None:
    texts = _texts(code)
    dutch = catalogue(code)
    english_only = {t for t in texts if "modelling choice" in t or " the " in t}
    assert english_only, code
    assert sorted(english_only - set(dutch)) == []
    assert sorted(set(dutch) - texts) == [], "entries no text of the pack uses any more"
    for text in english_only:
        nl = pack_text(code, text, Words("nl"))
        assert nl != text and "modelling choice" not in nl
        assert pack_text(code, nl, Words("en")) == text  # a Dutch result reads in English again
        assert pack_text(code, text, Words("en")) == text


def test_a_text_without_dutch_reads_as_written() -> None:
    assert pack_text("dwo", "een eigen tekst", Words("nl")) == "een eigen tekst"
    assert catalogue("no-such-pack") == {}
