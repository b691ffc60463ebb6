"""Fair share: each municipality's places per type close to its share of the regional demand.

The target of municipality m is its seat in the largest-remainder (Hamilton) apportionment of the
regional demand by the key: an integer within 1 of the exact quota (share x demand), and the targets
add up to the demand exactly. Deviations from these integer targets are whole places, so every
backend (CP-SAT included) optimises the same integer objective and the LP relaxation stays tight.
Objective terms: the largest deviation, then the sum of deviations. With ``tolerance`` set, a hard band
|places - exact quota| <= tolerance applies too.
"""

from __future__ import annotations

import math

import pulp

from optimiser.apportion import hamilton
from optimiser.formulation.base import AllocationModel, name


def targets(model: AllocationModel) -> dict[tuple[str, str, int], int]:
    d = model.data
    out: dict[tuple[str, str, int], int] = {}
    for p in d.types:
        for t in d.years:
            for m, seats in hamilton(d.demand[p, t], d.shares[p]).items():
                out[m, p, t] = seats
    return out


def add(model: AllocationModel) -> None:
    d = model.data
    policy = d.scenario.fair_share
    bound = max([sum(d.existing[m, p] for m in d.munis) + max(d.demand[p, t] for t in d.years) for p in d.types] or [0])
    largest = model.prob.add_variable("dev_max", lowBound=0, upBound=bound, cat="Integer")
    deviations = []
    for (m, p, t), target in targets(model).items():
        dev = model.prob.add_variable(name("dev", m, p, t), lowBound=0, upBound=bound, cat="Integer")
        model.hard(dev >= model.x[m, p, t] - target, "dev_above", m, p, t)
        model.hard(dev >= target - model.x[m, p, t], "dev_below", m, p, t)
        model.hard(largest >= dev, "dev_max", m, p, t)
        deviations.append(dev)
        if policy.tolerance is not None:
            q = d.quota(m, p, t)
            desc = f"fair-share band {d.label(m)}"
            lo = math.ceil(q - policy.tolerance - 1e-9)
            hi = math.floor(q + policy.tolerance + 1e-9)
            model.soft("fair_share", (m,), desc, "places", model.x[m, p, t], ">=", max(0, lo), at=(p, t, "min"))
            model.soft("fair_share", (m,), desc, "places", model.x[m, p, t], "<=", hi, at=(p, t, "max"))
    model.terms["max_deviation"] = pulp.lpSum([largest])
    model.terms["total_deviation"] = pulp.lpSum(deviations)
