"""Solve a scenario: lexicographic stages, then the result, its explanation or its diagnosis.

Stages, in order (each optimum is fixed before the next stage): unmet demand, unexplained surplus
(places above demand, see ``formulation.surplus``), largest fair-share deviation, total fair-share
deviation, cost, disruption; then the steps of the canonical tie-break
(``optimiser.formulation.canonical``), which pick one allocation among the equally good ones, the same on
every backend. The tie-break steps are stages of the result but not objective terms: ``Result.objective``
holds the terms only.

Where new places are laid out over wijken (sites, draagkracht), the stages first run on the coarse model, each
municipality's wijken taken together (``formulation.inputs.coarsen``): a relaxation, so each of its optima is a
lower bound for the same stage of the full model as long as the earlier stages reached the same values. Its plan
per municipality is then laid out over the wijken (stage ``located``) and handed to the full model as its
starting solution. Where that layout exists, each full stage starts at its bound and is proven at once; where it
does not, the full stages search as before, with the bounds that still hold. The allocation is the one the full
stages alone reach: the bounds cut off no solution of the full model, and the tie-break decides the same way.

An infeasible scenario is diagnosed (``optimiser.diagnosis``): the
fewest rule groups whose relaxation restores feasibility, with the least amount each needs, and other ways out.
``write_model`` writes the first stage's model in LP format for inspection or another solver.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pulp

from models import BindingConstraint, Diagnosis, Gain, Region, Result, Rule, Scenario, Stage, Status
from models.i18n import Words, t_
from optimiser.diagnosis import diagnose
from optimiser.extract import extract
from optimiser.formulation import AllocationModel, Group, build, coarsen
from optimiser.formulation.disruption import DISRUPTION, closures_and_sites
from optimiser.report.wording import worded
from optimiser.solvers import Backend, SolveInfo, backend, relative_gap

log = logging.getLogger(__name__)

Progress = Callable[[float, str], None]

#: terms whose gains are reported when a binding rule is relaxed
GAIN_TERMS = ("unmet", "surplus", "max_deviation", "total_deviation", "cost")


def solver_for(scenario: Scenario) -> Backend:
    """The backend the scenario asks for, with its options."""
    opts = scenario.solver
    return backend(opts.name, time_limit=opts.time_limit, threads=opts.threads, seed=opts.seed, gap=opts.gap)


#: stage -> (a lower bound of its optimum, the value the coarse model reached): see ``bound_stages``
Bounds = dict[str, tuple[int, int]]


def run_stages(
    model: AllocationModel,
    solver: Backend,
    terms: tuple[str, ...] | None = None,
    progress: Progress | None = None,
    bounds: Bounds | None = None,
) -> tuple[list[tuple[str, SolveInfo]], dict[str, float]]:
    """Optimise the objective terms one after another, fixing each optimum, then (when every term is asked
    for) break the remaining ties canonically. Stops at the first infeasible stage. The values are the
    terms' optima; the tie-break's steps are in the stage list only.

    ``bounds`` (from ``bound_stages``) hold a stage's term at or above its bound while every earlier stage
    reached the coarse model's value; the bound's row comes off once the stage is solved."""
    names = [t for t in model.terms if terms is None or t in terms]
    steps = model.tie_break if terms is None else []
    total = len(names) + len(steps)
    stages: list[tuple[str, SolveInfo]] = []
    values: dict[str, float] = {}
    bounded = bounds or {}
    for i, name in enumerate(names):
        if solver.stopped:
            return stages, values
        if progress:
            progress(i / total, f"stage {i + 1}/{total}: {name}")
        expr = model.terms[name]
        if not len(expr):  # nothing to optimise in this stage (e.g. no costs in the scenario)
            values[name] = 0
            continue
        model.prob.setObjective(expr)
        if name in bounded:
            model.prob += expr >= bounded[name][0] - 0.5, f"bound({name})"
        try:
            info = solver.solve(model.prob)
        finally:
            model.prob._constraints.pop(f"bound({name})", None)  # PuLP has no public way to take a row off
        stages.append((name, info))
        _log_stage(name, info)
        if not info.status.solved:
            return stages, values
        if solver.stopped:
            return stages, _settled(model, values)
        value = round(info.objective or 0.0)
        values[name] = value
        if name not in bounded or bounded[name][1] != value:
            bounded = {}  # a later stage's coarse bound assumed this stage's coarse value
        if i < total - 1:
            model.prob += expr <= value + 0.5, f"fix({name})"
    if steps and not solver.stopped:
        stages += break_ties(model, solver, progress, done=len(names), total=total, values=values)
    return stages, _settled(model, values)


def _settled(model: AllocationModel, values: dict[str, float]) -> dict[str, float]:
    """The terms' values in the plan the model holds. A stage that stopped at a relative gap is fixed at the
    value it reached, and a later stage may find a plan below it (seen on MVS at a gap of 0.1 %: disruption
    fixed at 40,082,400, the plan after the tie-break at 40,073,600)."""
    return {name: round(pulp.value(model.terms[name]) or 0.0) if len(model.terms[name]) else 0 for name in values}


def lays_out_in_wijken(model: AllocationModel) -> bool:
    """Whether the model places new places in wijken under rules the coarse model takes together."""
    d = model.data
    return any(d.wijken.values()) and bool(model.sites or d.draagkracht or d.scenario.spreading.mode != "none"
                                           or d.candidate_room)


def bound_stages(
    region: Region, scenario: Scenario, model: AllocationModel, solver: Backend, progress: Progress | None = None,
) -> tuple[list[tuple[str, SolveInfo]], Bounds]:
    """Solve the stages on the coarse model, then lay its plan per municipality out over the model's wijken.

    Returns the coarse stages (``municipal(term)``) and the layout (``located``) as stage records, and per
    term a lower bound of its optimum with the coarse value it came with. A coarse optimum bounds the full
    stage's (the coarse model is a relaxation with the same terms over the same municipal variables);
    disruption's bound keeps only the whole closures and sites, which both models count alike (the spreading
    part is measured per municipality there, per wijk here). Where the layout exists the model's variables
    hold it, so the first full stage starts from a plan that already reaches every bound before disruption;
    where it does not they hold no values."""
    if progress:
        progress(0.0, "bounding per municipality")
    coarse = build(region, scenario, coarsen(model.data))
    stages, values = run_stages(coarse, solver, terms=tuple(coarse.terms))
    records = [(f"municipal({n})", info) for n, info in stages]
    bounds: Bounds = {}
    for n, info in stages:
        if info.status.solved and info.bound is not None and math.isfinite(info.bound) and n in values:
            low = math.ceil(info.bound - 1e-6)
            if n != "disruption":
                bounds[n] = (low, int(values[n]))
            elif solver.gap > 0:
                # only the closures and sites, which both models count alike. Given to a solve that must prove
                # its optimum, this row slowed Maastricht-Heuvelland's disruption stage from 2.4 to 8.7 s (the
                # spreading part below it is still to prove); a solve that may stop at a relative gap stops
                # once they are proven, the spreading part being below the gap.
                bounds[n] = (DISRUPTION * math.floor(low / DISRUPTION), int(values[n]))
    if not stages or not stages[-1][1].status.solved or solver.stopped:
        return records, bounds
    if progress:
        progress(0.05, "laying the plan out over the wijken")
    # every term at once: with the municipal variables held, the terms before disruption depend only on helper
    # variables (deviations, surplus) that this drives to their least, and disruption on the layout
    info = _lay_out(model, coarse, pulp.lpSum(model.terms.values()), solver)
    records.append(("located", info))
    _log_stage("located", info)
    if not info.status.solved:
        for var in model.prob.variables():
            var.varValue = None
    model.coarse, model.coarse_values = coarse, values
    return records, bounds


#: the most a layout of the coarse plan over the wijken may take (it is a small problem per municipality)
LAYOUT_SECONDS = 5.0


def _lay_out(model: AllocationModel, coarse: AllocationModel, objective: pulp.LpAffineExpression,
             solver: Backend) -> SolveInfo:
    """Lay the coarse model's plan per municipality (its places kept and opened) out over the model's wijken,
    minimising ``objective``: a short solve that stops when ``solver`` is asked to. The model's variables hold
    the layout found; their bounds are put back."""
    held = [(v, v.lowBound, v.upBound) for v in (*model.new.values(), *model.closed.values())]
    for full, part in ((model.new, coarse.new), (model.closed, coarse.closed)):
        for key, var in full.items():
            var.lowBound = var.upBound = round(part[key].varValue or 0.0)
    model.prob.setObjective(objective)
    layout = type(solver)(time_limit=min(solver.time_limit, LAYOUT_SECONDS), threads=solver.threads,
                          seed=solver.seed, gap=solver.gap)
    layout.stop = solver.stop
    try:
        return layout.solve(model.prob)
    finally:
        for var, lower, upper in held:
            var.lowBound, var.upBound = lower, upper


def solve_stages(
    region: Region, scenario: Scenario, solver: Backend, progress: Progress | None = None,
    model: AllocationModel | None = None,
) -> tuple[AllocationModel, list[tuple[str, SolveInfo]], dict[str, float]]:
    """Build the model (unless given, freshly built) and run its stages, bounded by the coarse model's where
    new places are laid out over wijken. The stages returned are the coarse ones and the layout, then the
    model's own."""
    model = model or build(region, scenario)
    first: list[tuple[str, SolveInfo]] = []
    bounds: Bounds = {}
    if lays_out_in_wijken(model):
        first, bounds = bound_stages(region, scenario, model, solver, progress)
    stages, values = run_stages(model, solver, progress=progress, bounds=bounds)
    if not stages and solver.stopped and first and first[-1][0] == "located" and first[-1][1].status.solved:
        # stopped before the first full stage: the layout of the coarse plan is the plan found so far
        values = {n: round(pulp.value(e) or 0.0) if len(e) else 0 for n, e in model.terms.items()}
    return model, first + stages, values


