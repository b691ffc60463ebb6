"""Buildings: every place of the types naming one building (``ProvisionType.building``) stands in it, in one
wijk of one municipality. Buildings are numbered in the region's order in names: ``building(0)``.

- where: the building stands in one of its areas (``inputs.building_areas``: the pack's wijk; else a wijk
  of the municipality holding its places today; else one of any municipality that may host one of its
  types). A flag ``at(i,a)`` marks that area, at most one is set, and new places of the building's types
  go only there (group ``building(i)``, stated for the last year: new places never close, so it holds in
  every year).
- draagkracht: a building adds to its wijk's load its weighted places above today's, the most of any year
  (``growth(i,a)`` on its flagged area, 0 elsewhere, in thousandths of a weighted place like the spreading
  term). Places converted in the building, one type closing where another opens, add nothing; today's
  places load the wijk the pack gives, as every located place does. ``draagkracht`` and ``disruption``
  read it per area from ``model.building_load``.
- conversion: today's places of its types closed by the last year, up to the new places of its types, are
  converted in the building (``converted(i)``), not closed; ``disruption`` does not count them.
"""

from __future__ import annotations

import pulp

from optimiser.formulation.base import AllocationModel, name


def add(model: AllocationModel) -> None:
    d = model.data
    last = d.years[-1]
    for i, (b, types) in enumerate(d.buildings.items()):
        at = {a: model.prob.add_variable(name("at", i, a), lowBound=0, upBound=1, cat="Integer")
              for a in d.building_areas[b]}
        model.hard(pulp.lpSum(at.values()) <= 1, "one_area", i)
        for p in types:
            top = max(d.demand[p, t] for t in d.years)
            for m in d.allowed[p]:
                for a in model.wijk_areas(m, p):
                    room = top * at[a] if a in at else 0
                    model.soft("building", (i,), f"all places of {b} in one wijk", "places",
                               model.y[a, p, last] - room, "<=", 0, at=(a, p), params={"building": b})

        closed = pulp.lpSum(model.closed[m, p, last] for m in d.munis for p in types)
        opened = pulp.lpSum(model.new[m, p, last] for m in d.munis for p in types)
        most = sum(d.existing[m, p] for m in d.munis for p in types)
        converted = model.converted[b] = model.prob.add_variable(name("converted", i), lowBound=0, upBound=most,
                                                                 cat="Integer")
        model.hard(converted <= closed, "converted_closed", i)
        model.hard(converted <= opened, "converted_opened", i)

        if d.draagkracht:
            _growth(model, i, b, types, at)


def _growth(model: AllocationModel, i: int, b: str, types: list[str], at: dict[str, pulp.LpVariable]) -> None:
    """The building's load above today's, in thousandths of a weighted place, on the area flagged ``at``."""
    d = model.data
    weight = {p: round(1000 * d.region.provision_type(p).draagkracht_weight) for p in types}
    today = sum(weight[p] * d.existing[m, p] for m in d.munis for p in types)
    # the most its weighted places can exceed today's: every municipality's new places at their bound
    most = sum(weight[p] * max(d.demand[p, t] for t in d.years) for m in d.munis for p in types)
    if most == 0:
        return  # it never holds more weighted places than today
    for a, flag in at.items():
        growth = model.prob.add_variable(name("growth", i, a), lowBound=0, upBound=most, cat="Integer")
        for t in d.years:
            held = pulp.lpSum(weight[p] * model.x[m, p, t] for m in d.munis for p in types)
            model.hard(growth >= held - today - most * (1 - flag), "growth", i, a, t)
        model.building_load[a] = model.building_load.get(a, 0) + growth
