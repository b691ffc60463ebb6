"""Surplus: every place above demand is reported, with causes that account for it."""

from __future__ import annotations

import pytest

from tests.optimiser.verify.cases import caught, set_row

# the tiny optimum: Bdorp's site of 22 opens in 2024, Astad's 22 close in 2025, so 2024 holds 70 BW places
# for 48 clients, reported as 22 not yet closable


def unreported(r):
    r.surplus.clear()


def put_down_to_keep_current(r):
    r.surplus[0].causes = {"keep_current": 22}


def partly_without_cause(r):
    r.surplus[0].causes = {"not_yet_closable": 20, "unexplained": 2}


def causes_short(r):
    r.surplus[0].causes = {"not_yet_closable": 20}


def two_flexwoningen_more(r):
    set_row(r, "GM0001", "WK000102", "flex", 2026, places=7, new_places=7)


def surplus_where_none_is(r):
    set_row(r, "GM0001", None, "bw", 2024, places=26)  # Astad closes in 2024: 48 places, none above demand


CASES = {
    "not reported": (unreported, ["bw 2024: 70 places for a demand of 48, the surplus of 22 is not reported"]),
    "a cause that cannot account for it": (put_down_to_keep_current, [
        "bw 2024: 22 places put down to keep_current, which accounts for at most 0",
    ]),
    "without a cause": (partly_without_cause, ["bw 2024: 2 places above demand without a cause"]),
    "causes fall short": (causes_short, ["bw 2024: the causes account for 20 of a surplus of 22"]),
    "empty places nobody reported": (two_flexwoningen_more, [
        "flex 2026: 12 places for a demand of 10, the surplus of 2 is not reported",
        "objective surplus is 0, but the allocation gives 2",
    ]),
    "a surplus that is not there": (surplus_where_none_is, [
        "bw 2024: a surplus of 22 reported, but 48 places hold a demand of 48",
    ]),
}


@pytest.mark.parametrize("case", CASES)
def test_surplus_breaches_are_caught(tiny, case):
    edit, expected = CASES[case]
    assert caught("surplus", *tiny, edit) == expected
