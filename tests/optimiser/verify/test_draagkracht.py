"""Draagkracht: a wijk receiving new places carries at most its capacity in every year."""

from __future__ import annotations

from tests.factories import tiny_region
from tests.optimiser.verify.cases import caught, move


def test_flexwoningen_next_to_a_full_site_are_caught(tiny):
    # B-Oost's capacity is floor(4 x 10 000 / 1 000 x 0.55) = 22, filled by the BW site; flexwoningen
    # weigh 0.5, so moving B-West's 2 (2025) and 5 (2026) there loads it with 23 and 24.5
    def flex_into_b_oost(r):
        move(r, "GM0002", "WK000202", "flex", "GM0002", "WK000201")
        r.draagkracht = []  # no reported loads to compare: only the rule itself

    assert caught("draagkracht", *tiny, flex_into_b_oost) == [
        "draagkracht B-Oost (WK000201), 2025: load 23 above capacity 22",
        "draagkracht B-Oost (WK000201), 2026: load 24.5 above capacity 22",
    ]


def test_existing_load_counts(tiny):
    # 10 BW places today located in A-Zuid load it with 10: its 5 flexwoningen (2.5) fit, 25 would not
    _region, scenario, solved = tiny
    # the reported loads left out: they were worked out without the located places
    result = solved.model_copy(deep=True, update={"draagkracht": []})
    located = tiny_region(capacity=[
        {"municipality": "GM0001", "type": "bw", "places": 38},
        {"municipality": "GM0001", "type": "bw", "places": 10, "wijk": "WK000102"},
    ])

    def many_flex(r):
        for a in r.allocation:
            if (a.wijk, a.type, a.year) == ("WK000102", "flex", 2026):
                a.places = a.new_places = 25

    assert caught("draagkracht", located, scenario, result, many_flex) == [
        "draagkracht A-Zuid (WK000102), 2026: load 22.5 above capacity 22",
    ]


def test_reported_loads_must_match_the_allocation(tiny):
    def understated(r):
        for row in r.draagkracht:
            if (row.wijk, row.year) == ("WK000201", 2026):
                row.load = 20.0

    assert caught("draagkracht", *tiny, understated) == [
        "draagkracht row WK000201 2026 reports load 20 of 22, the allocation gives 22 of 22",
    ]
