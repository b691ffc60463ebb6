"""Every seed region end to end through the CLI: optimal, and checked by the independent verifier."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cli import app
from data import list_regions, list_scenarios, load_region, load_scenario
from models import Result
from optimiser.verify import verify

runner = CliRunner()
SEEDS = ["dwo", "mvs", "maastricht-heuvelland", "midden-ijssel"]


def test_the_four_seed_regions_ship():
    assert set(SEEDS) <= set(list_regions())
    result = runner.invoke(app, ["regions"])
    assert result.exit_code == 0
    for code in SEEDS:
        assert code in result.output


@pytest.mark.parametrize("code", SEEDS)
def test_seed_scenarios_solve_and_verify(code, tmp_path):
    region = load_region(code)
    for name in list_scenarios(code):
        scenario = load_scenario(region, name)
        out = tmp_path / name
        cli = runner.invoke(app, ["solve", code, "--scenario", name, "--out", str(out), "--json"])
        assert cli.exit_code == 0, cli.output
        summary = json.loads(cli.output)
        assert summary["status"] == "optimal"
        assert summary["gap"] == 0.0
        result = Result.model_validate_json((out / "result.json").read_text())
        assert verify(region, scenario, result) == []
        # every type's places per year add up to the demand (plus any unmet and kept surplus)
        for p, per_year in scenario.demand.items():
            for t, demand in per_year.items():
                placed = sum(a.places for a in result.allocation if a.type == p and a.year == t)
                assert placed + result.unmet[p][t] >= demand


@pytest.mark.parametrize("code", SEEDS)
def test_seed_runs_are_reproducible(code):
    region = load_region(code)
    scenario = load_scenario(region)
    scenario = scenario.model_copy(update={"solver": scenario.solver.model_copy(update={"explain": False})})
    from optimiser.solving import solve_scenario

    first, second = solve_scenario(region, scenario), solve_scenario(region, scenario)
    assert first.allocation == second.allocation


@pytest.mark.parametrize("code", SEEDS)
@pytest.mark.parametrize("solver", ["cbc", "cpsat"])
def test_backends_reach_the_same_allocation_on_seed_scenarios(code, solver):
    """Not only the same objective: the canonical tie-break makes the allocation itself the same."""
    from optimiser.solving import solve_scenario

    region = load_region(code)
    for name in list_scenarios(code):
        scenario = load_scenario(region, name)
        base_opts = scenario.solver.model_copy(update={"explain": False})
        base = solve_scenario(region, scenario.model_copy(update={"solver": base_opts}))
        other_opts = scenario.solver.model_copy(update={"explain": False, "name": solver})
        other = solve_scenario(region, scenario.model_copy(update={"solver": other_opts}))
        assert other.status == "optimal"
        assert other.objective == base.objective, name
        steps = [s for s in other.stages if s.name.startswith("canonical(")]
        assert steps and all(s.status == "optimal" for s in steps), name
        assert [s.objective for s in steps] == [s.objective for s in base.stages if s.name.startswith("canonical(")]
        assert other.allocation == base.allocation, name
