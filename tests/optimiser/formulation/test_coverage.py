"""coverage: places + unmet >= demand for every type and year; unmet demand is the first objective."""

from __future__ import annotations

from optimiser.formulation import build
from tests.factories import tiny_region
from tests.optimiser.formulation.support import places, quiet, solve, stage_values


def test_unmet_is_demand_minus_places_once_capacity_runs_out():
    # flexwoningen, demand 12, 20, 30, at most 10 in each municipality: 6/6, then 10/10 twice.
    # Unmet: 12 - 12 = 0, 20 - 20 = 0, 30 - 20 = 10; the first objective is their sum, 10.
    scenario = quiet(demand={"flex": {2024: 12, 2025: 20, 2026: 30}},
                     caps={"GM0001": {"flex": 10}, "GM0002": {"flex": 10}})
    result = solve(tiny_region(), scenario)
    assert [sum(places(result, "flex", t).values()) for t in (2024, 2025, 2026)] == [12, 20, 20]
    assert result.unmet == {"flex": {2024: 0, 2025: 0, 2026: 10}}
    assert result.objective["unmet"] == 10
    for t, demand in scenario.demand["flex"].items():
        assert sum(places(result, "flex", t).values()) + result.unmet["flex"][t] == demand

    # with room for 15 in each, everything is placed
    roomier = solve(tiny_region(), quiet(demand={"flex": {2024: 12, 2025: 20, 2026: 30}},
                                         caps={"GM0001": {"flex": 15}, "GM0002": {"flex": 15}}))
    assert roomier.objective["unmet"] == 0
    assert result.objective["unmet"] - roomier.objective["unmet"] == 10


def test_unmet_demand_comes_before_fair_share():
    # demand 20 (targets 10/10), Bdorp capped at 4. Placing everyone means Astad 16, Bdorp 4:
    # deviations 6 + 6 = 12. Leaving 6 unmet (Astad 10, Bdorp 4) would deviate only 0 + 6 = 6.
    region = tiny_region()
    scenario = quiet(years=[2024], demand={"flex": {2024: 20}}, caps={"GM0002": {"flex": 4}})
    result = solve(region, scenario)
    assert places(result, "flex", 2024) == {"GM0001": 16, "GM0002": 4}
    assert result.objective["unmet"] == 0
    assert result.objective["max_deviation"] == 6
    assert result.objective["total_deviation"] == 12

    # the same model optimised without the unmet stage: 6 places of total deviation less, 6 unmet
    model = build(region, scenario)
    values = stage_values(model, terms=("max_deviation", "total_deviation"))
    assert values == {"max_deviation": 6, "total_deviation": 6}
    placed = {m: round(model.x[m, "flex", 2024].value()) for m in ("GM0001", "GM0002")}
    assert placed == {"GM0001": 10, "GM0002": 4}  # 20 - 14 = 6 unmet
    assert result.objective["total_deviation"] - values["total_deviation"] == 6
