"""An independent check of a result against its region and scenario.

It reads only the result's allocation rows and reported figures next to the input data, never the
optimisation model, and says in words which rule a result breaks. There is one check per rule family of
``optimiser.formulation``, in a module of the same name, each restating its family's rule from the
region and the scenario alone. A result without an allocation (infeasible, or a solver error) has
nothing to check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from models import Region, Result, Scenario
from optimiser.verify import (
    budget,
    buildings,
    core,
    coverage,
    disruption,
    draagkracht,
    fair_share,
    hosting,
    sites,
    spreading,
    surplus,
    transitions,
)
from optimiser.verify.reading import Reading, read

Check = Callable[[Reading], list[str]]

#: rule family (the name of its module in ``optimiser.formulation``) -> its check
CHECKS: dict[str, Check] = {
    "core": core.check,
    "buildings": buildings.check,
    "coverage": coverage.check,
    "surplus": surplus.check,
    "fair_share": fair_share.check,
    "draagkracht": draagkracht.check,
    "sites": sites.check,
    "hosting": hosting.check,
    "transitions": transitions.check,
    "budget": budget.check,
    "spreading": spreading.check,
    "disruption": disruption.check,
}

__all__ = ["CHECKS", "Check", "Reading", "read", "verify"]


def verify(region: Region, scenario: Scenario, result: Result, families: Iterable[str] | None = None) -> list[str]:
    """Violations in words, empty when the result respects every rule (of ``families``, default all)."""
    if result.status not in ("optimal", "time_limit"):
        return []
    chosen = list(CHECKS) if families is None else list(families)
    unknown = [f for f in chosen if f not in CHECKS]
    if unknown:
        raise ValueError(f"unknown rule families {unknown}; known: {', '.join(CHECKS)}")
    reading = read(region, scenario, result)
    bad: list[str] = []
    for family in chosen:
        bad += CHECKS[family](reading)
    return bad
