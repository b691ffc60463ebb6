"""The service under load: read throughput and latency, and a burst of runs over two services and two workers.

    python -m benchmarks.service reads [--database URL] [--clients 20 50] [--seconds 20]
    python -m benchmarks.service burst --database postgresql+psycopg://... [--runs 100]

``reads``: `regio serve` in its own process (SQLite in a temporary folder, or the database given), and as many
clients as asked reading one scenario version (`GET /v1/scenarios/{id}`, JSON, with a bearer token) as fast as
they can for the given seconds, from one asyncio process on the same machine. Recorded: requests per second,
p50/p95/p99 latency and the answers that were not 200.

``burst``: a Dask scheduler, two `regio worker` processes (one solve each) and two `regio serve` processes on one
PostgreSQL database (`REGIO_EXECUTOR=dask`); the runs (Midden-IJssel's scenario without explanations) are posted
alternately to the two services. When a third are done, one worker's solving process and one service are killed
with SIGKILL. Recorded: wall time, runs done, runs claimed more than once and runs queued again.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

import httpx
import psutil

TOKEN = "benchmark-" + "x" * 30
REGIO = [sys.executable, "-c", "from cli import app; app()"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(env: dict[str, str], log: Any) -> tuple[subprocess.Popen[bytes], str]:
    port = _port()
    process = subprocess.Popen([*REGIO, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while True:
        try:
            if httpx.get(f"{base}/ready", timeout=5).status_code == 200:
                return process, base
        except httpx.TransportError:
            pass
        if time.time() > deadline or process.poll() is not None:
            raise RuntimeError(f"regio serve did not start ({base})")
        time.sleep(0.3)


def _scenario() -> dict[str, Any]:
    from data import load_region, load_scenario

    doc = load_scenario(load_region("midden-ijssel")).model_dump(mode="json")
    doc["solver"]["explain"] = False
    doc["name"] = "belasting"
    return doc


def _reset(url: str) -> None:
    from api.storage import Store, drop_everything

    store = Store(url)
    drop_everything(store.engine)
    store.engine.dispose()


async def _read(base: str, path: str, clients: int, seconds: float) -> dict[str, Any]:
    latencies: list[float] = []
    failures = 0
    stop = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {TOKEN}"}, limits=limits,
                                 timeout=30) as client:
        async def one() -> None:
            nonlocal failures
            while time.perf_counter() < stop:
                start = time.perf_counter()
                answer = await client.get(path)
                latencies.append(time.perf_counter() - start)
                failures += answer.status_code != 200

        began = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(clients)))
        elapsed = time.perf_counter() - began
    cuts = statistics.quantiles(latencies, n=100)
    return {"clients": clients, "requests": len(latencies), "per_second": round(len(latencies) / elapsed, 1),
            "p50_ms": round(1000 * cuts[49], 1), "p95_ms": round(1000 * cuts[94], 1),
            "p99_ms": round(1000 * cuts[98], 1), "not_200": failures}


def reads(database: str | None, clients: list[int], seconds: float) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "REGIO_DATA_DIR": tmp, "REGIO_ADMIN_TOKEN": TOKEN, "REGIO_WORKERS": "1"}
        if database:
            _reset(database)
            env["DATABASE_URL"] = database
        log = (Path(tmp) / "serve.log").open("w")
        server, base = _serve(env, log)
        try:
            made = httpx.post(f"{base}/v1/scenarios", json={"region": "midden-ijssel", "scenario": _scenario()},
                              headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30).json()
            path = f"/v1/scenarios/{made['id']}"
            rounds = [asyncio.run(_read(base, path, n, seconds)) for n in clients]
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()
    return {"database": "postgresql" if database else "sqlite", "rounds": rounds}


def burst(database: str, runs: int) -> dict[str, Any]:
    from api.storage import RunRow, Store

    _reset(database)
    with tempfile.TemporaryDirectory() as tmp:
        log = (Path(tmp) / "burst.log").open("w")
        scheduler_port = _port()
        address = f"tcp://127.0.0.1:{scheduler_port}"
        env = {**os.environ, "REGIO_DATA_DIR": tmp, "REGIO_ADMIN_TOKEN": TOKEN, "DATABASE_URL": database,
               "REGIO_EXECUTOR": "dask", "REGIO_SCHEDULER": address, "REGIO_MAX_WAITING_RUNS": str(runs * 2)}
        processes: list[subprocess.Popen[bytes]] = [subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port",
             str(scheduler_port), "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=log)]
        try:
            time.sleep(3)
            workers = [subprocess.Popen([*REGIO, "worker", address], env=env, stdout=subprocess.DEVNULL, stderr=log)
                       for _ in range(2)]
            processes += workers
            services = [_serve(env, log) for _ in range(2)]
            processes += [p for p, _ in services]
            h = {"Authorization": f"Bearer {TOKEN}"}
            bases = [b for _, b in services]
            sid = httpx.post(f"{bases[0]}/v1/scenarios", json={"region": "midden-ijssel", "scenario": _scenario()},
                             headers=h, timeout=30).json()["id"]
            start = time.perf_counter()
            ids = [httpx.post(f"{bases[i % 2]}/v1/runs", json={"scenario_id": sid}, headers=h, timeout=30)
                   .json()["id"] for i in range(runs)]
            store = Store(database, migrated=True)

            def done() -> int:
                with store.session() as s:
                    return s.query(RunRow).filter(RunRow.status == "done").count()

            while done() < runs // 3:
                time.sleep(0.2)
            solving = [p.pid for w in workers for p in psutil.Process(w.pid).children()]
            killed_worker = solving[0] if solving else None
            if killed_worker:
                os.kill(killed_worker, signal.SIGKILL)
            os.kill(services[0][0].pid, signal.SIGKILL)
            killed_at = done()
            deadline = time.time() + 900
            while done() < runs and time.time() < deadline:
                time.sleep(0.5)
            wall = time.perf_counter() - start
            with store.session() as s:
                rows = s.query(RunRow).filter(RunRow.id.in_(ids)).all()
            statuses: dict[str, int] = {}
            for r in rows:
                statuses[r.status] = statuses.get(r.status, 0) + 1
            return {
                "runs": runs, "wall_s": round(wall, 1), "statuses": statuses,
                "done_when_killed": killed_at, "killed": {"worker_process": killed_worker, "service": 1},
                "claimed_by_workers": len({r.claimed_by.rsplit(":", 1)[1] for r in rows if r.claimed_by}),
                "queued_again": sum(1 for r in rows if r.message and "queued again" in r.message),
                "unclaimed": sum(1 for r in rows if not r.claimed_by),
            }
        finally:
            for process in reversed(processes):
                if process.poll() is None:
                    process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
            log.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["reads", "burst"])
    parser.add_argument("--database", default=None, help="a PostgreSQL URL (reads: default SQLite)")
    parser.add_argument("--clients", type=int, nargs="+", default=[20, 50])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    if args.what == "reads":
        figures = reads(args.database, args.clients, args.seconds)
    else:
        if not args.database:
            parser.error("burst needs --database (PostgreSQL)")
        figures = burst(args.database, args.runs)
    figures |= {"date": time.strftime("%Y-%m-%d"), "python": platform.python_version(),
                "versions": {p: version(p) for p in ("fastapi", "uvicorn", "sqlalchemy", "distributed")}}
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
