"""Core: rows name the scenario's municipalities, wijken, types and years; places are today's kept plus
new; new places never decrease and closed places never reopen."""

from __future__ import annotations

import pytest

from tests.optimiser.verify.cases import add_row, caught, move, set_row


def fewer_new_in_2026(r):
    set_row(r, "GM0001", "WK000102", "flex", 2026, places=1, new_places=1)


def bw_site_in_a_wijk_of_astad(r):
    move(r, "GM0002", "WK000201", "bw", "GM0002", "WK000102")


def more_kept_than_today(r):
    set_row(r, "GM0001", None, "bw", 2024, places=50)


def closed_places_reopen(r):
    set_row(r, "GM0001", None, "bw", 2026, places=30)


def new_places_without_wijk(r):
    move(r, "GM0002", "WK000202", "flex", "GM0002", None)


def more_new_than_places(r):
    for t in (2024, 2025, 2026):
        set_row(r, "GM0002", "WK000201", "bw", t, new_places=23)


def unknown_year_and_type(r):
    add_row(r, "GM0001", None, "bw", 2030, places=0)
    add_row(r, "GM0001", None, "nachtopvang", 2024, places=0)


def negative_figure(r):
    set_row(r, "GM0001", "WK000102", "flex", 2025, sites=-1)


CASES = {
    "new places decrease": (fewer_new_in_2026, [
        "flex in Astad (GM0001), 2026: new places fall from 2 to 1",
        "flex in A-Zuid (WK000102), 2026: new places fall from 2 to 1",
    ]),
    "wijk outside its municipality": (bw_site_in_a_wijk_of_astad, [
        f"row GM0002 WK000102 bw {t}: wijk WK000102 is not in GM0002" for t in (2024, 2025, 2026)
    ]),
    "more kept than today": (more_kept_than_today, [
        "bw in Astad (GM0001), 2024: 50 of today's places kept, but only 48 exist",
    ]),
    "closed places reopen": (closed_places_reopen, [
        "bw in Astad (GM0001), 2026: closed places reopen (kept 26 in 2025, 30 in 2026)",
    ]),
    "new places outside the wijken": (new_places_without_wijk, [
        "row GM0002 - flex 2025: 2 new places without a wijk, though Bdorp (GM0002) has wijken",
        "row GM0002 - flex 2026: 5 new places without a wijk, though Bdorp (GM0002) has wijken",
    ]),
    "more new than places": (more_new_than_places, [
        f"row GM0002 WK000201 bw {t}: 23 new places but only 22 places" for t in (2024, 2025, 2026)
    ]),
    "unknown year and type": (unknown_year_and_type, [
        "row GM0001 - bw 2030: 2030 is not a year of the scenario",
        "row GM0001 - nachtopvang 2024: nachtopvang is not a type of the scenario",
    ]),
    "negative figure": (negative_figure, [
        "row GM0001 WK000102 flex 2025: negative figure (places 2, new 2, sites -1)",
    ]),
}


@pytest.mark.parametrize("case", CASES)
def test_broken_rows_are_caught(tiny, case):
    edit, expected = CASES[case]
    assert caught("core", *tiny, edit) == expected
