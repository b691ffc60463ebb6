"""``regio check``: what a pack needs before its numbers can be trusted, with severities and an exit code."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from cli import app
from data.pack import PACKS

runner = CliRunner()


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGIO_LANG", "en")


def test_the_dwo_pack_has_warnings_and_no_error() -> None:
    result = runner.invoke(app, ["check", "dwo"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[-1] == "0 errors, 5 warnings, 0 notes"
    assert ("warning  wijken.csv: p_hh_li: p_hh_li is empty for 2 of 28 wijken (WK050316, WK050326): the draagkracht "
            "index takes the municipality's value") in lines
    assert ("warning  region.yaml: keys.objectief: the shares sum to 99.99 %, not 100 %: they are divided by "
            "their sum"
            in lines)
    assert any(line.startswith("warning  region.yaml: grants (mo): no grant stated for 2023, 2024, 2025, 2026")
               for line in lines)


def test_a_broken_pack_is_refused_with_each_error(tmp_path: Path) -> None:
    pack = tmp_path / "kapot"
    shutil.copytree(PACKS / "dwo", pack)
    (pack / "region.yaml").write_text((pack / "region.yaml").read_text(encoding="utf-8").replace(
        "code: dwo\n", "code: kapot\n"), encoding="utf-8")
    for table in ("wijken.csv", "municipalities.csv"):  # no income figures at all
        frame = pd.read_csv(pack / table, dtype=str)
        frame["p_hh_li"] = ""
        frame.to_csv(pack / table, index=False)
    shapes = json.loads((pack / "wijken.geojson").read_text(encoding="utf-8"))
    shapes["features"] = [f for f in shapes["features"]
                          if f["properties"]["code"] not in ("WK178301", "WK178302")]
    (pack / "wijken.geojson").write_text(json.dumps(shapes), encoding="utf-8")
    yaml = (pack / "region.yaml").read_text(encoding="utf-8")
    (pack / "region.yaml").write_text(re.sub(r"  - \{label: Integratie-uitkering BW.*\n", "", yaml), encoding="utf-8")
    result = runner.invoke(app, ["check", str(pack)])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    errors = [line for line in lines if line.startswith("error")]
    assert ("error    wijken.csv: p_hh_li: p_hh_li is empty for 28 of 28 wijken (WK050311, WK050312, WK050313, "
            "WK050314, WK050316 (+23)) and for their municipalities: the draagkracht index leaves it out") in errors
    assert "error    wijken.geojson: 2 wijken without a boundary (WK178301, WK178302)" in errors
    assert ("error    region.yaml: grants (bw): no grant at all for domain bw, which scenario spreiding-2023-2026 "
            "computes with its budget on") in errors
    assert lines[-1].startswith(f"{len(errors)} errors, ")


def test_an_unknown_pack_is_one_line() -> None:
    result = runner.invoke(app, ["check", "atlantis"])
    assert result.exit_code == 2
    assert result.output.strip().startswith("regio: error: unknown region 'atlantis'; known regions: dwo")
