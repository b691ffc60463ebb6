"""Sites: new places of a clustered type fit whole sites of 20-24 places, at most one per wijk, and
sites never close."""

from __future__ import annotations

import pytest

from tests.factories import tiny_region
from tests.optimiser.verify.cases import caught, findings, set_row


def site_dropped_in_2026(r):
    set_row(r, "GM0002", "WK000201", "bw", 2026, sites=0)


def site_overfull(r):
    set_row(r, "GM0002", "WK000201", "bw", 2026, places=25, new_places=25)


def two_sites_in_a_wijk(r):
    set_row(r, "GM0002", "WK000201", "bw", 2026, places=44, new_places=44, sites=2)


def sites_for_flexwoningen(r):
    set_row(r, "GM0001", "WK000102", "flex", 2026, sites=1)


CASES = {
    "site dropped": (site_dropped_in_2026, [
        "bw in B-Oost (WK000201), 2026: 22 new places do not fit 0 site(s) of 20-24",
        "bw in B-Oost (WK000201), 2026: sites fall from 1 to 0",
    ]),
    "site overfull": (site_overfull, ["bw in B-Oost (WK000201), 2026: 25 new places do not fit 1 site(s) of 20-24"]),
    "two sites in a wijk": (two_sites_in_a_wijk, ["bw in B-Oost (WK000201), 2026: 2 sites, at most 1 allowed"]),
    "sites of a dispersed type": (sites_for_flexwoningen, [
        "flex: sites reported for a type that does not come in sites",
    ]),
}


@pytest.mark.parametrize("case", CASES)
def test_site_breaches_are_caught(tiny, case):
    edit, expected = CASES[case]
    assert caught("sites", *tiny, edit) == expected


def test_a_site_in_a_wijk_without_room_for_it_is_caught(tiny):
    # with 3 of today's BW places located in B-Oost, its room is 22 - 3 = 19: no site of 20 fits there
    _region, scenario, result = tiny
    located = tiny_region(capacity=[
        {"municipality": "GM0001", "type": "bw", "places": 45},
        {"municipality": "GM0001", "type": "bw", "places": 3, "wijk": "WK000201"},
    ])
    assert findings("sites", located, scenario, result) == [
        f"bw in B-Oost (WK000201), {t}: a site where the wijk has room for 19 weighted places, the smallest site "
        "needs 20" for t in (2024, 2025, 2026)
    ]
