"""Last objective: disruption from today's places, then a deterministic spreading tie-break.

Closing a place or opening a site disrupts; among equal allocations, new places go preferably to wijken
with more draagkracht headroom (weight 1000 / capacity), and remaining ties are broken by the fixed order
of the variables in the model, which the solver options keep deterministic.
"""

from __future__ import annotations

import pulp

from optimiser.formulation.base import AllocationModel

DISRUPTION = 10_000


def add(model: AllocationModel) -> None:
    d = model.data
    last = d.years[-1]
    parts = [DISRUPTION * model.closed[m, p, last] for m in d.munis for p in d.types]
    parts += [DISRUPTION * n for (a, p, t), n in model.sites.items() if t == last]
    for (a, _p, t), var in model.y.items():
        if t != last:
            continue
        cap = d.draagkracht[a].capacity if a in d.draagkracht else None
        weight = 1000 // max(1, round(cap)) if cap is not None else 1000
        parts.append(max(1, weight) * var)
    model.terms["disruption"] = pulp.lpSum(parts)
