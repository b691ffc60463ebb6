"""Coverage of demand: places + unmet >= demand per type and year. Unmet demand is the first objective."""

from __future__ import annotations

import pulp

from optimiser.formulation.base import AllocationModel


def add(model: AllocationModel) -> None:
    d = model.data
    for p in d.types:
        for t in d.years:
            model.hard(pulp.lpSum(model.x[m, p, t] for m in d.munis) + model.unmet[p, t] >= d.demand[p, t],
                       "coverage", p, t)
    model.terms["unmet"] = pulp.lpSum(model.unmet.values())
