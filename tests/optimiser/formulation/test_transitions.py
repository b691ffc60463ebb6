"""transitions: no closing before opening, a most per year that may close, no cut in places (keep
current), and precedence (one type shrinks only after others reached their target)."""

from __future__ import annotations

from typing import Any

from tests.factories import tiny_region
from tests.optimiser.formulation.support import places, quiet, solve

# 48 BW places in Astad today, demand 48 in 2024-2026, key 50/50: targets 24/24 every year.
# Draagkracht is off so one Bdorp site can hold 24.
YEARS = (2024, 2025, 2026)


def bw(**transitions: Any) -> dict[str, Any]:
    return {"demand": {"bw": {t: 48 for t in YEARS}}, "draagkracht": {"enabled": False},
            "transitions": transitions}


def astad(result, years=YEARS) -> list[int]:
    return [places(result, "bw", t).get("GM0001", 0) for t in years]


def test_no_closing_before_opening_costs_24_places_of_deviation():
    # 2024: nothing opened before, demand does not fall, so nothing closes: Astad 48 (deviation 24) while
    # Bdorp opens its 24. 2025: up to the 24 opened in 2024 may close: Astad 24.
    region = tiny_region()
    held = solve(region, quiet(**bw()))
    assert astad(held) == [48, 24, 24]
    assert [places(held, "bw", t)["GM0002"] for t in YEARS] == [24, 24, 24]
    assert held.objective["max_deviation"] == 24
    assert held.objective["total_deviation"] == 24

    free = solve(region, quiet(**bw(enabled=False)))
    assert astad(free) == [24, 24, 24]
    assert free.objective["max_deviation"] == 0
    assert held.objective["max_deviation"] - free.objective["max_deviation"] == 24
    # the rule alone: switching just it off gives the same as switching the family off
    assert solve(region, quiet(**bw(no_close_before_open=False))).objective["max_deviation"] == 0


def test_a_closing_pace_paces_the_opening_elsewhere():
    # 12 may close a year: Bdorp's site of 24 opens in 2024 while Astad closes 12 (36), the other 12 close
    # in 2025. The 12 places above demand in 2024 close the year after: accepted, no unexplained surplus.
    region = tiny_region()
    faster = solve(region, quiet(**bw(no_close_before_open=False, max_shift_per_year={"bw": 12})))
    assert astad(faster) == [36, 24, 24]
    assert [places(faster, "bw", t)["GM0002"] for t in YEARS] == [24, 24, 24]
    assert faster.objective["surplus"] == 0
    assert faster.objective["max_deviation"] == 12
    assert faster.objective["total_deviation"] == 12
    assert [(s.year, s.surplus, s.causes) for s in faster.surplus] == [(2024, 12, {"not_yet_closable": 12})]

    # 8 a year: a site holds at least 20, so opening it would leave 8 places empty for a second year
    # (Astad 40, 32 next to Bdorp's 20+): nothing moves, Astad keeps 48 (deviation 24 in each of 3 years)
    slow = solve(region, quiet(**bw(no_close_before_open=False, max_shift_per_year={"bw": 8})))
    assert astad(slow) == [48, 48, 48]
    assert slow.surplus == []
    assert slow.objective["max_deviation"] == 24
    assert slow.objective["total_deviation"] == 144
    assert slow.objective["max_deviation"] - faster.objective["max_deviation"] == 12

    free = solve(region, quiet(**bw(no_close_before_open=False)))
    assert faster.objective["max_deviation"] - free.objective["max_deviation"] == 12


def test_keep_current_keeps_every_place_and_opens_none_above_demand():
    # no cut in BW: Astad keeps 48 every year for a demand of 48, so a Bdorp site would stand empty:
    # Bdorp opens nothing (deviation 24 + 24 in each of 3 years)
    region = tiny_region()
    kept = solve(region, quiet(**bw(no_close_before_open=False, keep_current=["bw"])))
    assert astad(kept) == [48, 48, 48]
    assert places(kept, "bw", 2024).get("GM0002", 0) == 0
    assert kept.surplus == []
    assert kept.objective["max_deviation"] == 24
    assert kept.objective["total_deviation"] == 144
    assert kept.objective["disruption"] == 0

    free = solve(region, quiet(**bw(no_close_before_open=False)))
    assert kept.objective["total_deviation"] - free.objective["total_deviation"] == 144


def test_precedence_holds_bw_until_flex_is_in_place():
    # BW may shrink only once the flexwoningen (none today) reached 10, in an earlier year: not in 2024,
    # in 2025 because 10 were placed in 2024. Astad 48 then 24: one year of deviation 24.
    region = tiny_region()
    common = {"years": [2024, 2025], "demand": {"bw": {2024: 48, 2025: 48}, "flex": {2024: 10, 2025: 10}},
              "draagkracht": {"enabled": False}}
    ordered = solve(region, quiet(transitions={"no_close_before_open": False,
                                               "precedence": [{"first": ["flex"], "then": "bw"}]}, **common))
    assert astad(ordered, (2024, 2025)) == [48, 24]
    assert sum(places(ordered, "flex", 2024).values()) == 10
    assert ordered.objective["max_deviation"] == 24
    assert ordered.objective["total_deviation"] == 24

    free = solve(region, quiet(transitions={"no_close_before_open": False}, **common))
    assert astad(free, (2024, 2025)) == [24, 24]
    assert ordered.objective["max_deviation"] - free.objective["max_deviation"] == 24
