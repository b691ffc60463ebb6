"""Helpers for the service tests: auth headers, quick scenarios, waiting for a run."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient

from api.config import Settings
from data import load_region, load_scenario

ENDED = ("done", "failed", "cancelled")


def make_settings(data_dir: Path) -> Settings:
    """Settings for a test service: SQLite in data_dir, one worker, small bodies only."""
    return Settings(data_dir=data_dir, database_url="", workers=1, run_time_limit=60, max_body_bytes=200_000)


def sends_csrf(client: TestClient) -> TestClient:
    """The client sends the forms' anti-forgery value of its login cookie with each request, as a browser sends
    the hidden field of the page it filled in (tests of the forms post their fields without the page)."""
    from api.routes.forms import csrf_for

    def add(request: httpx.Request) -> None:
        token = next((c.value for c in reversed(list(client.cookies.jar)) if c.name == "regio_token"), None)
        if token and "x-csrf-token" not in request.headers:
            request.headers["X-CSRF-Token"] = csrf_for(token)

    client.event_hooks = {"request": [add], "response": []}
    return client


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def quick(code: str, **changes: Any) -> dict[str, Any]:
    """The region's default scenario as JSON, without the explanation stage, with changes applied."""
    region = load_region(code)
    scenario = load_scenario(region)
    doc = scenario.model_dump(mode="json")
    doc["solver"]["explain"] = False
    doc.update(changes)
    return doc


def wait(client: httpx.Client, run_id: str, token: str, seconds: float = 90) -> dict[str, Any]:
    """Poll a run until it has ended; its last state."""
    deadline = time.time() + seconds
    run: dict[str, Any] = {}
    while time.time() < deadline:
        run = client.get(f"/v1/runs/{run_id}", headers=auth(token)).json()
        if run["status"] in ENDED:
            return run
        time.sleep(0.3)
    raise AssertionError(f"run {run_id} did not finish: {run}")


@contextmanager
def live_server(app: Any) -> Iterator[str]:
    """The app served by uvicorn on a free port in a thread, for tests that need real concurrent connections;
    its base URL."""
    import uvicorn

    from tests.processes import free_port

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


def databases() -> list[Any]:
    """The databases a storage test runs on: SQLite always, PostgreSQL when REGIO_TEST_POSTGRES_URL is set."""
    import pytest

    return ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
        not os.environ.get("REGIO_TEST_POSTGRES_URL"), reason="REGIO_TEST_POSTGRES_URL not set"))]


def settings_on(database: str, data_dir: Path, **changes: Any) -> Settings:
    """Test settings on SQLite in data_dir, or on an emptied PostgreSQL test database."""
    url = ""
    if database == "postgresql":
        from api.storage import Store, drop_everything

        url = os.environ["REGIO_TEST_POSTGRES_URL"]
        store = Store(url)
        drop_everything(store.engine)
        store.engine.dispose()
    return make_settings(data_dir).model_copy(update={"database_url": url, **changes})


def service_env(database: str, data_dir: Path, **variables: str) -> dict[str, str]:
    """The environment of a `regio serve`, `regio worker` or `regio tokens` process on SQLite in data_dir or on
    the emptied PostgreSQL test database."""
    url = settings_on(database, data_dir).database_url
    return {**os.environ, "REGIO_DATA_DIR": str(data_dir), "REGIO_DATABASE_URL": url, **variables}
