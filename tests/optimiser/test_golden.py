"""The four seed regions give the same allocations as the results recorded before the layered structure
(``tests/golden/<region>.csv``, written by ``regio solve REGION --no-explain --show-confidential --out DIR``:
the full allocation, vrouwenopvang per wijk included, as the solve holds it in memory)."""

from __future__ import annotations

from pathlib import Path

import pytest

from data import load_region, load_scenario
from optimiser.report.files import write
from optimiser.solving import solve_scenario

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("code", ["dwo", "mvs", "maastricht-heuvelland", "midden-ijssel"])
def test_seed_allocations_are_unchanged(code: str, tmp_path: Path) -> None:
    region = load_region(code)
    scenario = load_scenario(region)
    scenario = scenario.model_copy(update={"solver": scenario.solver.model_copy(update={"explain": False})})
    write(solve_scenario(region, scenario), tmp_path)
    recorded = (GOLDEN / f"{code}.csv").read_text(encoding="utf-8").splitlines()
    assert (tmp_path / "allocation.csv").read_text(encoding="utf-8").splitlines() == recorded
