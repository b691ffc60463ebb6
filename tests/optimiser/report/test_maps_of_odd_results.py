"""Maps of results with nothing, or less, to draw: a plain message, never a stack trace."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cli import app
from data import derive_scenario, load_region, load_scenario
from models import Status
from optimiser.report.files import write
from optimiser.report.maps import allocation_geojson, render_map, vlekkenplan
from optimiser.solving import solve_scenario

runner = CliRunner()
NOTHING = ("the scenario is infeasible: there is no allocation to draw (see the diagnosis in `regio solve` and "
           "summary.json)")


@pytest.fixture(scope="module")
def dwo():
    region = load_region("dwo")
    return region, load_scenario(region)


@pytest.fixture(scope="module")
def infeasible(dwo, tmp_path_factory):
    """DWO with no municipality allowed a single BW place: infeasible, its result written to a folder."""
    region, base = dwo
    scenario = derive_scenario(region, base, {"caps": {m.code: {"bw": 0} for m in region.municipalities},
                                              "solver": {"explain": False}})
    result = solve_scenario(region, scenario)
    assert result.status == Status.infeasible and result.allocation == []
    out = tmp_path_factory.mktemp("infeasible")
    write(result, out)
    return region, result, out


@pytest.mark.parametrize("options", [[], ["--vlekkenplan"], ["--geojson", "a.geojson"], ["--out", "m.png"]])
def test_map_of_an_infeasible_result_says_there_is_nothing_to_draw(infeasible, options):
    _, _, out = infeasible
    options = [str(out / o) if o.endswith((".geojson", ".png")) else o for o in options]
    cli = runner.invoke(app, ["map", str(out), *options, "--lang", "en"])
    assert cli.exit_code == 2 and "Traceback" not in cli.output
    assert cli.output.splitlines() == [f"regio: error: {out / 'result.json'}: {NOTHING}"]
    dutch = runner.invoke(app, ["map", str(out), *options])
    assert dutch.output.splitlines() == [f"regio: fout: {out / 'result.json'}: geen plan voldoet aan alle regels van "
                                         "het scenario: er is geen verdeling om te tekenen (zie de diagnose in "
                                         "`regio solve` en summary.json)"]
    assert not list(out.glob("*.png")) and not list(out.glob("*.geojson"))


def test_the_library_refuses_an_infeasible_result_with_the_same_message(infeasible, tmp_path):
    region, result, _ = infeasible
    for draw in (lambda: allocation_geojson(region, result), lambda: vlekkenplan(region, result),
                 lambda: render_map(region, result, tmp_path / "m.png")):
        with pytest.raises(ValueError) as caught:
            draw()
        assert str(caught.value) == NOTHING


def test_map_without_draagkracht_figures_draws_the_places_on_grey_wijken(dwo, tmp_path):
    region, base = dwo
    scenario = derive_scenario(region, base, {"draagkracht": {"enabled": False}, "solver": {"explain": False}})
    result = solve_scenario(region, scenario)
    assert result.status == Status.optimal and result.draagkracht == []
    write(result, tmp_path)
    cli = runner.invoke(app, ["map", str(tmp_path), "--geojson", str(tmp_path / "a.geojson"),
                              "--out", str(tmp_path / "map.png")])
    assert cli.exit_code == 0, cli.output
    assert (tmp_path / "map.png").read_bytes()[:4] == b"\x89PNG"
    features = json.loads((tmp_path / "a.geojson").read_text())["features"]
    assert len(features) == len(region.wijken) and all(f["properties"]["use_pct"] is None for f in features)
    last = result.years[-1]
    assert sum(f["properties"]["new_total"] for f in features) == \
        sum(a.new_places for a in result.allocation if a.year == last and a.wijk)
