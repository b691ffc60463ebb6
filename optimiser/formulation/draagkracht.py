"""Draagkracht per wijk: weighted existing + new places <= the wijk's capacity.

New places never close once opened and capacity does not change over the years, so the last year's load
is the largest: the rule is stated for the last year and holds for every year. A building adds its load
above today's in the year it holds the most (``buildings``), in place of its types' new places.
"""

from __future__ import annotations

import pulp

from optimiser.formulation.base import AllocationModel


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
            desc = (f"the scenario's draagkracht of {cap.capacity:g} weighted places for wijk {d.wijk_label(w)}"
                    if cap.overridden else f"draagkracht of wijk {d.wijk_label(w)}")
            model.soft("draagkracht", (w,), desc, "weighted places",
                       pulp.lpSum(terms), "<=", cap.capacity - d.existing_load.get(w, 0.0))
