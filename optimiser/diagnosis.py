"""Diagnose an infeasible scenario: the ways out, each the fewest rule groups to relax with the least amounts.

The model is built once with every rule group's slacks opened behind a switch per group (0: the group holds,
1: it may give) and an amount per group, a whole number in the group's own unit that bounds every slack of the
group: the most any one of its limits (a year, a municipality, ...) must give. The variables a group holds
at 0 (new places where a municipality may not host, a site where it does not fit) may rise by at most that
amount when the group gives. Then:

1. choose: the fewest switches on (proven optimal); among sets of that size, the one earliest in group-key
   order, so every backend picks the same set;
2. amounts: with the chosen switches fixed, minimise each chosen group's amount in group-key order, fixing
   each before the next (no euros weighed against places), then the total of each group's slacks in the
   same order, which says in which years the rule must give;
3. other ways out: a cut excludes the chosen set and every set that contains it, and step 1 runs again on
   the same model, up to ``MAX_WAYS_OUT`` sets and ``MORE_GROUPS`` groups more than the fewest.

The ways out are ranked by their number of groups, then by their total amount where they are in the same
units. A cap or draagkracht the scenario sets is a group of its own, named as the scenario's.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import pulp

from models import Diagnosis, Region, Relaxation, Scenario
from models.i18n import Words
from optimiser.formulation import AllocationModel, build
from optimiser.formulation.base import Group, name
from optimiser.report import wording
from optimiser.solvers import Backend

log = logging.getLogger(__name__)

#: the largest amount a group may give, per unit (the switch times this bounds the group's amount)
BIG = {"places": 10**6, "weighted places": 10**6, "sites": 10**4, "EUR": 10**9}
#: ways out reported: the first and up to four alternatives
MAX_WAYS_OUT = 5
#: alternatives relax at most this many groups more than the fewest
MORE_GROUPS = 2
#: a slack above this counts as giving (slacks of weighted and money rows need not be whole numbers; the
#: totals are held to within 0.001)
GIVES = 0.01

@dataclass
class _Relaxable:
    """The model with its groups' switches and amounts."""

    model: AllocationModel
    keys: list[str]
    switches: dict[str, pulp.LpVariable]
    amounts: dict[str, pulp.LpVariable]
    #: per group, at least the sum of its slacks (bounded to hold that sum at its least)
    totals: dict[str, pulp.LpVariable]
    choose: pulp.LpAffineExpression


def _relaxable(region: Region, scenario: Scenario, hold: Callable[[AllocationModel], None] | None) -> _Relaxable:
    model = build(region, scenario)
    if hold is not None:
        hold(model)
    keys = sorted(model.groups)
    switches: dict[str, pulp.LpVariable] = {}
    amounts: dict[str, pulp.LpVariable] = {}
    totals: dict[str, pulp.LpVariable] = {}
    for i, key in enumerate(keys):
        group = model.groups[key]
        big = BIG.get(group.unit, 10**6)
        # the group's position first: it keeps the columns in key order (PuLP sorts them by name)
        switch = switches[key] = model.prob.add_variable(name("relax", i, key), lowBound=0, upBound=1,
                                                         cat="Integer")
        amount = amounts[key] = model.prob.add_variable(name("relax_amount", i, key), lowBound=0, upBound=big,
                                                        cat="Integer")
        for j, slack in enumerate(group.slacks):
            slack.upBound = None
            model.hard(slack <= amount, "relax_row", i, j)
        model.hard(amount <= big * switch, "relax", i)
        totals[key] = model.prob.add_variable(name("relax_total", i, key), lowBound=0)
        model.hard(_giving(group) <= totals[key], "relax_total", i)
    # variables a rule holds at 0 (no new places where a municipality may not host, no site where it does
    # not fit): up to their relaxed bound when a group holding them gives, by at most that group's amount
    held_by: dict[pulp.LpVariable, list[str]] = {}
    for key in keys:
        for var, top in model.groups[key].bounds.items():
            held_by.setdefault(var, []).append(key)
            var.upBound = max(var.upBound or 0, top)
    for j, (var, held) in enumerate(held_by.items()):
        model.hard(var <= pulp.lpSum(amounts[k] for k in held), "relax_bound", j)
    # fewest groups first; among sets of one size, the one earliest in key order (weights 1, 2, ... below
    # the weight of one group more)
    more = len(keys) * (len(keys) + 1) // 2 + 1
    choose = pulp.lpSum((more + i + 1) * switches[key] for i, key in enumerate(keys))
    return _Relaxable(model, keys, switches, amounts, totals, choose)


