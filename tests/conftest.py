"""Small fixtures shared by every test package: a tiny region (with and without drawn wijk boundaries) and
a tiny scenario. The service's fixtures (settings, client, tokens) live in ``tests/api/conftest.py``."""

from __future__ import annotations

import pytest
from shapely.geometry import box

from models import Region, Scenario
from tests.factories import tiny_region, tiny_scenario

X0, Y0 = 84000, 445000  # EPSG:28992, near Delft


@pytest.fixture()
def region() -> Region:
    """Two municipalities of two wijken each, a clustered BW type (sites of 20-24) and flexwoningen."""
    return tiny_region()


@pytest.fixture()
def region_with_boundaries() -> Region:
    """The tiny region with its four wijken drawn as 1 km squares in a row: A-Noord, A-Zuid, B-Oost, B-West."""
    codes = ["WK000101", "WK000102", "WK000201", "WK000202"]
    return tiny_region(boundaries={c: box(X0 + 1000 * i, Y0, X0 + 1000 * (i + 1), Y0 + 1000)
                                   for i, c in enumerate(codes)})


@pytest.fixture()
def scenario() -> Scenario:
    """48 BW places and 4 then 10 flexwoningen over 2024-2026, budget off, explanations off."""
    return tiny_scenario(solver={"explain": False})
