"""spreading: new places of one type not in two wijken closer than min_distance_m; at most neighbour_cap
new places of a type in a wijk with its neighbours; candidate sites confine a type to their wijken."""

from __future__ import annotations

from pyproj import Transformer

from models import Region
from tests.factories import STRIP, X0, Y0, strip_region, tiny_region
from tests.optimiser.formulation.support import new_by_area, quiet, solve

CODES = STRIP
# Astad hosts everything (Bdorp has no wijken here); draagkracht off
BASE = {"years": [2024], "hosting": {"bw": ["GM0001"], "flex": ["GM0001"]}, "draagkracht": {"enabled": False}}


def strip() -> Region:
    # the key of the plain tiny region (50/50): Astad hosts everything through BASE's hosting
    return strip_region(keys=tiny_region().keys)


def test_min_distance_of_1500_m_leaves_12_unmet():
    # 60 BW places in sites of 20..24, one per wijk. 1,500 m apart: only the two end wijken, 24 + 24 = 48.
    apart = solve(strip(), quiet(demand={"bw": {2024: 60}}, spreading={"mode": "min_distance",
                                                                       "min_distance_m": 1500}, **BASE))
    assert new_by_area(apart, "bw", 2024) == {"WK000101": 24, "WK000103": 24}
    assert apart.unmet == {"bw": {2024: 12}}

    # no spreading, or 900 m (no pair that close): three sites, all 60 placed
    free = solve(strip(), quiet(demand={"bw": {2024: 60}}, **BASE))
    assert free.unmet == {"bw": {2024: 0}}
    assert len(new_by_area(free, "bw", 2024)) == 3
    near = solve(strip(), quiet(demand={"bw": {2024: 60}}, spreading={"mode": "min_distance",
                                                                      "min_distance_m": 900}, **BASE))
    assert near.unmet == {"bw": {2024: 0}}
    assert apart.objective["unmet"] - free.objective["unmet"] == 12


def test_neighbour_cap_of_12_leaves_18_unmet():
    # 30 flexwoningen; the middle wijk's window holds all three wijken: at most 12 in all, 18 unmet.
    capped = solve(strip(), quiet(demand={"flex": {2024: 30}}, spreading={"mode": "neighbour_cap",
                                                                          "neighbour_cap": 12}, **BASE))
    assert sum(new_by_area(capped, "flex", 2024).values()) == 12
    assert capped.unmet == {"flex": {2024: 18}}

    loose = solve(strip(), quiet(demand={"flex": {2024: 30}}, spreading={"mode": "neighbour_cap",
                                                                         "neighbour_cap": 15}, **BASE))
    assert loose.unmet == {"flex": {2024: 15}}
    free = solve(strip(), quiet(demand={"flex": {2024: 30}}, **BASE))
    assert free.unmet == {"flex": {2024: 0}}
    assert capped.objective["unmet"] - free.objective["unmet"] == 18


def test_candidate_site_for_4_leaves_6_unmet():
    # one candidate site in the middle square, for 4 flexwoningen; 10 needed: 4 there, 6 unmet
    lon, lat = Transformer.from_crs(28992, 4326, always_xy=True).transform(X0 + 1500, Y0 + 500)
    site = {"name": "Stationsweg 1", "lon": lon, "lat": lat, "types": ["flex"]}
    limited = solve(strip(), quiet(demand={"flex": {2024: 10}}, candidate_sites=[{**site, "max_places": 4}],
                                   **BASE))
    assert new_by_area(limited, "flex", 2024) == {"WK000102": 4}
    assert limited.unmet == {"flex": {2024: 6}}

    # without a size the site takes all 10; without candidate sites all 10 are placed anywhere
    open_site = solve(strip(), quiet(demand={"flex": {2024: 10}}, candidate_sites=[site], **BASE))
    assert new_by_area(open_site, "flex", 2024) == {"WK000102": 10}
    free = solve(strip(), quiet(demand={"flex": {2024: 10}}, **BASE))
    assert free.unmet == {"flex": {2024: 0}}
    assert limited.objective["unmet"] - free.objective["unmet"] == 6
