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


def test_at_most_8_closing_a_year_costs_16_places_of_deviation():
    # Astad closes 8 a year: 40, 32, 24 (deviations 16, 8, 0); Bdorp holds 24 from 2024.
    region = tiny_region()
    slow = solve(region, quiet(**bw(no_close_before_open=False, max_shift_per_year={"bw": 8})))
    assert astad(slow) == [40, 32, 24]
    assert slow.objective["max_deviation"] == 16
    assert slow.objective["total_deviation"] == 24

    # 12 a year: 36, 24, 24
    faster = solve(region, quiet(**bw(no_close_before_open=False, max_shift_per_year={"bw": 12})))
    assert astad(faster) == [36, 24, 24]
    assert faster.objective["max_deviation"] == 12
    assert slow.objective["max_deviation"] - faster.objective["max_deviation"] == 4

    free = solve(region, quiet(**bw(no_close_before_open=False)))
    assert slow.objective["max_deviation"] - free.objective["max_deviation"] == 16


def test_keep_current_costs_24_places_of_deviation_every_year():
    # no cut in BW: Astad keeps 48 every year (deviation 24 in each of 3 years), Bdorp opens 24 anyway
    region = tiny_region()
    kept = solve(region, quiet(**bw(no_close_before_open=False, keep_current=["bw"])))
    assert astad(kept) == [48, 48, 48]
    assert [places(kept, "bw", t)["GM0002"] for t in YEARS] == [24, 24, 24]
    assert kept.objective["max_deviation"] == 24
    assert kept.objective["total_deviation"] == 72
    assert kept.objective["disruption"] == 1_000_000  # the Bdorp site; nothing closes

    free = solve(region, quiet(**bw(no_close_before_open=False)))
    assert kept.objective["total_deviation"] - free.objective["total_deviation"] == 72


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
