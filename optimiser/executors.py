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
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from typing import Literal, Protocol, TypeVar

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


def _quiet_interrupt() -> None:
    # Ctrl-C is the parent's to handle: it stops handing out jobs and keeps what is done
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def executor(name: str = "local", workers: int | None = None, scheduler: str | None = None) -> Iterator[Run]:
    """An executor by name; ``workers`` processes (default: the cores this process may use) for ``local`` and for
    the local cluster ``dask`` starts when no ``scheduler`` address is given."""
    if name not in EXECUTORS:
        raise ValueError(t_("--executor: {name} is not an executor; choose {known}", name=repr(name),
                            known=" or ".join(EXECUTORS)))
    if workers is not None and workers < 1:
        raise ValueError(t_("--workers: {n} is not a number of workers; give 1 or more", n=workers))
    if scheduler is not None and name != "dask":
        raise ValueError(t_("--scheduler: a scheduler address needs --executor dask"))
    count = workers or default_workers()
    if name == "dask":
        with _dask(count, scheduler) as run:
            yield run
        return
    with _local(count) as run:
        yield run


@contextmanager
def _local(workers: int) -> Iterator[Run]:
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_quiet_interrupt)

    def run(fn: Callable[[J], R], jobs: Mapping[str, J]) -> Iterator[tuple[str, R | BaseException]]:
        futures: dict[Future[R], str] = {pool.submit(fn, job): key for key, job in jobs.items()}
        try:
            for future in as_completed(futures):
                error = future.exception()
                yield futures[future], (error if error is not None else future.result())
        finally:
            for future in futures:
                future.cancel()

    try:
        yield run
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _dask(workers: int, scheduler: str | None) -> Iterator[Run]:
    from distributed import Client, LocalCluster
    from distributed import as_completed as dask_completed

    for noisy in ("distributed", "distributed.worker", "distributed.scheduler", "distributed.nanny"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    cluster: LocalCluster | None = None
    try:
        if scheduler is None:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
            client = Client(cluster)
        else:
            client = Client(scheduler, timeout="10s")
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        raise ValueError(t_("--scheduler: no Dask scheduler answers at {address} ({error})",
                            address=scheduler or "-", error=str(exc).splitlines()[0] if str(exc) else
                            type(exc).__name__)) from None
    log.info("dask: %s", client)

    def run(fn: Callable[[J], R], jobs: Mapping[str, J]) -> Iterator[tuple[str, R | BaseException]]:
        # pure=False: every job is solved where it is sent; the caller has removed identical ones already
        futures = {client.submit(fn, job, key=f"regio-{key}-{os.getpid()}", pure=False): key
                   for key, job in jobs.items()}
        try:
            for future in dask_completed(list(futures)):
                error = future.exception()
                yield futures[future], (error if error is not None else future.result())
        finally:
            client.cancel(list(futures))

    try:
        yield run
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def describe_failure(error: BaseException) -> str:
    """A failed job's exception in one line."""
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__


__all__ = ["EXECUTORS", "ExecutorName", "Run", "default_workers", "describe_failure", "executor"]
