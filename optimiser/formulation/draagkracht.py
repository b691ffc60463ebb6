"""Draagkracht per wijk: weighted existing + new places <= the wijk's capacity.

New places never close once opened and capacity does not change over the years, so the last year's load
is the largest: the rule is stated for the last year and holds for every year. A building adds its load
above today's in the year it holds the most (``buildings``), in place of its types' new places.
"""

from __future__ import annotations

import pulp

from optimiser.formulation.base import AllocationModel
from optimiser.formulation.inputs import ModelData


def description(d: ModelData, w: str) -> str:
    """The rule of wijk w, saying whether its capacity is computed or the working group's override."""
    cap = d.draagkracht[w]
    source = "override" if cap.overridden else "computed capacity"
    return f"draagkracht of wijk {d.wijk_label(w)} ({source} {cap.capacity:g} weighted places)"


def draagkracht_params(d: ModelData, w: str) -> dict[str, str | int | float]:
    """The figures of wijk w's rule, for wording it."""
    return {"wijk": d.wijk_label(w), "capacity": round(d.draagkracht[w].capacity, 2)}


def add(model: AllocationModel) -> None:
    d = model.data
    if not d.draagkracht:
        return
    weights = {p: d.region.provision_type(p).draagkracht_weight for p in d.types}
    housed = {p for types in d.buildings.values() for p in types}
    t = d.years[-1]
    for w, cap in d.draagkracht.items():
        terms = [weights[p] * model.y[w, p, t] for p in d.types
                 if (w, p, t) in model.y and weights[p] and p not in housed]
        if w in model.building_load:
            terms.append(model.building_load[w] / 1000)
        if terms:
            model.soft("draagkracht", (w,), description(d, w), "weighted places",
                       pulp.lpSum(terms), "<=", cap.capacity - d.existing_load.get(w, 0.0),
                       kind="draagkracht_override" if cap.overridden else "draagkracht", municipality=cap.municipality,
                       params=draagkracht_params(d, w))
