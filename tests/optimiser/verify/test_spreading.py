"""Spreading on a strip of three 1 km squares (Vak 1-3, all in Astad): minimum distance, neighbour cap
and candidate sites, in the last year."""

from __future__ import annotations

import pytest

from tests.factories import X0, Y0, strip_region, tiny_scenario
from tests.optimiser.verify.cases import add_row, caught, lon_lat, move, set_row, solve


@pytest.fixture(scope="module")
def strip():
    return strip_region()


def test_sites_too_close_are_caught(strip):
    scenario = tiny_scenario(demand={"bw": {2024: 40, 2025: 40, 2026: 40}}, draagkracht={"enabled": False},
                             spreading={"mode": "min_distance", "min_distance_m": 1500})
    result = solve(strip, scenario)
    # two sites of 20 in the outer squares, 2 km apart
    assert {a.wijk: a.new_places for a in result.allocation if a.year == 2026} == {"WK000101": 20, "WK000103": 20}

    def middle_instead_of_east(r):
        move(r, "GM0001", "WK000103", "bw", "GM0001", "WK000102")

    assert caught("spreading", strip, scenario, result, middle_instead_of_east) == [
        "bw: new places in Vak 1 (WK000101) and Vak 2 (WK000102), 1,000 m apart (at least 1,500 m)",
    ]


def test_too_many_new_places_around_a_wijk_are_caught(strip):
    scenario = tiny_scenario(demand={"flex": {2024: 30, 2025: 30, 2026: 30}}, draagkracht={"enabled": False},
                             spreading={"mode": "neighbour_cap", "neighbour_cap": 12}, hosting={"flex": ["GM0001"]})
    result = solve(strip, scenario)
    assert result.unmet["flex"] == {2024: 18, 2025: 18, 2026: 18}

    def one_more_in_the_west(r):
        # Vak 2's window holds all three squares: 12 + 1
        add_row(r, "GM0001", "WK000101", "flex", 2026, places=1, new_places=1)
        r.unmet["flex"][2026] = 17

    assert caught("spreading", strip, scenario, result, one_more_in_the_west) == [
        "flex in and around Vak 2 (WK000102), 2026: 13 new places above the cap of 12",
    ]


@pytest.fixture(scope="module")
def candidate(strip):
    lon, lat = lon_lat(X0 + 1500, Y0 + 500)  # the middle of Vak 2
    scenario = tiny_scenario(demand={"flex": {2024: 5, 2025: 5, 2026: 5}}, draagkracht={"enabled": False},
                             candidate_sites=[{"name": "Stationsweg 1", "lon": lon, "lat": lat, "types": ["flex"],
                                               "max_places": 5}])
    result = solve(strip, scenario)
    assert {a.wijk: a.new_places for a in result.allocation if a.year == 2026} == {"WK000102": 5}
    return strip, scenario, result


def elsewhere(r):
    move(r, "GM0001", "WK000102", "flex", "GM0001", "WK000101")


def above_room(r):
    set_row(r, "GM0001", "WK000102", "flex", 2026, places=6, new_places=6)


def in_bdorp(r):
    move(r, "GM0001", "WK000102", "flex", "GM0002", None)


CASES = {
    "away from the site": (elsewhere, ["flex in Vak 1 (WK000101), 2026: 5 new places where no candidate site lies"]),
    "above the site's room": (above_room, ["flex in Vak 2 (WK000102), 2026: 6 new places above the candidate "
                                           "sites' 5"]),
    "a municipality without wijken": (in_bdorp, ["flex in Bdorp (GM0002), 2026: 5 new places where no candidate "
                                                 "site lies"]),
}


@pytest.mark.parametrize("case", CASES)
def test_places_away_from_candidate_sites_are_caught(candidate, case):
    edit, expected = CASES[case]
    assert caught("spreading", *candidate, edit) == expected
