"""Solver backends for a PuLP model: HiGHS (default, through highspy), CBC, and OR-Tools CP-SAT.

Every backend runs with fixed options (one thread unless asked, a fixed seed) so the same input gives
the same allocation. All objective coefficients of the allocation model are integers, so an absolute gap
below 1 proves optimality; the relative gap is reported as well.
"""

from __future__ import annotations

import logging
import math
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import version

import pulp

from models import Status
from models.i18n import t_

log = logging.getLogger(__name__)

ABS_GAP = 0.99  # objectives are integer: a gap below 1 is optimal


@dataclass(frozen=True)
class SolveInfo:
    status: Status
    objective: float | None
    bound: float | None
    gap: float | None
    seconds: float


def relative_gap(objective: float | None, bound: float | None) -> float | None:
    if objective is None or bound is None or not math.isfinite(bound):
        return None
    if abs(objective - bound) < 1:
        return 0.0
    return abs(objective - bound) / max(1.0, abs(objective))


class Backend:
    name = ""

    def __init__(self, time_limit: float = 60.0, threads: int = 1, seed: int = 0, gap: float = 0.0) -> None:
        self.time_limit = time_limit
        self.threads = threads
        self.seed = seed
        self.gap = gap  # relative gap at which a stage may stop (0: prove optimality)
        #: set from another thread to stop: the solve in hand ends with the best solution it has (HiGHS within a
        #: tenth of a second; the other backends at the end of the stage), and no later stage starts
        self.stop: threading.Event | None = None

    @property
    def stopped(self) -> bool:
        return self.stop is not None and self.stop.is_set()

    @property
    def version(self) -> str:
        raise NotImplementedError

    def solve(self, prob: pulp.LpProblem) -> SolveInfo:
        raise NotImplementedError


_BANNER_SHOWN = False


def silence_highs_banner() -> None:
    """highspy prints a banner on stdout when the first ``Highs`` object of a process is made; make that
    first object with stdout pointed at /dev/null so ``--json`` output stays clean."""
    global _BANNER_SHOWN
    if _BANNER_SHOWN:
        return
    import os
    import sys

    import highspy

    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    _BANNER_SHOWN = True


def _solution_matches_objective(h: object) -> bool:
    """Whether an optimal HiGHS solution's values give the objective value HiGHS reports."""
    import highspy

    assert isinstance(h, highspy.Highs)
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return True
    lp = h.getLp()
    value = lp.offset_ + sum(c * v for c, v in zip(lp.col_cost_, h.getSolution().col_value, strict=True))
    reported = h.getInfo().objective_function_value
    return abs(value - reported) <= 1e-6 * max(1.0, abs(reported))


class _WarmHiGHS(pulp.HiGHS):
    """PuLP's HiGHS interface, handing the variables' current values to HiGHS as a starting solution.

    Each lexicographic stage starts from the previous stage's optimum, which is feasible for it (the earlier
    optima are fixed as constraints that solution meets), so HiGHS never has to search for a first solution.
    """

    #: set by HighsBackend: a request to stop that interrupts HiGHS, which keeps its best solution
    stop: threading.Event | None = None

    def createAndConfigureSolver(self, lp: pulp.LpProblem) -> None:
        super().createAndConfigureSolver(lp)
        if self.stop is not None:
            lp.solverModel.HandleUserInterrupt = True  # cancelSolve() from the watcher then stops the search

    def actualSolve(self, lp: pulp.LpProblem, **kwargs: object) -> int:
        import highspy

        self.createAndConfigureSolver(lp)
        self.buildSolverModel(lp)
        variables = lp.variables()
        if variables and all(v.varValue is not None for v in variables):
            start = highspy.HighsSolution()
            start.col_value = [float(v.varValue) for v in variables]
            start.value_valid = True
            lp.solverModel.setSolution(start)
            self.callSolver(lp)
            if not _solution_matches_objective(lp.solverModel):
                # seen with HiGHS 1.16 when presolve alone solves a MIP given a start: it reports the optimum
                # but hands back the start's values. Solve again without the start.
                log.warning("HiGHS returned a solution that does not match its objective; solving again "
                            "without the starting solution")
                self.createAndConfigureSolver(lp)
                self.buildSolverModel(lp)
                self.callSolver(lp)
        else:
            self.callSolver(lp)
        status, sol_status = self.findSolutionValues(lp)
        for var in variables:
            var.modified = False
        for constraint in lp.constraints():
            constraint.modifier = False
        lp.assignStatus(status, sol_status)
        return status


