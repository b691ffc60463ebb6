"""Bad input gives one readable line naming the field and value, never a stack trace."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from cli import app
from data import PackError, load_region
from tests.factories import tiny_region, tiny_scenario

runner = CliRunner()
FLEX = {2024: 0, 2025: 4, 2026: 10}


def write_pack(folder: Path, **overrides) -> Path:
    region = tiny_region()
    doc = json.loads(region.model_dump_json())
    doc.update(overrides)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "region.yaml").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return folder


def write_scenario(path: Path, **overrides) -> Path:
    doc = json.loads(tiny_scenario().model_dump_json())
    doc.update(overrides)
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def one_line_error(result) -> str:
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith(("regio: error: ", "regio: fout: "))
    assert "Traceback" not in result.output
    return lines[0]


def test_unknown_region():
    line = one_line_error(runner.invoke(app, ["solve", "nowhere"]))
    assert "unknown region 'nowhere'" in line and "dwo" in line


def test_shares_that_do_not_sum_to_one(tmp_path):
    pack = write_pack(tmp_path / "p", keys={"objectief": {"label": "k", "shares": {"GM0001": 0.5, "GM0002": 0.4}}})
    with pytest.raises(PackError, match=r"keys\.objectief\.shares: shares sum to 0\.900000, not 1"):
        load_region(pack)
    line = one_line_error(runner.invoke(app, ["show", str(pack)]))
    assert "shares sum to 0.900000" in line


def test_unknown_municipality_code_in_capacity(tmp_path):
    pack = write_pack(tmp_path / "p", capacity=[{"municipality": "GM9999", "type": "bw", "places": 4}])
    line = one_line_error(runner.invoke(app, ["show", str(pack)]))
    assert "capacity[0].municipality: unknown municipality GM9999" in line


def test_malformed_code(tmp_path):
    pack = write_pack(tmp_path / "p", capacity=[{"municipality": "Delft", "type": "bw", "places": 4}])
    line = one_line_error(runner.invoke(app, ["show", str(pack)]))
    assert "capacity.0.municipality" in line and "'Delft'" in line


@pytest.mark.parametrize(
    ("demand", "expected"),
    [
        ({"bw": {2024: -5, 2025: 48, 2026: 48}, "flex": FLEX}, "demand.bw.2024: -5 is negative"),
        ({"bw": {2024: "veel", 2025: 48, 2026: 48}, "flex": FLEX}, "'veel'"),
        ({"xx": {2024: 1, 2025: 1, 2026: 1}}, "demand.xx: unknown provision type 'xx'"),
    ],
)
def test_bad_scenario_numbers_and_codes(tmp_path, demand, expected):
    pack = write_pack(tmp_path / "p")
    scenario = write_scenario(tmp_path / "s.yaml", demand=demand)
    line = one_line_error(runner.invoke(app, ["solve", str(pack), "--scenario", str(scenario)]))
    assert expected in line
    assert "s.yaml" in line


def test_unknown_wijk_override(tmp_path):
    pack = write_pack(tmp_path / "p")
    scenario = write_scenario(tmp_path / "s.yaml", draagkracht={"overrides": {"WK999901": 3}})
    line = one_line_error(runner.invoke(app, ["solve", str(pack), "--scenario", str(scenario)]))
    assert "draagkracht.overrides.WK999901: unknown wijk 'WK999901'" in line


def test_unknown_solver(tmp_path):
    pack = write_pack(tmp_path / "p")
    scenario = write_scenario(tmp_path / "s.yaml")
    line = one_line_error(runner.invoke(app, ["solve", str(pack), "--scenario", str(scenario), "--solver", "gurobi"]))
    assert "gurobi" in line


def test_infeasible_scenario_prints_diagnosis_and_exits_1(tmp_path):
    pack = write_pack(tmp_path / "p")
    scenario = write_scenario(
        tmp_path / "s.yaml",
        years=[2024],
        demand={"bw": {2024: 48}},
        budget={"enabled": True, "fixed_costs": {2024: 300_000}},
        transitions={"keep_current": ["bw"]},
    )
    result = runner.invoke(app, ["solve", str(pack), "--scenario", str(scenario), "--lang", "nl"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert ("Geen verdeling voldoet aan alle regels. Uitwegen, met de minste regels eerst:\n"
            "1. versoepel 1 regel:\n   - het budget van 2024: € 200.000 meer nodig\n2. of versoepel 2 regels:\n"
            "   - laat 4 plekken Beschermd wonen sluiten voordat hun vervanging open is in 2024\n"
            "   - laat 4 plekken Beschermd wonen in Astad verdwijnen in 2024\n") in result.output
    english = runner.invoke(app, ["solve", str(pack), "--scenario", str(scenario), "--lang", "en"])
    assert english.exit_code == 1
    assert ("1. relax 1 rule:\n   - the budget of 2024: €200,000 more needed\n2. or relax 2 rules:\n"
            "   - let 4 Beschermd wonen places close before their replacement opens in 2024\n") in english.output


def test_an_unknown_language_is_refused_in_one_line(tmp_path):
    result = runner.invoke(app, ["solve", "dwo", "--lang", "fr"])
    assert result.exit_code == 2
    assert result.output.strip() == "regio: error: --lang: 'fr' is not a language of this tool; choose nl or en"


def test_solve_writes_result_files(tmp_path):
    pack = write_pack(tmp_path / "p")
    scenario = write_scenario(tmp_path / "s.yaml")
    out = tmp_path / "out"
    result = runner.invoke(app, ["solve", str(pack), "--scenario", str(scenario), "--out", str(out), "--json",
                                  "--lang", "nl"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["status"] == "optimal" and summary["solver"] == "highs" and summary["gap"] == 0.0
    assert summary["objective"]["max_deviation"] == 24
    lines = (out / "allocation.csv").read_text().splitlines()
    assert lines[0] == "municipality,wijk,type,year,places,new_places,sites"
    assert json.loads((out / "summary.json").read_text())["wall_time"] > 0
    book = load_workbook(out / "result.xlsx")
    assert book.sheetnames[0] == "Verdeling"
    places = [r[7] for r in book["Verdeling"].iter_rows(min_row=2, values_only=True) if r[5] == "bw" and r[0] == 2026]
    assert sum(places) == 48


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"demand": {"bw": {2024: 10**30, 2025: 48, 2026: 48}, "flex": FLEX}},
         "s.yaml: demand.bw.2024: 1e+30 is above the plausible maximum of 1,000,000 places"),
        ({"demand": {"bw": {2024: 50_000, 2025: 48, 2026: 48}, "flex": FLEX}},
         "s.yaml: demand.bw.2024: 50,000 places is more than the region's 40,000 inhabitants"),
        ({"draagkracht": {"places_per_1000": 1e30}},
         "s.yaml: draagkracht.places_per_1000: Input should be less than or equal to 1000 (value: 1e+30)"),
        ({"draagkracht": {"places_per_1000": float("inf")}},
         "s.yaml: draagkracht.places_per_1000: Input should be a finite number (value: inf)"),
        ({"hosting": {"bw": []}},
         "s.yaml: hosting.bw: an empty list would let no municipality host new places; name at least one "
         "municipality, or leave the type out to use the pack's hosts"),
        ({"budget": {"payment_key": "objectief", "distributions": [
            {"label": "lokaal beleid", "key": "objectief", "amounts": {2024: -500_000}}]}},
         "s.yaml: budget.distributions[0].amounts.2024: -500,000 is negative"),
        ({"budget": {"payment_key": "objectief", "distributions": [
            {"label": "lokaal beleid", "key": "40-40-20", "amounts": {2024: 500_000}}]}},
         "s.yaml: budget.distributions[0].key: unknown key '40-40-20'; the region has ['objectief']"),
        ({"budget": {"distributions": [{"label": "lokaal beleid", "key": "objectief", "amounts": {2024: 500_000}}]}},
         "s.yaml: budget.distributions[0]: money handed out needs a payer; give budget.payment_key (the key by "
         "which the grants' holders pay it out)"),
    ],
)
def test_absurd_numbers_and_empty_hosting_are_one_line(tmp_path, changes, expected):
    pack = write_pack(tmp_path / "p")
    scenario = write_scenario(tmp_path / "s.yaml", **changes)
    assert one_line_error(runner.invoke(app, ["solve", str(pack), "--scenario", str(scenario)])) == \
        f"regio: error: {expected}"


def test_an_unexpected_fault_is_still_one_line(monkeypatch):
    from cli import regions

    def broken() -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(regions, "list_regions", broken)
    result = runner.invoke(app, ["regions"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.output.splitlines() == [
        "regio: internal error: ZeroDivisionError: division by zero (run with -v for the details and please "
        "report it)"]


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests read the messages in English, as ``REGIO_LANG=en`` asks; tests/cli/test_dutch_messages.py reads
    the Dutch default."""
    monkeypatch.setenv("REGIO_LANG", "en")
