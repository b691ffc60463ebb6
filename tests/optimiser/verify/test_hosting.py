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
