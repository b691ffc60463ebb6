from __future__ import annotations

import pytest

from models import Region, Result, Scenario
from tests.factories import tiny_region, tiny_scenario
from tests.optimiser.verify.cases import solve


@pytest.fixture(scope="package")
def tiny() -> tuple[Region, Scenario, Result]:
    """The tiny region's known optimum: Astad keeps 48 BW places in 2024 and 26 from 2025, Bdorp opens one
    site of 22 in B-Oost; flexwoningen 2 + 2 in 2025 and 5 + 5 in 2026 in A-Zuid and B-West."""
    region, scenario = tiny_region(), tiny_scenario()
    return region, scenario, solve(region, scenario)
