"""Time each seed region end to end in Python (load pack + scenario, solve, with and without explanations).

    python -m benchmarks.seeds [--repeats 3]
"""

from __future__ import annotations

import argparse
import statistics
import time

from data import list_regions, load_region, load_scenario
from optimiser.solving import solve_scenario


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print("| region | status | gap | solve, no explanations (s) | with explanations (s) |")
    print("|---|---|---|---|---|")
    for code in list_regions():
        times = {False: [], True: []}
        result = None
        for explain in (False, True):
            for _ in range(args.repeats):
                start = time.perf_counter()
                region = load_region(code)
                scenario = load_scenario(region)
                opts = scenario.solver.model_copy(update={"explain": explain})
                result = solve_scenario(region, scenario.model_copy(update={"solver": opts}))
                times[explain].append(time.perf_counter() - start)
        assert result is not None
        print(f"| {code} | {result.status} | {result.gap} | {statistics.median(times[False]):.2f} | "
              f"{statistics.median(times[True]):.2f} |")


if __name__ == "__main__":
    main()
