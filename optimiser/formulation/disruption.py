"""Last objective: disruption from today's places, then spreading over wijken.

Closing a place or opening a site disrupts most; a place converted in a building (``buildings``) is not
closed. Among allocations with equal disruption, the largest
draagkracht use of any wijk (in permille of its capacity) is minimised, so new places spread over the
wijken of a municipality instead of filling the first one. Remaining ties are broken by the canonical
tie-break that follows (``canonical``), the same way on every backend.
"""

from __future__ import annotations

import pulp

from optimiser.formulation.base import AllocationModel

DISRUPTION = 10**6  # per closed place or opened site; above any spreading score (at most 1000 * 100)
SPREAD = 100  # per permille of the largest draagkracht use


def add(model: AllocationModel) -> None:
    d = model.data
    last = d.years[-1]
    parts = [DISRUPTION * model.closed[m, p, last] for m in d.munis for p in d.types]
    parts += [-DISRUPTION * n for n in model.converted.values()]
    parts += [DISRUPTION * n for (_a, _g, t), n in model.sites.items() if t == last]
    if d.draagkracht:
        housed = {p for types in d.buildings.values() for p in types}
        # no upper bound: the draagkracht rows keep it at most 1000, and relaxing them (an explanation) must
        # not meet the same limit here
        largest = model.prob.add_variable("use_max", lowBound=0, cat="Integer")
        for w, cap in d.draagkracht.items():
            hosted = [p for p in d.types if (w, p, last) in model.y]
            terms = [round(1000 * d.region.provision_type(p).draagkracht_weight) * model.y[w, p, last]
                     for p in hosted if p not in housed]
            if w in model.building_load:
                terms.append(model.building_load[w])
            if not hosted or cap.capacity <= 0:
                continue
            load = pulp.lpSum(terms) + round(1000 * d.existing_load.get(w, 0.0))
            # load (in thousandths of a weighted place) / capacity <= largest (permille), without division
            model.hard(load <= round(cap.capacity) * largest, "use_max", w)
        parts.append(SPREAD * largest)
    model.terms["disruption"] = pulp.lpSum(parts)


def closures_and_sites(disruption: pulp.LpAffineExpression) -> pulp.LpAffineExpression:
    """The part of the disruption term that counts closed places and opened sites (weight ``DISRUPTION``), as a
    count: the spreading part below it never reaches one such step."""
    return pulp.LpAffineExpression({v: c // DISRUPTION for v, c in disruption.items() if abs(c) >= DISRUPTION})
