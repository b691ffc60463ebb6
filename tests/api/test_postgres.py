"""The service on a real PostgreSQL server (DATABASE_URL); runs when REGIO_TEST_POSTGRES_URL is set."""

from __future__ import annotations

import os

import pytest
from fastapi.testclient import TestClient

from api.config import Settings
from api.main import create_app
from api.storage import Store, drop_everything
from tests.api.utils import auth, quick, wait

URL = os.environ.get("REGIO_TEST_POSTGRES_URL")
pytestmark = pytest.mark.skipif(not URL, reason="REGIO_TEST_POSTGRES_URL not set (.ci/services.sh sets it)")


def test_scenarios_and_runs_on_postgresql(tmp_path):
    store = Store(URL)
    drop_everything(store.engine)
    store.engine.dispose()
    settings = Settings(data_dir=tmp_path, database_url=URL, workers=1, run_time_limit=60)
    app = create_app(settings)
    assert app.state.store.engine.dialect.name == "postgresql"
    token = app.state.store.create_token("mvs", "mvs")
    h = auth(token)
    with TestClient(app) as client:
        sid = client.post("/v1/scenarios", json={"region": "mvs", "scenario": quick("mvs", name="pg")},
                          headers=h).json()["id"]
        run_id = client.post("/v1/runs", json={"scenario_id": sid}, headers=h).json()["id"]
        assert wait(client, run_id, token)["status"] == "done"
        assert client.get(f"/v1/runs/{run_id}/result", headers=h).json()["status"] == "optimal"
    with TestClient(create_app(settings)) as client:  # a restart keeps everything
        assert client.get(f"/v1/scenarios/{sid}/history", headers=h).json()[0]["name"] == "pg"
        assert client.get(f"/v1/runs/{run_id}", headers=h).json()["status"] == "done"
