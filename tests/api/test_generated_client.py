"""A Python client generated from the OpenAPI document (openapi-python-client) creates a scenario, runs it and
reads the result: the document is complete enough for an integrator to work from it alone."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import time
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.api.utils import quick

GENERATOR = Path(sys.executable).with_name("openapi-python-client")
CONFIG = {
    "project_name_override": "regio-client",
    "package_name_override": "regio_client",
    "post_hooks": [],
    # the PDF, PNG and Excel answers as bytes
    "content_type_overrides": {"application/pdf": "application/octet-stream", "image/png": "application/octet-stream",
                               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
                                   "application/octet-stream"},
}


def test_a_generated_client_creates_a_scenario_runs_it_and_reads_the_result(app: FastAPI, tokens: dict[str, str],
                                                                          tmp_path: Path) -> None:
    document = tmp_path / "openapi.json"
    document.write_text(json.dumps(app.openapi()), encoding="utf-8")
    config = tmp_path / "config.json"
    config.write_text(json.dumps(CONFIG), encoding="utf-8")
    made = subprocess.run([str(GENERATOR), "generate", "--path", str(document), "--output-path",
                           str(tmp_path / "regio_client"), "--meta", "none", "--config", str(config)],
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stdout + made.stderr
    assert "Unsupported" not in made.stdout + made.stderr, made.stdout + made.stderr  # every answer is typed
    sys.path.insert(0, str(tmp_path))
    try:
        regio = importlib.import_module("regio_client")
        scenarios = importlib.import_module("regio_client.api.scenarios.create_scenario")
        runs = importlib.import_module("regio_client.api.runs.create_run")
        state = importlib.import_module("regio_client.api.runs.get_run")
        result = importlib.import_module("regio_client.api.results.get_result")
        csv = importlib.import_module("regio_client.api.results.get_allocation_csv")
        models = importlib.import_module("regio_client.models")
        with TestClient(app, headers={"Authorization": f"Bearer {tokens['dwo']}"}) as http:
            client = regio.AuthenticatedClient(base_url="http://testserver", token=tokens["dwo"])
            client.set_httpx_client(http)
            body = models.ScenarioCreate.from_dict({"region": "dwo", "scenario": quick("dwo", name="client")})
            saved = scenarios.sync(client=client, body=body)
            assert (saved.name, saved.version, saved.created_at.tzinfo is not None) == ("client", 1, True)
            run = runs.sync(client=client, body=models.RunCreate(scenario_id=saved.id))
            assert run.status == models.RunStatus.QUEUED
            deadline = time.time() + 120
            while run.status in (models.RunStatus.QUEUED, models.RunStatus.RUNNING) and time.time() < deadline:
                time.sleep(0.5)
                run = state.sync(client=client, run_id=run.id)
            assert run.status == models.RunStatus.DONE and run.finished_at.tzinfo is not None
            answer = result.sync(client=client, run_id=run.id)
            assert answer.status == models.Status.OPTIMAL and answer.region == "dwo"
            # the allocation adds up to the demand of each type in the last year
            doc = quick("dwo")
            last = max(int(y) for y in doc["demand"]["bt"])
            bt = sum(a.places for a in answer.allocation if a.type_ == "bt" and a.year == last)
            assert bt == doc["demand"]["bt"][str(last)]
            refused = scenarios.sync_detailed(client=client, body=models.ScenarioCreate.from_dict(
                {"region": "atlantis", "scenario": quick("dwo", name="client")}))
            assert refused.status_code == 403 and refused.headers["content-type"] == "application/problem+json"
            assert refused.parsed.detail == "dit token hoort bij regio dwo, niet bij atlantis"
            assert refused.headers["api-version"] == app.version
            table = csv.sync_detailed(client=client, run_id=run.id)
            assert table.status_code == 200 and table.content.startswith(b"municipality,wijk,type,year,places")
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m == "regio_client" or m.startswith("regio_client.")]:
            del sys.modules[name]
