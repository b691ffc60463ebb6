"""Time and peak memory of one region as it grows: 20 to 400 wijken (about 12 per municipality), each size
solved in a fresh process so that its peak memory is its own.

    python -m benchmarks.scale [--sizes 20 50 100 200 400] [--seed 2026] [--time-limit 10] [--out DIR]

Writes ``results-scale.json`` and ``scale.png`` (seconds and peak memory against wijken) in DIR (default:
this folder). The regions are drawn as the national instance's (benchmarks.generate), with the same rules.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import platform
import time
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version
from pathlib import Path

from benchmarks.generate import national
from benchmarks.run import solve_region


def one_size(wijken: int, seed: int, time_limit: float, gap: float) -> dict:
    municipalities = max(2, round(wijken / 12))
    ((region, scenario),) = national(seed=seed, regions=1, municipalities=municipalities, wijken=wijken,
                                     per_region=(municipalities, municipalities))
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(solve_region, (region, scenario, time_limit, gap)).result()


def plot(rows: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    wijken = [r["wijken"] for r in rows]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    left.plot(wijken, [r["total_s"] for r in rows], marker="o", label="end to end")
    left.plot(wijken, [r["build_s"] for r in rows], marker="s", label="building the model")
    left.set_xlabel("wijken in the region")
    left.set_ylabel("seconds")
    left.set_title("Time against region size")
    for r in rows:
        if r["status"] != "optimal":
            left.annotate(f"gap {r['worst_gap']:.1%}", (r["wijken"], r["total_s"]), textcoords="offset points",
                          xytext=(4, -12), fontsize=8)
    left.legend()
    right.plot(wijken, [r["peak_rss_mb"] for r in rows], marker="o", color="tab:red")
    right.set_xlabel("wijken in the region")
    right.set_ylabel("peak memory of the solving process (MB)")
    right.set_title("Memory against region size")
    for axis in (left, right):
        axis.grid(alpha=0.3)
        axis.set_ylim(bottom=0)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20, 50, 100, 200, 400])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds per stage")
    parser.add_argument("--gap", type=float, default=0.001)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in args.sizes:
        start = time.perf_counter()
        row = one_size(size, args.seed, args.time_limit, args.gap)
        row["wall_s"] = round(time.perf_counter() - start, 2)
        rows.append(row)
        print(f"{size} wijken: {row['total_s']} s, {row['status']}, worst gap {row['worst_gap']}, "
              f"{row['peak_rss_mb']} MB", flush=True)
    figures = {"date": time.strftime("%Y-%m-%d"), "python": platform.python_version(),
               "highspy": version("highspy"), "pulp": version("pulp"), "seed": args.seed,
               "time_limit": args.time_limit, "gap": args.gap, "sizes": rows}
    (args.out / "results-scale.json").write_text(json.dumps(figures, indent=1))
    plot(rows, args.out / "scale.png")


if __name__ == "__main__":
    main()
