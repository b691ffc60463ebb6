"""``regio apportion`` prints the model's own fair-share targets: on every seed region and every year of its
scenario, the ``--json`` cells equal the targets of the solved result (``FairShareRow.target``)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cli import app
from data import load_region, load_scenario
from optimiser.solving import solve_scenario

runner = CliRunner()
SEEDS = ["dwo", "mvs", "maastricht-heuvelland", "midden-ijssel"]


@pytest.mark.parametrize("code", SEEDS)
def test_apportion_equals_the_solved_targets(code):
    region = load_region(code)
    scenario = load_scenario(region)
    scenario = scenario.model_copy(update={"solver": scenario.solver.model_copy(update={"explain": False})})
    result = solve_scenario(region, scenario)
    assert result.status == "optimal"
    solved = {(row.municipality, row.type, row.year): row.target for row in result.fair_share}
    for year in scenario.years:
        cli = runner.invoke(app, ["apportion", code, "--year", str(year), "--all-types", "--json"])
        assert cli.exit_code == 0, cli.output
        out = json.loads(cli.output)
        assert out["method"] == "fixed-margins" and out["model_targets"] is True
        printed = {(m, p, year): v for p, cells in out["cells"].items() for m, v in cells.items()}
        assert set(out["cells"]) == set(scenario.demand)
        assert printed == {k: v for k, v in solved.items() if k[2] == year and k in printed}
        # every host row of the result is printed; what is not printed is a non-host with target 0
        assert all(v == 0 for k, v in solved.items() if k[2] == year and k not in printed)
        for p, total in out["row_totals"].items():
            assert total == scenario.demand[p][year]
            assert sum(out["cells"][p].values()) == total
        assert out["check"]["rows_and_columns_add_up"] is True


def test_dwo_prints_the_230_clients_by_default():
    # apportion_types [bt, bt_plus, bw, bw_plus] chooses the BW/BT table; the totals of the spread table
    for year in (2023, 2026):
        out = json.loads(runner.invoke(app, ["apportion", "dwo", "--year", str(year), "--json"]).output)
        assert [t["types"] for t in out["tables"]] == [["bt", "bt_plus", "bw", "bw_plus"]]
        assert out["column_totals"] == {"GM0503": 111, "GM1783": 76, "GM1926": 30, "GM1842": 13}
        assert out["grand_total"] == 230


def test_method_names_and_text():
    divisor = runner.invoke(app, ["apportion", "dwo", "--method", "divisor"])
    assert divisor.exit_code == 0, divisor.output
    assert "biproportionele delermethode" in divisor.output
    assert "niet de doelen van het model" in divisor.output
    default = runner.invoke(app, ["apportion", "dwo"])
    assert "methode fixed-margins; de eerlijke aandelen waar het model naar stuurt" in default.output
    assert "230" in default.output
    bad = runner.invoke(app, ["apportion", "dwo", "--method", "fancy"])
    assert bad.exit_code == 2
    assert "onbekende methode 'fancy'" in bad.output and "Traceback" not in bad.output
