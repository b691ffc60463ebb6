"""The API's messages in the reader's language: Dutch without a preference, English by ``Accept-Language`` or
``?lang=en``; the field path stays the same in both."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.api.utils import auth, quick


def test_errors_read_in_dutch_by_default(app: FastAPI, tokens: dict[str, str]) -> None:
    with TestClient(app) as client:
        assert client.get("/v1/scenarios").json()["detail"] == "er is een API-token nodig (Authorization: Bearer TOKEN)"
        missing = client.get("/v1/scenarios/999999", headers=auth(tokens["admin"]))
        assert missing.headers["content-type"] == "application/problem+json"
        assert missing.json() == {"type": "about:blank", "title": "Niet gevonden", "status": 404,
                                  "detail": "geen scenario 999999", "instance": "/v1/scenarios/999999"}
        assert client.get("/v1/scenarios?region=mvs", headers=auth(tokens["dwo"])).json()["detail"] == (
            "dit token hoort bij regio dwo, niet bij mvs")
        english = client.get("/v1/scenarios/999999", headers={**auth(tokens["admin"]), "Accept-Language": "en"})
        assert english.json()["detail"] == "no scenario 999999"
        asked = client.get("/v1/scenarios/999999?lang=en", headers=auth(tokens["admin"]))
        assert asked.json()["detail"] == "no scenario 999999"


def test_a_refused_scenario_names_its_field_in_dutch(app: FastAPI, tokens: dict[str, str]) -> None:
    doc = quick("dwo")
    doc["demand"]["bt"]["2023"] = 2_000_000
    with TestClient(app) as client:
        dutch = client.post("/v1/scenarios", json={"region": "dwo", "scenario": doc}, headers=auth(tokens["dwo"]))
        english = client.post("/v1/scenarios", json={"region": "dwo", "scenario": doc},
                              headers={**auth(tokens["dwo"]), "Accept-Language": "en-GB,en;q=0.9"})
    assert dutch.status_code == english.status_code == 422
    (nl,), (en,) = dutch.json()["errors"], english.json()["errors"]
    assert dutch.json()["detail"] == nl["msg"] and dutch.json()["title"] == "Onverwerkbare invoer"
    assert nl["loc"] == en["loc"] and nl["loc"][-3:] == ["demand", "bt", "2023"]
    assert nl["msg"] == "demand.bt.2023: 2.000.000 ligt boven het aannemelijke maximum van 1.000.000 plekken"
    assert en["msg"] == "demand.bt.2023: 2,000,000 is above the plausible maximum of 1,000,000 places"


def test_a_wrong_field_type_reads_in_dutch(app: FastAPI, tokens: dict[str, str]) -> None:
    doc = quick("dwo")
    doc["demand"]["bt"]["2024"] = "veel"
    with TestClient(app) as client:
        r = client.post("/v1/scenarios", json={"region": "dwo", "scenario": doc}, headers=auth(tokens["dwo"]))
    assert r.status_code == 422
    assert any(d["loc"][-3:] == ["demand", "bt", "2024"] and d["msg"] == "moet een geheel getal zijn"
               for d in r.json()["errors"]), r.json()


def test_a_runs_progress_reads_in_the_readers_language(app: FastAPI, tokens: dict[str, str]) -> None:
    store = app.state.store
    with TestClient(app) as client:
        row = store.scenarios("mvs")[0]
        run = store.add_run("mvs", row.id)
        store.update_run(run.id, status="running", progress=0.3, message="stage 2/9: surplus")
        h = auth(tokens["mvs"])
        assert client.get(f"/v1/runs/{run.id}", headers=h).json()["message"] == "stap 2 van 9: lege plekken"
        english = client.get(f"/v1/runs/{run.id}", headers={**h, "Accept-Language": "en"}).json()
        assert english["message"] == "step 2 of 9: empty places" and english["status"] == "running"
