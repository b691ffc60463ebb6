"""Fixtures for the service tests: settings on a temporary directory, the app and a client, tokens."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.config import Settings
from api.main import create_app
from tests.api.utils import sends_csrf, settings_on


@pytest.fixture()
def database() -> str:
    """The database under the service: SQLite; a finding's test runs on both with
    ``@pytest.mark.parametrize("database", databases())``."""
    return "sqlite"


@pytest.fixture()
def settings(tmp_path: Path, database: str) -> Settings:
    return settings_on(database, tmp_path)


@pytest.fixture()
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@pytest.fixture()
def tokens(app: FastAPI) -> dict[str, str]:
    """An admin token (all regions) and one each for DWO and MVS."""
    store = app.state.store
    return {"admin": store.create_token("admin", None), "dwo": store.create_token("dwo", "dwo"),
            "mvs": store.create_token("mvs", "mvs")}


@pytest.fixture()
def client(app: FastAPI, tokens: dict[str, str]) -> Iterator[TestClient]:
    """A client that reads the API's messages in English, as an integrator's client asking for it does; the
    Dutch default has its own tests (tests/api/routes/test_dutch_messages.py), and the forms are Dutch always."""
    with TestClient(app, headers={"Accept-Language": "en"}) as c:
        yield sends_csrf(c)
