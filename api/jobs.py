"""Solves off the event loop: a bounded pool of worker processes, or a Dask cluster (``optimiser.executors``, the
seam sweeps use too), state kept in the database.

A run survives a client disconnect (it belongs to the service, not the request) and a service restart
(queued and running runs are queued again when the service starts).
"""

from __future__ import annotations

import functools
import logging
import threading
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from api.storage import RunRow, Store, now
from data import load_region
from models import Region, Result
from models.i18n import Words, t_
from optimiser.executors import DaskPool, LocalPool, open_pool
from optimiser.report.confidential import redact
from optimiser.report.wording import worded

log = logging.getLogger(__name__)

#: how often a run is queued again after its worker process died while solving it
MAX_LOST = 1


def solve_in_worker(run_id: str, database_url: str, region: Region, doc: dict[str, Any],
                    time_limit: float) -> dict[str, Any]:
    """Runs in a worker process: mark the run running, solve with progress written to the database, and
    return the result as JSON. The region arrives with its boundaries: the worker reads no pack."""
    from data.pack import parse_scenario
    from optimiser.solving import solve_scenario

    store = Store(database_url, migrated=True)
    row = store.update_run(run_id, status="running", progress=0.05, started_at=now())
    if row is not None and row.status == "cancelled":
        raise RuntimeError("cancelled before it started")
    scenario = parse_scenario(region, doc)
    opts = scenario.solver.model_copy(update={"time_limit": min(scenario.solver.time_limit, time_limit)})
    scenario = scenario.model_copy(update={"solver": opts})

    def progress(fraction: float, message: str) -> None:
        store.update_run(run_id, progress=round(0.05 + 0.9 * fraction, 3), message=message)

    return solve_scenario(region, scenario, progress=progress).model_dump(mode="json")


class TooManyRuns(Exception):
    """A region has as many runs waiting as it may; a new one waits until one of them ends."""

    def __init__(self, region: str, waiting: int) -> None:
        super().__init__(t_("region {region} has {n} runs queued or running, the most it may have; start this one "
                            "when one of them has ended", region=region, n=waiting))
        self.detail = self.args[0]


class RunManager:
    def __init__(self, store: Store, database_url: str, workers: int, time_limit: float, executor: str = "local",
                 scheduler: str | None = None, max_waiting: int = 10) -> None:
        self.store = store
        #: runs a region may have queued or running at once: one region cannot fill the queue for all others
        self.max_waiting = max_waiting
        self.database_url = database_url
        self.time_limit = time_limit
        self.workers = workers
        self.executor = executor
        self.scheduler = scheduler
        self.pool: LocalPool | DaskPool | None = None
        #: a run's future: concurrent.futures' or distributed's, which answer the same calls
        self.futures: dict[str, Any] = {}
        #: how often a run's worker process died while it was solving
        self.lost: dict[str, int] = {}
        self.lock = threading.Lock()

    def open(self) -> LocalPool | DaskPool:
        """The pool solves go to, opened on first use (or at start-up, to find a wrong scheduler at once); one
        pool however many requests arrive together, so ``workers`` holds."""
        with self.lock:
            if self.pool is None:
                self.pool = open_pool(self.executor, self.workers, self.scheduler, setting="REGIO_SCHEDULER")
            return self.pool

    def resume(self) -> int:
        """Queue again what a previous service left queued or running."""
        pending = self.store.unfinished_runs()
        for row in pending:
            self.store.update_run(row.id, status="queued", progress=0.0,
                                  message="queued again after a service restart" if row.status == "running" else None)
            self.submit(row.id)
        return len(pending)

    def start(self, region: str, scenario_id: int) -> RunRow:
        """A new run of a scenario version, queued; TooManyRuns when its region has ``max_waiting`` already."""
        with self.lock:
            waiting = self.store.waiting(region)
            if waiting >= self.max_waiting:
                raise TooManyRuns(region, waiting)
            run = self.store.add_run(region, scenario_id)
        self.submit(run.id)
        return run

    def submit(self, run_id: str) -> None:
        row = self.store.run(run_id)
        if row is None:
            return
        scenario = self.store.scenario(row.scenario_id)
        assert scenario is not None
        pool = self.open()
        future = pool.submit(solve_in_worker, run_id, self.database_url, load_region(row.region), scenario.doc,
                             self.time_limit)
        with self.lock:
            self.futures[run_id] = future
        future.add_done_callback(functools.partial(self._finished, run_id, pool))

    def _finished(self, run_id: str, pool: LocalPool | DaskPool, future: Any) -> None:
        with self.lock:
            self.futures.pop(run_id, None)
        if future.cancelled():
            self.store.update_run(run_id, status="cancelled", finished_at=now())
            return
        try:
            result = future.result()
        except BrokenProcessPool:
            self._worker_lost(run_id, pool)
            return
        except Exception as exc:  # a worker failure is recorded on the run, never raised into the service
            log.exception("run %s failed", run_id)
            self.store.update_run(run_id, status="failed", progress=1.0, finished_at=now(), message=str(exc))
            return
        # the run's message is shown to every token: a diagnosis naming a wijk with confidential places names
        # only its municipality (the stored result keeps the detail)
        diagnosis = worded(redact(Result.model_validate(result), load_region(result["region"])), Words()).diagnosis
        message = diagnosis.message if diagnosis else None
        self.store.update_run(run_id, status="done", progress=1.0, finished_at=now(), result=result, message=message)

    def _worker_lost(self, run_id: str, pool: LocalPool | DaskPool) -> None:
        """A worker process died (killed, out of memory): the pool is replaced, runs that waited are queued again,
        and a run that was solving gets one more try; it fails when its worker dies a second time."""
        with self.lock:
            if self.pool is pool:
                self.pool = None  # the next submit opens a new pool
                pool.shutdown(wait=False)
        row = self.store.run(run_id)
        if row is None or row.status == "cancelled":
            return
        lost = self.lost.get(run_id, 0) + (row.status == "running")
        self.lost[run_id] = lost
        if lost > MAX_LOST:
            log.error("run %s: its worker process stopped %d times", run_id, lost)
            self.store.update_run(run_id, status="failed", progress=1.0, finished_at=now(),
                                  message=f"its worker process stopped {lost} times while solving it")
            return
        log.warning("run %s: a worker process stopped; queued again", run_id)
        self.store.update_run(run_id, status="queued", progress=0.0, started_at=None,
                              message="queued again: a worker process stopped")
        # submitted from a thread of its own: this callback runs in the broken pool's management thread
        threading.Thread(target=self.submit, args=(run_id,), daemon=True).start()

    def cancel(self, run_id: str) -> bool:
        with self.lock:
            future = self.futures.get(run_id)
        if future is not None:
            future.cancel()  # a queued solve never starts; a running one finishes but its result is dropped
        row = self.store.update_run(run_id, status="cancelled", finished_at=now(), message="cancelled by a user")
        return row is not None

    def shutdown(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False)
            self.pool = None
