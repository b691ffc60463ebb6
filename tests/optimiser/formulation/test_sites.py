"""sites: new places of a clustered type come in whole sites of site_min..site_max places, at most
max_sites_per_wijk sites per wijk."""

from __future__ import annotations

from tests.factories import tiny_region
from tests.optimiser.formulation.support import new_by_area, places, quiet, site_count, solve


def test_sites_of_20_to_24_cost_five_places_of_deviation():
    # 30 BW places, none today, targets 15/15. A municipality can hold 0, 20..24 or 40..48 places, so
    # the fairest full cover is 20 + 20: deviation 5 each, and 10 places more than needed.
    region = tiny_region(capacity=[])
    common = {"years": [2024], "demand": {"bw": {2024: 30}}, "draagkracht": {"enabled": False}}
    sited = solve(region, quiet(**common))
    assert places(sited, "bw", 2024) == {"GM0001": 20, "GM0002": 20}
    assert site_count(sited, "bw", 2024) == 2
    assert sited.objective["unmet"] == 0
    assert sited.objective["max_deviation"] == 5
    assert sited.objective["total_deviation"] == 10
    assert sited.objective["cost"] == 40 * 50_000

    # without sites: 15/15 exactly
    free = solve(region, quiet(sites={"enabled": False}, **common))
    assert places(free, "bw", 2024) == {"GM0001": 15, "GM0002": 15}
    assert free.objective["max_deviation"] == 0
    assert free.objective["cost"] == 30 * 50_000
    assert sited.objective["max_deviation"] - free.objective["max_deviation"] == 5
    assert sited.objective["cost"] - free.objective["cost"] == 500_000


def test_one_site_per_wijk_leaves_42_unmet():
    # 90 BW places, Bdorp only, two wijken: one site of at most 24 per wijk holds 48; 42 unmet.
    region = tiny_region(capacity=[])
    common = {"years": [2024], "demand": {"bw": {2024: 90}}, "hosting": {"bw": ["GM0002"]},
              "draagkracht": {"enabled": False}}
    one = solve(region, quiet(**common))
    assert new_by_area(one, "bw", 2024) == {"WK000201": 24, "WK000202": 24}
    assert site_count(one, "bw", 2024) == 2
    assert one.unmet == {"bw": {2024: 42}}

    # two sites per wijk: four sites of 20..24 hold 90
    two = solve(region, quiet(sites={"max_sites_per_wijk": 2}, **common))
    assert two.unmet == {"bw": {2024: 0}}
    assert places(two, "bw", 2024) == {"GM0002": 90}
    assert site_count(two, "bw", 2024) == 4
    assert one.objective["unmet"] - two.objective["unmet"] == 42
