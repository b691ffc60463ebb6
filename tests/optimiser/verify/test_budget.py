"""Budget: each year's cost within the money available, payment caps, the reported costs, and money that
adds up to the cent (payments to the cost, balances to the transfers)."""

from __future__ import annotations

import pytest

from models import Transfer
from tests.factories import tiny_region, tiny_scenario
from tests.optimiser.verify.cases import caught, rebook, set_row, solve

FUNDED = tiny_scenario(budget={"enabled": True, "payment_key": "objectief", "extra": {2024: 1_050_000},
                                "municipality_caps": {"GM0002": 1_780_000}})


@pytest.fixture(scope="module")
def funded():
    """2.5 M of BW grant plus 1.05 M extra in 2024, shared 50/50; Bdorp pays at most 1.78 M a year.
    2024 costs 70 BW places x 50 000 = 3.5 M, of which Bdorp pays 1.75 M."""
    region, scenario = tiny_region(), FUNDED
    result = solve(region, scenario)
    assert result.budget_years[2024].cost == 3_500_000
    assert result.objective["cost"] == 8_300_000
    return region, scenario, result


def two_more_places(r):
    # 24 places on Bdorp's site: 2 x 50 000 more every year; the reported costs follow
    for t in (2024, 2025, 2026):
        set_row(r, "GM0002", "WK000201", "bw", t, places=24, new_places=24)
        r.budget_years[t].cost += 100_000
        r.budget_years[t].running_cost += 100_000
    r.objective["cost"] += 300_000
    rebook(tiny_region(), FUNDED, r)


def wrong_objective(r):
    r.objective["cost"] = 8_200_000


def wrong_year_cost(r):
    r.budget_years[2025].cost = 2_000_000


def money(r, m, t):
    (found,) = [b for b in r.budget if (b.municipality, b.year) == (m, t)]
    return found


def transfer(r, t):
    (found,) = [tr for tr in r.transfers if tr.year == t]
    return found


def payments_short(r):
    # the sum of payments 133.67 short of the cost, as a key of 99.99 % left it
    money(r, "GM0001", 2024).pays = 1_749_866.33
    money(r, "GM0001", 2024).transfer = -650_133.67


def transfer_list_off(r):
    transfer(r, 2024).amount = 649_889.38


def transfer_column_off(r):
    money(r, "GM0002", 2025).transfer = 100_000.01


def negative_transfer(r):
    # a pair that leaves the balances as they are, one of them negative
    r.transfers += [Transfer(year=2026, payer="GM0001", recipient="GM0002", amount=-5),
                    Transfer(year=2026, payer="GM0001", recipient="GM0002", amount=5)]


def pays_off_its_share(r):
    # the total holds, but 50/50 of 2,400,000 is 1,200,000 each, not a cent either way
    for m, pays, balance in (("GM0001", 1_200_000.01, -99_999.99), ("GM0002", 1_199_999.99, 99_999.99)):
        money(r, m, 2025).pays, money(r, m, 2025).transfer = pays, balance
    transfer(r, 2025).amount = 99_999.99


def grant_shares_off(r):
    money(r, "GM0001", 2026).grant_share = 1_250_000.01


def hosted_costs_swapped(r):
    # 20,000 of Astad's cost booked on Bdorp: the totals hold, the balances and transfers follow
    for m, hosted, balance in (("GM0001", 1_280_000, -80_000), ("GM0002", 1_120_000, 80_000)):
        money(r, m, 2025).hosted_cost, money(r, m, 2025).transfer = hosted, balance
    transfer(r, 2025).amount = 80_000


def row_missing(r):
    r.budget.remove(money(r, "GM0002", 2026))


CASES = {
    "payments short of the cost": (payments_short, [
        "money 2024: payments sum to 3,499,866.33, the year costs 3,500,000.00",
        "money 2024, Astad (GM0001): pays 1,749,866.33 and hosts 2,400,000.00 (balance -650,133.67), "
        "but its transfers net -650,000.00",
    ]),
    "transfer list": (transfer_list_off, [
        "money 2024, Astad (GM0001): pays 1,750,000.00 and hosts 2,400,000.00 (balance -650,000.00), "
        "but its transfers net -649,889.38",
        "money 2024, Bdorp (GM0002): pays 1,750,000.00 and hosts 1,100,000.00 (balance 650,000.00), "
        "but its transfers net 649,889.38",
    ]),
    "transfer column": (transfer_column_off, [
        "money 2025, Bdorp (GM0002): transfer 100,000.01, but it pays 1,200,000.00 and hosts 1,100,000.00",
    ]),
    "negative transfer": (negative_transfer, ["transfer 2026 Astad (GM0001) -> Bdorp (GM0002): negative amount -5.00"]),
    "payment off its share": (pays_off_its_share, [
        "money 2025, Astad (GM0001): pays 1,200,000.01, a cent or more from its share 50.0000% of 2,400,000.00",
        "money 2025, Bdorp (GM0002): pays 1,199,999.99, a cent or more from its share 50.0000% of 2,400,000.00",
    ]),
    "grant shares": (grant_shares_off, ["money 2026: grant shares sum to 2,500,000.01, the grants are 2,500,000.00"]),
    "hosted costs": (hosted_costs_swapped, [
        "money 2025, Astad (GM0001): reported hosted cost 1,280,000.00, its places cost 1,300,000.00",
        "money 2025, Bdorp (GM0002): reported hosted cost 1,120,000.00, its places cost 1,100,000.00",
    ]),
    "a municipality's row missing": (row_missing, [
        "money 2026: rows for GM0001, not one for each of GM0001, GM0002",
        "money 2026: payments sum to 1,200,000.00, the year costs 2,400,000.00",
        "money 2026: grant shares sum to 1,250,000.00, the grants are 2,500,000.00",
    ]),
    "over budget and over the cap": (two_more_places, [
        "budget 2024: cost 3,600,000 above available 3,550,000",
        "payment cap Bdorp (GM0002), 2024: pays 1,800,000 (share 0.5000 of 3,600,000), above its cap 1,780,000",
    ]),
    "cost objective": (wrong_objective, ["objective cost is 8,200,000, but the allocation gives 8,300,000"]),
    "year's cost": (wrong_year_cost, ["budget 2025: reported cost 2,000,000, the allocation costs 2,400,000"]),
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
                                     "municipality_caps": {"GM0002": 1_210_000}})
    result = solve(region, scenario)
    assert [result.budget_years[t].cost for t in (2024, 2025, 2026)] == [3_500_000, 2_400_000, 2_400_000]

    def dearer_2025(r):
        set_row(r, "GM0001", None, "bw", 2025, places=27)  # 2.45 M, half of it above 1.21 M
        rebook(region, scenario, r)

    # 2024 passes only with Bdorp's 25 % (half of 3.5 M would be above its cap)
    assert caught("budget", region, scenario, result, dearer_2025) == [
        "objective cost is 8,300,000, but the allocation gives 8,350,000",
        "budget 2025: reported cost 2,400,000, the allocation costs 2,450,000",
        "payment cap Bdorp (GM0002), 2025: pays 1,225,000 (share 0.5000 of 2,450,000), above its cap 1,210,000",
    ]


