"""The allocation MILP, one module per constraint family, each switchable in the scenario."""

from __future__ import annotations

from models import Region, Scenario
from optimiser.formulation import (
    budget,
    buildings,
    canonical,
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
from optimiser.formulation.base import AllocationModel, Group
from optimiser.formulation.inputs import ModelData, coarsen, prepare

__all__ = ["AllocationModel", "Group", "ModelData", "build", "coarsen", "prepare"]


def build(region: Region, scenario: Scenario, data: ModelData | None = None) -> AllocationModel:
    """The model for one region and scenario: objective terms in ``model.terms`` in lexicographic order,
    then the steps of the canonical tie-break in ``model.tie_break``. ``data``: inputs already prepared for
    them (such as ``coarsen(model.data)``, each municipality's wijken taken together)."""
    data = prepare(region, scenario) if data is None else data
    model = core.create(data)
    buildings.add(model)
    coverage.add(model)
    surplus.add(model)
    if scenario.fair_share.enabled:
        fair_share.add(model)
    if scenario.draagkracht.enabled:
        draagkracht.add(model)
    if scenario.sites.enabled:
        sites.add(model)
    hosting.add(model)
    if scenario.transitions.enabled:
        transitions.add(model)
    budget.add(model)
    if scenario.spreading.mode != "none" or scenario.candidate_sites:
        spreading.add(model)
    disruption.add(model)
    canonical.add(model)
    return model