def _log_stage(name: str, info: SolveInfo) -> None:
    log.info("stage %s: %s objective=%s gap=%s in %.3fs", name, info.status, info.objective, info.gap, info.seconds)


def break_ties(
    model: AllocationModel, solver: Backend, progress: Progress | None = None, done: int = 0, total: int = 0,
    values: dict[str, float] | None = None,
) -> list[tuple[str, SolveInfo]]:
    """Run the canonical tie-break on a model whose terms are optimal and fixed: each step minimises its
    weighted sum and holds its variables at the values found for the next step. The bounds are restored at
    the end. A step that fails leaves the solution as it was before it; a step stopped by the time limit
    keeps its (feasible, equally good) solution and ends the tie-break. With the terms' ``values`` and a coarse
    model, the first step is tried there first (``_municipal_step``)."""
    held = [(v, v.lowBound, v.upBound) for step in model.tie_break for v, _ in step.weights]
    stages: list[tuple[str, SolveInfo]] = []
    try:
        for j, step in enumerate(model.tie_break):
            if solver.stopped:
                break
            if progress:
                progress((done + j) / max(total, 1), f"stage {done + j + 1}/{total}: {step.name}")
            free = [(v, w) for v, w in step.weights
                    if v.lowBound is None or v.upBound is None or v.lowBound < v.upBound]
            if not free:  # every variable of the step is already fixed: nothing to break
                continue
            before = {v.name: v.varValue for v in model.prob.variables()}
            info = _municipal_step(model, values, j, free, solver) if values is not None else None
            if info is None:
                for v in model.prob.variables():
                    v.varValue = before.get(v.name)
                model.prob.setObjective(pulp.LpAffineExpression(free))
                info = solver.solve(model.prob)
            stages.append((step.name, info))
            _log_stage(step.name, info)
            if not info.status.solved:
                log.warning("tie-break step %s failed (%s): keeping the allocation found before it", step.name,
                            info.status)
                for v in model.prob.variables():
                    v.varValue = before.get(v.name)
                break
            if info.status != Status.optimal:
                log.warning("tie-break step %s was not proven within the time limit: another solver may return "
                            "a different one of the equally good allocations", step.name)
                break
            for v, _ in step.weights:
                v.lowBound = v.upBound = round(v.varValue or 0.0)
    finally:
        for v, lower, upper in held:
            v.lowBound, v.upBound = lower, upper
    return stages