def diagnose(region: Region, scenario: Scenario, solver: Backend,
             hold: Callable[[AllocationModel], None] | None = None) -> Diagnosis:
    """The ways out of an infeasible scenario: fewest rule groups first, each with the least amounts. ``hold``
    adds rows of the caller's (never relaxed) to the model, e.g. one cell held at a number."""
    r = _relaxable(region, scenario, hold)
    prob = r.model.prob
    ways: list[list[Relaxation]] = []
    fewest: int | None = None
    while len(ways) < MAX_WAYS_OUT:
        prob.setObjective(r.choose)
        info = solver.solve(prob)
        if not info.status.solved:
            break
        chosen = [k for k in r.keys if (r.switches[k].value() or 0) > 0.5]
        fewest = len(chosen) if fewest is None else fewest
        if not chosen or len(chosen) > fewest + MORE_GROUPS:
            break
        way = _amounts(r, chosen, solver)
        if way is None:
            break
        ways.append(way)
        r.model.hard(pulp.lpSum(r.switches[k] for k in chosen) <= len(chosen) - 1, "way_out", len(ways))
    names, labels = r.model.data.names, r.model.data.region.type_labels()
    if not ways:
        found = Diagnosis(message="")
    else:
        ways.sort(key=_rank)
        first, *others = ways
        found = Diagnosis(message="", relaxations=first, alternatives=others)
    words = Words()
    return found.model_copy(update={
        "message": wording.diagnosis_message(found, names, labels, words),
        "relaxations": [r.model_copy(update={"message": wording.relaxation(r, names, labels, words)})
                        for r in found.relaxations],
        "alternatives": [[r.model_copy(update={"message": wording.relaxation(r, names, labels, words)})
                          for r in way] for way in found.alternatives],
    })


def _rank(way: list[Relaxation]) -> tuple[int, tuple[str, ...], float, tuple[str, ...]]:
    """Fewest groups, then (between ways in the same units) the least total amount, then group keys."""
    return len(way), tuple(sorted({r.unit for r in way})), sum(r.amount for r in way), tuple(r.group for r in way)


def _giving(group: Group) -> pulp.LpAffineExpression:
    """What a group gives when relaxed: its slacks, and the variables it holds at 0."""
    return pulp.lpSum([*group.slacks, *group.bounds])


def _amounts(r: _Relaxable, chosen: list[str], solver: Backend) -> list[Relaxation] | None:
    """The least amount of each chosen group, in key order, with the others held; None if a solve fails."""
    prob = r.model.prob
    held = [(v, v.lowBound, v.upBound) for v in [*r.switches.values(), *r.amounts.values(), *r.totals.values()]]
    try:
        for key in r.keys:
            r.switches[key].lowBound = r.switches[key].upBound = int(key in chosen)
        for key in chosen:
            prob.setObjective(pulp.lpSum([r.amounts[key]]))
            info = solver.solve(prob)
            if not info.status.solved:
                log.warning("diagnosis: the amount of %s was not found (%s)", key, info.status)
                return None
            r.amounts[key].upBound = round(info.objective or 0.0)
        for key in chosen:
            prob.setObjective(_giving(r.model.groups[key]))
            info = solver.solve(prob)
            if not info.status.solved:
                log.warning("diagnosis: the years of %s were not found (%s)", key, info.status)
                return None
            r.totals[key].upBound = (info.objective or 0.0) + 1e-3
        return [_relaxation(r.model, key, round(r.amounts[key].upBound or 0)) for key in chosen]
    finally:
        for v, lower, upper in held:
            v.lowBound, v.upBound = lower, upper


def _parts(row_name: str) -> tuple[str, list[str]]:
    """``family(a,b,c)`` -> (family, [a, b, c])."""
    family, _, rest = row_name.partition("(")
    return family, [p for p in rest.rstrip(")").split(",") if p]


def _relaxation(model: AllocationModel, key: str, amount: int) -> Relaxation:
    d = model.data
    group = model.groups[key]
    index = _parts(key)[1]
    family = group.family or _parts(key)[0]
    wijk_of = {w: m for m, ws in d.wijken.items() for w in ws}
    giving = [(slack.value() or 0.0, _parts(row.name or "")[1]) for row, slack in zip(group.rows, group.slacks,
                                                                                      strict=True)]
    giving += [(var.value() or 0.0, _parts(var.name)[1]) for var in group.bounds]
    giving = [(v, parts) for v, parts in giving if v > GIVES]

    def one(kind: set[str] | dict[str, str] | list[str]) -> str | None:
        """The one code of a kind the group names, or else the one its giving rows name."""
        named = [p for p in index if p in kind]
        if len(named) == 1:
            return named[0]
        found = {p for _, parts in giving for p in parts if p in kind}
        return found.pop() if len(found) == 1 else None

    wijk = one(wijk_of)
    municipality = one(list(d.munis)) or (wijk_of[wijk] if wijk else None)
    p = one(list(d.types))
    years = sorted({int(x) for _, parts in giving for x in parts if x.isdigit() and int(x) in d.years})
    each = bool(giving) and all(abs(v - amount) < 0.5 for v, _ in giving)
    return Relaxation(group=key, family=family, description=group.description, amount=amount, unit=group.unit,
                      municipality=municipality, wijk=wijk, type=p, years=years, params=group.params, each=each)
