"""Scenarios: access rules, versions and history, and bad input with the field named."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.utils import auth, quick

REGIONS = {"dwo", "mvs", "maastricht-heuvelland", "midden-ijssel"}


def test_unknown_scenario_is_404(client: TestClient, tokens: dict[str, str]) -> None:
    r = client.get("/v1/scenarios/999999", headers=auth(tokens["admin"]))
    assert r.status_code == 404 and r.json()["detail"] == "no scenario 999999"


def test_access_rules(client: TestClient, tokens: dict[str, str]) -> None:
    missing = client.get("/v1/scenarios")
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    assert missing.json()["detail"] == "an API token is needed (Authorization: Bearer TOKEN)"
    wrong = client.get("/v1/scenarios", headers=auth("wrong"))
    assert wrong.status_code == 401 and wrong.json()["detail"] == "unknown API token"
    other = client.get("/v1/scenarios?region=mvs", headers=auth(tokens["dwo"]))
    assert other.status_code == 403 and other.json()["detail"] == "this token is for region dwo, not mvs"
    own = client.get("/v1/scenarios", headers=auth(tokens["dwo"])).json()
    assert own and {s["region"] for s in own} == {"dwo"}  # seeded from the pack, own region only
    every = client.get("/v1/scenarios", headers=auth(tokens["admin"])).json()
    assert {s["region"] for s in every} == REGIONS
    mvs_id = next(s["id"] for s in every if s["region"] == "mvs")
    assert client.get(f"/v1/scenarios/{mvs_id}", headers=auth(tokens["dwo"])).status_code == 403
    body = {"region": "mvs", "scenario": quick("mvs")}
    assert client.post("/v1/scenarios", json=body, headers=auth(tokens["dwo"])).status_code == 403
    unknown = client.post("/v1/scenarios", json={"region": "atlantis", "scenario": quick("dwo")},
                          headers=auth(tokens["admin"]))
    assert unknown.status_code == 404 and unknown.json()["detail"] == "unknown region 'atlantis'"


def test_bad_input_gives_422_with_the_field(client: TestClient, tokens: dict[str, str]) -> None:
    h = auth(tokens["dwo"])
    doc = quick("dwo")
    doc["demand"]["bt"]["2023"] = -5
    r = client.post("/v1/scenarios", json={"region": "dwo", "scenario": doc}, headers=h)
    assert r.status_code == 422
    assert any(d["loc"][-3:] == ["demand", "bt", "2023"] or "negative" in d["msg"] for d in r.json()["errors"])
    doc = quick("dwo", key_shares={"GM0503": 0.5, "GM1783": 0.3, "GM1926": 0.1, "GM1842": 0.05})
    r = client.post("/v1/scenarios", json={"region": "dwo", "scenario": doc}, headers=h)
    assert r.status_code == 422 and "shares sum to 0.950000" in r.text
    doc = quick("dwo", caps={"GM9999": {"bt": 3}})
    r = client.post("/v1/scenarios", json={"region": "dwo", "scenario": doc}, headers=h)
    assert r.status_code == 422 and r.json()["errors"][0]["loc"][-2:] == ["caps", "GM9999"]
    doc = quick("dwo")
    doc["demand"]["bt"]["2024"] = "veel"
    assert client.post("/v1/scenarios", json={"region": "dwo", "scenario": doc}, headers=h).status_code == 422
    big = {"region": "dwo", "scenario": quick("dwo"), "note": "x" * 300_000}
    too_big = client.post("/v1/scenarios", json=big, headers=h)
    assert too_big.status_code == 413 and too_big.json()["detail"] == "request body larger than 200,000 bytes"


def test_versions_and_history(client: TestClient, tokens: dict[str, str]) -> None:
    h = auth(tokens["dwo"])
    created = client.post("/v1/scenarios", json={"region": "dwo", "scenario": quick("dwo", name="api-test")}, headers=h)
    assert created.status_code == 201 and created.json()["version"] == 1
    sid = created.json()["id"]
    capped = quick("dwo", name="api-test", caps={"GM1783": {"bt": 25}})
    v2 = client.post(f"/v1/scenarios/{sid}/versions", json={"scenario": capped, "note": "cap Westland"}, headers=h)
    assert v2.status_code == 201 and v2.json()["version"] == 2 and v2.json()["note"] == "cap Westland"
    history = client.get(f"/v1/scenarios/{sid}/history", headers=h).json()
    assert [s["version"] for s in history] == [1, 2] and history[0]["scenario"]["caps"] == {}
    assert history[1]["scenario"]["caps"] == {"GM1783": {"bt": 25}}
    renamed = client.post(f"/v1/scenarios/{sid}/versions", json={"scenario": quick("dwo", name="anders")}, headers=h)
    assert renamed.status_code == 422 and renamed.json()["errors"][0]["loc"] == ["body", "scenario", "name"]
    listed = client.get("/v1/scenarios?name=api-test", headers=h).json()
    assert [s["version"] for s in listed] == [1, 2]


def test_caps_and_hosting_per_year(client: TestClient, tokens: dict[str, str]) -> None:
    # stored as JSON (years as text) and validated again; a bad step is refused with its path
    h = auth(tokens["dwo"])
    doc = quick("dwo", name="per-jaar", caps={"GM0503": {"bw": {"2026": 10}}}, hosting={"flex_short_stay": {
        "2025": ["GM1783", "GM1926"]}})
    created = client.post("/v1/scenarios", json={"region": "dwo", "scenario": doc}, headers=h)
    assert created.status_code == 201
    stored = client.get(f"/v1/scenarios/{created.json()['id']}", headers=h).json()["scenario"]
    assert stored["caps"] == {"GM0503": {"bw": {"2026": 10}}}
    assert stored["hosting"] == {"flex_short_stay": {"2025": ["GM1783", "GM1926"]}}
    bad = quick("dwo", caps={"GM0503": {"bw": {"2026": -10}}})
    r = client.post("/v1/scenarios", json={"region": "dwo", "scenario": bad}, headers=h)
    assert r.status_code == 422 and "caps.GM0503.bw.2026: -10 is negative" in r.text
