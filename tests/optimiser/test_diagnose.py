"""Diagnoses of infeasible scenarios: the fewest rule groups, the least amounts, the same on every backend,
and the other ways out."""

from __future__ import annotations

import pytest

import optimiser as regio
from models import Diagnosis
from models.formatting import quantity
from models.i18n import Words
from optimiser.diagnosis import diagnose
from optimiser.report import wording
from optimiser.solvers import backend
from tests.factories import tiny_region, tiny_scenario

BACKENDS = ["highs", "cbc", "cpsat"]


@pytest.fixture(scope="module")
def dwo() -> tuple[regio.Region, regio.Scenario]:
    region = regio.load_region("dwo")
    return region, regio.load_scenario(region)


def dwo_diagnosis(dwo: tuple[regio.Region, regio.Scenario], changes: dict, solver: str) -> Diagnosis:
    region, base = dwo
    scenario = regio.derive(region, base, {**changes, "solver": {"name": solver, "explain": False}})
    return diagnose(region, scenario, backend(solver))


@pytest.mark.parametrize("solver", BACKENDS)
@pytest.mark.parametrize(("cap", "over"), [(87, 1), (10, 78)])
def test_a_cap_below_places_that_must_stay_is_diagnosed_by_the_exact_excess(dwo, solver, cap, over):
    # Delft holds 88 BT places today and none may be cut: a cap of `cap` is `88 - cap` too low in every year
    found = dwo_diagnosis(dwo, {"transitions": {"keep_current": ["bt"]}, "caps": {"GM0503": {"bt": cap}}}, solver)
    [relax] = found.relaxations
    assert (relax.group, relax.family, relax.amount, relax.unit) == ("cap(GM0503,bt)", "cap", over, "places")
    assert (relax.municipality, relax.type, relax.years) == ("GM0503", "bt", [2023, 2024, 2025, 2026])
    places = "1 plek" if over == 1 else f"{over} plekken"
    assert relax.message == (f"het plafond uit het scenario van {cap} plekken Beschermd Thuis in Delft: {places} meer "
                             "in elk jaar van 2023-2026")
    # or: let the places be cut, which also lets them close before a replacement opens
    other = {(r.group, r.amount) for r in found.alternatives[0]}
    assert {("close_after_open(bt)", over), ("keep_current(bt)", over)} <= other


@pytest.mark.parametrize("solver", BACKENDS)
def test_every_way_out_is_listed_with_exact_amounts(solver):
    # 48 places at 50,000 cost 2.4 M a year; the grant is 2.5 M, minus 0.3 M fixed costs leaves 2.2 M. Either
    # the budget gives 200,000, or 4 of Astad's places (4 x 50,000) are cut, closing before any replacement
    scenario = tiny_scenario(years=[2024], demand={"bw": {2024: 48}},
                             budget={"enabled": True, "fixed_costs": {2024: 300_000}},
                             transitions={"keep_current": ["bw"]}, solver={"name": solver})
    found = diagnose(tiny_region(), scenario, backend(solver))
    ways = [[(r.group, r.amount, r.unit, r.municipality, r.years) for r in way]
            for way in [found.relaxations, *found.alternatives]]
    assert ways == [
        [("budget(2024)", 200_000, "EUR", None, [2024])],
        [("close_after_open(bw)", 4, "places", None, [2024]), ("keep_current(bw)", 4, "places", "GM0001", [2024])],
    ]
    assert found.message == (
        "Geen verdeling voldoet aan alle regels. De minste regels om te versoepelen: het budget van 2024: "
        "€ 200.000 meer nodig. Of in plaats daarvan: laat 4 plekken Beschermd wonen sluiten voordat hun vervanging "
        "open is in 2024 en laat 4 plekken Beschermd wonen in Astad verdwijnen in 2024.")
    # the same diagnosis in English, on request
    english = wording.diagnosis_message(found, {"GM0001": "Astad", "GM0002": "Bdorp"},
                                        {"bw": "Beschermd wonen"}, Words("en"))
    assert english == (
        "No allocation satisfies every rule. The fewest rules to relax: the budget of 2024: €200,000 more needed. "
        "Or instead: let 4 Beschermd wonen places close before their replacement opens in 2024 and let 4 "
        "Beschermd wonen places in Astad be cut in 2024.")


def test_caps_the_scenario_sets_are_named_as_a_way_out(dwo):
    # no BW or BW plus anywhere: today's 24 + 3 BW and 14 + 1 BW plus places in Delft and Westland must close
    # at once, before any replacement; either that rule gives, or the caps where those places stand do
    caps = {m.code: {"bw": 0, "bw_plus": 0} for m in dwo[0].municipalities}
    found = dwo_diagnosis(dwo, {"caps": caps}, "highs")
    assert [(r.group, r.amount) for r in found.relaxations] == [("close_after_open(bw)", 27),
                                                                 ("close_after_open(bw_plus)", 15)]
    ways = [{r.group: r.amount for r in way} for way in found.alternatives]
    assert ways[-1] == {"cap(GM0503,bw)": 24, "cap(GM1783,bw)": 3, "cap(GM0503,bw_plus)": 14,
                        "cap(GM1783,bw_plus)": 1}
    assert {"cap(GM0503,bw)": 24, "cap(GM1783,bw)": 3, "close_after_open(bw_plus)": 15} in ways
    named = {r.description for way in found.alternatives for r in way if r.family == "cap"}
    assert "the scenario's cap of 0 Beschermd Wonen places in Delft" in named
    assert ("het plafond uit het scenario van 0 plekken Beschermd Wonen plus in Westland: 1 plek meer in elk jaar "
            "van 2023-2026") in {r.message for way in found.alternatives for r in way}


def test_quantities_are_singular_for_one():
    assert [quantity(1, "places"), quantity(2, "places"), quantity(1, "weighted places"), quantity(1, "sites"),
            quantity(1, "EUR")] == ["1 place", "2 places", "1 weighted place", "1 site", "€1"]


@pytest.mark.parametrize("solver", BACKENDS)
def test_hosting_the_scenario_sets_is_a_way_out(solver):
    # Astad holds 48 BW places and may keep only 24 from 2025; the other 24 may close only once their
    # replacement is open, and the scenario lets only Astad host BW: either the cap gives 24, or 24 close
    # before a replacement opens, or Bdorp may host the 24 (open in 2024, before the closing in 2025)
    scenario = tiny_scenario(years=[2024, 2025], demand={"bw": {2024: 48, 2025: 48}, "flex": {2024: 0, 2025: 0}},
                             caps={"GM0001": {"bw": {2025: 24}}}, hosting={"bw": ["GM0001"]},
                             solver={"name": solver})
    found = diagnose(tiny_region(), scenario, backend(solver))
    ways = [[(r.group, r.amount, r.municipality, r.years) for r in way]
            for way in [found.relaxations, *found.alternatives]]
    assert ways == [[("cap(GM0001,bw)", 24, "GM0001", [2025])],
                    [("close_after_open(bw)", 24, None, [2025])],
                    [("hosting(bw)", 24, "GM0002", [2024, 2025])]]
    assert found.message == (
        "Geen verdeling voldoet aan alle regels. De minste regels om te versoepelen: het plafond uit het scenario "
        "voor plekken Beschermd wonen in Astad (24 vanaf 2025): 24 plekken meer in 2025. Of in plaats daarvan: laat "
        "24 plekken Beschermd wonen sluiten voordat hun vervanging open is in 2025 — of — laat Bdorp 24 plekken "
        "Beschermd wonen bieden in elk jaar van 2024, 2025.")
