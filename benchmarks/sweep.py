"""A national sweep: every region of the national instance x a few demand variants, in one command, on a local
Dask cluster (or the local process pool), through the same executor and job function as ``regio sweep``.

    python -m benchmarks.sweep [--regions 43] [--factors 1.0 1.1 1.2] [--executor dask] [--workers 2]
                               [--time-limit 3] [--gap 0.001] [--out FILE]

Each variant multiplies every demand figure of a region's scenario (``demand.*.*: xF``, whole places half up)
and is validated like any sweep variant; jobs carry their region and scenario to whichever worker takes them.
Recorded: wall time (from the first job handed out to the last result, and with the cluster's start), jobs per
minute, the solver's own seconds (the lexicographic stages), the jobs' seconds (build, solve, extract) and the
share of the workers' time spent outside the solver (1 - solver seconds / (wall x workers)).
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from collections import Counter
from importlib.metadata import version
from pathlib import Path

from benchmarks.generate import national
from data.sweep import sweep_spec, variants_of
from models import Region, Result, Scenario
from optimiser.executors import executor
from optimiser.sweep import solve_job


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regions", type=int, default=43)
    parser.add_argument("--factors", type=float, nargs="+", default=[1.0, 1.1, 1.2])
    parser.add_argument("--executor", choices=["local", "dask"], default="dask")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--time-limit", type=float, default=3.0, help="seconds per stage and job")
    parser.add_argument("--gap", type=float, default=0.001, help="relative MIP gap per stage")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()

    start = time.perf_counter()
    spec = sweep_spec({"vary": {"demand.*.*": [f"x{f}" for f in args.factors]},
                       "set": {"solver.time_limit": args.time_limit, "solver.gap": args.gap}})
    jobs: dict[str, tuple[Region, Scenario]] = {}
    for region, scenario in national()[: args.regions]:
        for variant in variants_of(region, scenario, spec, region.code):
            jobs[f"{region.code}-{variant.name}"] = (region, variant.scenario)
    planned = time.perf_counter() - start

    results: dict[str, Result | BaseException] = {}
    with executor(args.executor, workers=args.workers) as run:
        ready = time.perf_counter()
        for key, outcome in run(solve_job, jobs):
            results[key] = outcome
        done = time.perf_counter()
    solved = {k: r for k, r in results.items() if isinstance(r, Result)}
    solver_s = sum(s.seconds for r in solved.values() for s in r.stages)
    job_s = sum(r.wall_time for r in solved.values())
    wall = done - ready
    gaps = [r.gap or 0.0 for r in solved.values()]
    summary = {
        "jobs": len(jobs),
        "regions": args.regions,
        "variants_per_region": len(args.factors),
        "executor": args.executor,
        "workers": args.workers,
        "time_limit_per_stage_s": args.time_limit,
        "gap_target": args.gap,
        "plan_and_validate_s": round(planned, 2),
        "executor_start_s": round(ready - start - planned, 2),
        "wall_s": round(wall, 1),
        "wall_with_start_s": round(done - start, 1),
        "jobs_per_minute": round(60 * len(jobs) / wall, 1),
        "solver_s": round(solver_s, 1),
        "job_s": round(job_s, 1),
        "share_outside_solver": round(1 - solver_s / (wall * args.workers), 3),
        "share_of_job_time_outside_solver": round(1 - solver_s / job_s, 3) if job_s else None,
        "statuses": dict(Counter(r.status.value if isinstance(r, Result) else "failed" for r in results.values())),
        "within_gap": sum(g <= args.gap + 1e-12 for g in gaps),
        "worst_gap": max(gaps, default=0.0),
        "python": platform.python_version(),
        "versions": {p: version(p) for p in ("highspy", "pulp", "distributed", "dask")},
        "date": time.strftime("%Y-%m-%d"),
    }
    print(json.dumps(summary, indent=2))
    if args.out:
        rows = [{"job": k, "status": r.status.value, "gap": r.gap, "seconds": round(r.wall_time, 3),
                 "solver_s": round(sum(s.seconds for s in r.stages), 3)} if isinstance(r, Result) else
                {"job": k, "status": "failed", "error": str(r)} for k, r in sorted(results.items())]
        args.out.write_text(json.dumps({"summary": summary, "jobs": rows}, indent=1))


if __name__ == "__main__":
    main()
