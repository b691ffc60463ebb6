"""Rows, variables and rule groups are named by family and index, and ``--write-model`` writes an LP file
that another solver reads back with the same first-stage optimum."""

from __future__ import annotations

import json
import re
from pathlib import Path

import highspy
import pytest
from typer.testing import CliRunner

from cli import app
from data import load_region, load_scenario
from optimiser import write_model
from optimiser.formulation import build
from optimiser.solving import solve_scenario
from tests.factories import tiny_region, tiny_scenario

runner = CliRunner()
NAME = re.compile(r"[a-z_]+(\([A-Za-z0-9_,()]+\))?")
NUMBERED = re.compile(r"(?<![A-Za-z0-9_(,])[rhs]\d+\b")  # the old r17 / h3 / s17 names


def read_back(path: Path) -> highspy.Highs:
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    assert h.readModel(str(path)) == highspy.HighsStatus.kOk
    return h


@pytest.mark.parametrize("code", ["dwo", "mvs", "maastricht-heuvelland", "midden-ijssel"])
def test_every_name_is_a_family_and_an_index_and_unique(code: str) -> None:
    region = load_region(code)
    model = build(region, load_scenario(region))
    variables = [v.name for v in model.prob.variables()]
    rows = [c.name for c in model.prob.constraints()]
    assert len(set(variables)) == len(variables)
    assert len(set(rows)) == len(rows)
    assert [n for n in variables + rows + list(model.groups) if not NAME.fullmatch(n)] == []
    # a group of one row shares its name; a group of several rows names them group + their index
    for key, group in model.groups.items():
        names = [row.name for row in group.rows]
        assert names == [key] or all(n.startswith(key[:-1] + ",") for n in names), (key, names)
        assert [s.name for s in group.slacks] == [f"shortfall_{n}" for n in names]


def test_write_model_from_the_cli_reads_back_with_the_same_first_stage_optimum(tmp_path: Path) -> None:
    lp = tmp_path / "dwo.lp"
    out = runner.invoke(app, ["solve", "dwo", "--no-explain", "--write-model", str(lp), "--out", str(tmp_path)])
    assert out.exit_code == 0, out.output
    assert f"Model (LP-formaat) geschreven naar {lp}" in out.output.splitlines()
    text = lp.read_text(encoding="utf-8")
    for name in ("budget(2023):", "budget(2026):", "draagkracht(WK050311):", "coverage(bw,2024):",
                 "balance(GM0503,bw,2024):", "close_after_open(bw_plus,2025):", "precedence(0,2023):"):
        assert f"\n{name}" in text, name
    assert "x(GM0503,bw,2024)" in text and "shortfall_draagkracht(WK050311)" in text
    assert NUMBERED.findall(text) == []
    h = read_back(lp)
    model = build(load_region("dwo"), load_scenario(load_region("dwo")))
    assert h.getNumCol() == len(model.prob.variables())
    assert h.getNumRow() == len(model.prob.constraints())
    assert "draagkracht(WK050311)" in h.getLp().row_names_
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    result = json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))
    assert h.getInfo().objective_function_value == result["objective"]["unmet"] == 0


def test_written_model_has_the_unmet_demand_of_the_solve(tmp_path: Path) -> None:
    # Astad alone hosts BW, capped at 50 places, and a site holds at least 20: no site fits under the cap
    # next to the 48 current places, so 60 - 48 = 12 places stay unmet in each of the three years.
    region = tiny_region()
    scenario = tiny_scenario(demand={"bw": {2024: 60, 2025: 60, 2026: 60}, "flex": {2024: 0, 2025: 0, 2026: 0}},
                             hosting={"bw": ["GM0001"]}, caps={"GM0001": {"bw": 50}}, solver={"explain": False})
    assert write_model(region, scenario, tmp_path / "tiny.lp") == tmp_path / "tiny.lp"
    h = read_back(tmp_path / "tiny.lp")
    h.run()
    result = solve_scenario(region, scenario)
    assert h.getInfo().objective_function_value == result.objective["unmet"] == 36
    assert "cap(GM0001,bw,2025)" in h.getLp().row_names_


def test_write_model_to_a_bad_path_is_one_line_and_exit_2(tmp_path: Path) -> None:
    out = runner.invoke(app, ["solve", "dwo", "--no-explain", "--write-model", str(tmp_path / "no" / "m.lp")])
    assert out.exit_code == 2
    lines = [line for line in out.output.splitlines() if line.strip()]
    assert lines == [f"regio: fout: het model kan niet worden geschreven naar {tmp_path / 'no' / 'm.lp'}: No such "
                     "file or directory"]


def test_explanation_names_the_group_as_the_model_does() -> None:
    # 48 BW places cost 2.4 M, the grant less fixed costs leaves 2.2 M: the budget of 2024 must give 200,000
    region = tiny_region()
    scenario = tiny_scenario(years=[2024], demand={"bw": {2024: 48}},
                             budget={"enabled": True, "fixed_costs": {2024: 300_000}},
                             transitions={"keep_current": ["bw"]})
    result = solve_scenario(region, scenario)
    assert [(r.group, r.amount) for r in result.diagnosis.relaxations] == [("budget(2024)", 200_000)]
    assert "budget(2024)" in build(region, scenario).groups
