"""Helpers for the service tests: auth headers, quick scenarios, waiting for a run."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from api.config import Settings
from data import load_region, load_scenario

ENDED = ("done", "failed", "cancelled")


def make_settings(data_dir: Path) -> Settings:
    """Settings for a test service: SQLite in data_dir, one worker, small bodies only."""
    return Settings(data_dir=data_dir, database_url="", workers=1, run_time_limit=60, max_body_bytes=200_000)


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


def wait(client: TestClient, run_id: str, token: str, seconds: float = 90) -> dict[str, Any]:
    """Poll a run until it has ended; its last state."""
    deadline = time.time() + seconds
    run: dict[str, Any] = {}
    while time.time() < deadline:
        run = client.get(f"/v1/runs/{run_id}", headers=auth(token)).json()
        if run["status"] in ENDED:
            return run
        time.sleep(0.3)
    raise AssertionError(f"run {run_id} did not finish: {run}")
