"""Build and solve the national instance region by region, in parallel, and record the figures.

    python -m benchmarks.run [--seed 2026] [--regions N] [--workers 2] [--time-limit 20] [--gap 0.001] [--out FILE]

``--seed`` draws another instance of the same shape (benchmarks.generate). Per region: model-build seconds,
solve seconds (sum of the lexicographic stages), end-to-end seconds, status, worst stage gap, variables and
rows, and the rules its plan breaks according to the independent verifier (none expected). Overall: wall time,
build share, worst gap, peak memory.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from benchmarks.generate import national
from models import Region, Scenario, Status
from optimiser.extract import extract
from optimiser.formulation import build
from optimiser.solvers import backend
from optimiser.solving import run_stages
from optimiser.verify import verify


def solve_region(job: tuple[Region, Scenario, float, float]) -> dict:
    region, scenario, time_limit, gap = job
    start = time.perf_counter()
    model = build(region, scenario)
    built = time.perf_counter() - start
    solver = backend("highs", time_limit=time_limit, threads=1, seed=0, gap=gap)
    stages, values = run_stages(model, solver)
    end = time.perf_counter() - start
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
        "solve_s": round(sum(s.seconds for _, s in stages), 3),
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
        "worst_gap": max((r["worst_gap"] or 0.0) for r in rows),
        "all_within_gap": all((r["worst_gap"] or 0.0) <= args.gap + 1e-12 for r in rows),
        "statuses": sorted({r["status"] for r in rows}),
        "verifier_findings": sum(len(r["verifier"]) for r in rows),
        "peak_rss_mb_worker": max(r["peak_rss_mb"] for r in rows),
        "peak_rss_mb_main": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "python": platform.python_version(),
    }
    print(json.dumps(summary, indent=2))
    if args.out:
        args.out.write_text(json.dumps({"summary": summary, "regions": rows}, indent=1))


if __name__ == "__main__":
    main()
