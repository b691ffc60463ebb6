"""Accounts and their record: a database of the first release upgraded by the migrations with its tokens still
opening it, tokens found in one indexed lookup, revoked and rotated from the command line, too many unknown
tokens refused with 429, and every scenario version naming the token that saved it."""

from __future__ import annotations

import hashlib
import secrets
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    inspect,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from typer.testing import CliRunner

from api.main import create_app
from api.storage import Store, drop_everything
from cli import app as cli_app
from tests.api.utils import auth, databases, quick, settings_on


class FirstRelease(DeclarativeBase):
    """The tables as the first release made them (``Base.metadata.create_all``, no migrations)."""


class OldToken(FirstRelease):
    __tablename__ = "tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(String(200))
    region: Mapped[str | None] = mapped_column(String(64), nullable=True)
    salt: Mapped[str] = mapped_column(String(64))
    digest: Mapped[str] = mapped_column(String(128), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class OldScenario(FirstRelease):
    __tablename__ = "scenarios"
    __table_args__ = (UniqueConstraint("region", "name", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer)
    doc: Mapped[dict] = mapped_column(JSON)  # type: ignore[type-arg]
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class OldRun(FirstRelease):
    __tablename__ = "runs"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    region: Mapped[str] = mapped_column(String(64), index=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenarios.id"))
    status: Mapped[str] = mapped_column(String(16))
    progress: Mapped[float] = mapped_column(Float)
    message: Mapped[str | None] = mapped_column(Text, nullable=True)
    result: Mapped[dict | None] = mapped_column(JSON, nullable=True)  # type: ignore[type-arg]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


@pytest.mark.parametrize("database", databases())
def test_a_database_of_the_first_release_is_upgraded_and_its_token_still_opens_it(database: str,
                                                                                  tmp_path: Path) -> None:
    settings = settings_on(database, tmp_path)
    url = settings.url()
    old = create_engine(url)
    FirstRelease.metadata.create_all(old)
    token, salt = secrets.token_urlsafe(24), secrets.token_hex(16)
    digest = hashlib.scrypt(token.encode(), salt=bytes.fromhex(salt), n=2**12, r=8, p=1).hex()
    moment = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)
    with Session(old) as s, s.begin():
        s.add(OldToken(label="werkgroep dwo", region="dwo", salt=salt, digest=digest, created_at=moment))
        first = OldScenario(region="dwo", name="oud", version=1, doc=quick("dwo", name="oud"), note="v1",
                            created_at=moment)
        s.add(first)
        s.flush()
        sid = first.id
        s.add(OldRun(id="r-1", region="dwo", scenario_id=sid, status="done", progress=1.0, created_at=moment))
    old.dispose()

    store = Store(url)  # the service starting on it
    columns = {c["name"] for c in inspect(store.engine).get_columns("tokens")}
    assert {"lookup", "revoked_at"} <= columns
    assert "created_by" in {c["name"] for c in inspect(store.engine).get_columns("scenarios")}
    with store.engine.connect() as c:
        assert c.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "r0004"
    row = store.check_token(token)
    assert row is not None and row.label == "werkgroep dwo" and row.lookup == hashlib.sha256(token.encode()).hexdigest()
    assert store.tokens()[0].salt is None  # checked once by scrypt, found by its lookup from then on
    assert store.scenario(sid).doc["name"] == "oud" and store.run("r-1").status == "done"  # type: ignore[union-attr]
    store.engine.dispose()
    Store(url).engine.dispose()  # a second start finds the database current
    app = create_app(settings)
    with TestClient(app) as client:
        assert client.get(f"/v1/scenarios/{sid}", headers=auth(token)).json()["note"] == "v1"
        made = client.post(f"/v1/scenarios/{sid}/versions", json={"scenario": quick("dwo", name="oud")},
                           headers=auth(token)).json()
    assert made["version"] == 2 and made["created_by"] == "werkgroep dwo"
    if database == "postgresql":
        drop_everything(app.state.store.engine)


@pytest.mark.parametrize("database", databases())
def test_a_token_is_one_lookup_and_can_be_revoked_and_rotated(database: str, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    url = settings_on(database, tmp_path).database_url or f"sqlite:///{tmp_path / 'regio.sqlite'}"
    monkeypatch.setenv("REGIO_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("REGIO_DATABASE_URL", url)
    runner = CliRunner()
    made = runner.invoke(cli_app, ["tokens", "create", "dwo", "--label", "werkgroep"])
    assert made.exit_code == 0, made.output
    token = made.output.strip()
    store = Store(url)
    for n in range(60):
        store.create_token(f"token {n}", "mvs")
    # the probe: 29 ms a wrong token with 3 tokens, 526 ms with 53 (scrypt against each); now one lookup
    start = time.perf_counter()
    for _ in range(100):
        assert store.check_token("fout-" + secrets.token_urlsafe(8)) is None
    assert (time.perf_counter() - start) / 100 < 0.005
    assert store.check_token(token) is not None
    listed = runner.invoke(cli_app, ["tokens", "list", "--lang", "en"]).output.splitlines()
    assert listed[0].split("\t")[:3] == ["1", "werkgroep", "dwo"] and listed[0].endswith("\tactive")
    assert len(listed) == 61
    rotated = runner.invoke(cli_app, ["tokens", "rotate", "1"])
    new = rotated.output.strip()
    assert rotated.exit_code == 0 and new != token
    assert store.check_token(token) is None and store.check_token(new).label == "werkgroep"  # type: ignore[union-attr]
    revoked = runner.invoke(cli_app, ["tokens", "revoke", "62", "--lang", "en"])
    assert revoked.exit_code == 0 and revoked.output == "Revoked token 62 (werkgroep)\n"
    assert store.check_token(new) is None
    wrong = runner.invoke(cli_app, ["tokens", "revoke", "999"])
    assert wrong.exit_code == 2 and wrong.output == "regio: fout: geen toegangscode met id 999\n"


@pytest.mark.parametrize("database", databases())
def test_unknown_tokens_are_slowed_down_with_429(client: TestClient, tokens: dict[str, str]) -> None:
    answers = [client.get("/v1/scenarios", headers=auth(f"geraden-{n}")).status_code for n in range(12)]
    assert answers == [401] * 10 + [429] * 2
    blocked = client.get("/v1/scenarios", headers=auth(tokens["dwo"]))
    assert blocked.status_code == 429 and 1 <= int(blocked.headers["retry-after"]) <= 60
    assert blocked.json()["detail"].startswith("too many attempts with an unknown token; try again in ")
    page = client.post("/ui/login", data={"token": "nog-een"})
    assert page.status_code == 429 and "Te veel onbekende toegangscodes" in page.text
    client.app.state.attempts.failures.clear()  # type: ignore[attr-defined]
    assert client.get("/v1/scenarios", headers=auth(tokens["dwo"])).status_code == 200


@pytest.mark.parametrize("database", databases())
def test_the_login_cookie_is_a_session_that_ends(app, tokens: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    import re
    from datetime import timedelta

    from api.storage import SessionRow

    store = app.state.store
    with TestClient(app) as browser:
        logged = browser.post("/ui/login", data={"token": tokens["dwo"]}, follow_redirects=False)
        cookie = logged.headers["set-cookie"]
        value = re.match(r"regio_token=([^;]+);", cookie)[1]  # type: ignore[index]
        assert value != tokens["dwo"] and "Max-Age=28800" in cookie and "HttpOnly" in cookie
        assert "SameSite=strict" in cookie
        home = browser.get("/ui")
        assert home.status_code == 200 and "Afmelden" in home.text
        csrf = re.search(r'name="csrf" value="([0-9a-f]{32})"', home.text)[1]  # type: ignore[index]
        out = browser.post("/ui/logout", data={"csrf": csrf})
        assert out.status_code == 200 and "U bent afgemeld." in out.text
        browser.cookies.set("regio_token", value)  # the old cookie, kept by someone
        assert "Toegangscode" in browser.get("/ui/regio/dwo").text
        # a session past its time opens nothing either
        browser.cookies.clear()
        browser.post("/ui/login", data={"token": tokens["dwo"]})
        with store.session() as s, s.begin():
            for row in s.query(SessionRow):
                row.expires_at = row.expires_at - timedelta(hours=9)
        assert "Toegangscode" in browser.get("/ui/regio/dwo").text
        # and a session of a token revoked since
        browser.cookies.clear()
        browser.post("/ui/login", data={"token": tokens["mvs"]})
        assert browser.get("/ui/regio/mvs").status_code == 200
        store.revoke_token(next(t.id for t in store.tokens() if t.region == "mvs"))
        assert "Toegangscode" in browser.get("/ui/regio/mvs").text
