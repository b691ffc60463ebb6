"""Build and solve the national instance region by region, in parallel, and record the figures.

    python -m benchmarks.run [--seed 2026] [--regions N] [--workers 2] [--time-limit 20] [--gap 0.001] [--out FILE]

``--seed`` draws another instance of the same shape (benchmarks.generate). Each region is solved as the product
solves it (``optimiser.solving.solve_stages``: the coarse model's stages, the layout of its plan, then the
model's own). Per region: model-build seconds, solve seconds (every stage), of which bounding seconds (the coarse
model's stages and the layout), whether the layout was found, end-to-end seconds, status and worst gap of the
model's own stages, variables and rows, and the rules its plan breaks according to the independent verifier
(none expected). Overall: wall time,
build share, worst gap, peak memory.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version
from pathlib import Path

import pulp

from benchmarks.generate import national
from models import Region, Scenario, Status
from optimiser.extract import extract
from optimiser.formulation import build
from optimiser.solvers import backend
from optimiser.solving import solve_stages
from optimiser.verify import verify


def solve_region(job: tuple[Region, Scenario, float, float]) -> dict:
    region, scenario, time_limit, gap = job
    start = time.perf_counter()
    model = build(region, scenario)
    built = time.perf_counter() - start
    solver = backend("highs", time_limit=time_limit, threads=1, seed=0, gap=gap)
    model, every, values = solve_stages(region, scenario, solver, model=model)
    end = time.perf_counter() - start
    steps = {step.name for step in model.tie_break}
    stages = [(n, s) for n, s in every if n in model.terms or n in steps]  # the model's own
    bounding = [(n, s) for n, s in every if (n, s) not in stages]  # the coarse model's stages and the layout
    gaps = [s.gap for _, s in stages if s.gap is not None]
    solved = all(s.status in (Status.optimal, Status.time_limit) for _, s in stages)
    status = Status.optimal if all(s.status == Status.optimal for _, s in stages) else Status.time_limit
    broken = verify(region, scenario, extract(model, values, status=status, solver=solver.name,
                                              solver_version=solver.version, stages=[],
                                              gap=max(gaps) if gaps else None)) if solved else []
    return {
        "region": region.code,
        "municipalities": len(region.municipalities),
        "wijken": len(region.wijken),
        "variables": len(model.prob.variables()),
        "rows": len(model.prob.constraints()),
        "build_s": round(built, 3),
        "solve_s": round(sum(s.seconds for _, s in every), 3),
        "bounding_s": round(sum(s.seconds for _, s in bounding), 3),
        "located": any(n == "located" and s.status.solved for n, s in bounding),
        "total_s": round(end, 3),
        "status": Status.optimal.value if all(s.status == Status.optimal for _, s in stages) else
                  ",".join(sorted({s.status for _, s in stages})),
        "worst_gap": max(gaps) if gaps else None,
        "stages": {n: round(s.seconds, 3) for n, s in stages},
        "stage_gaps": {n: (None if s.gap is None else round(s.gap, 6)) for n, s in stages},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "verifier": broken[:5],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2026, help="draws the instance (same shape, other figures)")
    parser.add_argument("--regions", type=int, default=43)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--time-limit", type=float, default=20.0, help="seconds per stage and region")
    parser.add_argument("--gap", type=float, default=0.001, help="relative MIP gap per stage")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    start = time.perf_counter()
    instance = national(seed=args.seed)[: args.regions]
    generated = time.perf_counter() - start
    jobs = [(r, s, args.time_limit, args.gap) for r, s in instance]
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        rows = list(pool.map(solve_region, jobs))
    wall = time.perf_counter() - start
    build_total = sum(r["build_s"] for r in rows)
    # a region whose tie-break stopped at its time limit skips the later steps: not counted as within the gap
    stage_names = list(dict.fromkeys(n for r in rows for n in r["stage_gaps"]))
    cpu_total = sum(r["total_s"] for r in rows)
    summary = {
        "seed": args.seed,
        "regions": len(rows),
        "municipalities": sum(r["municipalities"] for r in rows),
        "wijken": sum(r["wijken"] for r in rows),
        "variables": sum(r["variables"] for r in rows),
        "rows": sum(r["rows"] for r in rows),
        "workers": args.workers,
        "gap_target": args.gap,
        "generate_s": round(generated, 2),
        "wall_s": round(wall, 2),
        "build_share": round(build_total / cpu_total, 3) if cpu_total else None,
        "bounding_share": round(sum(r["bounding_s"] for r in rows) / cpu_total, 3) if cpu_total else None,
        "located": sum(r["located"] for r in rows),
        # per stage of the model's own: how many regions reached the gap, and the median gap
        "stages_within_gap": {n: sum(n in r["stage_gaps"] and (r["stage_gaps"][n] or 0.0) <= args.gap + 1e-12
                                     for r in rows) for n in stage_names},
        "median_stage_gap": {n: round(statistics.median(gaps), 6) for n in stage_names
                             if (gaps := [r["stage_gaps"][n] or 0.0 for r in rows if n in r["stage_gaps"]])},
        "worst_gap": max((r["worst_gap"] or 0.0) for r in rows),
        "all_within_gap": all((r["worst_gap"] or 0.0) <= args.gap + 1e-12 for r in rows),
        "statuses": sorted({r["status"] for r in rows}),
        "verifier_findings": sum(len(r["verifier"]) for r in rows),
        "peak_rss_mb_worker": max(r["peak_rss_mb"] for r in rows),
        "peak_rss_mb_main": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "python": platform.python_version(),
        "highspy": version("highspy"),
        "pulp": pulp.__version__,
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}",
    }
    print(json.dumps(summary, indent=2))
    if args.out:
        args.out.write_text(json.dumps({"summary": summary, "regions": rows}, indent=1))


if __name__ == "__main__":
    main()
