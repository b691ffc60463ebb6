"""Sweep files: variants spelled out by grid, zip or list, changes by dotted path, all validated before a solve."""

from __future__ import annotations

from pathlib import Path

import pytest

from data import PackError, load_region, load_scenario
from data.sweep import MAX_VARIANTS, Factor, load_sweep, sweep_spec, variants_of


@pytest.fixture(scope="module")
def mi():  # type: ignore[no-untyped-def]
    region = load_region("midden-ijssel")
    return region, load_scenario(region)


def test_a_grid_is_every_combination_and_a_factor_rounds_whole_places_half_up(mi) -> None:  # type: ignore[no-untyped-def]
    region, base = mi
    spec = sweep_spec({"vary": {"demand.bw.*": ["x1.0", "×1.2"], "caps.GM0150.bw": [90, 120, 150]}})
    variants = variants_of(region, base, spec)
    assert [v.name for v in variants] == ["v1", "v2", "v3", "v4", "v5", "v6"]
    assert [(v.values["demand.bw.*"], v.values["caps.GM0150.bw"]) for v in variants][:4] == [
        (Factor(1.0), 90), (Factor(1.0), 120), (Factor(1.0), 150), (Factor(1.2), 90)]
    # 178, 176, 173 x 1.2 = 213.6, 211.2, 207.6: whole places, half up
    assert base.demand["bw"] == {2024: 178, 2025: 176, 2026: 173}
    assert variants[3].scenario.demand["bw"] == {2024: 214, 2025: 211, 2026: 208}
    assert variants[3].rounded == ["demand.bw.2024", "demand.bw.2025", "demand.bw.2026"]
    assert variants[0].rounded == [] and variants[0].scenario.demand == base.demand
    # a path that did not exist is made: Deventer had no cap
    assert variants[4].scenario.caps == {"GM0150": {"bw": 120}}
    assert variants[0].scenario.name == "wachttijd-2024-2026-v1"
    assert not variants[0].scenario.solver.explain  # a sweep explains nothing unless asked
    assert len({v.digest for v in variants}) == 6


def test_zip_pairs_values_and_identical_variants_share_one_hash(mi) -> None:  # type: ignore[no-untyped-def]
    region, base = mi
    spec = sweep_spec({"mode": "zip", "vary": {"demand.bw.2026": [173, 180, 173],
                                               "draagkracht.places_per_1000": [4.0, 5.0, 4.0]}})
    variants = variants_of(region, base, spec)
    assert [(v.scenario.demand["bw"][2026], v.scenario.draagkracht.places_per_1000) for v in variants] == [
        (173, 4.0), (180, 5.0), (173, 4.0)]
    assert variants[0].digest == variants[2].digest != variants[1].digest


def test_a_list_names_its_variants_and_set_applies_to_all(mi) -> None:  # type: ignore[no-untyped-def]
    region, base = mi
    spec = sweep_spec({"mode": "list", "set": {"solver.time_limit": 30},
                       "variants": [{"name": "laag", "demand.bw.*": "x0,9"}, {"budget.ingroeipad_years": 5}]})
    variants = variants_of(region, base, spec)
    assert [v.name for v in variants] == ["laag", "v2"]
    assert variants[0].scenario.demand["bw"] == {2024: 160, 2025: 158, 2026: 156}  # 160.2, 158.4, 155.7
    assert variants[1].scenario.budget.ingroeipad_years == 5
    assert {v.scenario.solver.time_limit for v in variants} == {30}


@pytest.mark.parametrize(("doc", "message"), [
    ({"mode": "zip", "vary": {"demand.bw.2024": [1, 2], "caps.GM0150.bw": [1]}},
     "sweep: mode zip: every path needs as many values (demand.bw.2024: 2, caps.GM0150.bw: 1)"),
    ({"vary": {"demand.xx.*": ["x1.2"]}}, "sweep: v1: demand.xx.*: the scenario has no demand.xx to multiply"),
    ({"vary": {"demand.*.2030": ["x1.2"]}}, "sweep: v1: demand.*.2030: the scenario has no demand.bw.2030 to multiply"),
    ({"vary": {"title": ["x"]}}, "sweep: v1: title: the sweep names its variants itself"),
    ({"vary": {"question": ["x1.2"]}}, "sweep: v1: question: ×1.2 needs a number, the scenario has text"),
    ({"vary": {"caps.GM9999.bw": [10]}}, "sweep: v1: caps.GM9999: unknown municipality 'GM9999'"),
    ({"vary": {"demand.bw.2024": [10, -5, -6]}},
     "sweep: v2: demand.bw.2024: -5 is negative (and 1 more variants refused)"),
    ({"vary": {f"demand.bw.{y}": list(range(30)) for y in (2024, 2025, 2026)}},
     f"sweep: 27,000 variants is more than the {MAX_VARIANTS:,} one sweep may have"),
    ({"mode": "list", "vary": {"demand.bw.2024": [1]}}, "sweep: mode list: give the variants under variants:"),
])
def test_every_variant_is_checked_before_anything_is_solved(mi, doc, message) -> None:  # type: ignore[no-untyped-def]
    region, base = mi
    with pytest.raises(PackError) as refused:
        variants_of(region, base, sweep_spec(doc))
    assert str(refused.value).startswith(message), str(refused.value)


def test_a_sweep_file_is_read_with_its_name_in_the_messages(tmp_path: Path) -> None:
    path = tmp_path / "hoger.yaml"
    path.write_text("vary:\n  demand.bw.*: [x1.0, x1.2]\n  caps.GM0150.bw: 100\n", encoding="utf-8")
    spec = load_sweep(path)
    assert spec.vary == {"demand.bw.*": ["x1.0", "x1.2"], "caps.GM0150.bw": [100]}
    path.write_text("vary: [1, 2]\n", encoding="utf-8")
    with pytest.raises(PackError, match=r"^hoger.yaml: vary"):
        load_sweep(path)
