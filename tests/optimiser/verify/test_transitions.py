"""Transitions: no closing before opening, at most so many closures a year, no cut where places are
kept, and precedence between types."""

from __future__ import annotations

from tests.factories import tiny_region, tiny_scenario
from tests.optimiser.verify.cases import caught, set_row, solve


def test_closing_before_opening_is_caught(tiny):
    # Astad may close its 22 places only in 2025, once Bdorp's site (opened in 2024) stands
    def close_in_2024(r):
        set_row(r, "GM0001", None, "bw", 2024, places=26)

    assert caught("transitions", *tiny, close_in_2024) == [
        "bw 2024: 22 places closed, but only 0 opened before and demand fell by 0",
    ]


def test_too_many_closures_in_a_year_are_caught():
    region = tiny_region()
    scenario = tiny_scenario(transitions={"max_shift_per_year": {"bw": 10}, "no_close_before_open": False})
    result = solve(region, scenario)
    # at most 10 a year: Astad goes 48 -> 38 -> 28 -> 26
    assert [a.places for a in result.allocation if a.municipality == "GM0001" and a.type == "bw"] == [38, 28, 26]

    def close_12_in_2026(r):
        set_row(r, "GM0001", None, "bw", 2026, places=16)

    assert caught("transitions", region, scenario, result, close_12_in_2026) == [
        "bw 2026: 12 places close in one year, at most 10 may",
    ]


def test_a_cut_in_kept_places_is_caught():
    region = tiny_region()
    scenario = tiny_scenario(transitions={"keep_current": ["bw"]})
    result = solve(region, scenario)
    assert [a.places for a in result.allocation if a.municipality == "GM0001" and a.type == "bw"] == [48, 48, 48]

    def cut_one(r):
        set_row(r, "GM0001", None, "bw", 2026, places=47)

    # nothing opens (a Bdorp site would stand empty next to Astad's 48), so the cut also closes a place
    # before any replacement opened
    assert caught("transitions", region, scenario, result, cut_one) == [
        "bw 2026: 1 places closed, but only 0 opened before and demand fell by 0",
        "bw in Astad (GM0001), 2026: 1 of today's places cut",
    ]


def test_closing_before_the_first_types_reach_their_target_is_caught():
    region = tiny_region()
    scenario = tiny_scenario(demand={"bw": {2024: 48, 2025: 48, 2026: 48}, "flex": {2024: 10, 2025: 10, 2026: 10}},
                             transitions={"precedence": [{"first": ["flex"], "then": "bw"}]})
    result = solve(region, scenario)
    # the 10 flexwoningen stand in 2024 (their demand from 2024: none stands empty), so BW may shrink from 2025
    assert sum(a.places for a in result.allocation if a.type == "flex" and a.year == 2024) == 10
    assert [a.places for a in result.allocation if a.municipality == "GM0001" and a.type == "bw"] == [48, 26, 26]

    def fewer_flex_in_2024(r):
        for m, w in (("GM0001", "WK000102"), ("GM0002", "WK000202")):
            set_row(r, m, w, "flex", 2024, places=4, new_places=4)

    assert caught("transitions", region, scenario, result, fewer_flex_in_2024) == [
        "bw 2025: 22 places closed while flex held 8 in 2024, below their target 10",
    ]
