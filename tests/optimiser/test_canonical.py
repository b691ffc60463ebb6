"""The canonical tie-break: among allocations equal in every objective term, one is chosen by the variables'
meaning, so the answer does not depend on the backend, the column order or the order of a region's lists."""

from __future__ import annotations

from typing import Any

import pulp
import pytest

from models import AllocationRow, Region, Result, Scenario, Status
from optimiser.extract import extract
from optimiser.formulation import build
from optimiser.formulation.canonical import WEIGHTS, weight
from optimiser.solvers import Backend, SolveInfo, backend
from optimiser.solving import run_stages, solve_scenario
from tests.factories import tiny_region, tiny_scenario

STEPS = ["canonical(municipalities)", "canonical(wijken)", "canonical(sites)"]


def quiet(**overrides: Any) -> Scenario:
    overrides.setdefault("solver", {"explain": False})
    return tiny_scenario(**overrides)


def rows(result: Result) -> list[tuple[str, str, str, int, int, int, int]]:
    """The allocation as sorted tuples: independent of the order the result lists its rows in."""
    return sorted((a.municipality, a.wijk or "", a.type, a.year, a.places, a.new_places, a.sites)
                  for a in result.allocation)


def new_by_area(result: Result, type_code: str, year: int) -> dict[str, int]:
    return {a.wijk or a.municipality: a.new_places for a in result.allocation
            if a.type == type_code and a.year == year and a.new_places}


def test_weights_come_from_the_meaning_of_a_variable():
    assert weight("y", "WK000101", "flex", 2026) == 551_764
    assert weight("y", "WK000102", "flex", 2026) == 319_908
    assert weight("closed", "GM0001", "bw", 2025) == 148_184
    # the same meaning gives the same weight, whatever the caller; every weight is in 1..2^20
    assert weight("y", "WK000101", "flex", 2026) == weight("y", *("WK000101", "flex", 2026))
    assert all(1 <= weight("new", m, "bw", t) <= WEIGHTS for m in ("GM0001", "GM0002") for t in range(2020, 2040))


def test_the_tiny_tie_is_broken_by_the_weights():
    # Bdorp's one BW site fills its wijk (1,000 permille), so Astad's 5 flexwoningen of 2026 may go to either
    # Astad wijk, or be split, without changing any term. The tie-break puts them where the weight is least:
    # A-Zuid (319,908 per place) rather than A-Noord (551,764).
    result = solve_scenario(tiny_region(), quiet())
    assert result.objective == {"unmet": 0, "surplus": 0, "max_deviation": 24, "total_deviation": 34, "cost": 8_300_000,
                                "disruption": 23_100_000}
    assert new_by_area(result, "flex", 2026) == {"WK000102": 5, "WK000202": 5}
    assert new_by_area(result, "bw", 2026) == {"WK000201": 22}
    # the steps are stages of the result, proven optimal, but not objective terms
    assert [s.name for s in result.stages][-3:] == STEPS
    assert all(s.status == Status.optimal and s.gap == 0.0 for s in result.stages[-3:])
    assert not set(STEPS) & set(result.objective)


@pytest.mark.parametrize("solver", ["cbc", "cpsat"])
def test_every_backend_returns_the_same_tiny_allocation(solver):
    region = tiny_region()
    base = solve_scenario(region, quiet())
    other = solve_scenario(region, quiet(solver={"explain": False, "name": solver}))
    assert other.status == "optimal"
    assert other.objective == base.objective
    assert other.allocation == base.allocation
    assert [s.objective for s in other.stages] == [s.objective for s in base.stages]


def reordered(region: Region) -> Region:
    """The same region with its types, municipalities and wijken listed back to front."""
    doc = region.model_dump()
    for key in ("provision_types", "municipalities", "wijken"):
        doc[key] = list(reversed(doc[key]))
    return Region.model_validate(doc)


def test_the_order_of_a_regions_lists_does_not_matter():
    region = tiny_region()
    upside_down = reordered(region)
    assert [t.code for t in upside_down.provision_types] == ["flex", "bw"]
    first = solve_scenario(region, quiet())
    second = solve_scenario(upside_down, quiet())
    assert second.objective == first.objective
    assert rows(second) == rows(first)


class _Renamed(Backend):
    """HiGHS on the model with every variable renamed so that the solver sees the columns back to front."""

    name = "highs"

    def __init__(self) -> None:
        super().__init__()
        self.inner = backend("highs")

    @property
    def version(self) -> str:
        return self.inner.version

    def solve(self, prob: pulp.LpProblem) -> SolveInfo:
        variables = prob.variables()
        original = [v.name for v in variables]
        for i, v in enumerate(variables):
            v.name = f"c{len(variables) - i:05d}"
        try:
            return self.inner.solve(prob)
        finally:
            for v, old in zip(variables, original, strict=True):
                v.name = old


def solve_with(region: Region, scenario: Scenario, solver: Backend) -> list[AllocationRow]:
    model = build(region, scenario)
    stages, values = run_stages(model, solver)
    assert all(info.status == Status.optimal for _, info in stages)
    return extract(model, values, status=Status.optimal, solver=solver.name, solver_version="", stages=[],
                   gap=0.0).allocation


def test_renaming_the_variables_does_not_matter():
    # PuLP hands the columns over sorted by name: renamed back to front, the solver meets the variables in
    # the opposite order, and still returns the same allocation
    region, scenario = tiny_region(), quiet()
    assert solve_with(region, scenario, _Renamed()) == solve_with(region, scenario, backend("highs"))


class _FailingTieBreak(Backend):
    """HiGHS, except that every solve after the objective terms fails."""

    name = "highs"

    def __init__(self, terms: int) -> None:
        super().__init__()
        self.inner, self.left = backend("highs"), terms

    @property
    def version(self) -> str:
        return self.inner.version

    def solve(self, prob: pulp.LpProblem) -> SolveInfo:
        if self.left == 0:
            for v in prob.variables():
                v.varValue = None  # a failed solve leaves nothing usable
            return SolveInfo(Status.error, None, None, None, 0.0)
        self.left -= 1
        return self.inner.solve(prob)


def test_a_failing_tie_break_keeps_the_optimum_of_the_terms():
    region, scenario = tiny_region(), quiet()
    model = build(region, scenario)
    bounds = {v.name: (v.lowBound, v.upBound) for v in model.prob.variables()}
    stages, values = run_stages(model, _FailingTieBreak(terms=len(model.terms)))
    assert [n for n, _ in stages][-1] == "canonical(municipalities)"
    assert stages[-1][1].status == Status.error
    assert values == {"unmet": 0, "surplus": 0, "max_deviation": 24, "total_deviation": 34, "cost": 8_300_000,
                      "disruption": 23_100_000}
    # the terms' solution is back, and the bounds are as built
    assert {v.name: (v.lowBound, v.upBound) for v in model.prob.variables()} == bounds
    result = extract(model, values, status=Status.optimal, solver="highs", solver_version="", stages=[], gap=0.0)
    assert sum(a.places for a in result.allocation if a.type == "bw" and a.year == 2026) == 48
    assert sum(a.new_places for a in result.allocation if a.type == "flex" and a.year == 2026) == 10