# 1,000,000 handed out 50/50 in 2024 and paid out by thirds: Astad pays out 333,333.33 and receives 500,000
# (balance -1,400,000), Bdorp pays out 666,666.67 and receives 500,000 (balance 1,400,000)
THIRDS = {"objectief": {"label": "test key", "shares": {"GM0001": 0.5, "GM0002": 0.5}},
          "derden": {"label": "thirds", "shares": {"GM0001": 1 / 3, "GM0002": 2 / 3}}}
HANDED_OUT = tiny_scenario(budget={"enabled": False, "payment_key": "derden", "distributions": [
    {"label": "lokaal beleid", "key": "objectief", "amounts": {2024: 1_000_000}}]})


@pytest.fixture(scope="module")
def handed_out():
    region = tiny_region(keys=THIRDS)
    return region, HANDED_OUT, solve(region, HANDED_OUT)


def rebalance(r, astad: float) -> None:
    """Astad's 2024 transfer set to ``astad`` and Bdorp's to its opposite, the transfer list to match."""
    money(r, "GM0001", 2024).transfer, money(r, "GM0002", 2024).transfer = astad, -astad
    transfer(r, 2024).amount = -astad


def part_not_in_the_sum(r):
    r.distributions[0].shares["GM0001"] = 500_000.01


def parts_off_the_key(r):
    r.distributions[0].shares = {"GM0001": 500_000.01, "GM0002": 499_999.99}
    money(r, "GM0001", 2024).receives, money(r, "GM0002", 2024).receives = 500_000.01, 499_999.99
    rebalance(r, -1_400_000.01)


def paid_out_off_the_key(r):
    money(r, "GM0001", 2024).pays_out, money(r, "GM0002", 2024).pays_out = 333_333.35, 666_666.65
    rebalance(r, -1_399_999.98)


def handed_out_figure(r):
    r.budget_years[2024].distributed = 900_000


def received_twice(r):
    # Bdorp's part booked on Astad too: Astad's balance follows, Bdorp's transfers no longer match
    money(r, "GM0001", 2024).receives = 1_000_000
    money(r, "GM0001", 2024).transfer = -1_900_000


HANDED_OUT_CASES = {
    "a part outside the sum": (part_not_in_the_sum, [
        "lokaal beleid 2024: the parts sum to 1,000,000.01, not 1,000,000.00"]),
    "parts off the key": (parts_off_the_key, [
        "lokaal beleid 2024, Astad (GM0001): receives 500,000.01, a cent or more from its share 50.0000% of "
        "1,000,000.00 by key objectief",
        "lokaal beleid 2024, Bdorp (GM0002): receives 499,999.99, a cent or more from its share 50.0000% of "
        "1,000,000.00 by key objectief",
    ]),
    "paid out off the key": (paid_out_off_the_key, [
        "money 2024, Astad (GM0001): pays out 333,333.35, a cent or more from its share 33.3333% of 1,000,000.00",
        "money 2024, Bdorp (GM0002): pays out 666,666.65, a cent or more from its share 66.6667% of 1,000,000.00",
    ]),
    "money handed out": (handed_out_figure, [
        "budget 2024: reported 900,000.00 handed out, the scenario's distributions hand out 1,000,000.00"]),
    "received twice": (received_twice, [
        "money 2024, Astad (GM0001): receives 1,000,000.00, the distributions give it 500,000.00",
        "money 2024, Astad (GM0001): pays 1,500,000.00 and hosts 2,400,000.00 and receives 1,000,000.00 "
        "(balance -1,900,000.00), but its transfers net -1,400,000.00",
    ]),
}


@pytest.mark.parametrize("case", HANDED_OUT_CASES)
def test_money_handed_out_breaches_are_caught(handed_out, case):
    edit, expected = HANDED_OUT_CASES[case]
    assert caught("budget", *handed_out, edit) == expected
