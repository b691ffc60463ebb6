"""The council report from the service: PDF and HTML of a finished run, with the same access rules as the
other result routes, in the reader's language; the run page links to it."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pypdf import PdfReader

from data import load_region, load_scenario
from models import Result
from optimiser.solving import solve_scenario
from tests.api.utils import auth


@pytest.fixture(scope="module")
def mvs() -> Result:
    region = load_region("mvs")
    scenario = load_scenario(region)
    return solve_scenario(region, scenario.model_copy(update={"solver": scenario.solver.model_copy(
        update={"explain": False})}))


def _done_run(app: FastAPI, result: Result) -> str:
    store = app.state.store
    row = store.scenarios("mvs", result.scenario)[-1]
    run = store.add_run("mvs", row.id)
    store.update_run(run.id, status="done", progress=1.0, finished_at=datetime.now(UTC),
                     result=result.model_dump(mode="json"))
    return run.id


def _text(content: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())


def test_the_report_of_a_run(app: FastAPI, client: TestClient, tokens: dict[str, str], mvs: Result) -> None:
    run_id = _done_run(app, mvs)
    h = auth(tokens["mvs"])
    dutch = client.get(f"/v1/runs/{run_id}/report.pdf", headers={**h, "Accept-Language": "nl"})
    assert dutch.status_code == 200 and dutch.headers["content-type"] == "application/pdf"
    assert dutch.content[:5] == b"%PDF-"
    text = _text(dutch.content)
    assert "Rapport: " in text and "Wie betaalt wie" in text and "Bron: CBS (CC BY 4.0)" in text
    assert "alleen per gemeente getoond (vertrouwelijke adressen)" in text  # vrouwenopvang per municipality
    english = _text(client.get(f"/v1/runs/{run_id}/report.pdf", headers=h).content)  # the client asks for English
    assert "Who pays whom" in english and "Wie betaalt wie" not in english
    page = client.get(f"/v1/runs/{run_id}/report.html?lang=nl", headers=h)
    assert page.status_code == 200 and "<h2>Wie betaalt wie</h2>" in page.text


def test_the_report_keeps_the_access_rules(app: FastAPI, client: TestClient, tokens: dict[str, str],
                                           mvs: Result) -> None:
    run_id = _done_run(app, mvs)
    assert client.get(f"/v1/runs/{run_id}/report.pdf", headers=auth(tokens["dwo"])).status_code == 403
    assert client.get(f"/v1/runs/{run_id}/report.pdf").status_code == 401
    assert client.get("/v1/runs/nope/report.pdf", headers=auth(tokens["admin"])).status_code == 404
    assert client.get(f"/v1/runs/{run_id}/report.pdf?show_confidential=true",
                      headers=auth(tokens["mvs"])).status_code == 403
    store = app.state.store
    queued = store.add_run("mvs", store.scenarios("mvs", mvs.scenario)[-1].id)
    waiting = client.get(f"/v1/runs/{queued.id}/report.pdf", headers=auth(tokens["mvs"]))
    assert waiting.status_code == 409 and "results come when it is done" in waiting.json()["detail"]


def test_the_run_page_links_to_the_report(app: FastAPI, client: TestClient, tokens: dict[str, str],
                                          mvs: Result) -> None:
    run_id = _done_run(app, mvs)
    client.post("/ui/login", data={"token": tokens["mvs"]})
    page = client.get(f"/ui/run/{run_id}")
    assert f'<a href="/v1/runs/{run_id}/report.pdf?lang=nl" id="report">Rapport (PDF)</a>' in page.text
    assert f'<img src="/v1/runs/{run_id}/map.png?lang=nl"' in page.text  # the page is Dutch, so is its map
