"""Vrouwenopvang is never shown below municipality level unless asked: MVS's three VO types, solved, in every
written form (files, terminal, GeoJSON, the map's drawing), with the full result as the reference."""

from __future__ import annotations

import csv
import json
from collections import defaultdict

import pytest
from matplotlib.axes import Axes

from data import derive_scenario, load_region, load_scenario
from models import Region, Result
from optimiser.report.confidential import confidential_types, redact, wijken_holding
from optimiser.report.files import write
from optimiser.report.maps import allocation_geojson, new_places_by_wijk, render_map
from optimiser.report.terminal import render
from optimiser.solving import solve_scenario
from optimiser.verify import unchecked, verify

VO = ["vo_crisis", "vo_opvang", "vo_huis"]


@pytest.fixture(scope="module")
def mvs() -> tuple[Region, Result, Result]:
    region = load_region("mvs")
    scenario = load_scenario(region)
    full = solve_scenario(region, scenario.model_copy(
        update={"solver": scenario.solver.model_copy(update={"explain": False})}))
    assert full.status == "optimal"
    return region, full, redact(full, region)


def _per_municipality(result: Result) -> dict[tuple[str, str, int], tuple[int, int]]:
    out: dict[tuple[str, str, int], tuple[int, int]] = defaultdict(lambda: (0, 0))
    for a in result.allocation:
        places, new = out[a.municipality, a.type, a.year]
        out[a.municipality, a.type, a.year] = places + a.places, new + a.new_places
    return dict(out)


def test_vrouwenopvang_types_are_confidential_by_default():
    assert confidential_types(load_region("mvs")) == VO
    assert confidential_types(load_region("maastricht-heuvelland")) == ["vo_huidig"]
    assert confidential_types(load_region("dwo")) == []


def test_redacted_rows_are_per_municipality_and_add_up_to_the_demand(mvs):
    region, full, red = mvs
    scenario = load_scenario(region)
    # the full result does place VO in wijken, so there is something to hide
    assert {a.wijk for a in full.allocation if a.type in VO and a.wijk}
    assert red.redacted == VO
    assert not [a for a in red.allocation if a.type in VO and a.wijk]
    # every other row is untouched, and per municipality nothing changed
    assert [a for a in red.allocation if a.type not in VO] == [a for a in full.allocation if a.type not in VO]
    assert _per_municipality(red) == _per_municipality(full)
    surplus = {(s.type, s.year): s.surplus for s in red.surplus}
    for p in VO:
        for t, demand in scenario.demand[p].items():
            held = sum(a.places for a in red.allocation if a.type == p and a.year == t)
            assert held == demand + surplus.get((p, t), 0)
    # e.g. Opvang na huiselijk geweld in 2024: 10 clients, 16 places while Vlaardingen's 6 wait to close
    assert sum(a.places for a in red.allocation if a.type == "vo_opvang" and a.year == 2024) == 16
    assert redact(red, region) == red  # redacting a redacted copy changes nothing


def test_draagkracht_figures_leave_the_confidential_places_out(mvs):
    region, full, red = mvs
    hidden: dict[tuple[str, int], float] = defaultdict(float)
    for a in full.allocation:
        if a.type in VO and a.wijk:
            hidden[a.wijk, a.year] += region.provision_type(a.type).draagkracht_weight * a.new_places
    before = {(r.wijk, r.year): r for r in full.draagkracht}
    changed = 0
    for r in red.draagkracht:
        assert r.load == pytest.approx(before[r.wijk, r.year].load - hidden.get((r.wijk, r.year), 0.0))
        assert r.capacity == before[r.wijk, r.year].capacity
        changed += r.load != before[r.wijk, r.year].load
    assert changed == len(hidden)


def test_the_verifier_checks_a_redacted_copy_read_back(mvs):
    region, full, red = mvs
    scenario = load_scenario(region)
    back = Result.model_validate_json(red.model_dump_json())
    assert back.redacted == VO
    assert verify(region, scenario, back) == []
    assert unchecked(full) == [] and len(unchecked(back)) == 1 and "draagkracht" in unchecked(back)[0]
    # what is checked per municipality is still caught: one VO place fewer in Schiedam in 2027
    broken = back.model_copy(deep=True)
    row = next(a for a in broken.allocation if a.type == "vo_opvang" and a.municipality == "GM0606"
               and a.year == 2027)
    row.places -= 1
    row.new_places -= 1
    assert any("vo_opvang" in v and "2027" in v for v in verify(region, scenario, broken))


