"""The service's run queue on the executor seam sweeps use: with REGIO_EXECUTOR=dask a run is solved on a Dask
cluster and ends as it does in the service's own worker processes."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.config import Settings, SettingsError, load_settings
from api.main import create_app
from api.storage import Store
from data import load_region, load_scenario
from optimiser.executors import DaskPool
from tests.api.utils import auth, databases, quick, service_env, settings_on, wait
from tests.processes import REGIO, children, dask_scheduler, free_port, serve, stop


def test_a_run_is_solved_on_a_dask_cluster(tmp_path: Path) -> None:
    app = create_app(Settings(data_dir=tmp_path, database_url="", workers=1, run_time_limit=60, executor="dask"))
    token = app.state.store.create_token("mi", "midden-ijssel")
    with TestClient(app) as client:
        assert isinstance(app.state.manager.pool, DaskPool)
        h = auth(token)
        sid = client.post("/v1/scenarios", json={"region": "midden-ijssel",
                                                 "scenario": quick("midden-ijssel", name="op-dask")},
                          headers=h).json()["id"]
        run_id = client.post("/v1/runs", json={"scenario_id": sid}, headers=h).json()["id"]
        run = wait(client, run_id, token)
        assert run["status"] == "done", run
        result = client.get(f"/v1/runs/{run_id}/result", headers=h).json()
    assert result["status"] == "optimal"
    # today's 181 BW places are kept (no cut in places) against a need of 178, 176, 173
    demand = load_scenario(load_region("midden-ijssel")).demand["bw"]
    held = {y: sum(a["places"] for a in result["allocation"] if a["type"] == "bw" and a["year"] == y) for y in demand}
    assert held == {2024: 181, 2025: 181, 2026: 181} and demand == {2024: 178, 2025: 176, 2026: 173}


def test_a_scheduler_the_service_cannot_reach_stops_it_in_one_line(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    port = free_port()
    with pytest.raises(ValueError, match=rf"^REGIO_SCHEDULER: no Dask scheduler answers at tcp://127.0.0.1:{port} "):
        create_app(Settings(data_dir=tmp_path, executor="dask", scheduler=f"tcp://127.0.0.1:{port}"))
    monkeypatch.setenv("REGIO_SCHEDULER", "tcp://127.0.0.1:8786")
    with pytest.raises(SettingsError, match="^REGIO_SCHEDULER: a scheduler address needs REGIO_EXECUTOR=dask"):
        load_settings()


@pytest.mark.parametrize("database", databases())
def test_a_run_is_solved_by_regio_worker_in_a_process_of_its_own(database: str, tmp_path: Path) -> None:
    import os
    import subprocess

    from distributed import Client

    logs = (tmp_path / "dask.log").open("w")
    worker = None
    try:
        with dask_scheduler(logs) as address:
            # the other machine's command
            worker = subprocess.Popen([*REGIO, "worker", address], stdout=subprocess.DEVNULL, stderr=logs)
            with Client(address, timeout="10s") as client:
                client.wait_for_workers(1, timeout=60)
            app = create_app(settings_on(database, tmp_path, executor="dask", scheduler=address))
            token = app.state.store.create_token("mi", "midden-ijssel")
            with TestClient(app) as client:
                h = auth(token)
                sid = client.post("/v1/scenarios", json={"region": "midden-ijssel",
                                                         "scenario": quick("midden-ijssel", name="elders")},
                                  headers=h).json()["id"]
                run_id = client.post("/v1/runs", json={"scenario_id": sid}, headers=h).json()["id"]
                assert wait(client, run_id, token)["status"] == "done"
            claimed = app.state.store.run(run_id).claimed_by
            host, pid = claimed.rsplit(":", 1)
            # solved in the worker process `regio worker` started, not in the service's process
            assert int(pid) != os.getpid() and int(pid) in children(worker.pid)
            stop(worker)
    finally:
        stop(worker)
        logs.close()


@pytest.mark.parametrize("database", databases())
def test_a_run_moves_between_two_services_and_a_worker_of_its_own(database: str, tmp_path: Path) -> None:
    """Two services and one `regio worker` share a database and a Dask scheduler. Service A takes two runs and is
    killed while the worker solves the first: the worker stores that result itself, and service B hands out the
    second, which A never did; each run is claimed once, by the worker's process."""
    import signal
    import subprocess
    import time

    import httpx
    from distributed import Client

    token = "w" * 32
    logs = (tmp_path / "dask.log").open("w")
    worker = a = b = None
    try:
        with dask_scheduler(logs) as address:
            worker = subprocess.Popen([*REGIO, "worker", address], stdout=subprocess.DEVNULL, stderr=logs)
            with Client(address, timeout="10s") as client:
                client.wait_for_workers(1, timeout=60)
            env = service_env(database, tmp_path, REGIO_EXECUTOR="dask", REGIO_SCHEDULER=address,
                              REGIO_WORKERS="1", REGIO_ADMIN_TOKEN=token)
            (a, base_a, _), (b, base_b, _) = serve(env, logs), serve(env, logs)
            h = auth(token)
            slow = quick("maastricht-heuvelland", name="verhuist")
            slow["solver"]["explain"] = True  # about 12 s on 2 cores
            ids = [httpx.post(f"{base_a}/v1/scenarios", json={"region": code, "scenario": doc}, headers=h,
                              timeout=30).json()["id"]
                   for code, doc in (("maastricht-heuvelland", slow), ("midden-ijssel", quick("midden-ijssel")))]
            runs = [httpx.post(f"{base_a}/v1/runs", json={"scenario_id": i}, headers=h, timeout=30).json()["id"]
                    for i in ids]
            deadline = time.time() + 60
            while httpx.get(f"{base_b}/v1/runs/{runs[0]}", headers=h, timeout=10).json()["status"] != "running":
                assert time.time() < deadline
                time.sleep(0.1)
            a.send_signal(signal.SIGKILL)  # service A stops mid-solve, the second run not yet handed out
            a.wait(timeout=30)
            with httpx.Client(base_url=base_b, timeout=10) as client_b:
                ended = [wait(client_b, run, token, seconds=150) for run in runs]
            assert [r["status"] for r in ended] == ["done", "done"], ended
            assert httpx.get(f"{base_b}/v1/runs/{runs[0]}/result", headers=h, timeout=30).json()["status"] == "optimal"
            solvers = set(children(worker.pid))
    finally:
        stop(a, b, worker)
        logs.close()
    store = Store(env["REGIO_DATABASE_URL"] or f"sqlite:///{tmp_path / 'regio.sqlite'}")
    rows = [store.run(r) for r in runs]
    # each solved by the worker's process, claimed once (a run taken back would say "queued again")
    assert all(int(row.claimed_by.rsplit(":", 1)[1]) in solvers for row in rows), [r.claimed_by for r in rows]
    assert not any("queued again" in (row.message or "") for row in rows)
    store.engine.dispose()
