"""Buildings: the new places of a building's types stand in one wijk (the pack's, when it gives one, in the
municipality of its places today), and the reported building rows match the allocation."""

from __future__ import annotations

import pytest

from models import Region, Result, Scenario
from tests.factories import tiny_region, tiny_scenario
from tests.optimiser.formulation.test_buildings import in_building
from tests.optimiser.verify.cases import caught, findings, move, solve


@pytest.fixture(scope="module")
def housed() -> tuple[Region, Scenario, Result]:
    """The tiny case with its flexwoningen (Astad only) in one building, Het Pand: 4 in 2025, 10 in 2026,
    in one wijk the model chooses."""
    region = in_building(tiny_region(), {"name": "Het Pand"}, "flex")
    scenario = tiny_scenario(hosting={"flex": ["GM0001"]})
    return region, scenario, solve(region, scenario)


def where(result: Result) -> tuple[str, str]:
    """The wijk of the building, and the other wijk of Astad."""
    (wijk,) = {a.wijk for a in result.allocation if a.type == "flex" and a.wijk}
    assert wijk is not None
    return wijk, ({"WK000101", "WK000102"} - {wijk}).pop()


def test_the_solved_building_stands_in_one_wijk(housed):
    region, scenario, result = housed
    wijk, _other = where(result)
    assert findings("buildings", region, scenario, result) == []
    assert [(r.year, r.wijk, r.places, r.opened) for r in result.buildings] == [
        (2024, wijk, {"flex": 0}, 0), (2025, wijk, {"flex": 4}, 4), (2026, wijk, {"flex": 10}, 6)]


def test_new_places_in_a_second_wijk_are_caught(housed):
    region, scenario, result = housed
    wijk, other = where(result)
    names = {"WK000101": "A-Noord (WK000101)", "WK000102": "A-Zuid (WK000102)"}
    found = caught("buildings", region, scenario, result,
                   lambda r: move(r, "GM0001", wijk, "flex", "GM0001", other, years=[2026]))
    assert found == [f"building Het Pand: new places in {names['WK000101']}, {names['WK000102']}; they must all "
                     "stand in one wijk"]


def test_a_wrong_building_row_is_caught(housed):
    region, scenario, result = housed
    wijk, other = where(result)

    def fewer(r: Result) -> None:
        r.buildings[2].places = {"flex": 9}

    def elsewhere(r: Result) -> None:
        r.buildings[0].wijk = other

    assert caught("buildings", region, scenario, result, fewer) == [
        "building Het Pand, 2026: reports places {'flex': 9}, 6 opened and 0 closed; the allocation gives "
        "{'flex': 10}, 6 and 0"]
    assert caught("buildings", region, scenario, result, elsewhere) == [
        f"building Het Pand, 2024: reported in {other} (chosen by the model), but it stands in {wijk} (chosen by "
        "the model)"]


def test_new_places_away_from_the_packs_wijk_or_todays_places_are_caught(housed):
    _region, scenario, result = housed
    wijk, other = where(result)
    names = {"WK000101": "A-Noord (WK000101)", "WK000102": "A-Zuid (WK000102)"}
    given = in_building(tiny_region(), {"name": "Het Pand", "wijk": other}, "flex")
    assert findings("buildings", given, scenario, result) == [
        f"building Het Pand: new places in {names[wijk]}, but it stands in {names[other]}",
        *(f"building Het Pand, {t}: reported in {wijk} (chosen by the model), but it stands in {wijk}"
          for t in (2024, 2025, 2026))]
    # two of today's flexwoningen stand in Bdorp: the building's new places may not open in Astad
    today = in_building(tiny_region(capacity=[{"municipality": "GM0001", "type": "bw", "places": 48},
                                              {"municipality": "GM0002", "type": "flex", "places": 2}]),
                        {"name": "Het Pand"}, "flex")
    assert findings("buildings", today, scenario, result)[0] == (
        f"building Het Pand: new places in {names[wijk]}, but its places today stand in Bdorp (GM0002)")
