"""Shared helpers for the per-family tests: quiet scenarios, solving, and reading the allocation."""

from __future__ import annotations

from typing import Any

from models import Region, Result, Scenario
from optimiser.formulation import AllocationModel
from optimiser.solvers import backend
from optimiser.solving import run_stages, solve_scenario
from tests.factories import tiny_scenario


def quiet(**overrides: Any) -> Scenario:
    """``tiny_scenario`` without explanations (budget is off there unless a test turns it on)."""
    overrides.setdefault("solver", {"explain": False})
    return tiny_scenario(**overrides)


def solve(region: Region, scenario: Scenario) -> Result:
    result = solve_scenario(region, scenario)
    assert result.status == "optimal", result.diagnosis
    assert result.gap in (None, 0.0)
    return result


def stage_values(model: AllocationModel, terms: tuple[str, ...] | None = None) -> dict[str, float]:
    """Run the lexicographic stages on a (possibly altered) model; every stage must solve."""
    stages, values = run_stages(model, backend("highs"), terms=terms)
    assert [info.status for _, info in stages] == ["optimal"] * len(stages)
    return values


def places(result: Result, type_code: str, year: int) -> dict[str, int]:
    """Places (kept + new) per municipality; municipalities without any are left out."""
    out: dict[str, int] = {}
    for a in result.allocation:
        if a.type == type_code and a.year == year:
            out[a.municipality] = out.get(a.municipality, 0) + a.places
    return out


def kept(result: Result, type_code: str, year: int) -> dict[str, int]:
    """Today's places still open per municipality."""
    out: dict[str, int] = {}
    for a in result.allocation:
        if a.type == type_code and a.year == year and not a.new_places:
            out[a.municipality] = out.get(a.municipality, 0) + a.places
    return out


def new_by_area(result: Result, type_code: str, year: int) -> dict[str, int]:
    """New places per wijk (or municipality without wijk data)."""
    return {a.wijk or a.municipality: a.new_places for a in result.allocation
            if a.type == type_code and a.year == year and a.new_places}


def site_count(result: Result, type_code: str, year: int) -> int:
    return sum(a.sites for a in result.allocation if a.type == type_code and a.year == year)
