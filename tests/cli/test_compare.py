"""``regio compare``: DWO's default plan, Westland held at 30 BT places and 10 % more demand side by side, from the
folders ``regio solve --out`` writes; a single or missing folder is one line and exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from optimiser.report.files import write

runner = CliRunner()


@pytest.fixture(scope="module")
def dirs(dwo_three_ways, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The three results in folders as `regio solve --out` writes them."""
    _region, results = dwo_three_ways
    root = tmp_path_factory.mktemp("compare")
    out = [root / name for name in ("basis", "westland", "meer")]
    for result, folder in zip(results, out, strict=True):
        write(result, folder)
    return out


def test_key_figures_and_differing_places_in_dutch(dirs):
    done = runner.invoke(app, ["compare", *map(str, dirs)])
    assert done.exit_code == 0, done.output
    lines = done.output.splitlines()
    assert lines[0] == "Kengetallen naast elkaar"
    assert lines[1].split() == ["kengetal", "spreiding-2023-2026", "westland-bt-30", "vraag-plus-10"]
    cost = next(line for line in lines if line.startswith("kosten over de jaren"))
    assert cost.count("€ ") == 3 and "." in cost and "," not in cost
    assert "Plekken die verschillen, per gemeente, wijk, voorziening en jaar" in lines
    # Westland's BT in 2026: 43 in the default plan, 30 under the cap, 48 with more demand
    rows = [line.split() for line in lines]
    assert ["Westland", "(totaal", "gemeente)", "Beschermd", "Thuis", "2026", "43", "30", "48", "18"] in rows
    assert ["Westland", "Wijk", "01", "Naaldwijk", "Beschermd", "Thuis", "2026", "8", "0", "16", "16"] in rows
    # places on which all three agree are absent: Midden-Delfland's BT plus, Delft's BT in 2023
    assert not any(line.startswith("Midden-Delfland") and "Beschermd Thuis plus" in line for line in lines)
    assert not any(r[:7] == ["Delft", "(totaal", "gemeente)", "Beschermd", "Thuis", "2023"] for r in rows)


def test_two_folders_of_one_scenario_are_told_apart_by_folder(dirs, tmp_path):
    again = tmp_path / "nog-een-keer"
    again.mkdir()
    (again / "result.json").write_text((dirs[0] / "result.json").read_text(encoding="utf-8"), encoding="utf-8")
    done = runner.invoke(app, ["compare", str(dirs[0]), str(again), "--lang", "en"])
    assert done.exit_code == 0, done.output
    lines = done.output.splitlines()
    assert "spreiding-2023-2026 (basis)" in lines[1] and "spreiding-2023-2026 (nog-een-keer)" in lines[1]
    assert "The results agree on every place." in lines


def test_json(dirs):
    done = runner.invoke(app, ["compare", *map(str, dirs), "--json"])
    assert done.exit_code == 0, done.output
    answer = json.loads(done.output)
    assert list(answer) == ["results", "kpis", "differences"]
    assert answer["results"] == ["spreiding-2023-2026", "westland-bt-30", "vraag-plus-10"]
    assert [k["result"] for k in answer["kpis"]] == answer["results"]
    assert all(k["status"] == "optimal" and k["unmet"] == 0 for k in answer["kpis"])
    assert {"municipality": "GM1783", "wijk": None, "type": "bt", "year": 2026, "total": True,
            "places": [43, 30, 48], "spread": 18} in answer["differences"]
    assert all(len(set(d["places"])) > 1 for d in answer["differences"])


def test_chart(dirs, tmp_path):
    chart = tmp_path / "vergelijking.png"
    done = runner.invoke(app, ["compare", *map(str, dirs), "--chart", str(chart)])
    assert done.exit_code == 0, done.output
    assert done.output.splitlines()[-1] == f"{chart} geschreven"
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_one_folder_or_a_missing_one_is_one_line(dirs, tmp_path):
    one = runner.invoke(app, ["compare", str(dirs[0])])
    assert one.exit_code == 2
    assert one.output.strip() == "regio: fout: vergelijken vraagt minstens twee resultaatmappen, gekregen: 1"
    missing = runner.invoke(app, ["compare", str(dirs[0]), str(tmp_path / "nergens"), "--lang", "en"])
    assert missing.exit_code == 2
    assert missing.output.strip().splitlines() == [
        f"regio: error: {tmp_path / 'nergens'}: no result.json here; write one with `regio solve REGION --out DIR`"]
