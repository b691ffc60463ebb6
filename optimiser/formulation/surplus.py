"""Places follow clients: no more places of a type in a year than its clients, unless forced.

The surplus of type p in year t is its places region-wide minus its demand. One part of it is accepted:
today's places still held in year t that close in year t+1, once their replacement has opened (with
"no closing before opening" a place may close only in the year after its replacement opens, so moving a
place costs one year of overlap). Everything above that is *unexplained* surplus::

    surplus(p,t) >= sum_m x[m,p,t] - demand[p,t] - (closed[p,t+1] - closed[p,t]),  surplus(p,t) >= 0

and the sum of these is the second objective term, right after unmet demand and before the fair-share
terms. Its optimum is the surplus no plan can avoid: what site sizes (a new site holds at least
``site_min`` places), keep current, precedence, the closing pace or a fair-share band force. Because only
next year's closures are accepted, opening elsewhere is paced with closing: a place opened in year t
beyond the growth of demand must be matched by one of today's places closing in year t+1.

Empty places are counted in the costs like any other (cost per place-year). ``causes`` gives, after the
solve, each year's surplus per type with its cause.
"""

from __future__ import annotations

import math

import pulp

from models import SurplusRow
from optimiser.formulation.base import AllocationModel, name

#: the causes of a surplus, in the order they are attributed
CAUSES = (
    "keep_current",
    "precedence",
    "closing_pace",
    "not_yet_closable",
    "site_size",
    "opened_earlier",
    "fair_share_band",
    "unexplained",
)


def add(model: AllocationModel) -> None:
    d = model.data
    parts = []
    for p in d.types:
        today = sum(d.existing[m, p] for m in d.munis)
        top = today + max(d.demand[p, t] for t in d.years)
        for t in d.years:
            held = pulp.lpSum(model.x[m, p, t] for m in d.munis)
            after = _next(d.years, t)
            leaving = (pulp.lpSum(model.closed[m, p, after] - model.closed[m, p, t] for m in d.munis)
                       if after is not None and today > 0 else 0)
            over = model.prob.add_variable(name("surplus", p, t), lowBound=0, upBound=top, cat="Integer")
            model.hard(over >= held - d.demand[p, t] - leaving, "surplus_bound", p, t)
            parts.append(over)
    model.terms["surplus"] = pulp.lpSum(parts)


def _next(years: list[int], t: int) -> int | None:
    """The year after t in the scenario, or None for the last year."""
    i = years.index(t)
    return years[i + 1] if i + 1 < len(years) else None


def _value(var: pulp.LpVariable | int) -> int:
    value = var.value() if isinstance(var, pulp.LpVariable) else var
    return int(round(value or 0))


