"""budget: per year, the cost of the places (50,000 a BW place-year here; capital cost of new units less the
co-financing used against it, never below 0) must fit the grants for the scenario's domains plus extra
money minus fixed costs and the money handed out to the municipalities; what a municipality pays under
the payment key may be capped."""

from __future__ import annotations

from typing import Any

from models import Region, Scenario
from tests.factories import tiny_region
from tests.optimiser.formulation.support import places, quiet, solve

# no BW places today, sizes free (sites off), draagkracht off; the BW grant is 2,500,000 (stated for 2024,
# the same in later years): 50 places a year.


def common(years: list[int], demand: int, **budget: Any) -> dict[str, Any]:
    return {"years": years, "demand": {"bw": {t: demand for t in years}}, "sites": {"enabled": False},
            "draagkracht": {"enabled": False}, "budget": {"enabled": True, **budget}}


def test_the_2024_budget_leaves_2_places_unmet():
    region = tiny_region(capacity=[])
    tight = solve(region, quiet(**common([2024], 52)))
    assert tight.unmet == {"bw": {2024: 2}}
    assert tight.budget_years[2024].cost == 2_500_000
    assert tight.budget_years[2024].available == 2_500_000
    assert tight.budget_years[2024].headroom == 0
    assert places(tight, "bw", 2024) == {"GM0001": 25, "GM0002": 25}

    free = solve(region, quiet(**{**common([2024], 52), "budget": {"enabled": False}}))
    assert free.unmet == {"bw": {2024: 0}}
    assert free.budget_years[2024].cost == 2_600_000
    assert tight.objective["unmet"] - free.objective["unmet"] == 2

    # 100,000 extra pays for the 2 places; 200,000 of fixed costs takes 4 more
    assert solve(region, quiet(**common([2024], 52, extra={2024: 100_000}))).objective["unmet"] == 0
    fixed = solve(region, quiet(**common([2024], 52, fixed_costs={2024: 200_000})))
    assert fixed.unmet == {"bw": {2024: 6}}
    assert fixed.budget_years[2024].available == 2_300_000


def test_money_handed_out_is_not_there_for_places():
    # 300,000 of the grant handed out by the key in 2024 leaves 2,200,000: 44 places, 8 unmet of 52
    scenario = quiet(**common([2024], 52, payment_key="objectief", distributions=[
        {"label": "lokaal beleid", "key": "objectief", "amounts": {2024: 300_000}}]))
    result = solve(tiny_region(capacity=[]), scenario)
    assert result.unmet == {"bw": {2024: 8}}
    money = result.budget_years[2024]
    assert (money.cost, money.distributed, money.available, money.headroom) == (2_200_000, 300_000, 2_200_000, 0)


def test_a_tight_later_year_holds_earlier_years_too():
    # 150,000 of fixed costs in 2025 leave 2,350,000: 47 places. New places never close, so 2024 can
    # hold no more than 47 either: 5 unmet in each year, 10 in all, against 2 + 2 = 4 without them.
    region = tiny_region(capacity=[])
    tight = solve(region, quiet(**common([2024, 2025], 52, fixed_costs={2025: 150_000})))
    assert tight.unmet == {"bw": {2024: 5, 2025: 5}}
    assert tight.budget_years[2024].headroom == 150_000
    assert tight.budget_years[2025].headroom == 0
    plain = solve(region, quiet(**common([2024, 2025], 52)))
    assert plain.unmet == {"bw": {2024: 2, 2025: 2}}
    assert tight.objective["unmet"] - plain.objective["unmet"] == 6


def test_payment_cap_of_bdorp_leaves_6_more_unmet():
    # Bdorp pays half of the regional cost (payment key 50/50) and at most 1,100,000: the cost stays
    # within 2,200,000, 44 places, 8 unmet against 2 under the budget alone.
    region = tiny_region(capacity=[])
    capped = solve(region, quiet(**common([2024], 52, payment_key="objectief",
                                          municipality_caps={"GM0002": 1_100_000})))
    assert capped.unmet == {"bw": {2024: 8}}
    pays = {r.municipality: r.pays for r in capped.budget}
    assert pays == {"GM0001": 1_100_000, "GM0002": 1_100_000}
    uncapped = solve(region, quiet(**common([2024], 52, payment_key="objectief")))
    assert uncapped.unmet == {"bw": {2024: 2}}
    assert capped.objective["unmet"] - uncapped.objective["unmet"] == 6


def flex_region(capex: float) -> Region:
    """The tiny region without BW places today; a flexwoning has ``capex`` of capital cost and 40,000 of
    co-financing."""
    region = tiny_region(capacity=[])
    flex = region.provision_type("flex")
    flex.capex_per_unit = capex
    return region


def flex_scenario() -> Scenario:
    # 62 BW places and 10 flexwoningen in 2024, against the BW grant of 2,500,000
    return quiet(years=[2024], demand={"bw": {2024: 62}, "flex": {2024: 10}}, sites={"enabled": False},
                 draagkracht={"enabled": False}, budget={"enabled": True})


def test_surplus_flexwoningen_do_not_pay_for_bw_places():
    # Co-financing (40,000 a flexwoning) covers a flexwoning's capital cost, here 0, and nothing else: it
    # is no income. The 2,500,000 pays for 50 BW places, so 12 stay unmet, and no flexwoning is opened
    # beyond the 10 needed to earn co-financing for BW places.
    result = solve(flex_region(0), flex_scenario())
    assert sum(places(result, "flex", 2024).values()) == 10
    assert result.unmet == {"bw": {2024: 12}, "flex": {2024: 0}}
    money = result.budget_years[2024]
    assert (money.cost, money.running_cost, money.capital_cost, money.cofinancing) == (2_500_000, 2_500_000, 0, 0)
    assert money.cofinancing_unused == 400_000


def test_cofinancing_lowers_the_capital_cost_to_zero_at_most():
    # capital cost 30,000 a flexwoning: the co-financing covers all of it (300,000 for 10), the 100,000 left
    # over pays for nothing, so the BW places are as without flexwoningen: 50, 12 unmet
    covered = solve(flex_region(30_000), flex_scenario())
    assert covered.unmet == {"bw": {2024: 12}, "flex": {2024: 0}}
    money = covered.budget_years[2024]
    assert (money.capital_cost, money.cofinancing, money.cofinancing_unused) == (300_000, 300_000, 100_000)
    # capital cost 50,000: 10,000 a flexwoning after co-financing, 100,000 for 10, so 2 BW places fewer
    dear = solve(flex_region(50_000), flex_scenario())
    assert sum(places(dear, "flex", 2024).values()) == 10
    assert dear.unmet == {"bw": {2024: 14}, "flex": {2024: 0}}
    money = dear.budget_years[2024]
    assert (money.cost, money.running_cost, money.capital_cost, money.cofinancing) == (
        2_500_000, 2_400_000, 500_000, 400_000)
