"""Transitions over the years.

- no closing before opening: existing places of a type closed up to year t, region-wide, may not exceed
  the new places opened up to the year before plus the fall in demand below today's places;
- a maximum number of places of a type that may close in one year, region-wide;
- keep current: no municipality loses places of the type ("no cut in places");
- precedence: ``then`` may lose places only once ``first`` has reached its target (its demand in the
  last year) in an earlier year.
"""

from __future__ import annotations

import pulp

from optimiser.formulation.base import AllocationModel, name


def add(model: AllocationModel) -> None:
    d = model.data
    policy = d.scenario.transitions
    for p in d.types:
        label = d.type_label(p)
        today = sum(d.existing[m, p] for m in d.munis)
        for t in d.years:
            closed = pulp.lpSum(model.closed[m, p, t] for m in d.munis)
            prev = d.prev(t)
            if policy.no_close_before_open and today > 0:
                opened_before = pulp.lpSum(model.new[m, p, prev] for m in d.munis) if prev else 0
                fall = max(0, today - d.demand[p, t])
                model.soft("close_after_open", (p,), f"no {label} place closes before its replacement opens",
                           "places", closed - opened_before, "<=", fall, at=(t,), ptype=p,
                           params={"label": label})
            if p in policy.max_shift_per_year and today > 0:
                before = pulp.lpSum(model.closed[m, p, prev] for m in d.munis) if prev else 0
                model.soft("max_shift", (p,), f"at most {policy.max_shift_per_year[p]} {label} places "
                           "close per year", "places", closed - before, "<=", policy.max_shift_per_year[p],
                           at=(t,), ptype=p, params={"label": label, "limit": policy.max_shift_per_year[p]})
            if p in policy.keep_current:
                for m in d.munis:
                    if d.existing[m, p] > 0:
                        model.soft("keep_current", (p,), f"no cut in {label} places", "places",
                                   model.closed[m, p, t], "<=", 0, at=(m, t), ptype=p,
                                   params={"label": label})
    for i, rule in enumerate(policy.precedence):
        first, then = rule.first, rule.then
        target = sum(d.demand[f, d.years[-1]] for f in first)
        today_first = sum(d.existing[m, f] for m in d.munis for f in first)
        today_then = sum(d.existing[m, then] for m in d.munis)
        names = " + ".join(d.type_label(f) for f in first)
        desc = f"{d.type_label(then)} shrinks only after {names} reach {target}"
        params: dict[str, str | int | float] = {"label": d.type_label(then), "first": names, "target": target}
        for t in d.years:
            prev = d.prev(t)
            closed = pulp.lpSum(model.closed[m, then, t] for m in d.munis)
            if prev is None:
                if today_first < target:
                    model.soft("precedence", (i,), desc, "places", closed, "<=", 0, at=(t,), ptype=then,
                               params=params)
                continue
            ready = model.prob.add_variable(name("ready", i, t), lowBound=0, upBound=1, cat="Integer")
            model.hard(pulp.lpSum(model.x[m, f, prev] for m in d.munis for f in first) >= target * ready,
                       "ready", i, t)
            model.soft("precedence", (i,), desc, "places", closed - today_then * ready, "<=", 0, at=(t,),
                       ptype=then, params=params)
