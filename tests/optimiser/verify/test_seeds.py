"""Every seed region's default scenario, solved, passes every family's check."""

from __future__ import annotations

import pytest

from data import load_region, load_scenario
from optimiser.verify import CHECKS, read, verify
from tests.optimiser.verify.cases import solve

SEEDS = ["dwo", "mvs", "maastricht-heuvelland", "midden-ijssel"]


@pytest.mark.parametrize("code", SEEDS)
def test_seed_default_scenario_passes_every_family(code):
    region = load_region(code)
    scenario = load_scenario(region)
    result = solve(region, scenario)
    assert verify(region, scenario, result) == []
    reading = read(region, scenario, result)
    assert {family: check(reading) for family, check in CHECKS.items()} == {family: [] for family in CHECKS}
