"""Time each seed region end to end in Python (load pack + scenario, solve; no, default and complete explanations).

    python -m benchmarks.seeds [--repeats 3]
"""

from __future__ import annotations

import argparse
import statistics
import time

from data import list_regions, load_region, load_scenario
from models import Result
from optimiser.solving import solve_scenario


def _solve(code: str, **options: object) -> tuple[float, Result]:
    start = time.perf_counter()
    region = load_region(code)
    scenario = load_scenario(region)
    opts = scenario.solver.model_copy(update=options)
    result = solve_scenario(region, scenario.model_copy(update={"solver": opts}))
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print("| region | status | gap | solve, no explanations (s) | with explanations (s) | drivers named | "
          "families left untested | complete explanation (s) | drivers then |")
    print("|---|---|---|---|---|---|---|---|---|")
    for code in list_regions():
        bare = [_solve(code, explain=False) for _ in range(args.repeats)]
        default = [_solve(code, explain=True) for _ in range(args.repeats)]
        complete = [_solve(code, explain=True, explain_time=600.0) for _ in range(args.repeats)]
        result, full = default[-1][1], complete[-1][1]
        print(f"| {code} | {result.status} | {result.gap} | {statistics.median(t for t, _ in bare):.2f} | "
              f"{statistics.median(t for t, _ in default):.2f} | {len(result.binding)} | "
              f"{', '.join(result.unexplained_rules) or '-'} | {statistics.median(t for t, _ in complete):.2f} | "
              f"{len(full.binding)} |")


if __name__ == "__main__":
    main()
