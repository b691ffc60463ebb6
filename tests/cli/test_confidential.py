"""`regio solve` and `regio map` show MVS's vrouwenopvang per municipality only, unless --show-confidential."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from cli import app
from data import load_region
from models import Result
from optimiser.report.confidential import wijken_holding

runner = CliRunner()
VO = {"vo_crisis", "vo_opvang", "vo_huis"}


def _vo_wijken(out: Path) -> set[str]:
    with (out / "allocation.csv").open(encoding="utf-8") as fh:
        return {r["wijk"] for r in csv.DictReader(fh) if r["type"] in VO and r["wijk"]}


def _geojson_vo(out: Path, *flags: str) -> tuple[int, dict[str, object] | None]:
    """New VO places over the wijk features of `regio map --geojson`, and its confidential member."""
    cli = runner.invoke(app, ["map", str(out), "--geojson", str(out / "a.geojson"), *flags])
    assert cli.exit_code == 0, cli.output
    doc = json.loads((out / "a.geojson").read_text(encoding="utf-8"))
    per_wijk = sum(v for f in doc["features"] for k, v in f["properties"].items()
                   if k.startswith("new_vo_") and v is not None)
    return per_wijk, doc.get("confidential")


def test_solve_and_map_show_vrouwenopvang_per_municipality_unless_asked(tmp_path):
    region = load_region("mvs")
    out, full = tmp_path / "shared", tmp_path / "full"
    cli = runner.invoke(app, ["solve", "mvs", "--no-explain", "--out", str(out)])
    assert cli.exit_code == 0, cli.output
    assert "alleen per gemeente getoond (vertrouwelijke adressen)" in " ".join(cli.output.split())
    assert "--show-confidential" in cli.output
    shared = cli.output
    assert _vo_wijken(out) == set()
    stored = Result.model_validate_json((out / "result.json").read_text(encoding="utf-8"))
    assert stored.redacted == ["vo_crisis", "vo_opvang", "vo_huis"]

    cli = runner.invoke(app, ["solve", "mvs", "--no-explain", "--out", str(full), "--show-confidential"])
    assert cli.exit_code == 0, cli.output
    assert "VERTROUWELIJK: dit rapport toont de wijken van" in cli.output
    detail = Result.model_validate_json((full / "result.json").read_text(encoding="utf-8"))
    hidden = wijken_holding(region, detail, VO)
    assert hidden and _vo_wijken(full) == hidden
    # the terminal report names those wijken on VO lines only with the opt-in
    names = {detail.names[w] for w in hidden}
    labels = tuple(region.provision_type(p).label for p in VO)

    def vo_lines_naming_a_wijk(output: str) -> list[str]:
        return [line for line in output.splitlines() if line.startswith(labels) and any(n in line for n in names)]

    assert vo_lines_naming_a_wijk(shared) == [] and vo_lines_naming_a_wijk(cli.output)

    # `regio map` redacts a full result.json unless asked, and cannot restore a redacted one
    assert _geojson_vo(out)[0] == 0
    per_wijk, member = _geojson_vo(full)
    assert per_wijk == 0 and member is not None and member["types"] == ["vo_crisis", "vo_opvang", "vo_huis"]
    last = detail.last_year
    assert _geojson_vo(full, "--show-confidential") == (
        sum(a.new_places for a in detail.allocation if a.type in VO and a.year == last and a.wijk), None)
    again = runner.invoke(app, ["map", str(out), "--show-confidential", "--out", str(out / "map.png")])
    assert again.exit_code == 0 and "geschreven zonder --show-confidential" in again.output
