"""Why this number? The reasons a municipality gets what it gets of a type, and what one place closer to its
fair share would cost, proven by a second solve."""

from __future__ import annotations

import pytest

import optimiser as regio
from models import Result
from models.i18n import Words
from optimiser.report import wording
from optimiser.why import why
from tests.factories import tiny_region, tiny_scenario


@pytest.fixture(scope="module")
def dwo() -> tuple[regio.Region, regio.Scenario, Result]:
    region = regio.load_region("dwo")
    scenario = regio.load_scenario(region)
    return region, scenario, regio.solve(region, scenario)


def test_pijnacker_nootdorp_gets_no_bw_because_a_site_holds_20(dwo):
    region, scenario, result = dwo
    answer = why(region, scenario, result, "Pijnacker-Nootdorp", "bw")
    assert (answer.municipality, answer.type, answer.year, answer.places) == ("GM1926", "bw", 2026, 0)
    assert (answer.fair_share, answer.gap, answer.today) == (3.5, -3.5, 0)
    kinds = {r.kind: r.params for r in answer.reasons}
    # a BW + BW plus site holds at least 20 places; Pijnacker-Nootdorp's share of both is 3.50 + 1.94
    assert kinds["site_size"] == {"label": "Beschermd Wonen + Beschermd Wonen plus", "size": 20,
                                  "municipality": "Pijnacker-Nootdorp", "share": 5.44}
    # the places stand in Westland: 14 BW against a share of 8.94
    assert kinds["above"] == {"municipality": "Westland", "places": 14, "gap": 5.06}
    assert kinds["driver"] == {"group": "site_min(bw_locatie)"}
    # one BW place in Pijnacker-Nootdorp means a whole site there: 32 places further from the fair shares
    c = answer.counterfactual
    assert c is not None and (c.step, c.feasible, c.proven) == (1, True, True)
    assert [(g.term, g.amount) for g in c.gains] == [("total_deviation", -32)]
    lines = wording.why(answer, result, Words("nl"))
    assert lines[0] == ("Pijnacker-Nootdorp krijgt in 2026 0 plekken Beschermd Wonen, 3,5 onder het eerlijke aandeel "
                        "van 3,5.")
    assert lines[1] == ("  - een locatie voor Beschermd Wonen + Beschermd Wonen plus telt minimaal 20 plekken en het "
                        "aandeel van Pijnacker-Nootdorp is 5,44")
    assert lines[2] == "  - Westland heeft 14 plekken, 5,06 boven haar aandeel"
    assert lines[-1] == ("Met één plek meer hier wordt het plan slechter: in totaal 32 plekken verder van de eerlijke "
                         "aandelen.")
    english = wording.why(answer, result, Words("en"))
    assert english[0] == "Pijnacker-Nootdorp gets 0 Beschermd Wonen places in 2026, 3.5 below its fair share of 3.5."


def test_a_cell_at_its_share_says_so_without_a_second_solve(dwo):
    region, scenario, result = dwo
    answer = why(region, scenario, result, "GM0503", "Beschermd Thuis", 2026)
    assert (answer.places, answer.fair_share, answer.today) == (63, 63.16, 88)
    assert [r.kind for r in answer.reasons] == ["at_share"] and answer.counterfactual is None
    assert wording.why(answer, result, Words("nl")) == [
        "Delft krijgt in 2026 63 plekken Beschermd Thuis, gelijk aan het eerlijke aandeel van 63,16.",
        "Nu heeft de gemeente 88 plekken."]


def test_a_cap_is_named_and_the_counterfactual_says_what_it_must_give():
    # Bdorp is capped at 0 BW against a fair share of 24; one place there would take a whole site of 20,
    # so the cap must give 20 places
    region = tiny_region()
    scenario = tiny_scenario(caps={"GM0002": {"bw": 0}}, solver={"explain": False})
    result = regio.solve(region, scenario)
    answer = why(region, scenario, result, "Bdorp", "bw")
    assert (answer.places, answer.fair_share) == (0, 24.0)
    assert [(r.kind, r.params) for r in answer.reasons] == [
        ("cap", {"limit": 0, "municipality": "Bdorp", "label": "Beschermd wonen"}),
        ("above", {"municipality": "Astad", "places": 48, "gap": 24.0})]
    c = answer.counterfactual
    assert c is not None and not c.feasible
    assert [(r.group, r.amount, r.years) for r in c.relaxations] == [("cap(GM0002,bw)", 20, [2026])]
    assert wording.why(answer, result, Words("nl"))[1:] == [
        "  - het scenario begrenst Bdorp op 0 plekken Beschermd wonen",
        "  - Astad heeft 48 plekken, 24 boven haar aandeel",
        "Met één plek meer hier heeft het scenario geen plan; daarvoor is nodig: het plafond uit het scenario van "
        "0 plekken Beschermd wonen in Bdorp: 20 plekken meer in 2026."]


@pytest.mark.parametrize(("field", "args", "message"), [
    ("municipality", ("Rotterdam", "bw", None), "municipality: 'Rotterdam' is not in tiny; choose one of "
                                                 "GM0001 (Astad), GM0002 (Bdorp)"),
    ("type", ("Astad", "xx", None), "type: 'xx' is not a type of this scenario; choose one of bw (Beschermd "
                                    "wonen), flex (Flexwoning)"),
    ("year", ("Astad", "bw", 1999), "year: 1999 is not a year of the scenario; choose one of 2024, 2025, 2026"),
])
def test_a_wrong_question_names_the_field_and_the_choices(field, args, message):
    region, scenario = tiny_region(), tiny_scenario(solver={"explain": False})
    result = regio.solve(region, scenario)
    with pytest.raises(ValueError) as caught:
        why(region, scenario, result, *args)
    assert str(caught.value) == message
