"""Processes the tests start as an operator would: a free port, a Dask scheduler, `regio serve`, and what runs
below a process (psutil)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

import httpx
import psutil

REGIO = [sys.executable, "-c", "from cli import app; app()"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def children(pid: int) -> list[int]:
    """The processes ``pid`` started (not their own children)."""
    return [p.pid for p in psutil.Process(pid).children()]


def descendants(pid: int) -> list[int]:
    """The processes below ``pid``: its children, theirs, and so on."""
    return [p.pid for p in psutil.Process(pid).children(recursive=True)]


def alive(pid: int) -> bool:
    """Running, and not a zombie waiting for its parent."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def stop(*processes: subprocess.Popen[Any] | None) -> None:
    """Terminate, and kill what does not end within 20 s."""
    for process in processes:
        if process is not None and process.poll() is None:
            process.terminate()
    for process in processes:
        if process is not None:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@contextmanager
def dask_scheduler(log: IO[str], env: dict[str, str] | None = None) -> Iterator[str]:
    """A Dask scheduler on a free local port, once it answers; its address."""
    from distributed import Client

    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                  "--port", str(port), "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=log,
                                 env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with Client(address, timeout="2s"):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        yield address
    finally:
        stop(scheduler)


def serve(env: dict[str, str], log: IO[str] | int = subprocess.DEVNULL, first: dict[str, str] | None = None,
          processes: int = 1) -> tuple[subprocess.Popen[bytes], str, httpx.Response]:
    """`regio serve` on a free port (with ``processes`` service processes), once it answers `GET /v1/regions`
    (sent with the ``first`` headers): the process, its base URL and that first answer."""
    port = free_port()
    process = subprocess.Popen([*REGIO, "serve", "--port", str(port), "--processes", str(processes)], env=env,
                               stdout=subprocess.DEVNULL, stderr=log)
    base, deadline = f"http://127.0.0.1:{port}", time.time() + 60
    while True:
        try:
            return process, base, httpx.get(f"{base}/v1/regions", headers=first or {}, timeout=5)
        except httpx.TransportError:
            if time.time() > deadline or process.poll() is not None:
                stop(process)
                raise
            time.sleep(0.2)
