"""The formulation study: approaches to the lexicographic stages side by side, per region.

    python -m benchmarks.formulations [--national 4] [--time-limit 10] [--gap 0.001] [--workers 2] [--out FILE]

Every approach solves the same regions (the four seed regions and the first ``--national`` regions of the
national instance) under the same rules, with the same limit per stage and the same relative gap at which a
stage may stop. Per approach and region: seconds to the end of the last stage (the time to the gap where every
stage reached it), the worst stage gap, branch-and-bound nodes summed over the stages (HiGHS only), the terms'
values, and the rules the plan breaks according to the independent verifier.

Approaches:

- ``per-wijk``: the model alone, each stage from the previous stage's plan (the product before the coarse
  bounds);
- ``municipal-bounds``: the product's path (``optimiser.solving.solve_stages``): the stages first on the coarse
  model, each municipality's wijken together, its plan laid out over the wijken, and the full stages started
  from that layout with the coarse optima as bounds. ``loss`` is how far the full optima lie above the coarse
  ones, summed over the terms before disruption (0: the split into municipalities and wijken lost nothing);
- ``merged-deviation``: the largest and the total fair-share deviation in one stage, weighted exactly
  (``(sum of the deviations' bounds + 1) * largest + total``);
- ``split-disruption``: disruption as two stages, closures and sites first, then the spreading over wijken;
- ``symmetry``: the per-wijk model with the sites of interchangeable wijken (see below) ordered: the first
  wijk by code holds at least as many sites of a group in each year as the next. It leaves the terms' optima
  as they are but not the tie-break, which may have preferred the other wijk;
- ``cpsat-2``: the per-wijk model on OR-Tools CP-SAT with a portfolio of 2 workers.

Symmetry: wijken of one municipality that the rules cannot tell apart (same draagkracht, same load today, no
rule naming one of them) are interchangeable; ``--symmetry`` counts them per region instead of solving.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import time
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pulp

from benchmarks.generate import national
from data import list_regions, load_region, load_scenario
from models import Region, Scenario, Status
from optimiser import solvers
from optimiser.extract import extract
from optimiser.formulation import AllocationModel, ModelData, build
from optimiser.formulation.disruption import DISRUPTION, closures_and_sites
from optimiser.solvers import Backend, SolveInfo, backend
from optimiser.solving import run_stages, solve_stages
from optimiser.verify import verify

APPROACHES = ("per-wijk", "municipal-bounds", "merged-deviation", "split-disruption", "symmetry", "cpsat-2")

#: branch-and-bound nodes and seconds inside HiGHS of the solves in this process
_NODES = [0]
_INSIDE = [0.0]
_call = solvers._WarmHiGHS.callSolver


def _counted(self: solvers._WarmHiGHS, lp: pulp.LpProblem) -> None:
    start = time.perf_counter()
    _call(self, lp)
    _INSIDE[0] += time.perf_counter() - start
    _NODES[0] += int(lp.solverModel.getInfo().mip_node_count)


solvers._WarmHiGHS.callSolver = _counted  # type: ignore[method-assign]


def _merge_deviation(model: AllocationModel) -> None:
    if "max_deviation" not in model.terms:
        return
    weight = 1 + sum(int(v.upBound or 0) for v in model.terms["total_deviation"])
    merged = weight * model.terms["max_deviation"] + model.terms["total_deviation"]
    model.terms = {("deviation" if k == "total_deviation" else k): (merged if k == "total_deviation" else v)
                   for k, v in model.terms.items() if k != "max_deviation"}


def _split_disruption(model: AllocationModel) -> None:
    whole = model.terms["disruption"]
    core = closures_and_sites(whole)
    spread = pulp.LpAffineExpression({v: c for v, c in whole.items() if abs(c) < DISRUPTION})
    model.terms = {**{k: v for k, v in model.terms.items() if k != "disruption"},
                   "closures_and_sites": core, "spreading": spread}


def _solve(approach: str, region: Region, scenario: Scenario, time_limit: float,
           gap: float) -> tuple[AllocationModel, list[tuple[str, SolveInfo]], dict[str, float], Backend]:
    name, threads = ("cpsat", 2) if approach == "cpsat-2" else ("highs", 1)
    solver = backend(name, time_limit=time_limit, threads=threads, seed=0, gap=gap)
    if approach == "municipal-bounds":
        model, stages, values = solve_stages(region, scenario, solver)
        return model, stages, values, solver
    model = build(region, scenario)
    if approach == "symmetry":
        _order_interchangeable(model)
    elif approach == "merged-deviation":
        _merge_deviation(model)
    elif approach == "split-disruption":
        _split_disruption(model)
    stages, values = run_stages(model, solver)
    return model, stages, values, solver


def measure(job: tuple[str, str, float, float, int]) -> dict[str, Any]:
    """One approach on one region (a seed region's code, or ``national:i``)."""
    approach, code, time_limit, gap, seed = job
    if code.startswith("national:"):
        region, scenario = national(seed=seed)[int(code.split(":")[1])]
    else:
        region = load_region(code)
        scenario = load_scenario(region)
    _NODES[0], _INSIDE[0] = 0, 0.0
    start = time.perf_counter()
    model, stages, values, solver = _solve(approach, region, scenario, time_limit, gap)
    seconds = time.perf_counter() - start
    steps = {step.name for step in model.tie_break}
    own = [(n, s) for n, s in stages if n in model.terms or n in steps]
    coarse = {n[len("municipal("):-1]: s for n, s in stages if n.startswith("municipal(")}
    gaps = [s.gap for _, s in own if s.gap is not None]
    solved = bool(own) and all(s.status.solved for _, s in own)
    status = Status.optimal if solved and all(s.status == Status.optimal for _, s in own) else Status.time_limit
    broken = verify(region, scenario, extract(model, values, status=status, solver=solver.name,
                                              solver_version=solver.version, stages=[], gap=None)) if solved else []
    row: dict[str, Any] = {
        "approach": approach, "region": region.code, "wijken": len(region.wijken),
        "seconds": round(seconds, 2), "status": status.value if solved else "failed",
        "worst_gap": round(max(gaps), 6) if gaps else None,
        "nodes": _NODES[0] if solver.name == "highs" else None,
        # the time outside HiGHS (handing the model over each stage, Python): what reusing one solver model
        # across the stages could save at most
        "outside_solver_s": round(seconds - _INSIDE[0], 2) if solver.name == "highs" else None,
        "stages": {n: [round(s.seconds, 2), None if s.gap is None else round(s.gap, 6)] for n, s in stages},
        "values": values, "verifier": len(broken),
    }
    if coarse:
        # how far the model's values lie above the coarse bounds, summed over the terms before disruption
        row["loss"] = sum(values[n] - math.ceil((s.bound or 0) - 1e-6) for n, s in coarse.items()
                          if n in values and n != "disruption" and s.status.solved)
        row["located"] = any(n == "located" and s.status.solved for n, s in stages)
    return row


def _order_interchangeable(model: AllocationModel) -> None:
    for twins in interchangeable(model.data):
        for a, b in zip(twins, twins[1:], strict=False):
            for (area, group, t), n in model.sites.items():
                if area == a and (b, group, t) in model.sites:
                    model.hard(n >= model.sites[b, group, t], "symmetry", a, b, group, t)


def symmetric_wijken(region: Region, scenario: Scenario) -> int:
    """How many wijken share their municipality, draagkracht and load today with another wijk, and are named
    by no wijk-level rule: the rules cannot tell them apart."""
    from optimiser.formulation import prepare

    return sum(len(twins) for twins in interchangeable(prepare(region, scenario)))


def interchangeable(d: ModelData) -> list[list[str]]:
    """Sets of wijken (sorted by code, two or more) that the rules cannot tell apart."""
    named = {a for per in d.candidate_room.values() for a in per} | {a for b in d.building_areas.values() for a in b}
    named |= {a for a, around in d.neighbours.items() if around} | {a for p in d.close_pairs for a in p[:2]}
    seen: dict[tuple[str, float, float], list[str]] = {}
    for m, ws in d.wijken.items():
        for w in ws:
            if w in named:
                continue
            cap = d.draagkracht[w].capacity if w in d.draagkracht else -1.0
            seen.setdefault((m, round(cap, 6), round(d.existing_load.get(w, 0.0), 6)), []).append(w)
    return [sorted(ws) for ws in seen.values() if len(ws) > 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--national", type=int, default=4, help="how many regions of the national instance")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds per stage")
    parser.add_argument("--gap", type=float, default=0.001)
    parser.add_argument("--workers", type=int, default=2, help="approaches and regions solved side by side")
    parser.add_argument("--approaches", default=",".join(APPROACHES))
    parser.add_argument("--symmetry", action="store_true", help="count interchangeable wijken and stop")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    regions = [*list_regions(), *(f"national:{i}" for i in range(args.national))]
    if args.symmetry:
        drawn = national(seed=args.seed)
        for code in regions:
            r, s = drawn[int(code.split(":")[1])] if code.startswith("national:") else (
                (region := load_region(code)), load_scenario(region))
            print(f"{r.code}: {symmetric_wijken(r, s)} of {len(r.wijken)} wijken interchangeable")
        return
    jobs = [(a, code, args.time_limit, args.gap, args.seed) for code in regions for a in args.approaches.split(",")]
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        rows = list(pool.map(measure, jobs))
    print("| region | approach | s to the gap | worst gap | nodes | outside HiGHS (s) | loss | verifier |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['region']} | {r['approach']} | {r['seconds']:.2f} | {r['worst_gap']} | {r['nodes']} | "
              f"{r['outside_solver_s']} | {r.get('loss', '')} | {r['verifier']} |")
    if args.out:
        doc = {"date": time.strftime("%Y-%m-%d"), "machine": f"{platform.processor() or platform.machine()}",
               "python": platform.python_version(), "highspy": version("highspy"), "pulp": pulp.__version__,
               "ortools": version("ortools"), "time_limit": args.time_limit, "gap": args.gap,
               "workers": args.workers, "rows": rows}
        args.out.write_text(json.dumps(doc, indent=1) + "\n")


if __name__ == "__main__":
    main()
