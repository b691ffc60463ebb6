"""Budget per year: the cost of the places (cost per place-year, capex minus co-financing of new units)
plus costs outside the model must fit the year's grants for the scenario's domains plus extra money.
Per municipality, what it pays under the payment key (moving along the ingroeipad) may be capped.

Costs are in whole euros so every backend sees integer coefficients.
"""

from __future__ import annotations

import pulp

from optimiser.formulation.base import AllocationModel, name


def add(model: AllocationModel) -> None:
    d = model.data
    policy = d.scenario.budget
    total_cost = []
    for t in d.years:
        prev = d.prev(t)
        parts = []
        for p in d.types:
            ptype = d.region.provision_type(p)
            run, once = ptype.cost_per_year, ptype.cost_per_opening
            for m in d.munis:
                if run:
                    parts.append(run * model.x[m, p, t])
                if once:
                    opened = model.new[m, p, t] - (model.new[m, p, prev] if prev else 0)
                    parts.append(once * opened)
        cost = pulp.lpSum(parts)
        model.reports[name("cost", t)] = cost
        total_cost.append(cost)
        if not policy.enabled:
            continue
        available = policy.available(d.grants.get(t, 0.0), t)
        model.soft("budget", (t,), f"budget {t}", "EUR", cost, "<=", round(available), year=t,
                   params={"year": str(t)})
        for m, cap in policy.municipality_caps.items():
            share = d.pay_shares.get((m, t))
            if share is None:
                continue
            model.soft("pays", (m,), f"payment cap of {d.label(m)}", "EUR", share * cost, "<=", cap, at=(t,),
                       municipality=m, params={"municipality": d.label(m), "limit": cap})
    model.terms["cost"] = pulp.lpSum(total_cost)