def causes(model: AllocationModel) -> list[SurplusRow]:
    """Each type's surplus per year in a solved model, split over its causes.

    Causes are attributed in the order of ``CAUSES``, each up to what it can account for:

    - ``keep_current``: today's places of a kept type above demand (none may close);
    - ``precedence``: today's places above demand of a type that may not shrink yet (its ``first`` types
      did not reach their target the year before); or places of a ``first`` type above demand in the year
      before the ``then`` type shrinks, up to the rule's target minus the ``first`` types' demand;
    - ``closing_pace``: today's places above demand when the year already closes the most allowed;
    - ``not_yet_closable``: today's places that close next year, once their replacement is open;
    - ``site_size``: new places of a clustered type, which come in whole sites of ``site_min`` or more;
    - ``opened_earlier``: places opened in earlier years (they stay open) when demand falls;
    - ``fair_share_band``: places the hard fair-share band requires above demand;
    - ``unexplained``: the rest (none in an optimal plan).
    """
    d = model.data
    policy = d.scenario.transitions
    rows: list[SurplusRow] = []
    #: (precedence rule, year) -> places its ``first`` types may still hold above demand to reach the target
    ahead: dict[tuple[int, int], int] = {}
    for p in d.types:
        ptype = d.region.provision_type(p)
        today = sum(d.existing[m, p] for m in d.munis)

        def closed(t: int, p: str = p) -> int:
            return sum(_value(model.closed[m, p, t]) for m in d.munis)

        for t in d.years:
            places = sum(_value(model.x[m, p, t]) for m in d.munis)
            demand = d.demand[p, t]
            if places <= demand:
                continue
            prev, after = d.prev(t), _next(d.years, t)
            kept_over = max(0, today - closed(t) - demand)
            new = sum(_value(model.new[m, p, t]) for m in d.munis)
            room: dict[str, int] = {}
            if policy.enabled and p in policy.keep_current:
                room["keep_current"] = kept_over
            if policy.enabled and _waits(model, p, t):
                room["precedence"] = kept_over
            if policy.enabled and after is not None:
                room["precedence"] = room.get("precedence", 0) + _ahead(model, p, t, after, ahead)
            if policy.enabled and p in policy.max_shift_per_year and today > 0:
                closing = closed(t) - (closed(prev) if prev is not None else 0)
                if closing >= policy.max_shift_per_year[p]:
                    room["closing_pace"] = kept_over
            if after is not None:
                room["not_yet_closable"] = closed(after) - closed(t)
            if ptype.clustered and d.scenario.sites.enabled:
                room["site_size"] = new
            if prev is not None and demand < d.demand[p, prev]:
                room["opened_earlier"] = sum(_value(model.new[m, p, prev]) for m in d.munis)
            tolerance = d.scenario.fair_share.tolerance
            if d.scenario.fair_share.enabled and tolerance is not None:
                band = sum(max(0, math.ceil(d.quota(m, p, t) - tolerance - 1e-9)) for m in d.shares[p, t])
                room["fair_share_band"] = max(0, band - demand)
            rest = places - demand
            split: dict[str, int] = {}
            for cause in CAUSES[:-1]:
                take = min(rest, max(0, room.get(cause, 0)))
                if take:
                    split[cause] = take
                    rest -= take
            if rest:
                split["unexplained"] = rest
            rows.append(SurplusRow(type=p, year=t, places=places, demand=demand, surplus=places - demand,
                                   causes=split))
    return rows


def _ahead(model: AllocationModel, p: str, t: int, after: int, ahead: dict[tuple[int, int], int]) -> int:
    """Places of type p above demand in year t that a precedence rule needs: p is one of its ``first``
    types and its ``then`` type shrinks in the year after. The rule's room is shared by its ``first`` types
    (in the region's order): ``ahead`` keeps what is left of it."""
    d = model.data
    out = 0
    for i, rule in enumerate(d.scenario.transitions.precedence):
        if p not in rule.first or rule.then not in d.types:
            continue
        shrinks = sum(_value(model.closed[m, rule.then, after]) - _value(model.closed[m, rule.then, t])
                      for m in d.munis)
        if shrinks <= 0:
            continue
        firsts = [f for f in rule.first if f in d.types]
        if (i, t) not in ahead:
            target = sum(d.demand[f, d.years[-1]] for f in firsts)
            ahead[i, t] = max(0, target - sum(d.demand[f, t] for f in firsts))
        over = sum(_value(model.x[m, p, t]) for m in d.munis) - d.demand[p, t]
        take = min(ahead[i, t], max(0, over))
        ahead[i, t] -= take
        out += take
    return out


def _waits(model: AllocationModel, p: str, t: int) -> bool:
    """Whether a precedence rule keeps type p from shrinking in year t."""
    d = model.data
    prev = d.prev(t)
    for rule in d.scenario.transitions.precedence:
        if rule.then != p:
            continue
        target = sum(d.demand[f, d.years[-1]] for f in rule.first if f in d.types)
        if prev is None:
            held = sum(d.existing[m, f] for m in d.munis for f in rule.first if f in d.types)
        else:
            held = sum(_value(model.x[m, f, prev]) for m in d.munis for f in rule.first if f in d.types)
        if held < target:
            return True
    return False
