"""hosting: only the municipalities allowed to host a type get new places of it; caps per municipality
and type bound its places."""

from __future__ import annotations

from tests.factories import tiny_region
from tests.optimiser.formulation.support import kept, new_by_area, places, quiet, solve


def test_cap_of_8_in_bdorp_costs_12_places_of_deviation():
    # 40 flexwoningen, targets 20/20, Bdorp capped at 8: Astad takes 32 so nothing is unmet,
    # deviation 12 each.
    region = tiny_region()
    capped = solve(region, quiet(years=[2024], demand={"flex": {2024: 40}}, caps={"GM0002": {"flex": 8}}))
    assert places(capped, "flex", 2024) == {"GM0001": 32, "GM0002": 8}
    assert capped.objective["unmet"] == 0
    assert capped.objective["max_deviation"] == 12
    assert capped.objective["total_deviation"] == 24

    free = solve(region, quiet(years=[2024], demand={"flex": {2024: 40}}))
    assert places(free, "flex", 2024) == {"GM0001": 20, "GM0002": 20}
    assert capped.objective["max_deviation"] - free.objective["max_deviation"] == 12

    # a cap of 14: deviation 6
    loose = solve(region, quiet(years=[2024], demand={"flex": {2024: 40}}, caps={"GM0002": {"flex": 14}}))
    assert places(loose, "flex", 2024) == {"GM0001": 26, "GM0002": 14}
    assert loose.objective["max_deviation"] == 6


def test_non_host_gets_no_new_places():
    # flexwoningen hosted by Bdorp only: all 10 there; the key is taken over the hosts, so no deviation
    result = solve(tiny_region(), quiet(years=[2024], demand={"flex": {2024: 10}}, hosting={"flex": ["GM0002"]}))
    assert places(result, "flex", 2024) == {"GM0002": 10}
    assert all(area.startswith("WK0002") for area in new_by_area(result, "flex", 2024))
    assert result.objective["max_deviation"] == 0


def test_hosting_bw_in_bdorp_only_costs_24_closures_and_a_site():
    # 48 BW places in Astad today, demand 48 (transitions, draagkracht off). With Bdorp the only host its
    # target is 48: two sites of 24, and Astad's 48 close (they cost money and count for no target):
    # disruption 48 + 2 = 50 x 10^6. With both hosting, 24/24: 24 closures and one site, 25 x 10^6.
    region = tiny_region()
    common = {"years": [2024], "demand": {"bw": {2024: 48}}, "transitions": {"enabled": False},
              "draagkracht": {"enabled": False}}
    bdorp = solve(region, quiet(hosting={"bw": ["GM0002"]}, **common))
    assert places(bdorp, "bw", 2024) == {"GM0002": 48}
    assert kept(bdorp, "bw", 2024) == {}
    assert new_by_area(bdorp, "bw", 2024) == {"WK000201": 24, "WK000202": 24}
    assert bdorp.objective["disruption"] == 50_000_000

    both = solve(region, quiet(**common))
    assert places(both, "bw", 2024) == {"GM0001": 24, "GM0002": 24}
    assert both.objective["disruption"] == 25_000_000
    assert bdorp.objective["cost"] == both.objective["cost"] == 48 * 50_000
    assert bdorp.objective["disruption"] - both.objective["disruption"] == 25_000_000
