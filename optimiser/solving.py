"""Solve a scenario: lexicographic stages, then the result, its explanation or its diagnosis.

Stages, in order (each optimum is fixed before the next stage): unmet demand, largest fair-share
deviation, total fair-share deviation, cost, disruption. An infeasible scenario is diagnosed: the
smallest set of rule groups whose relaxation restores feasibility, with the amount each needs.
``write_model`` writes the first stage's model in LP format for inspection or another solver.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

import pulp

from models import BindingConstraint, Diagnosis, Region, Relaxation, Result, Scenario, Stage, Status
from models.formatting import quantity
from optimiser.extract import extract
from optimiser.formulation import AllocationModel, build
from optimiser.solvers import Backend, SolveInfo, backend

log = logging.getLogger(__name__)

Progress = Callable[[float, str], None]

#: terms whose gains are reported when a binding rule is relaxed
GAIN_TERMS = ("unmet", "max_deviation", "total_deviation")
MAX_EXPLAINED = 8
BIG = {"places": 10**6, "weighted places": 10**6, "sites": 10**4, "EUR": 10**10}


def _solver(scenario: Scenario) -> Backend:
    opts = scenario.solver
    return backend(opts.name, time_limit=opts.time_limit, threads=opts.threads, seed=opts.seed, gap=opts.gap)


def run_stages(
    model: AllocationModel,
    solver: Backend,
    terms: tuple[str, ...] | None = None,
    progress: Progress | None = None,
) -> tuple[list[tuple[str, SolveInfo]], dict[str, float]]:
    """Optimise the objective terms one after another, fixing each optimum. Stops at the first
    infeasible stage."""
    names = [t for t in model.terms if terms is None or t in terms]
    stages: list[tuple[str, SolveInfo]] = []
    values: dict[str, float] = {}
    for i, name in enumerate(names):
        if progress:
            progress(i / len(names), f"stage {i + 1}/{len(names)}: {name}")
        expr = model.terms[name]
        if not len(expr):  # nothing to optimise in this stage (e.g. no costs in the scenario)
            values[name] = 0
            continue
        model.prob.setObjective(expr)
        info = solver.solve(model.prob)
        stages.append((name, info))
        log.info("stage %s: %s objective=%s gap=%s in %.3fs", name, info.status, info.objective, info.gap,
                 info.seconds)
        if not info.status.solved:
            break
        value = round(info.objective or 0.0)
        values[name] = value
        if i < len(names) - 1 and len(expr):
            model.prob += expr <= value + 0.5, f"fix({name})"
    return stages, values


def solve_scenario(region: Region, scenario: Scenario, progress: Progress | None = None) -> Result:
    """Solve one scenario of a region; never raises for an infeasible scenario."""
    start = time.perf_counter()
    solver = _solver(scenario)
    model = build(region, scenario)
    stages, values = run_stages(model, solver, progress=progress)
    last_name, last = stages[-1]
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
    status = Status.time_limit if any(s.status == Status.time_limit for _, s in stages) else Status.optimal
    gaps = [s.gap for _, s in stages if s.gap is not None]
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


def diagnose(region: Region, scenario: Scenario, solver: Backend) -> Diagnosis:
    """The smallest set of rule groups whose relaxation makes the scenario feasible, with amounts."""
    model = build(region, scenario)
    switches: dict[str, pulp.LpVariable] = {}
    for key, group in model.groups.items():
        big = BIG.get(group.unit, 10**6)
        # the group's position first: it keeps the switches in the solver's column order (names sort it)
        switch = model.prob.add_variable(f"relax({len(switches)},{key})", lowBound=0, upBound=1, cat="Integer")
        switches[key] = switch
        for slack in group.slacks:
            slack.upBound = big
            model.hard(slack <= big * switch, f"relax_{slack.name}")
    count = pulp.lpSum(switches.values())
    model.prob.setObjective(count)
    info = solver.solve(model.prob)
    if not info.status.solved:
        return Diagnosis(message="the scenario is infeasible even with every rule relaxed: check demand, "
                         "site sizes and hosting rules")
    model.prob += count <= round(info.objective or 0) + 0.5, "fix(relaxed_groups)"
    model.prob.setObjective(pulp.lpSum(s for g in model.groups.values() for s in g.slacks))
    info = solver.solve(model.prob)
    relaxations = []
    for key, switch in switches.items():
        if (switch.value() or 0) > 0.5:
            group = model.groups[key]
            amount = max(s.value() or 0.0 for s in group.slacks)  # the largest shortfall in any one row
            if amount > 1e-6:
                relaxations.append(
                    Relaxation(group=key, description=group.description, amount=round(amount, 2), unit=group.unit)
                )
    parts = "; ".join(f"{r.description} by {quantity(r.amount, r.unit)}" for r in relaxations)
    message = (f"infeasible: no allocation satisfies every rule. Smallest relaxation that works: {parts}"
               if relaxations else "infeasible: no single rule group explains it")
    return Diagnosis(message=message, relaxations=relaxations)


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
