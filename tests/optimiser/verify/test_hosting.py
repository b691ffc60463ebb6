"""Hosting: new places only where a type may be hosted, places within the scenario's caps."""

from __future__ import annotations

import pytest

from tests.factories import tiny_region, tiny_scenario
from tests.optimiser.verify.cases import caught, move, set_row, solve


@pytest.fixture(scope="module")
def hosted():
    """Flexwoningen only in Astad, at most 26 BW places there: Astad 26 + 10 flex in A-Zuid, Bdorp 22 BW."""
    region = tiny_region()
    scenario = tiny_scenario(hosting={"flex": ["GM0001"]}, caps={"GM0001": {"bw": 26}},
                             transitions={"enabled": False})
    return region, scenario, solve(region, scenario)


def flex_in_bdorp(r):
    move(r, "GM0001", "WK000102", "flex", "GM0002", "WK000202", years=[2026])


def above_the_cap(r):
    set_row(r, "GM0001", None, "bw", 2025, places=27)


CASES = {
    "not a host": (flex_in_bdorp, ["flex 2026: 10 new places in Bdorp (GM0002), which may not host it"]),
    "above the cap": (above_the_cap, ["bw in Astad (GM0001), 2025: 27 places above the cap of 26"]),
}


@pytest.mark.parametrize("case", CASES)
def test_hosting_breaches_are_caught(hosted, case):
    edit, expected = CASES[case]
    assert caught("hosting", *hosted, edit) == expected


def test_the_types_own_hosts_apply_without_a_scenario_list():
    region = tiny_region(provision_types=[
        {"code": "bw", "label": "Beschermd wonen", "domain": "bw", "site_min": 20, "site_max": 24},
        {"code": "flex", "label": "Flexwoning", "domain": "wonen", "allowed_municipalities": ["GM0002"]},
    ])
    scenario = tiny_scenario()
    result = solve(region, scenario)
    assert sum(a.new_places for a in result.allocation if a.type == "flex" and a.year == 2026) == 10

    def flex_in_astad(r):
        move(r, "GM0002", "WK000202", "flex", "GM0001", "WK000102", years=[2026])

    found = caught("hosting", region, scenario, result, flex_in_astad)
    assert len(found) == 1 and found[0].startswith("flex 2026:") and "in Astad (GM0001), which may not" in found[0]


FLEX_GROWS = {"bw": {2024: 48, 2025: 48, 2026: 48}, "flex": {2024: 10, 2025: 10, 2026: 40}}


def bump(r, municipality, type_, year, by):
    """``by`` more places (all new) on the first row of a municipality, type and year."""
    first = next(a for a in r.allocation if (a.municipality, a.type, a.year) == (municipality, type_, year)
                 and a.new_places)
    first.places += by
    first.new_places += by


def test_a_cap_from_a_year_is_checked_from_that_year():
    # Bdorp at most 8 flexwoningen from 2026: 5 in 2024 and 2025, 8 in 2026
    region = tiny_region()
    scenario = tiny_scenario(demand=FLEX_GROWS, caps={"GM0002": {"flex": {2026: 8}}})
    result = solve(region, scenario)
    assert caught("hosting", region, scenario, result, lambda r: bump(r, "GM0002", "flex", 2026, 1)) == [
        "flex in Bdorp (GM0002), 2026: 9 places above the cap of 8"]
    # 9 in 2025, before the cap holds: no hosting finding
    assert caught("hosting", region, scenario, result, lambda r: bump(r, "GM0002", "flex", 2025, 4)) == []


def test_opening_before_hosting_starts_is_caught():
    # flexwoningen in Astad only, from 2026 in Bdorp too: Astad's 10 of 2025 moved to Bdorp opened too early
    region = tiny_region()
    scenario = tiny_scenario(demand=FLEX_GROWS, hosting={"flex": {2024: ["GM0001"], 2026: ["GM0001", "GM0002"]}})
    result = solve(region, scenario)

    def astad_2025_in_bdorp(r):
        for a in r.allocation:
            if (a.municipality, a.type, a.year) == ("GM0001", "flex", 2025):
                a.municipality, a.wijk = "GM0002", "WK000201"

    assert caught("hosting", region, scenario, result, astad_2025_in_bdorp) == [
        "flex 2025: 10 new places opened in Bdorp (GM0002), which may not host it that year"]
