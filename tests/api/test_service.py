"""The service end to end: every endpoint, access rules, bad input, restart durability, the forms."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from api.app import Settings, create_app
from data import load_region, load_scenario


def settings(tmp_path):
    return Settings(data_dir=tmp_path, database_url="", workers=1, run_time_limit=60, max_body_bytes=200_000)


@pytest.fixture()
def service(tmp_path):
    app = create_app(settings(tmp_path))
    store = app.state.store
    tokens = {"admin": store.create_token("admin", None), "dwo": store.create_token("dwo", "dwo"),
              "mvs": store.create_token("mvs", "mvs")}
    with TestClient(app) as client:
        yield client, tokens, tmp_path


def auth(token):
    return {"Authorization": f"Bearer {token}"}


def quick(code: str, **changes):
    region = load_region(code)
    scenario = load_scenario(region)
    doc = scenario.model_dump(mode="json")
    doc["solver"]["explain"] = False
    doc.update(changes)
    return doc


def wait(client, run_id, token, seconds=90):
    deadline = time.time() + seconds
    while time.time() < deadline:
        run = client.get(f"/runs/{run_id}", headers=auth(token)).json()
        if run["status"] in ("done", "failed", "cancelled"):
            return run
        time.sleep(0.3)
    raise AssertionError(f"run {run_id} did not finish: {run}")


def test_regions_are_public_and_unknown_ids_are_404(service):
    client, tokens, _ = service
    regions = client.get("/regions").json()
    assert {r["code"] for r in regions} == {"dwo", "mvs", "maastricht-heuvelland", "midden-ijssel"}
    assert client.get("/regions/dwo").json()["centrumgemeente"] == "GM0503"
    assert client.get("/regions/atlantis").status_code == 404
    assert client.get("/scenarios/999999", headers=auth(tokens["admin"])).status_code == 404
    assert client.get("/runs/nope", headers=auth(tokens["admin"])).status_code == 404


def test_access_rules(service):
    client, tokens, _ = service
    assert client.get("/scenarios").status_code == 401
    assert client.get("/scenarios", headers=auth("wrong")).status_code == 401
    assert client.get("/scenarios?region=mvs", headers=auth(tokens["dwo"])).status_code == 403
    own = client.get("/scenarios", headers=auth(tokens["dwo"])).json()
    assert own and {s["region"] for s in own} == {"dwo"}  # seeded from the pack, own region only
    every = client.get("/scenarios", headers=auth(tokens["admin"])).json()
    assert {s["region"] for s in every} == {"dwo", "mvs", "maastricht-heuvelland", "midden-ijssel"}
    mvs_id = next(s["id"] for s in every if s["region"] == "mvs")
    assert client.get(f"/scenarios/{mvs_id}", headers=auth(tokens["dwo"])).status_code == 403
    assert client.post("/runs", json={"scenario_id": mvs_id}, headers=auth(tokens["dwo"])).status_code == 403
    body = {"region": "mvs", "scenario": quick("mvs")}
    assert client.post("/scenarios", json=body, headers=auth(tokens["dwo"])).status_code == 403


def test_tokens_are_stored_hashed(service):
    client, tokens, _ = service
    from sqlalchemy import text

    store = client.app.state.store
    with store.engine.connect() as conn:
        stored = " ".join(str(v) for row in conn.execute(text("select * from tokens")) for v in row)
    assert all(t not in stored for t in tokens.values())


def test_bad_input_gives_422_with_the_field(service):
    client, tokens, _ = service
    h = auth(tokens["dwo"])
    doc = quick("dwo")
    doc["demand"]["bt"]["2023"] = -5
    r = client.post("/scenarios", json={"region": "dwo", "scenario": doc}, headers=h)
    assert r.status_code == 422
    assert any(d["loc"][-3:] == ["demand", "bt", "2023"] or "negative" in d["msg"] for d in r.json()["detail"])
    doc = quick("dwo", key_shares={"GM0503": 0.5, "GM1783": 0.3, "GM1926": 0.1, "GM1842": 0.05})
    r = client.post("/scenarios", json={"region": "dwo", "scenario": doc}, headers=h)
    assert r.status_code == 422 and "shares sum to 0.950000" in r.text
    doc = quick("dwo", caps={"GM9999": {"bt": 3}})
    r = client.post("/scenarios", json={"region": "dwo", "scenario": doc}, headers=h)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-2:] == ["caps", "GM9999"]
    doc = quick("dwo")
    doc["demand"]["bt"]["2024"] = "veel"
    assert client.post("/scenarios", json={"region": "dwo", "scenario": doc}, headers=h).status_code == 422
    big = {"region": "dwo", "scenario": quick("dwo"), "note": "x" * 300_000}
    assert client.post("/scenarios", json=big, headers=h).status_code == 413
    assert client.post("/runs", json={"scenario_id": 0}, headers=h).status_code == 422


def test_scenario_versions_runs_results_and_compare(service):
    client, tokens, _ = service
    h = auth(tokens["dwo"])
    created = client.post("/scenarios", json={"region": "dwo", "scenario": quick("dwo", name="api-test")}, headers=h)
    assert created.status_code == 201 and created.json()["version"] == 1
    sid = created.json()["id"]
    capped = quick("dwo", name="api-test", caps={"GM1783": {"bt": 25}})
    v2 = client.post(f"/scenarios/{sid}/versions", json={"scenario": capped, "note": "cap Westland"}, headers=h)
    assert v2.status_code == 201 and v2.json()["version"] == 2
    history = client.get(f"/scenarios/{sid}/history", headers=h).json()
    assert [s["version"] for s in history] == [1, 2] and history[0]["scenario"]["caps"] == {}
    runs = []
    for scenario_id in (sid, v2.json()["id"]):
        r = client.post("/runs", json={"scenario_id": scenario_id}, headers=h)
        assert r.status_code == 202 and r.json()["status"] in ("queued", "running")
        runs.append(r.json()["id"])
    done = [wait(client, run_id, tokens["dwo"]) for run_id in runs]
    assert [d["status"] for d in done] == ["done", "done"]
    assert done[0]["started_at"] and done[0]["finished_at"] and done[0]["progress"] == 1.0
    result = client.get(f"/runs/{runs[0]}/result", headers=h).json()
    assert result["status"] == "optimal" and result["solver"] == "highs"
    csv_text = client.get(f"/runs/{runs[0]}/allocation.csv", headers=h).text
    assert csv_text.splitlines()[0] == "municipality,wijk,type,year,places,new_places,sites"
    geo = client.get(f"/runs/{runs[0]}/allocation.geojson", headers=h).json()
    assert len(geo["features"]) == 28
    assert client.get(f"/runs/{runs[0]}/map.png", headers=h).content[:4] == b"\x89PNG"
    assert client.get(f"/runs/{runs[0]}/fair-share.png", headers=h).content[:4] == b"\x89PNG"
    capped_result = client.get(f"/runs/{runs[1]}/result", headers=h).json()
    westland = [a["places"] for a in capped_result["allocation"]
                if a["municipality"] == "GM1783" and a["type"] == "bt" and a["year"] == 2026]
    assert sum(westland) == 25  # the cap of the second version holds (its fair share is 43)
    compared = client.get(f"/compare?a={runs[0]}&b={runs[1]}", headers=h).json()
    change = sum(d["difference"] for d in compared["differences"] if d["municipality"] == "GM1783"
                 and d["type"] == "bt" and d["year"] == 2026)
    assert change == 25 - 43
    assert compared["kpis"]["b"]["max_fair_share_gap"] > compared["kpis"]["a"]["max_fair_share_gap"]
    assert client.delete(f"/runs/{runs[0]}", headers=h).status_code == 409
    listed = client.get("/runs", headers=h).json()
    assert {r["id"] for r in listed} >= set(runs)


def test_cancel_and_infeasible_run_carries_diagnosis(service):
    client, tokens, _ = service
    h = auth(tokens["dwo"])
    tight = quick("dwo", name="te-krap", budget={"enabled": True, "fixed_costs": {"2023": 19_000_000}})
    sid = client.post("/scenarios", json={"region": "dwo", "scenario": tight}, headers=h).json()["id"]
    run_id = client.post("/runs", json={"scenario_id": sid}, headers=h).json()["id"]
    run = wait(client, run_id, tokens["dwo"])
    assert run["status"] == "done" and "budget 2023" in run["message"]
    result = client.get(f"/runs/{run_id}/result", headers=h).json()
    assert result["status"] == "infeasible"
    assert result["diagnosis"]["relaxations"][0]["group"] == "budget(2023)"
    second = client.post("/runs", json={"scenario_id": sid}, headers=h).json()["id"]
    third = client.post("/runs", json={"scenario_id": sid}, headers=h).json()["id"]
    cancelled = client.delete(f"/runs/{third}", headers=h)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    wait(client, second, tokens["dwo"])
    assert client.get(f"/runs/{third}", headers=h).json()["status"] == "cancelled"
    assert client.get(f"/runs/{third}/result", headers=h).status_code == 409


def test_state_survives_a_restart(tmp_path):
    app = create_app(settings(tmp_path))
    token = app.state.store.create_token("dwo", "dwo")
    h = auth(token)
    with TestClient(app) as client:
        sid = client.post("/scenarios", json={"region": "dwo", "scenario": quick("dwo", name="blijft")},
                          headers=h).json()["id"]
        run_id = client.post("/runs", json={"scenario_id": sid}, headers=h).json()["id"]
        wait(client, run_id, token)
    # a run left 'running' by a stopped service is queued again on start-up
    store = app.state.store
    orphan = store.add_run("dwo", sid)
    store.update_run(orphan.id, status="running")
    again = create_app(settings(tmp_path))
    with TestClient(again) as client:
        assert client.get(f"/scenarios/{sid}", headers=h).json()["name"] == "blijft"
        assert client.get(f"/runs/{run_id}", headers=h).json()["status"] == "done"
        assert wait(client, orphan.id, token)["status"] == "done"


def test_forms_save_a_version_run_and_show_errors(service):
    client, tokens, _ = service
    page = client.get("/ui")
    assert "Toegangscode" in page.text
    assert client.post("/ui/login", data={"token": "fout"}).status_code == 401
    logged = client.post("/ui/login", data={"token": tokens["dwo"]}, follow_redirects=False)
    assert logged.status_code == 303
    client.cookies.set("regio_token", tokens["dwo"])
    assert "DWO" in client.get("/ui").text
    sid = next(s["id"] for s in client.get("/scenarios", headers=auth(tokens["dwo"])).json())
    form = client.get(f"/ui/scenario/{sid}")
    assert form.status_code == 200 and "demand__bt__2023" in form.text
    bad = client.post(f"/ui/scenario/{sid}", data={"demand__bt__2023": "veel", "share__GM0503": "48.21",
                                                   "share__GM1783": "33.09", "share__GM1926": "12.95",
                                                   "share__GM1842": "5.74"})
    assert bad.status_code == 422 and 'id="error-demand__bt__2023"' in bad.text and "geen getal" in bad.text
    shares = client.post(f"/ui/scenario/{sid}", data={"share__GM0503": "50", "share__GM1783": "33.09",
                                                      "share__GM1926": "12.95", "share__GM1842": "5.74"})
    assert shares.status_code == 422 and "shares sum to" in shares.text
    assert client.get("/ui/regio/mvs").status_code == 403
    good = {"share__GM0503": "48.21", "share__GM1783": "33.09", "share__GM1926": "12.95", "share__GM1842": "5.74",
            "cap__GM1783__bt": "30", "note": "Westland hoogstens 30 BT"}
    saved = client.post(f"/ui/scenario/{sid}", data=good, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"].startswith("/ui/run/")
    run_id = saved.headers["location"].rsplit("/", 1)[1]
    wait(client, run_id, tokens["dwo"], seconds=120)
    page = client.get(f"/ui/run/{run_id}")
    assert 'id="result-table"' in page.text and "Westland" in page.text and "refresh" not in page.text
    history = client.get(f"/scenarios/{sid}/history", headers=auth(tokens["dwo"])).json()
    assert history[-1]["version"] == 2 and history[-1]["scenario"]["caps"] == {"GM1783": {"bt": 30}}