def _municipal_step(model: AllocationModel, values: dict[str, float], j: int,
                    free: list[tuple[pulp.LpVariable, int]], solver: Backend) -> SolveInfo | None:
    """The first tie-break step (places kept and opened per municipality) on the coarse model, laid out over
    the wijken; None where that does not settle it.

    Every plan of the model that meets the terms' values keeps at most as many closures and sites as its
    disruption value holds, and the coarse model counts those alike: so the coarse step, held to the same
    values and to that count, minimises the step's weighted sum over a relaxation, and its least sum bounds the
    model's. Where its plan per municipality can be laid out over the wijken within every term's value, the
    model reaches that bound: the step is settled, and with weights that single out one optimum (see
    ``formulation.canonical``), with the plan the model's own step would find."""
    coarse = model.coarse
    if (j != 0 or coarse is None or not coarse.tie_break or "disruption" not in values
            or any(model.coarse_values.get(t) != v for t, v in values.items() if t != "disruption")):
        return None
    start = time.perf_counter()
    most = math.floor(values["disruption"] / DISRUPTION)
    coarse.prob += closures_and_sites(coarse.terms["disruption"]) <= most, "fix(closures_and_sites)"
    coarse.prob.setObjective(pulp.LpAffineExpression(coarse.tie_break[0].weights))
    try:
        info = solver.solve(coarse.prob)
    finally:
        del coarse.prob._constraints["fix(closures_and_sites)"]
    if not info.status.solved or solver.stopped:
        return None
    laid = _lay_out(model, coarse, model.terms["disruption"], solver)
    log.info("tie-break step on the coarse model: %s; laid out over the wijken: %s", info.status, laid.status)
    if not laid.status.solved or solver.stopped:
        return None
    objective = float(pulp.value(pulp.LpAffineExpression(free)) or 0.0)
    bound = objective - (info.objective or 0.0) + (info.bound if info.bound is not None else objective)
    return SolveInfo(info.status, objective, bound, relative_gap(objective, bound), time.perf_counter() - start)


