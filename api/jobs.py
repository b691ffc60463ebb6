"""Solves off the event loop: a bounded pool of worker processes, or a Dask cluster (``optimiser.executors``, the
seam sweeps use too), state kept in the database.

A run survives a client disconnect (it belongs to the service, not the request) and a service restart
(queued and running runs are queued again when the service starts).
"""

from __future__ import annotations

import functools
import logging
import os
import socket
import threading
from collections import deque
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from api.storage import RunRow, Store, now
from data import load_region
from models import Region
from models.i18n import Words, t_
from optimiser.executors import DaskPool, LocalPool, open_pool
from optimiser.report.confidential import redact
from optimiser.report.wording import worded

log = logging.getLogger(__name__)

#: how often a run is queued again after its worker process died while solving it
MAX_LOST = 1
#: a solving worker writes a sign of life this often (seconds) ...
HEARTBEAT_S = 5.0
#: ... and a running run without one for this long is taken as abandoned and queued again
LEASE_S = 30.0


def solve_in_worker(run_id: str, database_url: str, region: Region, doc: dict[str, Any],
                    time_limit: float) -> str | None:
    """Runs in a worker process, on this machine or another: claim the run, solve with progress and a heartbeat
    written to the database, and store the result itself, so that a solve finished on another machine is kept when
    the service that handed it out has stopped meanwhile. Its status (``done``, or ``cancelled`` with the best plan
    so far), or None when the run was cancelled before it started or another worker has it. The region arrives with
    its boundaries: the worker reads no pack."""
    from data.pack import parse_scenario
    from optimiser.solving import solve_scenario

    store = Store(database_url, migrated=True)
    worker = f"{socket.gethostname()}:{os.getpid()}"
    if not store.claim_run(run_id, worker):
        return None
    ended, stop = threading.Event(), threading.Event()

    def beat() -> None:
        """A sign of life every HEARTBEAT_S; every half second a look whether a user cancelled the run, which stops
        the solve with its best plan so far."""
        ticks = 0
        while not ended.wait(0.5):
            ticks += 1
            row = store.run(run_id)
            if row is not None and row.status == "cancelled":
                stop.set()
            if ticks % int(2 * HEARTBEAT_S) == 0:
                store.beat(run_id)

    threading.Thread(target=beat, name=f"heartbeat-{run_id}", daemon=True).start()
    try:
        scenario = parse_scenario(region, doc)
        opts = scenario.solver.model_copy(update={"time_limit": min(scenario.solver.time_limit, time_limit)})
        scenario = scenario.model_copy(update={"solver": opts})

        def progress(fraction: float, message: str) -> None:
            store.update_run(run_id, progress=round(0.05 + 0.9 * fraction, 3), message=message)

        result = solve_scenario(region, scenario, progress=progress, stop=stop)
    finally:
        ended.set()
    # the run's message is shown to every token: a diagnosis naming a wijk with confidential places names only
    # its municipality (the stored result keeps the detail)
    diagnosis = worded(redact(result, region), Words()).diagnosis
    return store.finish_run(run_id, worker, result.model_dump(mode="json"), diagnosis.message if diagnosis else None)


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
        self.reaper: threading.Thread | None = None
        #: runs not yet handed to the pool, per region, and the regions in the order they take turns
        self.pending: dict[str, deque[str]] = {}
        self.turn: deque[str] = deque()
        self.stopping = threading.Event()
        self.lock = threading.Lock()

    def open(self) -> LocalPool | DaskPool:
        """The pool solves go to, opened on first use (or at start-up, to find a wrong scheduler at once); one
        pool however many requests arrive together, so ``workers`` holds."""
        with self.lock:
            if self.pool is None:
                self.pool = open_pool(self.executor, self.workers, self.scheduler, setting="REGIO_SCHEDULER")
            return self.pool

    def resume(self) -> int:
        """On start: queue again the runs whose worker stopped (its heartbeat is older than the lease), hand out
        every queued run (a claim decides which service's worker takes it), and from then on look for abandoned
        runs every half lease, so that a run of a service that stops later is not left behind either."""
        self.reap(submit=False)
        queued = [row for row in self.store.unfinished_runs() if row.status == "queued"]
        for row in queued:
            self.submit(row.id)
        if self.reaper is None:
            self.reaper = threading.Thread(target=self._reap_every, name="run-reaper", daemon=True)
            self.reaper.start()
        return len(queued)

    def reap(self, submit: bool = True) -> int:
        """Queue again the runs left running by a worker that stopped, and hand out queued runs that have waited a
        lease without this service handing them out (the service that took them may have stopped; a claim keeps a
        run that another service still hands out from running twice); how many this service took on."""
        taken = 0
        for row in self.store.abandoned_runs(LEASE_S):
            if self.store.requeue(row.id, "queued again: the worker solving it stopped"):
                log.warning("run %s: its worker (%s) stopped; queued again", row.id, row.claimed_by or "none")
                taken += 1
                if submit:
                    self.submit(row.id)
        if submit:
            with self.lock:
                mine = set(self.futures) | {r for queue in self.pending.values() for r in queue}
            for row in self.store.waiting_longer(LEASE_S):
                if row.id not in mine:
                    self.submit(row.id)
                    taken += 1
        return taken

    def _reap_every(self) -> None:
        while not self.stopping.wait(LEASE_S / 2):
            try:
                self.reap()
            except Exception:  # a database that does not answer now may answer later
                log.exception("looking for abandoned runs failed")

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
        """Queue a run for the pool: regions take turns (round robin), and the pool gets no more runs than it has
        workers, so a region that queues many runs does not make the others wait behind all of them."""
        row = self.store.run(run_id)
        if row is None:
            return
        with self.lock:
            if run_id in self.futures or any(run_id in queue for queue in self.pending.values()):
                return
            self.pending.setdefault(row.region, deque()).append(run_id)
            if row.region not in self.turn:
                self.turn.append(row.region)
        self._feed()

    def _feed(self) -> None:
        """Hand runs to the pool while it has a free worker, the next region in turn first."""
        while True:
            with self.lock:
                if self.stopping.is_set() or len(self.futures) >= self.workers or not self.turn:
                    return
                region = self.turn.popleft()
                queue = self.pending[region]
                run_id = queue.popleft()
                if queue:
                    self.turn.append(region)  # to the back of the line
                else:
                    del self.pending[region]
                self.futures[run_id] = None  # its place in the pool, taken
            try:
                self._hand_out(run_id)
            except Exception:
                with self.lock:
                    self.futures.pop(run_id, None)
                raise

    def _hand_out(self, run_id: str) -> None:
        row = self.store.run(run_id)
        scenario = self.store.scenario(row.scenario_id) if row is not None else None
        if row is None or scenario is None or row.status != "queued":
            with self.lock:
                self.futures.pop(run_id, None)
            return
        pool = self.open()
        future = pool.submit(solve_in_worker, run_id, self.database_url, load_region(row.region), scenario.doc,
                             self.time_limit)
        with self.lock:
            self.futures[run_id] = future
        future.add_done_callback(functools.partial(self._finished, run_id, pool))

    def _finished(self, run_id: str, pool: LocalPool | DaskPool, future: Any) -> None:
        try:
            self._record(run_id, pool, future)
        finally:
            # the worker is free for the next region's run (from a thread of its own: this callback may run in
            # the pool's management thread, which must not wait for a new submission)
            threading.Thread(target=self._feed, daemon=True).start()

    def _record(self, run_id: str, pool: LocalPool | DaskPool, future: Any) -> None:
        with self.lock:
            self.futures.pop(run_id, None)
        if future.cancelled():
            self.store.update_run(run_id, status="cancelled", finished_at=now())
            return
        try:
            future.result()  # the worker stored the result itself
        except BrokenProcessPool:
            self._worker_lost(run_id, pool)
        except Exception as exc:  # a worker failure is recorded on the run, never raised into the service
            log.exception("run %s failed", run_id)
            self.store.update_run(run_id, status="failed", progress=1.0, finished_at=now(), message=str(exc))

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
            for region, queue in list(self.pending.items()):
                if run_id in queue:  # not handed out yet: it never will be
                    queue.remove(run_id)
                    if not queue:
                        del self.pending[region]
                        self.turn.remove(region)
        if future is not None:
            future.cancel()  # a queued solve never starts; a running one finishes but its result is dropped
        row = self.store.update_run(run_id, status="cancelled", finished_at=now(), message="cancelled by a user")
        return row is not None

    def shutdown(self) -> None:
        self.stopping.set()
        if self.pool is not None:
            self.pool.shutdown(wait=False)
            self.pool = None
