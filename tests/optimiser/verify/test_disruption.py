"""Disruption: the reported objective is what the allocation closes, the sites it stands up, and the
largest draagkracht use of a wijk that may receive new places."""

from __future__ import annotations

import pytest

from optimiser.verify import disruption, read
from tests.optimiser.verify.cases import add_row, caught, set_row


def test_the_count_of_the_known_optimum(tiny):
    # 22 BW places closed in Astad and one site in B-Oost: 23 x 10^6; B-Oost is full (22 of 22: 1000 permille)
    reading = read(*tiny)
    assert disruption.largest_use(reading) == 1000
    assert disruption.count(reading) == 23_100_000
    assert tiny[2].objective["disruption"] == 23_100_000


def one_more_closed(r):
    set_row(r, "GM0001", None, "bw", 2026, places=25)


def flex_on_the_site(r):
    # half a place more on a full wijk: 22.5 / 22 = 1022.7 permille, rounded up
    add_row(r, "GM0002", "WK000201", "flex", 2026, places=1, new_places=1)


def term_missing(r):
    del r.objective["disruption"]


CASES = {
    "a closure not counted": (one_more_closed, ["objective disruption is 23,100,000, but the allocation gives "
                                               "24,100,000"]),
    "a fuller wijk not counted": (flex_on_the_site, ["objective disruption is 23,100,000, but the allocation gives "
                                                    "23,102,300"]),
    "no term reported": (term_missing, []),
}


@pytest.mark.parametrize("case", CASES)
def test_a_disruption_that_does_not_add_up_is_caught(tiny, case):
    edit, expected = CASES[case]
    assert caught("disruption", *tiny, edit) == expected


def test_after_a_time_limit_the_count_may_only_be_lower(tiny):
    region, scenario, result = tiny
    lower = result.model_copy(deep=True, update={"status": "time_limit"})
    lower.objective["disruption"] = 23_200_000
    assert disruption.check(read(region, scenario, lower)) == []
    lower.objective["disruption"] = 23_000_000
    assert disruption.check(read(region, scenario, lower)) == [
        "objective disruption is 23,000,000, but the allocation gives 23,100,000"]

