"""Coverage: places + unmet reach the demand, and the unmet objective is the unmet total."""

from __future__ import annotations

import pytest

from tests.optimiser.verify.cases import caught, set_row


def two_places_short(r):
    set_row(r, "GM0001", None, "bw", 2026, places=24)


def two_places_short_reported_unmet(r):
    set_row(r, "GM0001", None, "bw", 2026, places=24)
    r.unmet["bw"][2026] = 2


def negative_unmet(r):
    r.unmet["flex"][2024] = -1


def unmet_missing(r):
    del r.unmet["flex"][2025]


CASES = {
    "demand not covered": (two_places_short, ["bw 2026: places 46 + unmet 0 < demand 48"]),
    "unmet reported, objective not": (two_places_short_reported_unmet, [
        "objective unmet is 0, but the allocation gives 2",
    ]),
    "negative unmet": (negative_unmet, [
        "flex 2024: unmet demand -1 outside 0..0",
        "flex 2024: places 0 + unmet -1 < demand 0",
        "objective unmet is 0, but the allocation gives -1",
    ]),
    "unmet missing": (unmet_missing, ["flex 2025: no unmet demand reported"]),
}


@pytest.mark.parametrize("case", CASES)
def test_uncovered_demand_is_caught(tiny, case):
    edit, expected = CASES[case]
    assert caught("coverage", *tiny, edit) == expected
