"""buildings: every place of the types naming one building stands in it, in one wijk; places of one of its
types giving way to another's in it are converted, not closed, and add no draagkracht load."""

from __future__ import annotations

from typing import Any

from models import Region, Result
from optimiser.verify import verify
from tests.factories import tiny_region
from tests.optimiser.formulation.support import new_by_area, places, quiet, solve

ASTAD_ONLY = {"flex": ["GM0001"]}
FLEX = {"years": [2024], "demand": {"flex": {2024: 10}}, "hosting": ASTAD_ONLY}


def in_building(region: Region, building: dict[str, Any], *types: str) -> Region:
    """The region with the given types in one building."""
    doc = region.model_dump()
    for t in doc["provision_types"]:
        if t["code"] in types:
            t["building"] = building
    return Region.model_validate(doc)


def test_a_buildings_new_places_stand_in_one_wijk_where_the_type_alone_splits():
    # 10 flexwoningen (weight 0.5) in Astad, two wijken of capacity 22. Alone they spread 5 + 5 (use
    # 2,500 / 22 -> 114 permille); in one building all 10 stand in one wijk: 5,000 / 22 -> 228 permille.
    spread = solve(tiny_region(), quiet(**FLEX))
    assert new_by_area(spread, "flex", 2024) == {"WK000101": 5, "WK000102": 5}
    assert spread.objective["disruption"] == 11_400
    assert spread.buildings == []

    housed = solve(in_building(tiny_region(), {"name": "Het Pand"}, "flex"), quiet(**FLEX))
    (area,) = new_by_area(housed, "flex", 2024)
    assert new_by_area(housed, "flex", 2024) == {area: 10}
    assert housed.objective["disruption"] == 22_800
    assert housed.objective["disruption"] - spread.objective["disruption"] == 11_400
    (row,) = housed.buildings
    assert (row.building, row.municipality, row.wijk, row.wijk_chosen) == ("Het Pand", "GM0001", area, True)
    assert (row.places, row.opened, row.closed, row.converted) == ({"flex": 10}, 10, 0, 0)

    # the pack gives the wijk: there, and said to be the pack's
    given = solve(in_building(tiny_region(), {"name": "Het Pand", "wijk": "WK000102"}, "flex"), quiet(**FLEX))
    assert new_by_area(given, "flex", 2024) == {"WK000102": 10}
    assert (given.buildings[0].wijk, given.buildings[0].wijk_chosen) == ("WK000102", False)


def test_types_sharing_a_building_stand_together():
    # BW (sites of 20-24) and flexwoningen, Bdorp only, both wijken carrying 40: apart, the site of 22 takes
    # one wijk and the flexwoningen (load 5) the other (largest use 22 / 40); in one building they stand
    # together (27 / 40 -> 675 permille).
    scenario = quiet(years=[2024], demand={"bw": {2024: 22}, "flex": {2024: 10}},
                     hosting={"bw": ["GM0002"], "flex": ["GM0002"]},
                     draagkracht={"overrides": {"WK000201": 40, "WK000202": 40}})
    apart = solve(tiny_region(capacity=[]), scenario)
    assert sorted([*new_by_area(apart, "bw", 2024).values(), *new_by_area(apart, "flex", 2024).values()]) == [10, 22]
    assert set(new_by_area(apart, "bw", 2024)) != set(new_by_area(apart, "flex", 2024))
    assert apart.objective["disruption"] == 10**6 + 100 * 550
    together = solve(in_building(tiny_region(capacity=[]), {"name": "Campus"}, "bw", "flex"), scenario)
    (area,) = new_by_area(together, "bw", 2024)
    assert new_by_area(together, "bw", 2024) == {area: 22}
    assert new_by_area(together, "flex", 2024) == {area: 10}
    assert together.buildings[0].places == {"bw": 22, "flex": 10}
    assert together.objective["disruption"] == 10**6 + 100 * 675


def shelter(building: dict[str, Any] | None, wijk: str | None = None) -> Region:
    """Astad has a shelter of 10 two-person places ("oud", weight 1) that becomes single rooms ("nieuw")."""
    types = [{"code": code, "label": label, "domain": "mo", "allowed_municipalities": ["GM0001"],
              **({"building": building} if building else {})}
             for code, label in (("oud", "Tweepersoonskamers"), ("nieuw", "Eenpersoonskamers"))]
    return tiny_region(provision_types=types,
                       capacity=[{"municipality": "GM0001", "type": "oud", "places": 10, "wijk": wijk}])


