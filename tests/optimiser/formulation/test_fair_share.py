"""fair_share: each municipality's places per type close to its integer target, the largest-remainder
apportionment of the demand by the key (largest deviation, then total deviation); optionally a hard band
|places - exact quota| <= tolerance."""

from __future__ import annotations

from tests.factories import tiny_region
from tests.optimiser.formulation.support import kept, places, quiet, solve


def test_places_follow_the_largest_remainder_targets():
    # demand 11 by a 70/30 key: quotas 7.7 and 3.3, floors 7 + 3 = 10, the one place left goes to the
    # larger remainder (0.7): targets 8 and 3, met exactly.
    scenario = quiet(years=[2024], demand={"flex": {2024: 11}}, key_shares={"GM0001": 0.7, "GM0002": 0.3})
    result = solve(tiny_region(), scenario)
    assert places(result, "flex", 2024) == {"GM0001": 8, "GM0002": 3}
    rows = {r.municipality: (r.places, r.quota, r.target, r.gap) for r in result.fair_share}
    assert rows == {"GM0001": (8, 7.7, 8, 0.3), "GM0002": (3, 3.3, 3, -0.3)}
    assert result.objective["max_deviation"] == 0
    assert result.objective["total_deviation"] == 0


def test_fair_share_costs_24_closures_and_a_site():
    # 48 BW places in Astad, demand 48, key 50/50 (transitions and draagkracht off). Fair share moves 24
    # to Bdorp: 24 Astad places close and one 24-place site opens, disruption 24 + 1 = 25 x 10^6.
    # Without fair share Astad keeps all 48: disruption 0. The cost (48 places x 50,000) is the same.
    region = tiny_region()
    common = {"years": [2024], "demand": {"bw": {2024: 48}}, "transitions": {"enabled": False},
              "draagkracht": {"enabled": False}}
    fair = solve(region, quiet(**common))
    assert places(fair, "bw", 2024) == {"GM0001": 24, "GM0002": 24}
    assert fair.objective["max_deviation"] == 0
    assert fair.objective["cost"] == 2_400_000
    assert fair.objective["disruption"] == 25_000_000

    free = solve(region, quiet(fair_share={"enabled": False}, **common))
    assert places(free, "bw", 2024) == {"GM0001": 48}
    assert kept(free, "bw", 2024) == {"GM0001": 48}
    assert "max_deviation" not in free.objective
    assert free.objective["cost"] == 2_400_000
    assert free.objective["disruption"] == 0
    assert fair.objective["disruption"] - free.objective["disruption"] == 25_000_000


def test_tolerance_band_leaves_places_unmet_when_demand_falls():
    # flexwoningen, demand 10 then 4 (quotas 5/5, then 2/2). Opened places never close, so the 2025 band
    # |places - 2| <= 2 caps each municipality at 4 in 2024 too: 8 placed, 2 unmet in 2024 (the 2024 band,
    # 3..7, holds). Deviations: 2024 1 + 1, 2025 2 + 2: largest 2.
    region = tiny_region()
    demand = {"flex": {2024: 10, 2025: 4}}
    banded = solve(region, quiet(years=[2024, 2025], demand=demand, fair_share={"tolerance": 2}))
    assert places(banded, "flex", 2024) == {"GM0001": 4, "GM0002": 4}
    assert banded.unmet == {"flex": {2024: 2, 2025: 0}}
    assert banded.objective["max_deviation"] == 2
    assert banded.objective["total_deviation"] == 6

    # without the band all 10 are placed and stay: 5/5 in both years, deviation 3 + 3 in 2025
    free = solve(region, quiet(years=[2024, 2025], demand=demand))
    assert free.unmet == {"flex": {2024: 0, 2025: 0}}
    assert free.objective["max_deviation"] == 3
    assert banded.objective["unmet"] - free.objective["unmet"] == 2

    # a band of 3 allows 5 in 2025 (2 + 3): nothing unmet
    loose = solve(region, quiet(years=[2024, 2025], demand=demand, fair_share={"tolerance": 3}))
    assert loose.objective["unmet"] == 0
    assert places(loose, "flex", 2025) == {"GM0001": 5, "GM0002": 5}
