"""Maps and GeoJSON of each seed region's result: every wijk drawn, one feature per wijk."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cli import app
from data import load_region, load_scenario
from optimiser.geography import adjacency
from optimiser.report.files import write
from optimiser.report.maps import allocation_geojson, vlekkenplan
from optimiser.solving import solve_scenario

runner = CliRunner()


@pytest.fixture(scope="module", params=["dwo", "mvs", "maastricht-heuvelland", "midden-ijssel"])
def solved(request, tmp_path_factory):
    region = load_region(request.param)
    scenario = load_scenario(region)
    scenario = scenario.model_copy(update={"solver": scenario.solver.model_copy(update={"explain": False})})
    result = solve_scenario(region, scenario)
    out = tmp_path_factory.mktemp(request.param)
    write(result, out)
    return region, result, out


def test_geojson_has_one_feature_per_wijk(solved):
    region, result, _ = solved
    doc = allocation_geojson(region, result)
    codes = [f["properties"]["code"] for f in doc["features"]]
    assert sorted(codes) == sorted(w.code for w in region.wijken)
    new = sum(f["properties"]["new_total"] for f in doc["features"])
    last = max(a.year for a in result.allocation)
    assert new == sum(a.new_places for a in result.allocation if a.year == last and a.wijk)
    lon, lat = doc["features"][0]["geometry"]["coordinates"][0][0][:2] if doc["features"][0]["geometry"][
        "type"] == "Polygon" else doc["features"][0]["geometry"]["coordinates"][0][0][0][:2]
    assert 3 < lon < 7 and 50 < lat < 54  # EPSG:4326 over the Netherlands


def test_map_command_writes_png_and_geojson(solved):
    _, _, out = solved
    cli = runner.invoke(app, ["map", str(out), "--out", str(out / "map.png"), "--geojson", str(out / "a.geojson")])
    assert cli.exit_code == 0, cli.output
    png = (out / "map.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
    assert json.loads((out / "a.geojson").read_text())["type"] == "FeatureCollection"


def test_wijken_have_neighbours(solved):
    region, _, _ = solved
    neighbours = adjacency(region)
    assert sum(1 for v in neighbours.values() if v) >= 0.9 * len(region.wijken)
    assert all(a in neighbours[b] for a, around in neighbours.items() for b in around)  # symmetric


def test_vlekkenplan_lists_search_areas_for_maastricht():
    region = load_region("maastricht-heuvelland")
    scenario = load_scenario(region)
    scenario = scenario.model_copy(update={"solver": scenario.solver.model_copy(update={"explain": False})})
    result = solve_scenario(region, scenario)
    areas = vlekkenplan(region, result)
    assert len(areas) == 9  # the nine facility types of the 220-place table
    municipalities = {a.rsplit("(", 1)[1].split(")")[0] for per in areas.values() for a in per}
    assert len(municipalities) >= 5  # small sites spread over the region, not all in Maastricht


def test_map_of_a_missing_folder_is_one_line(tmp_path):
    cli = runner.invoke(app, ["map", str(tmp_path / "nothing")])
    assert cli.exit_code == 2
    assert cli.output.strip().startswith("regio: fout:") and "result.json" in cli.output


def test_the_map_keeps_names_readable_and_colours_apart(solved):
    """No municipality or wijk name on a marker, every wijk with new places named, and the types' markers in
    the Okabe-Ito colours (in another shape beyond eight types)."""
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_hex

    from optimiser.report.charts import OKABE_ITO
    from optimiser.report.maps import map_figure, marker_boxes, new_places_by_wijk

    region, result, _ = solved
    fig = map_figure(region, result)
    try:
        ax = fig.axes[0]
        renderer = fig.canvas.get_renderer()
        markers = marker_boxes(ax)
        names = [t for t in ax.texts if t.get_gid() in ("municipality", "wijk")]
        covered = [t.get_text() for t in names if any(t.get_window_extent(renderer).overlaps(m) for m in markers)]
        assert covered == []
        placed = new_places_by_wijk(result)
        assert {t.get_text() for t in names if t.get_gid() == "wijk"} == {
            result.names.get(w, w) for w, per in placed.items() if per}
        assert {t.get_text() for t in names if t.get_gid() == "municipality"} == {
            m.name for m in region.municipalities}
        layers = [c for c in ax.collections if str(c.get_gid() or "").startswith("new-")]
        colours = [to_hex(c.get_facecolor()[0]).upper() for c in layers]
        assert colours == [OKABE_ITO[i % len(OKABE_ITO)] for i in range(len(layers))]
        assert len(markers) == sum(len(per) for per in placed.values())
    finally:
        plt.close(fig)
