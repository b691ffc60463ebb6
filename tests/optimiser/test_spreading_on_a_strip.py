"""Spreading on a hand-made strip of three square wijken (1 km each) where the answers are known."""

from __future__ import annotations

from optimiser import geography as geo
from optimiser.solving import solve_scenario
from tests.factories import STRIP, X0, Y0, strip_region, tiny_scenario

CODES = STRIP


def new_by_wijk(result, type_code):
    last = max(a.year for a in result.allocation)
    return {a.wijk: a.new_places for a in result.allocation if a.year == last and a.type == type_code and a.new_places}


def test_geometry_adjacency_and_distances():
    region = strip_region()
    assert geo.adjacency(region) == {"WK000101": {"WK000102"}, "WK000102": {"WK000101", "WK000103"},
                                     "WK000103": {"WK000102"}}
    pairs = geo.distance_pairs(region, 1500)
    assert [(a, b, round(dist)) for a, b, dist in pairs] == [("WK000101", "WK000102", 1000),
                                                            ("WK000102", "WK000103", 1000)]


def test_min_distance_puts_two_sites_in_the_outer_wijken():
    region = strip_region()
    scenario = tiny_scenario(
        demand={"bw": {2024: 40, 2025: 40, 2026: 40}},
        spreading={"mode": "min_distance", "min_distance_m": 1500},
        draagkracht={"enabled": False},
        solver={"explain": False},
    )
    result = solve_scenario(region, scenario)
    assert result.status == "optimal"
    assert new_by_wijk(result, "bw") == {"WK000101": 20, "WK000103": 20}


def test_min_distance_too_wide_is_diagnosed():
    region = strip_region()
    scenario = tiny_scenario(
        hosting={"bw": ["GM0001"]},
        demand={"bw": {2024: 40, 2025: 40, 2026: 40}},
        spreading={"mode": "min_distance", "min_distance_m": 2500},
        draagkracht={"enabled": False},
        fair_share={"tolerance": 0},
        solver={"explain": False},
    )
    result = solve_scenario(region, scenario)
    # two 20-place sites need two wijken 2.5 km apart, but the strip's ends are 2 km apart, and the band
    # of 0 places leaves no room for placing fewer in Astad: one rule group must give
    assert result.status == "infeasible"
    assert len(result.diagnosis.relaxations) == 1
    assert result.diagnosis.relaxations[0].group in ("min_distance(bw)", "fair_share(GM0001)")


def test_neighbour_cap_binds_in_the_middle():
    region = strip_region()
    # 30 flexwoningen, at most 12 in any wijk together with its neighbours: the middle wijk's window holds
    # all three wijken, so only 12 can be placed and 18 remain unmet. Without the middle wijk's cap the ends
    # could take 12 each (their own windows), so relaxing it places 12 more in every year.
    scenario = tiny_scenario(
        demand={"flex": {2024: 30, 2025: 30, 2026: 30}},
        spreading={"mode": "neighbour_cap", "neighbour_cap": 12},
        draagkracht={"enabled": False},
        hosting={"flex": ["GM0001"]},
    )
    result = solve_scenario(region, scenario)
    assert result.status == "optimal"
    assert result.unmet["flex"][2026] == 18
    assert sum(new_by_wijk(result, "flex").values()) == 12
    gains = {b.group: {g.term: g.amount for g in b.gains} for b in result.binding}
    assert gains["neighbour_cap(WK000102)"]["unmet"] == 36  # 12 more placed in each of the 3 years


def test_candidate_site_restricts_placement_to_its_wijk():
    region = strip_region()
    # a point in the middle square, given in lon/lat
    from pyproj import Transformer

    lon, lat = Transformer.from_crs(28992, 4326, always_xy=True).transform(X0 + 1500, Y0 + 500)
    scenario = tiny_scenario(
        demand={"flex": {2024: 5, 2025: 5, 2026: 5}},
        candidate_sites=[{"name": "Stationsweg 1", "lon": lon, "lat": lat, "types": ["flex"], "max_places": 5}],
        draagkracht={"enabled": False},
        solver={"explain": False},
    )
    assert geo.match_sites(region, scenario.candidate_sites) == ["WK000102"]
    result = solve_scenario(region, scenario)
    assert new_by_wijk(result, "flex") == {"WK000102": 5}

