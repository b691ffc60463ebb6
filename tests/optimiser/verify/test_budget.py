"""Budget: each year's cost within the money available, payment caps, and the reported costs."""

from __future__ import annotations

import pytest

from tests.factories import tiny_region, tiny_scenario
from tests.optimiser.verify.cases import caught, set_row, solve


@pytest.fixture(scope="module")
def funded():
    """2.5 M of BW grant plus 1.05 M extra in 2024, shared 50/50; Bdorp pays at most 1.78 M a year.
    2024 costs 70 BW places x 50 000 = 3.5 M, of which Bdorp pays 1.75 M."""
    region = tiny_region()
    scenario = tiny_scenario(budget={"enabled": True, "payment_key": "objectief", "extra": {2024: 1_050_000},
                                     "municipality_caps": {"GM0002": 1_780_000}})
    result = solve(region, scenario)
    assert result.budget_years[2024].cost == 3_500_000
    assert result.objective["cost"] == 7_900_000
    return region, scenario, result


def two_more_places(r):
    # 24 places on Bdorp's site: 2 x 50 000 more every year; the reported costs follow
    for t in (2024, 2025, 2026):
        set_row(r, "GM0002", "WK000201", "bw", t, places=24, new_places=24)
        r.budget_years[t].cost += 100_000
    r.objective["cost"] += 300_000


def wrong_objective(r):
    r.objective["cost"] = 7_800_000


def wrong_year_cost(r):
    r.budget_years[2025].cost = 2_000_000


CASES = {
    "over budget and over the cap": (two_more_places, [
        "budget 2024: cost 3,600,000 above available 3,550,000",
        "payment cap Bdorp (GM0002), 2024: pays 1,800,000 (share 0.5000 of 3,600,000), above its cap 1,780,000",
    ]),
    "cost objective": (wrong_objective, ["objective cost is 7,800,000, but the allocation gives 7,900,000"]),
    "year's cost": (wrong_year_cost, ["budget 2025: reported cost 2,000,000, the allocation costs 2,240,000"]),
}


@pytest.mark.parametrize("case", CASES)
def test_money_breaches_are_caught(funded, case):
    edit, expected = CASES[case]
    assert caught("budget", *funded, edit) == expected


def test_the_cap_follows_the_ingroeipad():
    # from all-Astad (historical) to 50/50 in 2 steps from 2024: Bdorp pays 25 % in 2024, 50 % after
    region = tiny_region(keys={
        "objectief": {"label": "test key", "shares": {"GM0001": 0.5, "GM0002": 0.5}},
        "historisch": {"label": "history", "shares": {"GM0001": 1.0, "GM0002": 0.0}},
    })
    scenario = tiny_scenario(budget={"enabled": True, "payment_key": "objectief", "historical_key": "historisch",
                                     "ingroeipad_years": 2, "extra": {2024: 1_100_000},
                                     "municipality_caps": {"GM0002": 1_130_000}})
    result = solve(region, scenario)
    assert [result.budget_years[t].cost for t in (2024, 2025, 2026)] == [3_500_000, 2_240_000, 2_160_000]

    def dearer_2025(r):
        set_row(r, "GM0001", None, "bw", 2025, places=27)  # 2.29 M, half of it above 1.13 M

    # 2024 passes only with Bdorp's 25 % (half of 3.5 M would be above its cap)
    assert caught("budget", region, scenario, result, dearer_2025) == [
        "objective cost is 7,900,000, but the allocation gives 7,950,000",
        "budget 2025: reported cost 2,240,000, the allocation costs 2,290,000",
        "payment cap Bdorp (GM0002), 2025: pays 1,145,000 (share 0.5000 of 2,290,000), above its cap 1,130,000",
    ]
