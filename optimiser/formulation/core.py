"""Variables and the structural rows that tie them together (not switchable).

A municipality opens new places of a type only in the years it may host it (``Scenario.hosts`` per year):
before its first such year its new places are bounded to 0 (group ``hosting(p)``), and in a later year it
may not host they stay at the year before's (``no_opening``). Relaxing ``hosting(p)`` lets every
municipality open places of p in every year; one that may never host p has no wijk split for them, so for a
type placed in wijken the gain it reports is an upper bound (its places need no site and no draagkracht)."""

from __future__ import annotations

import pulp

from optimiser.formulation.base import AllocationModel, name
from optimiser.formulation.inputs import ModelData


def located(data: ModelData, p: str, t: int) -> bool:
    """Whether new places of type p get a wijk in year t inside the model.

    Clustered types are located every year (their sites must fit each year). Dispersed types are located
    in the last year only: places never close once opened and a wijk's capacity does not change, so the
    last year's load bounds every earlier year's, and earlier years are laid out inside the last year's
    wijk allocation afterwards (see ``optimiser.extract``).
    """
    return t == data.years[-1] or data.region.provision_type(p).clustered


def model_areas(data: ModelData, m: str, p: str) -> list[str]:
    """The areas of municipality m that get new places of type p (see ``AllocationModel.wijk_areas``)."""
    return (data.wijken[m] if data.region.provision_type(p).in_wijken else []) or [m]


def create(data: ModelData) -> AllocationModel:
    prob = pulp.LpProblem(f"allocation_{data.region.code}_{data.scenario.name}", pulp.LpMinimize)
    x, new, closed, y, unmet = {}, {}, {}, {}, {}
    for p in data.types:
        top = max(data.demand[p, t] for t in data.years)
        for t in data.years:
            unmet[p, t] = prob.add_variable(name("unmet", p, t), lowBound=0, upBound=data.demand[p, t], cat="Integer")
        for m in data.munis:
            exist = data.existing[m, p]
            host = m in data.allowed[p]
            opened = False  # whether m may have opened new places of p up to year t
            for t in data.years:
                opened = opened or data.may_open(m, p, t)
                x[m, p, t] = prob.add_variable(name("x", m, p, t), lowBound=0, upBound=exist + top, cat="Integer")
                new[m, p, t] = prob.add_variable(
                    name("new", m, p, t), lowBound=0, upBound=top if opened else 0, cat="Integer"
                )
                closed[m, p, t] = prob.add_variable(name("closed", m, p, t), lowBound=0, upBound=exist, cat="Integer")
                if host and located(data, p, t):
                    for a in model_areas(data, m, p):
                        y[a, p, t] = prob.add_variable(name("y", a, p, t), lowBound=0, upBound=top, cat="Integer")
    model = AllocationModel(data, prob, x, new, closed, y, {}, unmet)
    for p in data.types:
        top = max(data.demand[p, t] for t in data.years)
        desc = f"{data.type_label(p)} places open only where and when the scenario lets a municipality host them"
        for (_m, q, _t), var in new.items():
            if q == p and var.upBound == 0 and top:
                model.bound("hosting", (p,), desc, "places", var, top, ptype=p,
                            params={"label": data.type_label(p)})

    for p in data.types:
        for m in data.munis:
            host = m in data.allowed[p]
            areas = model.wijk_areas(m, p) if host else []
            for t in data.years:
                model.hard(x[m, p, t] == data.existing[m, p] + new[m, p, t] - closed[m, p, t], "balance", m, p, t)
                if host and located(data, p, t):
                    model.hard(pulp.lpSum(y[a, p, t] for a in areas) == new[m, p, t], "wijk_split", m, p, t)
                prev = data.prev(t)
                if prev is not None:
                    model.hard(new[m, p, t] >= new[m, p, prev], "new_grows", m, p, t)
                    if host and not data.may_open(m, p, t) and new[m, p, prev].upBound:
                        # hosting "from year Y" ended here: what was opened stays, nothing more opens
                        model.hard(new[m, p, t] <= new[m, p, prev], "no_opening", m, p, t)
                    model.hard(closed[m, p, t] >= closed[m, p, prev], "closed_grows", m, p, t)
                    if located(data, p, prev):
                        for a in areas:
                            model.hard(y[a, p, t] >= y[a, p, prev], "y_grows", a, p, t)
    return model
