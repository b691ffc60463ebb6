"""An independent check of a result against its region and scenario.

It reads only the result's allocation rows and reported figures next to the input data, never the
optimisation model, and says in words which rule a result breaks. There is one check per rule family of
``optimiser.formulation``, in a module of the same name, each restating its family's rule from the
region and the scenario alone. A result without an allocation (infeasible, or a solver error) has
nothing to check.

A redacted copy of a result (``Result.redacted``: confidential types shown per municipality only, as
``regio solve`` writes ``result.json`` by default) is checked as far as municipality figures go; what needs
the confidential types' wijken is skipped, and ``unchecked`` says what.
"""

from __future__ import annotations

import logging
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

__all__ = ["CHECKS", "Check", "Reading", "read", "unchecked", "verify"]

log = logging.getLogger(__name__)


def unchecked(result: Result) -> list[str]:
    """What ``verify`` cannot check on this copy of a result, in words: nothing for a full result."""
    if not result.redacted:
        return []
    types = ", ".join(result.redacted)
    return [f"{types}: this copy shows them per municipality only (confidential addresses), so their places are "
            "checked per municipality; their wijken are not (draagkracht, sites per wijk, spreading, candidate "
            "sites), the draagkracht rows are checked without them, and the disruption objective, which counts "
            "the fullest wijk, is not recounted"]


def verify(region: Region, scenario: Scenario, result: Result, families: Iterable[str] | None = None) -> list[str]:
    """Violations in words, empty when the result respects every rule (of ``families``, default all)."""
    if result.status not in ("optimal", "time_limit"):
        return []
    chosen = list(CHECKS) if families is None else list(families)
    unknown = [f for f in chosen if f not in CHECKS]
    if unknown:
        raise ValueError(f"unknown rule families {unknown}; known: {', '.join(CHECKS)}")
    for note in unchecked(result):
        log.info("not checked: %s", note)
    reading = read(region, scenario, result)
    bad: list[str] = []
    for family in chosen:
        bad += CHECKS[family](reading)
    return bad
