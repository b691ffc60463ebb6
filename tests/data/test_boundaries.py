"""A pack's geometry belongs to the region object: a copy under a new code solves like the shipped pack,
and a spawned worker process sees the same adjacency as the main process."""

from __future__ import annotations

import multiprocessing
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import yaml
from shapely.geometry import box

from data import load_region, load_scenario, pack_dir
from models import Region
from optimiser.geography import adjacency
from optimiser.solving import solve_scenario
from tests.factories import tiny_region


def test_a_pack_copied_to_a_path_under_a_new_code_solves_like_the_shipped_one(tmp_path: Path) -> None:
    copy = tmp_path / "my-pack"
    shutil.copytree(pack_dir("dwo"), copy)
    doc = yaml.safe_load((copy / "region.yaml").read_text(encoding="utf-8"))
    doc["code"] = "mijn-regio"
    (copy / "region.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")

    shipped, mine = load_region("dwo"), load_region(copy)
    assert mine.code == "mijn-regio"
    assert mine.boundaries.keys() == shipped.boundaries.keys() and len(mine.boundaries) == 28
    assert adjacency(mine) == adjacency(shipped)

    scenario = load_scenario(shipped)
    scenario = scenario.model_copy(update={
        "spreading": scenario.spreading.model_copy(update={"mode": "neighbour_cap", "neighbour_cap": 6}),
        "solver": scenario.solver.model_copy(update={"explain": False}),
    })
    a, b = solve_scenario(shipped, scenario), solve_scenario(mine, scenario)
    assert a.status == b.status == "optimal"
    assert a.allocation == b.allocation
    assert a.objective == b.objective
    # the rule really reached the model: no wijk with its neighbours holds more than 6 new places of a type
    neighbours = adjacency(mine)
    new = {(r.wijk, r.type): r.new_places for r in b.allocation if r.year == scenario.years[-1] and r.wijk}
    for (wijk, type_), _n in new.items():
        window = sum(new.get((w, type_), 0) for w in [wijk, *neighbours[wijk]])
        assert window <= 6, (wijk, type_, window)


def _adjacency_in_worker(region: Region) -> dict[str, set[str]]:
    return adjacency(region)


def test_a_spawned_worker_sees_the_same_adjacency() -> None:
    x0, y0 = 84000, 445000
    region = tiny_region(code="drawn-by-hand", boundaries={
        "WK000101": box(x0, y0, x0 + 1000, y0 + 1000),
        "WK000102": box(x0 + 1000, y0, x0 + 2000, y0 + 1000),
        "WK000201": box(x0 + 2000, y0, x0 + 3000, y0 + 1000),
        "WK000202": box(x0 + 9000, y0, x0 + 10000, y0 + 1000),
    })
    here = adjacency(region)
    assert here == {"WK000101": {"WK000102"}, "WK000102": {"WK000101", "WK000201"},
                    "WK000201": {"WK000102"}, "WK000202": set()}
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        there = pool.submit(_adjacency_in_worker, region).result(timeout=120)
    assert there == here