def solve_scenario(region: Region, scenario: Scenario, progress: Progress | None = None,
                   stop: threading.Event | None = None) -> Result:
    """Solve one scenario of a region; never raises for an infeasible scenario. ``stop``, set from another
    thread, ends the solve early with the best plan found so far (status ``time_limit``, no explanation)."""
    start = time.perf_counter()
    solver = solver_for(scenario)
    solver.stop = stop
    model, stages, values = solve_stages(region, scenario, solver, progress)
    term_stages = [(n, s) for n, s in stages if n in model.terms] or [(n, s) for n, s in stages if n == "located"]
    if not term_stages or not term_stages[-1][1].status.solved and solver.stopped:
        # stopped while bounding, before the model had a plan
        name = stages[-1][0] if stages else "unmet"
        return worded(_unsolved(model, solver, _records(stages), Status.time_limit,
                                Diagnosis(message=f"stopped in stage {name}, before a plan was found",
                                          failed_stage=name), time.perf_counter() - start), Words())
    last_name, last = term_stages[-1]
    # the terms have integer coefficients: solver noise below 1e-6 in an objective or bound says nothing
    records = _records(stages)
    if last.status == Status.infeasible:
        if progress:
            progress(0.9, "diagnosing infeasible scenario")
        diagnosis = diagnose(region, scenario, solver)
        return worded(_unsolved(model, solver, records, Status.infeasible, diagnosis, time.perf_counter() - start),
                      Words())
    if last.status == Status.error:
        diagnosis = Diagnosis(message=f"the solver failed in stage {last_name}", failed_stage=last_name)
        return worded(_unsolved(model, solver, records, Status.error, diagnosis, time.perf_counter() - start),
                      Words())
    # status and gap are the objective terms': a tie-break step that did not finish leaves an allocation that
    # is as good in every term, and its own stage record says how it ended
    status = Status.time_limit if solver.stopped or any(s.status == Status.time_limit for _, s in term_stages) \
        else Status.optimal
    gaps = [g for _, s in term_stages if (g := _finite(s.gap)) is not None]
    result = extract(model, values, status=status, solver=solver.name, solver_version=solver.version,
                     stages=records, gap=max(gaps) if gaps else None)
    if scenario.solver.explain and not solver.stopped:
        if progress:
            progress(0.8, "explaining binding rules")
        seconds = scenario.solver.explain_time or max(MIN_EXPLAIN_SECONDS, time.perf_counter() - start)
        result.binding, result.unexplained_rules = explain(model, values, solver, seconds)
    result.wall_time = time.perf_counter() - start
    if progress:
        progress(1.0, "done")
    return worded(result, Words())


def _records(stages: list[tuple[str, SolveInfo]]) -> list[Stage]:
    return [Stage(name=n, status=s.status, objective=_rounded(s.objective), bound=_rounded(s.bound),
                  gap=_finite(s.gap), seconds=round(s.seconds, 4)) for n, s in stages]


def _finite(value: float | None) -> float | None:
    """None where the solver has no figure or an infinite one (an interrupted stage reports a bound of -inf,
    which JSON and PostgreSQL cannot hold)."""
    return None if value is None or not math.isfinite(value) else value


