"""Fair share: each municipality's places per type close to its share of the regional demand.

The target of municipality m for type p in year t is its cell in the product's fair-share table
(``optimiser.fair_share_table``, the table ``regio apportion`` prints): types sharing key, hosts and domain
are rounded together with fixed margins, so each type's targets add up to its demand, each municipality
gets its whole (Hamilton) share of the table's total, and every target lies within 1 of its exact quota
(share x demand) whenever these margins allow it; a type with a table of its own gets its Hamilton
apportionment. Deviations from these integer targets are whole places, so every
backend (CP-SAT included) optimises the same integer objective and the LP relaxation stays tight.
Objective terms: the largest deviation, then the sum of deviations. With ``tolerance`` set, a hard band
|places - exact quota| <= tolerance applies too.
"""

from __future__ import annotations

import math

import pulp

from optimiser.formulation.base import AllocationModel, name


def add(model: AllocationModel) -> None:
    d = model.data
    policy = d.scenario.fair_share
    bound = max([sum(d.existing[m, p] for m in d.munis) + max(d.demand[p, t] for t in d.years) for p in d.types] or [0])
    largest = model.prob.add_variable("dev_max", lowBound=0, upBound=bound, cat="Integer")
    deviations = []
    for (m, p, t), target in d.targets.items():
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
            model.soft("fair_share", (m,), desc, "places", model.x[m, p, t], ">=", max(0, lo), at=(p, t, "min"),
                       municipality=m, params={"municipality": d.label(m)})
            model.soft("fair_share", (m,), desc, "places", model.x[m, p, t], "<=", hi, at=(p, t, "max"),
                       municipality=m, params={"municipality": d.label(m)})
    model.terms["max_deviation"] = pulp.lpSum([largest])
    model.terms["total_deviation"] = pulp.lpSum(deviations)