def test_written_files_hold_no_wijk_for_vrouwenopvang(mvs, tmp_path):
    _, full, red = mvs
    write(red, tmp_path)
    with (tmp_path / "allocation.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    vo_rows = [r for r in rows if r["type"] in VO]
    assert vo_rows and all(r["wijk"] == "" for r in vo_rows)
    assert any(r["wijk"] for r in rows if r["type"] not in VO)
    stored = json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))
    assert all(a["wijk"] is None for a in stored["allocation"] if a["type"] in VO)
    assert stored["redacted"] == VO
    assert json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))["redacted"] == VO
    write(full, tmp_path / "full")  # the opt-in: the rows per wijk
    with (tmp_path / "full" / "allocation.csv").open(encoding="utf-8") as fh:
        assert any(r["wijk"] for r in csv.DictReader(fh) if r["type"] in VO)


def test_terminal_report_names_no_wijk_for_vrouwenopvang(mvs):
    region, full, red = mvs
    labels = [region.provision_type(p).label for p in VO]
    wijk_names = {full.names[w] for w in wijken_holding(region, full, set(VO))}
    text = render(red, region)
    assert "alleen per gemeente getoond (vertrouwelijke adressen)" in " ".join(text.split())
    assert "--show-confidential" in text
    vo_lines = [line for line in text.splitlines() if line.startswith(tuple(labels))]
    assert len(vo_lines) >= 5  # per municipality in the fair-share and new-places tables
    assert not [line for line in vo_lines if any(name in line for name in wijk_names)]
    new_per_muni = {(a.municipality, a.type) for a in red.allocation if a.type in VO and a.year == red.last_year
                    and a.new_places}
    assert sum("(vertrouwelijk: alleen gemeente)" in line for line in vo_lines) == len(new_per_muni) == 5
    shown = render(full, region)
    assert "VERTROUWELIJK: dit rapport toont de wijken van" in shown
    assert any(name in line for line in shown.splitlines() if line.startswith(tuple(labels)) for name in wijk_names)


def test_geojson_has_no_vrouwenopvang_per_wijk(mvs):
    region, full, red = mvs
    doc = allocation_geojson(region, red)
    props = doc["features"][0]["properties"]
    assert not [k for k in props if any(k == f"new_{p}" for p in VO)]
    last = red.last_year
    per_muni = doc["confidential"]["new_places_per_municipality"]
    assert doc["confidential"]["types"] == VO
    for p in ("vo_opvang", "vo_huis"):
        assert sum(per_muni[p].values()) == sum(a.new_places for a in full.allocation if a.type == p and a.year == last)
    assert "new_vo_opvang" in allocation_geojson(region, full)["features"][0]["properties"]


def test_the_map_draws_no_vrouwenopvang_point(mvs, tmp_path, monkeypatch):
    region, full, red = mvs
    drawn: list[int] = []
    scatter = Axes.scatter

    def counting(self, x, y, *args, **kwargs):  # type: ignore[no-untyped-def]
        drawn.append(len(x))
        return scatter(self, x, y, *args, **kwargs)

    monkeypatch.setattr(Axes, "scatter", counting)

    def points(result: Result) -> int:
        return sum(len(per) for per in new_places_by_wijk(result).values())

    render_map(region, red, tmp_path / "map.png")
    assert sum(drawn) == points(red)
    assert not [w for w, per in new_places_by_wijk(red).items() if set(per) & set(VO)]
    vo_points = sum(1 for per in new_places_by_wijk(full).values() for p in per if p in VO)
    assert vo_points > 0 and points(full) == points(red) + vo_points
    drawn.clear()
    render_map(region, full, tmp_path / "full.png")  # the opt-in draws them
    assert sum(drawn) == points(full)
    assert (tmp_path / "map.png").read_bytes()[:4] == b"\x89PNG"


def test_rules_that_name_a_wijk_with_vrouwenopvang_name_its_municipality():
    """With at most 6 new places of a type in a wijk and its neighbours, MVS's binding rules name wijken; the
    Maassluis wijk that gets an Extra huis vrouwenopvang is named only as a wijk in Maassluis."""
    region = load_region("mvs")
    scenario = derive_scenario(region, load_scenario(region),
                               {"spreading": {"mode": "neighbour_cap", "neighbour_cap": 6},
                                "solver": {"explain_time": 60}})
    full = solve_scenario(region, scenario)
    hidden = wijken_holding(region, full, set(VO))
    named = [b for b in full.binding if any(w in g for w in hidden for g in b.groups)]
    assert named, "the case must have a binding rule naming a wijk with VO places"
    red = redact(full, region)
    assert len(red.binding) == len(full.binding)
    for b in red.binding:
        assert not any(w in b.group or w in "".join(b.groups) or full.names[w] in b.description for w in hidden)
    assert any("new places in and around a wijk in Maassluis" in b.description for b in red.binding)
    assert verify(region, scenario, red) == []
