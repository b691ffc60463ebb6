"""core: the structural rows. places = today's places + new - closed; a municipality's new places of a
located type add up over its wijken; cumulative new and closed places never decrease over the years."""

from __future__ import annotations

from tests.factories import tiny_region
from tests.optimiser.formulation.support import kept, new_by_area, places, quiet, solve


def test_places_are_kept_plus_new():
    # 48 BW places in Astad today, demand 48, key 50/50: targets 24/24. With transitions and draagkracht
    # off nothing stops the shift, so Astad keeps 24 of its 48 (24 closed) and Bdorp opens one site of 24
    # in one of its wijken: Astad 48 - 24 + 0 = 24, Bdorp 0 - 0 + 24 = 24.
    region = tiny_region()
    scenario = quiet(years=[2024], demand={"bw": {2024: 48}},
                     transitions={"enabled": False}, draagkracht={"enabled": False})
    result = solve(region, scenario)
    assert kept(result, "bw", 2024) == {"GM0001": 24}
    new = new_by_area(result, "bw", 2024)
    assert sum(new.values()) == 24 and len(new) == 1 and next(iter(new)).startswith("WK0002")
    assert places(result, "bw", 2024) == {"GM0001": 24, "GM0002": 24}
    assert result.unmet == {"bw": {2024: 0}}
    # every row is either kept (no new places) or new (all its places are new)
    for a in result.allocation:
        assert a.new_places in (0, a.places)
        assert (a.wijk is None) == (a.new_places == 0)


def test_new_places_add_up_and_never_close():
    # flexwoningen, demand 10, 10, 4: 5/5 in 2024 and 2025. Opened places never close (cumulative new
    # places never fall and there are no existing flex places to close), so 2026 still holds 5/5 against
    # targets 2/2: the fall in demand costs 3 places of largest fair-share deviation (2026: 3 + 3 = 6 in all).
    region = tiny_region()
    falling = solve(region, quiet(demand={"flex": {2024: 10, 2025: 10, 2026: 4}}))
    for t in (2024, 2025, 2026):
        assert places(falling, "flex", t) == {"GM0001": 5, "GM0002": 5}
        assert sum(new_by_area(falling, "flex", t).values()) == 10
    assert falling.unmet == {"flex": {2024: 0, 2025: 0, 2026: 0}}
    assert falling.objective["max_deviation"] == 3
    assert falling.objective["total_deviation"] == 6

    # the same last year without the earlier peak: 2/2 every year, no deviation at all
    steady = solve(region, quiet(demand={"flex": {2024: 4, 2025: 4, 2026: 4}}))
    assert places(steady, "flex", 2026) == {"GM0001": 2, "GM0002": 2}
    assert steady.objective["max_deviation"] == 0
    assert falling.objective["max_deviation"] - steady.objective["max_deviation"] == 3


def test_rising_demand_opens_places_year_by_year():
    # demand 0, 4, 10: the 2025 places (2/2) stay open in 2026 and 3 more open in each municipality;
    # earlier years' new places lie inside the last year's wijk allocation.
    result = solve(tiny_region(), quiet(demand={"flex": {2024: 0, 2025: 4, 2026: 10}}))
    assert places(result, "flex", 2024) == {}
    assert places(result, "flex", 2025) == {"GM0001": 2, "GM0002": 2}
    assert places(result, "flex", 2026) == {"GM0001": 5, "GM0002": 5}
    last = new_by_area(result, "flex", 2026)
    for area, n in new_by_area(result, "flex", 2025).items():
        assert n <= last[area]
    assert result.objective["unmet"] == 0
    assert result.objective["max_deviation"] == 0
