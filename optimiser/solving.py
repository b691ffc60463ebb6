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
import time
from collections.abc import Callable
from pathlib import Path

import pulp

from models import BindingConstraint, Diagnosis, Region, Result, Scenario, Stage, Status
from optimiser.diagnosis import diagnose
from optimiser.extract import extract
from optimiser.formulation import AllocationModel, build
from optimiser.solvers import Backend, SolveInfo, backend

log = logging.getLogger(__name__)

Progress = Callable[[float, str], None]

#: terms whose gains are reported when a binding rule is relaxed
GAIN_TERMS = ("unmet", "surplus", "max_deviation", "total_deviation")
MAX_EXPLAINED = 8


def _solver(scenario: Scenario) -> Backend:
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
        if not info.status.solved:
            return stages, values
        value = round(info.objective or 0.0)
        values[name] = value
        if i < total - 1:
            model.prob += expr <= value + 0.5, f"fix({name})"
    if steps:
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


def solve_scenario(region: Region, scenario: Scenario, progress: Progress | None = None) -> Result:
    """Solve one scenario of a region; never raises for an infeasible scenario."""
    start = time.perf_counter()
    solver = _solver(scenario)
    model = build(region, scenario)
    stages, values = run_stages(model, solver, progress=progress)
    steps = {step.name for step in model.tie_break}
    term_stages = [(n, s) for n, s in stages if n not in steps]
    last_name, last = term_stages[-1]
    records = [
        Stage(name=n, status=s.status, objective=s.objective, bound=s.bound, gap=s.gap, seconds=round(s.seconds, 4))
        for n, s in stages
    ]
    if last.status == Status.infeasible:
        if progress:
            progress(0.9, "diagnosing infeasible scenario")
        diagnosis = diagnose(region, scenario, solver)
        return _unsolved(model, solver, records, Status.infeasible, diagnosis, time.perf_counter() - start)
    if last.status == Status.error:
        diagnosis = Diagnosis(message=f"the solver failed in stage {last_name}")
        return _unsolved(model, solver, records, Status.error, diagnosis, time.perf_counter() - start)
    # status and gap are the objective terms': a tie-break step that did not finish leaves an allocation that
    # is as good in every term, and its own stage record says how it ended
    status = Status.time_limit if any(s.status == Status.time_limit for _, s in term_stages) else Status.optimal
    gaps = [s.gap for _, s in term_stages if s.gap is not None]
    result = extract(model, values, status=status, solver=solver.name, solver_version=solver.version,
                     stages=records, gap=max(gaps) if gaps else None)
    if scenario.solver.explain:
        if progress:
            progress(0.8, "explaining binding rules")
        result.binding = explain(region, scenario, model, values, solver)
    result.wall_time = time.perf_counter() - start
    if progress:
        progress(1.0, "done")
    return result


def _unsolved(
    model: AllocationModel, solver: Backend, stages: list[Stage], status: Status, diagnosis: Diagnosis,
    wall_time: float,
) -> Result:
    """The result of a scenario without a solution: its stages and why."""
    d = model.data
    return Result(region=d.region.code, scenario=d.scenario.name, status=status, solver=solver.name,
                  solver_version=solver.version, gap=None, wall_time=wall_time, years=list(d.years), stages=stages,
                  diagnosis=diagnosis, names=d.names, labels=d.region.type_labels())


def _binding_groups(model: AllocationModel) -> list[str]:
    """Groups with a row that is tight and actually used (a limit of 0 on nothing used is not news)."""
    out = []
    for key, group in model.groups.items():
        for row, slack in zip(group.rows, group.slacks, strict=True):
            value = row.value()
            used = any(abs(v.value() or 0.0) > 1e-9 for v in row.keys() if v is not slack)
            if value is not None and abs(value) < 1e-6 and used:
                out.append(key)
                break
    return out


def explain(
    region: Region, scenario: Scenario, model: AllocationModel, values: dict[str, float], solver: Backend
) -> list[BindingConstraint]:
    """Binding rule groups, and for each what relaxing it would gain in the leading objective terms."""
    out = []
    for key in _binding_groups(model)[:MAX_EXPLAINED]:
        group = model.groups[key]
        relaxed = build(region, scenario)
        for slack in relaxed.groups[key].slacks:
            slack.upBound = None
        _, rvalues = run_stages(relaxed, solver, terms=GAIN_TERMS)
        gain = {t: values[t] - rvalues[t] for t in GAIN_TERMS if t in values and t in rvalues}
        gain = {t: g for t, g in gain.items() if abs(g) >= 1}
        out.append(BindingConstraint(group=key, description=group.description, gain=gain))
    return out


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
        raise OSError(f"cannot write the model to {target}: {exc.strerror or exc}") from None
    log.info("wrote the %s stage model of %s / %s to %s", first, region.code, scenario.name, target)
    return target
