"""The result describes itself: its years, labels, typed stages and budget years, and a stable JSON form."""

from __future__ import annotations

import json

import pytest

from models import BudgetYear, Result, Stage, Status
from models.i18n import Words
from optimiser.report.compare import kpis
from optimiser.report.files import summary
from optimiser.report.terminal import render
from optimiser.solving import solve_scenario
from tests.factories import tiny_region, tiny_scenario


@pytest.fixture(scope="module")
def no_fair_share() -> Result:
    scenario = tiny_scenario(fair_share={"enabled": False}, budget={"enabled": True}, solver={"explain": False})
    return solve_scenario(tiny_region(), scenario)


def test_years_known_with_fair_share_off(no_fair_share: Result) -> None:
    result = no_fair_share
    assert result.status is Status.optimal
    assert result.fair_share == []
    assert result.years == [2024, 2025, 2026]
    assert result.last_year == 2026
    assert result.labels == {"bw": "Beschermd wonen", "flex": "Flexwoning"}
    assert result.names["GM0002"] == "Bdorp"
    # every presenter reads the same last year: the 48 BW places stay in Astad, the new places are flexwoningen
    assert [(a.municipality, a.places) for a in result.allocation if a.year == 2026 and a.type == "bw"] == [
        ("GM0001", 48)
    ]
    new_2026 = sum(a.new_places for a in result.allocation if a.year == 2026)
    assert new_2026 >= 10
    assert kpis(result)["new_places"] == new_2026
    report = render(result, tiny_region(), Words("en"))
    assert "Places per municipality: today, each year, and the fair share at the end" in report
    assert "New places by wijk (cumulative to 2026)" in report
    figures = summary(result)
    assert figures["years"] == [2024, 2025, 2026]
    assert figures["fair_share_gap_last_year"] == {}


def test_budget_years_are_typed(no_fair_share: Result) -> None:
    money = no_fair_share.budget_years
    assert sorted(money) == [2024, 2025, 2026]
    assert all(isinstance(b, BudgetYear) for b in money.values())
    # 48 BW places at 50,000 in 2024 against a 2.5 M grant
    assert money[2024].cost == 2_400_000
    assert money[2024].grants == 2_500_000
    assert money[2024].headroom == 100_000
    assert money[2024].available == 2_500_000
    assert kpis(no_fair_share)["cost"] == sum(b.cost for b in money.values())


def test_stages_are_typed_records(no_fair_share: Result) -> None:
    stages = no_fair_share.stages
    assert all(isinstance(s, Stage) and isinstance(s.status, Status) for s in stages)
    # without fair share the deviation stages are skipped; the coarse model's stages (each municipality's wijken
    # together) and the layout of its plan come first; the canonical tie-break's steps follow the terms
    terms = ["unmet", "surplus", "cost", "disruption"]
    assert [s.name for s in stages] == [*(f"municipal({t})" for t in terms), "located", *terms,
                                        "canonical(municipalities)", "canonical(wijken)", "canonical(sites)"]
    assert [s.status for s in stages] == [Status.optimal] * 12
    assert all(s.gap == 0.0 for s in stages[5:])
    cost = stages[7]
    assert cost.objective == cost.bound == no_fair_share.objective["cost"] and cost.gap == 0.0
    assert stages[5].objective == no_fair_share.objective["unmet"] == 0
    # the coarse optima bound the model's: here they meet
    assert [s.objective for s in stages[:3]] == [s.objective for s in stages[5:8]]


def test_json_round_trip(no_fair_share: Result) -> None:
    result = solve_scenario(tiny_region(), tiny_scenario())
    assert result.binding and result.fair_share
    for r in (result, no_fair_share):
        text = r.model_dump_json()
        assert Result.model_validate_json(text) == r
        doc = json.loads(text)
        assert doc["status"] == "optimal"
        assert doc["last_year"] == 2026
        assert doc["stages"][0]["status"] == "optimal"
        assert set(doc["budget_years"].get("2024", {})) <= set(BudgetYear.model_fields)


def test_infeasible_result_is_typed() -> None:
    # 48 places at 50,000 against 2.5 M of grant minus 0.3 M fixed costs, and no place may close
    scenario = tiny_scenario(years=[2024], demand={"bw": {2024: 48}},
                             budget={"enabled": True, "fixed_costs": {2024: 300_000}},
                             transitions={"keep_current": ["bw"]})
    result = solve_scenario(tiny_region(), scenario)
    assert result.status is Status.infeasible
    assert result.stages[-1].status is Status.infeasible
    assert result.years == [2024] and result.last_year == 2024
    assert result.labels["bw"] == "Beschermd wonen"
    assert result.allocation == [] and result.diagnosis is not None
    assert Result.model_validate_json(result.model_dump_json()) == result


def test_results_stored_before_the_typed_form_still_load() -> None:
    stored = {
        "region": "tiny", "scenario": "test", "status": "time_limit", "solver": "highs", "solver_version": "x",
        "gap": 0.01, "wall_time": 1.5,
        "stages": [{"stage": "unmet", "status": "optimal", "objective": 0.0, "gap": 0.0, "seconds": 0.1}],
        "allocation": [{"municipality": "GM0001", "type": "bw", "year": 2025, "places": 48}],
        "budget_years": {"2026": {"cost": 1.0, "grants": 2.0, "extra": 0.0, "fixed_costs": 0.0,
                                  "available": 2.0, "headroom": 1.0}},
        "unmet": {"bw": {"2024": 0, "2025": 0}},
    }
    result = Result.model_validate(stored)
    assert result.status is Status.time_limit and not Status.error.solved and result.status.solved
    assert result.stages == [Stage(name="unmet", status=Status.optimal, objective=0.0, gap=0.0, seconds=0.1)]
    assert result.years == [2024, 2025, 2026] and result.last_year == 2026
    assert result.budget_years[2026].headroom == 1.0
