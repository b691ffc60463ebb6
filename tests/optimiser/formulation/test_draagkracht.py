"""draagkracht: per wijk, weighted existing + new places <= the wijk's capacity (stated for the last year)."""

from __future__ import annotations

from optimiser.solving import solve_scenario
from tests.factories import tiny_region
from tests.optimiser.formulation.support import new_by_area, quiet, solve

# every tiny wijk: index 1 - (0.4 x 35/70 + 0.3 x 40/80 + 0.2 x 40/80) = 0.55, so capacity
# floor(4 x 10,000 / 1,000 x 0.55) = 22 weighted places; a flexwoning weighs 0.5, so 44 fit in a wijk.
ASTAD_ONLY = {"flex": ["GM0001"]}


def test_capacity_holds_and_leaves_demand_unmet():
    # 100 flexwoningen, Astad only: its two wijken take 44 each, 88 in all, 12 unmet.
    result = solve(tiny_region(), quiet(years=[2024], demand={"flex": {2024: 100}}, hosting=ASTAD_ONLY))
    assert new_by_area(result, "flex", 2024) == {"WK000101": 44, "WK000102": 44}
    assert result.unmet == {"flex": {2024: 12}}
    rows = {r.wijk: (r.capacity, r.load, r.use) for r in result.draagkracht if r.municipality == "GM0001"}
    assert rows == {"WK000101": (22.0, 22.0, 1.0), "WK000102": (22.0, 22.0, 1.0)}

    # switched off: all 100 placed
    free = solve(tiny_region(), quiet(years=[2024], demand={"flex": {2024: 100}}, hosting=ASTAD_ONLY,
                                      draagkracht={"enabled": False}))
    assert free.unmet == {"flex": {2024: 0}}
    assert sum(new_by_area(free, "flex", 2024).values()) == 100
    assert result.objective["unmet"] - free.objective["unmet"] == 12


def test_three_more_weighted_places_in_a_noord_place_six_more():
    # A-Noord set to 25: 50 + 44 = 94 placed, 6 unmet instead of 12.
    result = solve(tiny_region(), quiet(years=[2024], demand={"flex": {2024: 100}}, hosting=ASTAD_ONLY,
                                        draagkracht={"overrides": {"WK000101": 25}}))
    assert new_by_area(result, "flex", 2024) == {"WK000101": 50, "WK000102": 44}
    assert result.objective["unmet"] == 6


def test_existing_located_places_use_capacity():
    # 20 flexwoningen already stand in A-Noord (load 10 of 22): 24 new fit there, 44 in A-Zuid.
    # With 100 needed: 20 existing + 68 new = 88 places, 12 unmet, as without the existing ones.
    region = tiny_region(capacity=[{"municipality": "GM0001", "type": "flex", "places": 20, "wijk": "WK000101"}])
    result = solve(region, quiet(years=[2024], demand={"flex": {2024: 100}}, hosting=ASTAD_ONLY))
    assert new_by_area(result, "flex", 2024) == {"WK000101": 24, "WK000102": 44}
    assert result.unmet == {"flex": {2024: 12}}
    loads = {r.wijk: r.load for r in result.draagkracht if r.municipality == "GM0001"}
    assert loads == {"WK000101": 22.0, "WK000102": 22.0}


def test_a_wijk_overloaded_today_is_diagnosed_as_draagkracht():
    # 60 flexwoningen stand in A-Noord today: load 30 against capacity 22. The rule (existing + new <= 22)
    # cannot hold; the smallest relaxation is that wijk's draagkracht, by 30 - 22 = 8 weighted places.
    region = tiny_region(capacity=[{"municipality": "GM0001", "type": "flex", "places": 60, "wijk": "WK000101"}])
    result = solve_scenario(region, quiet(years=[2024], demand={"flex": {2024: 60}}, hosting=ASTAD_ONLY))
    assert result.status == "infeasible"
    assert [(r.amount, r.unit) for r in result.diagnosis.relaxations] == [(8.0, "weighted places")]