def _rounded(value: float | None) -> float | None:
    """The figure to six decimals (solver noise below 1e-6 says nothing), where it is finite."""
    finite = _finite(value)
    return None if finite is None else round(finite, 6) + 0.0


def _unsolved(
    model: AllocationModel, solver: Backend, stages: list[Stage], status: Status, diagnosis: Diagnosis,
    wall_time: float,
) -> Result:
    """The result of a scenario without a solution: its stages and why."""
    d = model.data
    return Result(region=d.region.code, scenario=d.scenario.name, status=status, solver=solver.name,
                  solver_version=solver.version, gap=None, wall_time=wall_time, years=list(d.years), stages=stages,
                  diagnosis=diagnosis, names=d.names, labels=d.region.type_labels())


#: the families of rules, in the order the explanation tests them, and what they are called where several
#: rules of one family bind together
FAMILIES = {
    "cap": "caps", "draagkracht_override": "draagkracht overrides",
    "site_min": "smallest site size", "site_max": "largest site size", "hosting": "hosting",
    "budget": "budget", "pays": "payment caps",
    "precedence": "precedence", "close_after_open": "no closing before opening", "max_shift": "closing pace",
    "keep_current": "keep current", "fair_share": "fair-share bands", "draagkracht": "draagkracht (computed capacity)",
    "sites": "sites per wijk", "neighbour_cap": "neighbour cap", "min_distance": "minimum distance",
    "candidate_sites": "candidate sites", "building": "buildings",
}
UNITS = {"cost": "EUR"}
#: at most this many rules of a family that bind together are tried one by one
NARROW = 3
#: explanations get as long as the solve took, and at least this many seconds
MIN_EXPLAIN_SECONDS = 0.5


def _candidates(model: AllocationModel) -> dict[str, list[Group]]:
    """The rule families of the model, each with its groups, in the order of ``FAMILIES``: the working
    group's own limits (caps, draagkracht overrides) first, then the rules that most often keep a
    municipality from its fair share, so that they are settled when the time for explanations runs out.
    Every family is a candidate: in an integer model a rule can bind without a tight row (a budget a few
    euros above the cost of the next site; a site minimum holding a municipality at 0)."""
    found: dict[str, list[Group]] = {}
    for group in model.groups.values():
        found.setdefault(group.family, []).append(group)
    order = list(FAMILIES)
    return dict(sorted(found.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order)))


class _Explainer:
    """Relaxes rule groups on the solved model and re-runs the objective terms from its solution."""

    def __init__(self, model: AllocationModel, values: dict[str, float], solver: Backend,
                 deadline: float | None) -> None:
        self.model, self.values, self.solver, self.deadline = model, values, solver, deadline
        self.solution = [(v, v.varValue) for v in model.prob.variables()]

    def out_of_time(self) -> bool:
        return self.deadline is not None and time.perf_counter() >= self.deadline

    def relax(self, groups: list[Group]) -> tuple[list[Gain], list[Group], bool] | None:
        """The gains of relaxing the groups together, the groups the relaxed solution leans on, and whether
        every re-solve was proven; None when a re-solve settled nothing in time."""
        prob = self.model.prob
        for group in groups:
            for slack in group.slacks:
                slack.upBound = None
            for var, bound in group.bounds.items():
                var.upBound = bound
        for var, value in self.solution:
            var.varValue = value  # the optimum found is feasible when relaxed: the warm start
        rows = set(prob._constraints)  # PuLP has no public way to take a row off: its own dict
        for group in groups:
            for row_name, row in group.links:
                prob += row, row_name
        limit = self.solver.time_limit
        if self.deadline is not None:
            limit = max(0.05, min(limit, self.deadline - time.perf_counter()))
        solver = type(self.solver)(time_limit=limit, threads=self.solver.threads, seed=self.solver.seed,
                                   gap=self.solver.gap)
        try:
            stages, relaxed = run_stages(self.model, solver, terms=GAIN_TERMS)
            leaned = [g for g in groups if any((s.varValue or 0.0) > 1e-6 for s in g.slacks)
                      or any((v.varValue or 0.0) > 1e-6 for v in g.bounds)]
        finally:
            for row in set(prob._constraints) - rows:
                del prob._constraints[row]
            for group in groups:
                for slack in group.slacks:
                    slack.upBound = 0
                for var in group.bounds:
                    var.upBound = 0
        proven = all(info.status == Status.optimal for _, info in stages)
        gains = []
        for term in GAIN_TERMS:
            if term not in self.values or term not in relaxed:
                continue
            amount = self.values[term] - relaxed[term]
            settled = dict(stages).get(term)
            if settled is not None and settled.status != Status.optimal:
                # a stage stopped by its time limit: its gain is at least this; later terms are not comparable
                if amount >= 1:
                    gains.append(Gain(term=term, amount=amount, unit=UNITS.get(term, "places")))
                break
            if abs(amount) >= 1:
                gains.append(Gain(term=term, amount=amount, unit=UNITS.get(term, "places")))
        if not all(info.status.solved for _, info in stages) or (not proven and not gains):
            return None
        return gains, leaned, proven

    def restore(self) -> None:
        for var, value in self.solution:
            var.varValue = value


