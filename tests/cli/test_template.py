"""``regio template`` writes a region's Excel template; ``--scenario FILE.xlsx`` reads it back in ``solve``,
``apportion`` and ``why``, and a wrong workbook gives one line and exit code 2."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cli import app
from tests.cli.test_errors import one_line_error
from tests.workbooks import SHEETS_EN, SHEETS_NL, fill

runner = CliRunner()


@pytest.fixture()
def mvs_template(tmp_path: Path) -> Path:
    out = tmp_path / "mvs.xlsx"
    result = runner.invoke(app, ["template", "mvs", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"regio solve mvs --scenario {out}" in result.output
    return out


def test_template_in_dutch_and_english(mvs_template: Path, tmp_path: Path) -> None:
    assert load_workbook(mvs_template).sheetnames == list(SHEETS_NL.values())
    english = tmp_path / "mvs-en.xlsx"
    result = runner.invoke(app, ["template", "mvs", "--scenario", "opvang-2024-2027", "--out", str(english),
                                 "--lang", "en"])
    assert result.exit_code == 0, result.output
    book = load_workbook(english)
    assert book.sheetnames == list(SHEETS_EN.values())
    assert book["Demand"]["B4"].value == "Beschermd wonen" and book["Demand"]["C3"].value == 2024


def test_a_filled_template_solves_with_its_demand(mvs_template: Path, tmp_path: Path) -> None:
    """Housing First from 10 to 14 houses in 2026 and 2027: the plan holds 14 of them in those years."""
    fill(mvs_template, "Vraag", {("housing_first", 2026): 14, ("housing_first", 2027): 14})
    out = tmp_path / "result"
    result = runner.invoke(app, ["solve", "mvs", "--scenario", str(mvs_template), "--out", str(out), "--json",
                                 "--no-explain"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["status"] == "optimal"
    totals: dict[tuple[str, int], int] = defaultdict(int)
    with (out / "allocation.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            totals[row["type"], int(row["year"])] += int(row["places"])
    assert [totals["housing_first", y] for y in (2025, 2026, 2027)] == [5, 14, 14]
    assert totals["mo_regulier", 2027] == 38  # the rest as in the pack's scenario


def test_apportion_and_why_read_the_template(mvs_template: Path) -> None:
    fill(mvs_template, "Vraag", {("bw", 2024): 120})
    result = runner.invoke(app, ["apportion", "mvs", "--scenario", str(mvs_template), "--year", "2024", "--json"])
    assert result.exit_code == 0, result.output
    assert sum(json.loads(result.output)["cells"]["bw"].values()) == 120  # 113 in the pack's scenario
    why = runner.invoke(app, ["why", "mvs", "Schiedam", "bw", "--year", "2024", "--scenario", str(mvs_template)])
    assert why.exit_code == 0, why.output
    assert why.output.startswith("Schiedam krijgt in 2024")


@pytest.mark.parametrize(
    ("sheet", "changes", "message"),
    [
        ("Vraag", {("bw", 2024): "veel"}, "regio: fout: mvs.xlsx: blad Vraag, cel C4: 'veel' is geen getal"),
        ("Vraag", {("bw", 2025): -1}, "regio: fout: mvs.xlsx: blad Vraag, cel D4: -1 is negatief"),
        ("Maxima", {("GM0606", "A"): "GM0000"}, "regio: fout: mvs.xlsx: blad Maxima, cel A7: onbekende gemeente "
                                                "'GM0000'"),
        ("Scenario", {("region", "C"): "dwo"}, "regio: fout: mvs.xlsx: blad Scenario, cel C9: dit werkboek is voor "
                                               "regio 'dwo', niet voor mvs"),
    ],
)
def test_errors_are_one_line_with_exit_code_2(mvs_template: Path, sheet, changes, message) -> None:
    fill(mvs_template, sheet, changes)
    line = one_line_error(runner.invoke(app, ["solve", "mvs", "--scenario", str(mvs_template)]))
    assert line.startswith(message)


def test_wrong_files_are_one_line(mvs_template: Path, tmp_path: Path) -> None:
    line = one_line_error(runner.invoke(app, ["solve", "dwo", "--scenario", str(mvs_template), "--lang", "en"]))
    assert line == "regio: error: mvs.xlsx: sheet Scenario, cell C9: this workbook is for region 'mvs', not dwo"
    book = load_workbook(mvs_template)
    del book["Sleutel"]
    book.save(mvs_template)
    line = one_line_error(runner.invoke(app, ["apportion", "mvs", "--scenario", str(mvs_template), "--lang", "en"]))
    assert line == ("regio: error: mvs.xlsx: no sheet Sleutel; a scenario template has the sheets Scenario, Vraag, "
                    "Sleutel, Maxima, Budget")
    fake = tmp_path / "scenario.xlsx"
    fake.write_text("name: niet-excel\n", encoding="utf-8")
    line = one_line_error(runner.invoke(app, ["solve", "mvs", "--scenario", str(fake), "--lang", "en"]))
    assert line == "regio: error: scenario.xlsx: not an Excel workbook (.xlsx); save it as an Excel workbook"
    result_book = tmp_path / "result"
    assert runner.invoke(app, ["solve", "mvs", "--out", str(result_book), "--no-explain"]).exit_code == 0
    line = one_line_error(runner.invoke(app, ["why", "mvs", "Schiedam", "bw", "--scenario",
                                              str(result_book / "result.xlsx"), "--lang", "en"]))
    assert line.startswith("regio: error: result.xlsx: not a scenario template: it has no sheet Scenario (its "
                           "sheets: Verdeling, ")


def test_template_options_refused(tmp_path: Path) -> None:
    line = one_line_error(runner.invoke(app, ["template", "dwo", "--out", str(tmp_path / "x.xls")]))
    assert line == "regio: fout: --out: geef een bestandsnaam die eindigt op .xlsx, niet x.xls"
    line = one_line_error(runner.invoke(app, ["template", "dwo", "--out", str(tmp_path / "x.xls"), "--lang", "en"]))
    assert line == "regio: error: --out: give a file name ending in .xlsx, not x.xls"
    line = one_line_error(runner.invoke(app, ["template", "dwo", "--out", str(tmp_path / "x.xlsx"), "--scenario",
                                              "onbekend"]))
    assert "onbekend scenario 'onbekend' voor regio dwo" in line
    assert not (tmp_path / "x.xlsx").exists()


def test_a_template_from_a_filled_template_keeps_its_base(mvs_template: Path, tmp_path: Path) -> None:
    fill(mvs_template, "Vraag", {("bw", 2027): 100})
    again = tmp_path / "again.xlsx"
    assert runner.invoke(app, ["template", "mvs", "--scenario", str(mvs_template), "--out", str(again)]).exit_code == 0
    book = load_workbook(again)
    assert book["Vraag"]["F4"].value == 100
    assert [r[2].value for r in book["Scenario"].iter_rows() if r[0].value == "base"] == ["opvang-2024-2027"]

