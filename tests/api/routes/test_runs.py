"""Runs: queueing, cancelling, an infeasible run's diagnosis, and state across a restart."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from api.main import create_app
from tests.api.utils import auth, make_settings, quick, wait


def test_unknown_run_is_404_and_bad_ids_422(client: TestClient, tokens: dict[str, str]) -> None:
    h = auth(tokens["admin"])
    r = client.get("/v1/runs/nope", headers=h)
    assert r.status_code == 404 and r.json()["detail"] == "no run nope"
    assert client.post("/v1/runs", json={"scenario_id": 0}, headers=h).status_code == 422


def test_a_region_token_cannot_start_another_regions_run(client: TestClient, tokens: dict[str, str]) -> None:
    every = client.get("/v1/scenarios", headers=auth(tokens["admin"])).json()
    mvs_id = next(s["id"] for s in every if s["region"] == "mvs")
    r = client.post("/v1/runs", json={"scenario_id": mvs_id}, headers=auth(tokens["dwo"]))
    assert r.status_code == 403 and r.json()["detail"] == f"this token has no access to scenario {mvs_id}"
    assert client.get("/v1/runs?region=mvs", headers=auth(tokens["dwo"])).status_code == 403
    assert client.get("/v1/runs", headers=auth(tokens["dwo"])).json() == []


def test_cancel_and_infeasible_run_carries_diagnosis(client: TestClient, tokens: dict[str, str]) -> None:
    h = auth(tokens["dwo"])
    tight = quick("dwo", name="te-krap", budget={"enabled": True, "fixed_costs": {"2023": 19_000_000}})
    sid = client.post("/v1/scenarios", json={"region": "dwo", "scenario": tight}, headers=h).json()["id"]
    started = client.post("/v1/runs", json={"scenario_id": sid}, headers=h)
    assert started.status_code == 202 and started.json()["status"] in ("queued", "running")
    run_id = started.json()["id"]
    run = wait(client, run_id, tokens["dwo"])
    assert run["status"] == "done" and "het budget van 2023: € 9.583.929 meer nodig" in run["message"]
    assert run["started_at"] and run["finished_at"] and run["progress"] == 1.0
    result = client.get(f"/v1/runs/{run_id}/result", headers=h).json()
    assert result["status"] == "infeasible"
    assert result["diagnosis"]["relaxations"][0]["group"] == "budget(2023)"
    ended = client.delete(f"/v1/runs/{run_id}", headers=h)
    assert ended.status_code == 409 and ended.json()["detail"] == f"run {run_id} has already ended (done)"
    second = client.post("/v1/runs", json={"scenario_id": sid}, headers=h).json()["id"]
    third = client.post("/v1/runs", json={"scenario_id": sid}, headers=h).json()["id"]
    cancelled = client.delete(f"/v1/runs/{third}", headers=h)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    wait(client, second, tokens["dwo"])
    assert client.get(f"/v1/runs/{third}", headers=h).json()["status"] == "cancelled"
    assert client.get(f"/v1/runs/{third}/result", headers=h).status_code == 409
    listed = client.get("/v1/runs", headers=h).json()
    assert {r["id"] for r in listed} == {run_id, second, third}


def test_state_survives_a_restart(tmp_path: Path) -> None:
    app = create_app(make_settings(tmp_path))
    token = app.state.store.create_token("dwo", "dwo")
    h = auth(token)
    with TestClient(app) as client:
        sid = client.post("/v1/scenarios", json={"region": "dwo", "scenario": quick("dwo", name="blijft")},
                          headers=h).json()["id"]
        run_id = client.post("/v1/runs", json={"scenario_id": sid}, headers=h).json()["id"]
        wait(client, run_id, token)
    # a run left 'running' by a stopped service is queued again on start-up
    store = app.state.store
    orphan = store.add_run("dwo", sid)
    store.update_run(orphan.id, status="running")
    again = create_app(make_settings(tmp_path))
    with TestClient(again) as client:
        assert client.get(f"/v1/scenarios/{sid}", headers=h).json()["name"] == "blijft"
        assert client.get(f"/v1/runs/{run_id}", headers=h).json()["status"] == "done"
        assert wait(client, orphan.id, token)["status"] == "done"