def _driver(family: str, groups: list[Group], gains: list[Gain],
            proven: bool) -> BindingConstraint:
    """One rule group, or several of one family, that drive the result."""
    if len(groups) == 1:
        g = groups[0]
        return BindingConstraint(group=g.key, description=g.description, family=family, groups=[g.key],
                                 rules=[Rule(group=g.key, family=g.family, params=g.params)],
                                 municipality=g.municipality, type=g.type, year=g.year, gains=gains, proven=proven)
    shown = "; ".join(g.description for g in groups[:3]) + (f"; and {len(groups) - 3} more" if len(groups) > 3 else "")
    same = [{getattr(g, f) for g in groups} for f in ("municipality", "type", "year")]
    municipality, ptype, year = (next(iter(v)) if len(v) == 1 else None for v in same)
    return BindingConstraint(group=family, description=f"{FAMILIES.get(family, family)} ({shown})", family=family,
                             groups=[g.key for g in groups],
                             rules=[Rule(group=g.key, family=g.family, params=g.params) for g in groups],
                             municipality=municipality, type=ptype, year=year,
                             gains=gains, proven=proven)


def explain(
    model: AllocationModel, values: dict[str, float], solver: Backend, seconds: float | None = None
) -> tuple[list[BindingConstraint], list[str]]:
    """The rules that drive the result, and what relaxing each would gain; and the rule families left
    unsettled when ``seconds`` ran out.

    Works on the solved model (no rebuild): the optimum's fixing rows come off, then each family that can
    bind has its groups' slacks opened (and the bounds it holds at 0 lifted), the terms up to cost are
    re-optimised from the optimum found as warm start, and everything is put back. A family whose relaxed
    solution leans on one group is that group's doing (relaxing it alone reaches the same optimum); when it
    leans on a few, each is tried alone; rules that gain only together are reported together."""
    prob = model.prob
    fixed = {name: row for name, row in prob._constraints.items() if name.startswith("fix(")}
    for name in fixed:
        del prob._constraints[name]
    work = _Explainer(model, values, solver, None if seconds is None else time.perf_counter() + seconds)
    drivers: list[BindingConstraint] = []
    unsettled: list[str] = []
    try:
        for family, groups in _candidates(model).items():
            found = None if work.out_of_time() else work.relax(groups)
            if found is None:
                unsettled.append(family)
                continue
            gains, leaned, proven = found
            if not gains:
                continue
            alone = []
            if 1 < len(leaned) <= NARROW:
                for group in leaned:
                    one = None if work.out_of_time() else work.relax([group])
                    if one is not None and one[0]:
                        alone.append(_driver(family, [group], one[0], one[2]))
            drivers += alone or [_driver(family, leaned, gains, proven)]
    finally:
        prob._constraints.update(fixed)
        work.restore()
    if unsettled:
        log.info("explanation: no time left to settle %s", ", ".join(unsettled))
    return drivers, unsettled


def write_model(region: Region, scenario: Scenario, path: str | Path) -> Path:
    """Write the model of the first lexicographic stage as built (every rule, the objective its first term,
    unmet demand) in CPLEX LP format, for reading or for another solver. Rows and variables carry the names
    of ``optimiser.formulation.base``; the slacks of the rule groups are fixed at 0 as in a normal solve."""
    model = build(region, scenario)
    first = next(iter(model.terms))
    model.prob.setObjective(model.terms[first])
    target = Path(path)
    try:
        model.prob.writeLP(str(target))
    except OSError as exc:
        raise OSError(t_("cannot write the model to {target}: {error}", target=str(target),
                         error=exc.strerror or str(exc))) from None
    log.info("wrote the %s stage model of %s / %s to %s", first, region.code, scenario.name, target)
    return target
