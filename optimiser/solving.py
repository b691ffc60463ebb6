"""Solve a scenario: lexicographic stages, then the result, its explanation or its diagnosis.

Stages, in order (each optimum is fixed before the next stage): unmet demand, unexplained surplus
(places above demand, see ``formulation.surplus``), largest fair-share deviation, total fair-share
deviation, cost, disruption; then the steps of the canonical tie-break
(``optimiser.formulation.canonical``), which pick one allocation among the equally good ones, the same on
every backend. The tie-break steps are stages of the result but not objective terms: ``Result.objective``
holds the terms only. An infeasible scenario is diagnosed (``optimiser.diagnosis``): the
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
from optimiser.formulation import AllocationModel, Group, build
from optimiser.report.wording import worded
from optimiser.solvers import Backend, SolveInfo, backend

log = logging.getLogger(__name__)

Progress = Callable[[float, str], None]

#: terms whose gains are reported when a binding rule is relaxed
GAIN_TERMS = ("unmet", "surplus", "max_deviation", "total_deviation", "cost")


def solver_for(scenario: Scenario) -> Backend:
    """The backend the scenario asks for, with its options."""
    opts = scenario.solver
    return backend(opts.name, time_limit=opts.time_limit, threads=opts.threads, seed=opts.seed, gap=opts.gap)


def run_stages(
    model: AllocationModel,
    solver: Backend,
    terms: tuple[str, ...] | None = None,
    progress: Progress | None = None,
) -> tuple[list[tuple[str, SolveInfo]], dict[str, float]]:
    """Optimise the objective terms one after another, fixing each optimum, then (when every term is asked
    for) break the remaining ties canonically. Stops at the first infeasible stage. The values are the
    terms' optima; the tie-break's steps are in the stage list only."""
    names = [t for t in model.terms if terms is None or t in terms]
    steps = model.tie_break if terms is None else []
    total = len(names) + len(steps)
    stages: list[tuple[str, SolveInfo]] = []
    values: dict[str, float] = {}
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
        info = solver.solve(model.prob)
        stages.append((name, info))
        _log_stage(name, info)
        if not info.status.solved or solver.stopped:
            return stages, values
        value = round(info.objective or 0.0)
        values[name] = value
        if i < total - 1:
            model.prob += expr <= value + 0.5, f"fix({name})"
    if steps and not solver.stopped:
        stages += break_ties(model, solver, progress, done=len(names), total=total)
    return stages, values


def _log_stage(name: str, info: SolveInfo) -> None:
    log.info("stage %s: %s objective=%s gap=%s in %.3fs", name, info.status, info.objective, info.gap, info.seconds)


def break_ties(
    model: AllocationModel, solver: Backend, progress: Progress | None = None, done: int = 0, total: int = 0,
) -> list[tuple[str, SolveInfo]]:
    """Run the canonical tie-break on a model whose terms are optimal and fixed: each step minimises its
    weighted sum and holds its variables at the values found for the next step. The bounds are restored at
    the end. A step that fails leaves the solution as it was before it; a step stopped by the time limit
    keeps its (feasible, equally good) solution and ends the tie-break."""
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


def solve_scenario(region: Region, scenario: Scenario, progress: Progress | None = None,
                   stop: threading.Event | None = None) -> Result:
    """Solve one scenario of a region; never raises for an infeasible scenario. ``stop``, set from another
    thread, ends the solve early with the best plan found so far (status ``time_limit``, no explanation)."""
    start = time.perf_counter()
    solver = solver_for(scenario)
    solver.stop = stop
    model = build(region, scenario)
    stages, values = run_stages(model, solver, progress=progress)
    steps = {step.name for step in model.tie_break}
    term_stages = [(n, s) for n, s in stages if n not in steps]
    last_name, last = term_stages[-1]
    # the terms have integer coefficients: solver noise below 1e-6 in an objective or bound says nothing
    records = [
        Stage(name=n, status=s.status, objective=_rounded(s.objective), bound=_rounded(s.bound), gap=_finite(s.gap),
              seconds=round(s.seconds, 4))
        for n, s in stages
    ]
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
