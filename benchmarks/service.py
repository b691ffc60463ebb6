"""The service under load: read throughput and latency, and a burst of runs over two services and two workers.

    python -m benchmarks.service reads [--database URL] [--clients 20 50] [--seconds 20] [--processes 2]
    python -m benchmarks.service burst --database postgresql+psycopg://... [--runs 100]

``reads``: `regio serve` in its own process (SQLite in a temporary folder, or the database given), and as many
clients as asked reading one scenario version (`GET /v1/scenarios/{id}`, JSON, with a bearer token) as fast as
they can for the given seconds, with wrk (one thread) on the same machine; ``--processes N`` serves with N
service processes (``regio serve --processes N``). Recorded: requests per second, p50/p95/p99 latency and the
answers that were not 200.

``burst``: a Dask scheduler, two `regio worker` processes (one solve each) and two `regio serve` processes on one
PostgreSQL database (`REGIO_EXECUTOR=dask`); the runs (Midden-IJssel's scenario without explanations) are posted
alternately to the two services. When a third are done, one worker's solving process and one service are killed
with SIGKILL. Recorded: wall time, runs done, runs claimed more than once and runs queued again.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import socket
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


def _serve(env: dict[str, str], log: Any, processes: int = 1) -> tuple[subprocess.Popen[bytes], str]:
    port = _port()
    process = subprocess.Popen([*REGIO, "serve", "--port", str(port), "--processes", str(processes)], env=env,
                               stdout=subprocess.DEVNULL, stderr=log)
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


#: wrk's summary as one JSON line: requests, seconds, latency percentiles and the answers that were not 2xx/3xx
WRK_SUMMARY = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests": %d, "seconds": %.3f, "p50_ms": %.1f, "p95_ms": %.1f, "p99_ms": %.1f, '
    .. '"not_200": %d}\\n', summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.status + e.connect + e.read + e.write + e.timeout))
end
"""


def _read(base: str, path: str, clients: int, seconds: float, script: Path) -> dict[str, Any]:
    """``clients`` connections reading ``path`` for ``seconds`` with wrk, a load generator in C on one thread, so
    that the load takes little of the cores the service runs on."""
    out = subprocess.run(["wrk", "-t1", f"-c{clients}", f"-d{seconds:g}s", "--timeout", "10s", "-s", str(script),
                          "-H", f"Authorization: Bearer {TOKEN}", f"{base}{path}"],
                         capture_output=True, text=True, check=True).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    return {"clients": clients, "requests": figures["requests"],
            "per_second": round(figures["requests"] / figures["seconds"], 1),
            **{k: figures[k] for k in ("p50_ms", "p95_ms", "p99_ms", "not_200")}}


def reads(database: str | None, clients: list[int], seconds: float, processes: int) -> dict[str, Any]:
    if shutil.which("wrk") is None:
        raise SystemExit("reads: the load generator wrk is needed (Debian: apt install wrk)")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "REGIO_DATA_DIR": tmp, "REGIO_ADMIN_TOKEN": TOKEN, "REGIO_WORKERS": "1"}
        if database:
            _reset(database)
            env["DATABASE_URL"] = database
        script = Path(tmp) / "summary.lua"
        script.write_text(WRK_SUMMARY)
        log = (Path(tmp) / "serve.log").open("w")
        server, base = _serve(env, log, processes)
        try:
            made = httpx.post(f"{base}/v1/scenarios", json={"region": "midden-ijssel", "scenario": _scenario()},
                              headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30).json()
            path = f"/v1/scenarios/{made['id']}"
            _read(base, path, clients[0], 3, script)  # warm up: every process's connections and caches
            rounds = [_read(base, path, n, seconds, script) for n in clients]
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()
    return {"database": "postgresql" if database else "sqlite", "processes": processes, "rounds": rounds}


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
    parser.add_argument("--processes", type=int, default=1, help="reads: service processes (regio serve --processes)")
    args = parser.parse_args()
    if args.what == "reads":
        figures = reads(args.database, args.clients, args.seconds, args.processes)
    else:
        if not args.database:
            parser.error("burst needs --database (PostgreSQL)")
        figures = burst(args.database, args.runs)
    figures |= {"date": time.strftime("%Y-%m-%d"), "python": platform.python_version(),
                "versions": {p: version(p) for p in ("fastapi", "uvicorn", "sqlalchemy", "distributed")}}
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
