"""Unreadable scenario files and broken region packs: one line naming the file (and line and column)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from data import PackError, load_region, load_scenario
from data.pack import PACKS
from tests.cli.test_errors import one_line_error, write_pack

runner = CliRunner()


@pytest.fixture()
def mvs(tmp_path: Path) -> Path:
    """A copy of the MVS pack (CSV tables for municipalities and wijken) to break."""
    return Path(shutil.copytree(PACKS / "mvs", tmp_path / "mvs"))


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\x00\x01\x02binary\xff", "a binary file, not text"),
        (b"name: caf\xe9\n", "not UTF-8 text (byte 0xe9 at position 9); save it as UTF-8"),
        (b"", "the file is empty"),
        (b"  \n\n", "the file is empty"),
        (b"name: [unclosed\n", "not valid YAML or JSON at line 2, column 1 (expected ',' or ']', but got "
                               "'<stream end>')"),
        (b"- a\n- b\n", "expected a mapping at the top level, found a list"),
        (b"[" * 5000, "nested too deeply to read"),
    ],
)
def test_unreadable_scenario_file(tmp_path, content, problem):
    pack = write_pack(tmp_path / "p")
    path = tmp_path / "odd.yaml"
    path.write_bytes(content)
    with pytest.raises(PackError) as caught:
        load_scenario(load_region(pack), path)
    assert str(caught.value) == f"{path}: {problem}"
    line = one_line_error(runner.invoke(app, ["solve", str(pack), "--scenario", str(path)]))
    assert line == f"regio: error: {path}: {problem}"


def test_missing_scenario_file_and_folder_instead_of_file(tmp_path):
    pack = write_pack(tmp_path / "p")
    missing = tmp_path / "nowhere.yaml"
    line = one_line_error(runner.invoke(app, ["solve", str(pack), "--scenario", str(missing)]))
    assert line == f"regio: error: {missing}: no such file"
    folder = tmp_path / "scenarios"
    folder.mkdir()
    line = one_line_error(runner.invoke(app, ["solve", str(pack), "--scenario", str(folder)]))
    assert line == f"regio: error: {folder}: a folder, not a file"
    line = one_line_error(runner.invoke(app, ["solve", "dwo", "--scenario", "no-such-name"]))
    assert line == "regio: error: unknown scenario 'no-such-name' for region dwo; known: spreiding-2023-2026"


def test_region_folder_problems(tmp_path):
    assert one_line_error(runner.invoke(app, ["show", str(tmp_path / "gone")])) == \
        f"regio: error: {tmp_path / 'gone'}: no such region pack folder"
    assert one_line_error(runner.invoke(app, ["show", str(tmp_path)])) == \
        f"regio: error: {tmp_path}: no region.yaml in this folder, so it is not a region pack"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\xff\xfe\x00c\x00o", "region.yaml: a binary file, not text"),
        (b"name: \xe9\n", "region.yaml: not UTF-8 text (byte 0xe9 at position 6); save it as UTF-8"),
        (b"code: [\n", "region.yaml: not valid YAML or JSON at line 2, column 1 (expected the node content, but "
                       "found '<stream end>')"),
        (b"keys: {k: {from_indicators: 3}}\n", "region.yaml: keys.k.from_indicators: give weights per indicator, "
                                                "e.g. {a_inw: 1}"),
    ],
)
def test_broken_region_yaml(mvs, content, problem):
    (mvs / "region.yaml").write_bytes(content)
    with pytest.raises(PackError) as caught:
        load_region(mvs)
    assert str(caught.value) == f"mvs/{problem}"
    assert one_line_error(runner.invoke(app, ["show", str(mvs)])) == f"regio: error: mvs/{problem}"


def edit_line(path: Path, number: int, old: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert old in lines[number - 1]
    lines[number - 1] = lines[number - 1].replace(old, new, 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_broken_csv_tables(mvs):
    table = mvs / "municipalities.csv"
    original = table.read_text(encoding="utf-8")
    edit_line(table, 3, ",74143,", ",veel,")
    assert one_line_error(runner.invoke(app, ["show", str(mvs)])) == \
        "regio: error: mvs/municipalities.csv line 3, column a_inw: 'veel' is not a number"
    table.write_text(original, encoding="utf-8")
    edit_line(table, 3, ",74143,", ",inf,")
    with pytest.raises(PackError, match=r"^mvs/municipalities\.csv line 3, column a_inw: 'inf' is not a finite "
                                        r"number$"):
        load_region(mvs)
    table.write_text(original, encoding="utf-8")
    edit_line(table, 3, ",74143,", ",1e30,")
    assert str(pytest.raises(PackError, load_region, mvs).value) == (
        "mvs/municipalities.csv line 3: indicators.a_inw: Input should be less than or equal to 20000000 "
        "(value: 1e+30)")
    table.write_text(original.replace("code,name,", "kode,naam,", 1), encoding="utf-8")
    assert str(pytest.raises(PackError, load_region, mvs).value) == (
        "mvs/municipalities.csv: missing column(s) code, name; the table has columns kode, naam, a_inw, a_hh, "
        "a_1p_hh, p_wcorpw, p_hh_li, a_woning, a_opp_ha")
    table.write_bytes(b"\x00\x01PK\x03\x04")
    assert one_line_error(runner.invoke(app, ["show", str(mvs)])) == \
        "regio: error: mvs/municipalities.csv: a binary file, not text"
    table.write_text(original, encoding="utf-8")
    wijken = mvs / "wijken.csv"
    edit_line(wijken, 2, "GM0556,", "GM0556,zuid,")  # one cell too many
    assert one_line_error(runner.invoke(app, ["show", str(mvs)])) == \
        "regio: error: mvs/wijken.csv line 2: 13 cells for 12 columns"
    (mvs / "wijken.csv").write_text('code,name,municipality\n"WK055601,unclosed\n', encoding="utf-8")
    assert one_line_error(runner.invoke(app, ["show", str(mvs)])) == (
        "regio: error: mvs/wijken.csv line 2: not a readable CSV row (unexpected end of data)")


def test_a_missing_cell_is_no_value_and_the_packs_still_load():
    for code in ("dwo", "mvs", "maastricht-heuvelland", "midden-ijssel"):
        region = load_region(code)
        assert region.population() is not None and region.population() > 100_000


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests read the messages in English, as ``REGIO_LANG=en`` asks; tests/cli/test_dutch_messages.py reads
    the Dutch default."""
    monkeypatch.setenv("REGIO_LANG", "en")
