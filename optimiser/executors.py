"""Where solves run: a pool of processes on this machine, or a Dask cluster beyond it.

Both take jobs that carry everything a solve needs (the region with its wijken and geometry, and the scenario),
so any worker can run any job, and both hand back each job's outcome as it finishes::

    with executor("dask", scheduler="tcp://10.0.0.5:8786") as run:
        for key, outcome in run(solve_job, {"a": job_a, "b": job_b}):
            ...

An outcome is the function's return value, or the exception it raised (a job that fails does not stop the
others). ``local`` is a ``concurrent.futures`` process pool; ``dask`` is a ``distributed.Client`` on the scheduler
given, or on a local cluster of worker processes that the executor starts and stops.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from typing import Any, Literal, Protocol, TypeVar

from models.i18n import t_

log = logging.getLogger(__name__)

J = TypeVar("J")
R = TypeVar("R")

EXECUTORS = ("local", "dask")
ExecutorName = Literal["local", "dask"]


class Run(Protocol):
    """Run ``fn`` on each job; yield ``(key, outcome)`` as the jobs finish, in any order."""

    def __call__(self, fn: Callable[[J], R], jobs: Mapping[str, J]) -> Iterator[tuple[str, R | BaseException]]: ...


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


#: how often a worker process looks whether the process that started it is still there (seconds)
PARENT_CHECK_S = 1.0


def _worker_start(quiet_interrupt: bool) -> None:
    """Start of every local worker process: it ends when its parent is gone (killed with -9, say), so that no
    solver outlives the command or service that started it."""
    if quiet_interrupt:
        # Ctrl-C is the parent's to handle: it stops handing out jobs and keeps what is done
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    end_with_parent()


def end_with_parent() -> None:
    """End this process within PARENT_CHECK_S of its parent's end (a parent killed with -9 cannot take it along)."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(PARENT_CHECK_S)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


class Pool(Protocol):
    """Where jobs go: ``submit`` returns a future (``result``, ``exception``, ``cancel``, ``cancelled``,
    ``add_done_callback``), ``completed`` yields futures as they finish."""

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> Any: ...

    def completed(self, futures: list[Any]) -> Iterator[Any]: ...

    def shutdown(self, wait: bool = True) -> None: ...


class LocalPool:
    """A pool of spawned processes on this machine (spawned, not forked: a service runs threads a fork would
    copy half-way)."""

    def __init__(self, workers: int, quiet_interrupt: bool = False) -> None:
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_worker_start, initargs=(quiet_interrupt,))

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> Future[Any]:
        return self.pool.submit(fn, *args)

    def completed(self, futures: list[Any]) -> Iterator[Any]:
        return as_completed(futures)

    def shutdown(self, wait: bool = True) -> None:
        """Stop: without ``wait`` the solves still running are ended too (their results are not wanted)."""
        processes = list((self.pool._processes or {}).values())  # noqa: SLF001 - the pool offers no other way
        self.pool.shutdown(wait=wait, cancel_futures=True)
        if not wait:
            for process in processes:
                if process.is_alive():
                    process.terminate()


class DaskPool:
    """A ``distributed.Client`` on a scheduler, or on a cluster of worker processes on this machine that the
    pool starts (one thread each: a solve uses one core) and stops."""

    def __init__(self, workers: int, scheduler: str | None, setting: str = "--scheduler") -> None:
        from distributed import Client, LocalCluster

        for noisy in ("distributed", "distributed.worker", "distributed.scheduler", "distributed.nanny"):
            logging.getLogger(noisy).setLevel(logging.ERROR)
        self.cluster: Any = None
        try:
            if scheduler is None:
                self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                            dashboard_address=None)
                self.client = Client(self.cluster)
            else:
                self.client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            if self.cluster is not None:
                self.cluster.close()
            raise ValueError(t_("{setting}: no Dask scheduler answers at {address} ({error})", setting=setting,
                                address=scheduler or "-", error=str(exc).splitlines()[0] if str(exc) else
                                type(exc).__name__)) from None
        log.info("dask: %s", self.client)

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> Any:
        # pure=False: every job is solved where it is sent; callers remove identical ones themselves
        return self.client.submit(fn, *args, pure=False)

    def completed(self, futures: list[Any]) -> Iterator[Any]:
        from distributed import as_completed as dask_completed

        return iter(dask_completed(futures))

    def shutdown(self, wait: bool = True) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def open_pool(name: str = "local", workers: int | None = None, scheduler: str | None = None,
              quiet_interrupt: bool = False, setting: str = "--scheduler") -> LocalPool | DaskPool:
    """A pool by name; ``workers`` processes (default: the cores this process may use) for ``local`` and for the
    local cluster ``dask`` starts when no ``scheduler`` address is given; ``setting`` names where the scheduler's
    address came from in a message."""
    if name not in EXECUTORS:
        raise ValueError(t_("--executor: {name} is not an executor; choose {known}", name=repr(name),
                            known=" or ".join(EXECUTORS)))
    if workers is not None and workers < 1:
        raise ValueError(t_("--workers: {n} is not a number of workers; give 1 or more", n=workers))
    if scheduler is not None and name != "dask":
        raise ValueError(t_("--scheduler: a scheduler address needs --executor dask"))
    count = workers or default_workers()
    return DaskPool(count, scheduler, setting) if name == "dask" else LocalPool(count, quiet_interrupt)


@contextmanager
def executor(name: str = "local", workers: int | None = None, scheduler: str | None = None) -> Iterator[Run]:
    """Run many jobs on a pool (``open_pool``) and hand back each outcome as it finishes; Ctrl-C is left to
    this process, which stops handing out jobs."""
    pool = open_pool(name, workers, scheduler, quiet_interrupt=True)

    def run(fn: Callable[[J], R], jobs: Mapping[str, J]) -> Iterator[tuple[str, R | BaseException]]:
        futures = {pool.submit(fn, job): key for key, job in jobs.items()}
        try:
            for future in pool.completed(list(futures)):
                error = future.exception()
                yield futures[future], (error if error is not None else future.result())
        finally:
            for future in futures:
                future.cancel()

    try:
        yield run
    finally:
        pool.shutdown(wait=True)


def describe_failure(error: BaseException) -> str:
    """A failed job's exception in one line."""
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__


__all__ = ["EXECUTORS", "DaskPool", "ExecutorName", "LocalPool", "Pool", "Run", "default_workers", "describe_failure",
           "executor", "open_pool"]
