"""Small fixtures shared by every test package: a tiny region (with and without drawn wijk boundaries), a tiny
scenario, and DWO solved three ways for comparisons. The service's fixtures (settings, client, tokens) live in
``tests/api/conftest.py``."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from shapely.geometry import box

from data import derive_scenario, load_region, load_scenario
from models import Region, Result, Scenario
from optimiser.solving import solve_scenario
from tests.factories import tiny_region, tiny_scenario

X0, Y0 = 84000, 445000  # EPSG:28992, near Delft


@pytest.fixture(autouse=True)
def _packs_dir_kept() -> Iterator[None]:
    """``regio --packs`` and ``regio check FOLDER`` add to REGIO_PACKS_DIR for the rest of their process; in the
    test process each test starts from the variable as it was."""
    before = os.environ.get("REGIO_PACKS_DIR")
    yield
    if before is None:
        os.environ.pop("REGIO_PACKS_DIR", None)
    else:
        os.environ["REGIO_PACKS_DIR"] = before


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


@pytest.fixture(scope="session")
def dwo_three_ways() -> tuple[Region, list[Result]]:
    """DWO solved three ways (explanations off, a few seconds each): the pack's default scenario, Westland
    (GM1783) held at 30 BT places, and demand 10 % higher."""
    region = load_region("dwo")
    base = derive_scenario(region, load_scenario(region), {"solver": {"explain": False}})
    capped = derive_scenario(region, base, {"name": "westland-bt-30", "caps": {"GM1783": {"bt": 30}}})
    more = derive_scenario(region, base, {"name": "vraag-plus-10", "demand": {
        t: {y: round(n * 1.1) for y, n in per.items()} for t, per in base.demand.items()}})
    return region, [solve_scenario(region, s) for s in (base, capped, more)]