def conversion(result: Result) -> dict[str, Any]:
    return {
        "oud": [places(result, "oud", t).get("GM0001", 0) for t in (2024, 2025, 2026)],
        "nieuw": new_by_area(result, "nieuw", 2026),
        "load": {(r.wijk, r.year): r.load for r in result.draagkracht if r.load},
        "disruption": result.objective["disruption"],
    }


def test_rooms_converted_in_a_building_are_no_closure_and_add_no_load():
    # 10 places close in 2026 as demand falls to 0, and 6 single rooms open. In the building (its wijk
    # A-Noord given, so today's 10 load it): 6 of the 10 are converted, 4 closed; the building holds 10 and
    # then 6 weighted places, never more than today, so A-Noord carries 10 in every year and no wijk more.
    scenario = quiet(demand={"oud": {2024: 10, 2025: 10, 2026: 0}, "nieuw": {2024: 0, 2025: 0, 2026: 6}})
    region = shelter({"name": "Opvang", "wijk": "WK000101"})
    housed = solve(region, scenario)
    assert conversion(housed) == {
        "oud": [10, 10, 0], "nieuw": {"WK000101": 6},
        "load": {("WK000101", 2024): 10.0, ("WK000101", 2025): 10.0, ("WK000101", 2026): 10.0},
        "disruption": 4 * 10**6 + 100 * 455}  # 10,000 / 22 -> 455 permille
    assert [(r.year, r.places, r.opened, r.closed, r.converted) for r in housed.buildings] == [
        (2024, {"oud": 10, "nieuw": 0}, 0, 0, 0), (2025, {"oud": 10, "nieuw": 0}, 0, 0, 0),
        (2026, {"oud": 0, "nieuw": 6}, 6, 10, 6)]
    assert verify(region, scenario, housed) == []  # no closing before opening among them

    # the same places without a building: 10 closed, and the 6 new ones load A-Zuid, a wijk the shelter
    # never stood in (6,000 / 22 -> 273 permille stays below A-Noord's 455)
    apart = solve(shelter(None, wijk="WK000101"), scenario)
    assert conversion(apart) == {
        "oud": [10, 10, 0], "nieuw": {"WK000102": 6},
        "load": {("WK000101", 2024): 10.0, ("WK000101", 2025): 10.0, ("WK000101", 2026): 10.0,
                 ("WK000102", 2026): 3.0 * 2},
        "disruption": 10 * 10**6 + 100 * 455}
    assert apart.objective["disruption"] - housed.objective["disruption"] == 6 * 10**6


def test_a_building_counts_its_fullest_year():
    # the single rooms open a year before the old ones close: in 2025 the building holds 10 + 6 = 16
    # weighted places, 6 above today's, and counts them against A-Noord (16,000 / 22 -> 728 permille)
    scenario = quiet(demand={"oud": {2024: 10, 2025: 10, 2026: 0}, "nieuw": {2024: 0, 2025: 6, 2026: 6}})
    region = shelter({"name": "Opvang", "wijk": "WK000101"})
    result = solve(region, scenario)
    assert conversion(result) == {
        "oud": [10, 10, 0], "nieuw": {"WK000101": 6},
        "load": {("WK000101", 2024): 10.0, ("WK000101", 2025): 16.0, ("WK000101", 2026): 10.0},
        "disruption": 4 * 10**6 + 100 * 728}
    assert verify(region, scenario, result) == []

    # A-Noord set to 15: in 2025 only 5 single rooms fit beside today's 10, one stays unmet
    tight = solve(region, quiet(draagkracht={"overrides": {"WK000101": 15}}, **scenario.model_dump(
        include={"demand"})))
    assert tight.unmet == {"oud": {2024: 0, 2025: 0, 2026: 0}, "nieuw": {2024: 0, 2025: 1, 2026: 0}}
    assert conversion(tight)["load"] == {("WK000101", 2024): 10.0, ("WK000101", 2025): 15.0,
                                         ("WK000101", 2026): 10.0}
