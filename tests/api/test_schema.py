"""Property-based calls against the OpenAPI schema (schemathesis): no input gives a 500."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from api.config import Settings
from api.main import create_app

schemathesis = pytest.importorskip("schemathesis")

app = create_app(Settings(data_dir=Path(tempfile.mkdtemp(prefix="regio-schema-")), database_url="", workers=1,
                          run_time_limit=10))
TOKEN = app.state.store.create_token("schema test", None)
# starting solves is covered by the service tests; here every other operation gets generated input
schema = schemathesis.openapi.from_asgi("/v1/openapi.json", app).exclude(method="POST", path="/v1/runs")


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case):
    response = case.call(headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code < 500, (case.method, case.path, response.status_code, response.text[:300])