@contextmanager
def _interrupted_by(stop: threading.Event | None, prob: pulp.LpProblem) -> Iterator[None]:
    """While HiGHS solves ``prob``: once ``stop`` is set, ask it to stop every tenth of a second until it has (it
    may build a new model for a second try)."""
    if stop is None:
        yield
        return
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            if stop.wait(0.1):
                model = getattr(prob, "solverModel", None)
                if model is not None:
                    model.cancelSolve()
                done.wait(0.1)

    watcher = threading.Thread(target=watch, name="highs-stop", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join(timeout=1)


class HighsBackend(Backend):
    name = "highs"

    @property
    def version(self) -> str:
        return f"HiGHS (highspy {version('highspy')}) via PuLP {pulp.__version__}"

    def solve(self, prob: pulp.LpProblem) -> SolveInfo:
        import highspy

        silence_highs_banner()
        solver = _WarmHiGHS(
            msg=False,
            timeLimit=self.time_limit,
            threads=self.threads,
            gapRel=self.gap,
            gapAbs=ABS_GAP,
            random_seed=self.seed,
        )
        solver.stop = self.stop
        start = time.perf_counter()
        with _interrupted_by(self.stop, prob):
            prob.solve(solver)
        seconds = time.perf_counter() - start
        h = prob.solverModel
        status = h.getModelStatus()
        info = h.getInfo()
        S = highspy.HighsModelStatus
        if status == S.kOptimal:
            name = Status.optimal
        elif status in (S.kInfeasible, S.kUnboundedOrInfeasible):
            return SolveInfo(Status.infeasible, None, None, None, seconds)
        elif status in (S.kTimeLimit, S.kInterrupt, S.kIterationLimit) and info.primal_solution_status == 2:
            name = Status.time_limit
        else:
            return SolveInfo(Status.error, None, None, None, seconds)
        objective = float(info.objective_function_value)
        has_ints = any(v.cat == pulp.LpInteger for v in prob.variables())
        bound = float(info.mip_dual_bound) if has_ints else objective
        if name == Status.optimal:
            bound = objective if not math.isfinite(bound) else bound
        return SolveInfo(name, objective, bound, relative_gap(objective, bound), seconds)


class CbcBackend(Backend):
    name = "cbc"

    @property
    def version(self) -> str:
        return f"CBC (bundled with PuLP {pulp.__version__})"

    def solve(self, prob: pulp.LpProblem) -> SolveInfo:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            solver = pulp.PULP_CBC_CMD(
                msg=False,
                timeLimit=self.time_limit,
                threads=self.threads,
                gapRel=self.gap,
                gapAbs=ABS_GAP,
                options=[f"randomCbcSeed {self.seed + 1}"],
            )
        start = time.perf_counter()
        with warnings.catch_warnings():
            # PuLP announces that its bundled CBC moves to an extra in PuLP 4; it is still the bundled one here
            warnings.simplefilter("ignore", DeprecationWarning)
            try:
                prob.solve(solver)
            except pulp.PulpSolverError as exc:
                log.error("CBC failed: %s", exc)
                return SolveInfo(Status.error, None, None, None, time.perf_counter() - start)
        seconds = time.perf_counter() - start
        if prob.status == pulp.LpStatusInfeasible:
            return SolveInfo(Status.infeasible, None, None, None, seconds)
        if prob.status != pulp.LpStatusOptimal:
            return SolveInfo(Status.error, None, None, None, seconds)
        objective = float(pulp.value(prob.objective) or 0.0)
        if prob.sol_status == pulp.LpSolutionOptimal:
            return SolveInfo(Status.optimal, objective, objective, 0.0, seconds)
        return SolveInfo(Status.time_limit, objective, None, None, seconds)


class CpSatBackend(Backend):
    """OR-Tools CP-SAT through its linear-solver wrapper (all model variables are integer)."""

    name = "cpsat"

    @property
    def version(self) -> str:
        return f"OR-Tools CP-SAT {version('ortools')}"

    def solve(self, prob: pulp.LpProblem) -> SolveInfo:
        from ortools.linear_solver import pywraplp

        solver = pywraplp.Solver.CreateSolver("CP_SAT")
        inf = solver.infinity()
        cols = {}
        for v in prob.variables():
            lb = -inf if v.lowBound is None else v.lowBound
            ub = inf if v.upBound is None else v.upBound
            if v.cat == pulp.LpInteger:
                cols[v.name] = solver.IntVar(lb, ub, v.name)
            else:
                cols[v.name] = solver.NumVar(lb, ub, v.name)
        for c in prob.constraints():
            lb, ub = c.getLb(), c.getUb()
            row = solver.Constraint(-inf if lb is None else lb, inf if ub is None else ub, c.name)
            for var, coef in c.items():
                row.SetCoefficient(cols[var.name], coef)
        objective = solver.Objective()
        for var, coef in prob.objective.items():
            objective.SetCoefficient(cols[var.name], coef)
        objective.SetOffset(prob.objective.constant)
        objective.SetMinimization()
        solver.SetTimeLimit(int(self.time_limit * 1000))
        solver.SetNumThreads(self.threads)
        solver.SetSolverSpecificParametersAsString(
            # linearization level 2 gives the search the LP relaxation of the whole model, which this
            # MILP-shaped model needs to prove optimality quickly on one worker
            f"random_seed:{self.seed} absolute_gap_limit:{ABS_GAP} relative_gap_limit:{self.gap} linearization_level:2"
            # variables are bounded by 1e7 unless told: a diagnosis may relax a budget by more than that
            " mip_max_bound:1e10"
        )
        start = time.perf_counter()
        status = solver.Solve()
        seconds = time.perf_counter() - start
        if status == pywraplp.Solver.INFEASIBLE:
            return SolveInfo(Status.infeasible, None, None, None, seconds)
        if status not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
            return SolveInfo(Status.error, None, None, None, seconds)
        for v in prob.variables():
            v.varValue = cols[v.name].solution_value()
        value = objective.Value()
        bound = objective.BestBound()
        name = Status.optimal if status == pywraplp.Solver.OPTIMAL else Status.time_limit
        return SolveInfo(name, value, bound, relative_gap(value, bound), seconds)


BACKENDS: dict[str, type[Backend]] = {"highs": HighsBackend, "cbc": CbcBackend, "cpsat": CpSatBackend}


def backend(name: str, time_limit: float = 60.0, threads: int = 1, seed: int = 0, gap: float = 0.0) -> Backend:
    try:
        cls = BACKENDS[name]
    except KeyError:
        raise ValueError(t_(
            "solver: unknown solver {name}; choose from {v1}", name=repr(name), v1=', '.join(BACKENDS))) from None
    return cls(time_limit=time_limit, threads=threads, seed=seed, gap=gap)
