"""Findings of an attacker's and an operator's probe, each reproduced: a lone surrogate that poisoned every list,
NaN and Infinity, a chunked body past the limit, parallel new versions, a killed worker, more solver processes
than REGIO_WORKERS, and solver processes that outlived the service."""

from __future__ import annotations

import json
import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from tests.api.utils import auth, databases, live_server, quick, service_env, settings_on, wait
from tests.processes import alive, descendants, serve, stop

JSON = {"content-type": "application/json", "Accept-Language": "en"}


@pytest.mark.parametrize("database", databases())
def test_a_lone_surrogate_is_refused_and_one_stored_earlier_is_repaired(database: str, tmp_path: Path) -> None:
    settings = settings_on(database, tmp_path)
    app = create_app(settings)
    token = app.state.store.create_token("mi", "midden-ijssel")
    h = {**auth(token), **JSON}
    with TestClient(app) as client:
        for field in ("title", "question"):
            doc = quick("midden-ijssel", name="giftig", **{field: "Wachttijd \ud800"})
            # json.dumps writes the lone surrogate as the escape \ud800, as the probe sent it
            r = client.post("/v1/scenarios", content=json.dumps({"region": "midden-ijssel", "scenario": doc}),
                            headers=h)
            assert r.status_code == 422, r.text
            assert r.json()["errors"][0]["loc"] == ["body", "scenario", field]
            assert r.json()["detail"] == ("the text holds a lone UTF-16 surrogate (\\ud800), which is not a "
                                          "character; send it as UTF-8 text")
        r = client.post("/v1/scenarios", content=json.dumps({"region": "midden-ijssel", "scenario": quick(
            "midden-ijssel", name="giftig"), "note": "\udfff"}), headers={**h, "Accept-Language": "nl"})
        assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "note"]
        assert r.json()["detail"].startswith("de tekst bevat een losse UTF-16-surrogaat (\\udfff)")
        assert client.get("/v1/scenarios?name=giftig", headers=h).json() == []

    # a version an earlier release stored with one: every list and page answers again after a restart
    app.state.store.add_scenario("midden-ijssel", "giftig", quick("midden-ijssel", name="giftig",
                                                                 title="Wachttijd \ud800"), note="oud")
    app.state.store.engine.dispose()
    with TestClient(create_app(settings)) as client:
        listed = client.get("/v1/scenarios?name=giftig", headers=h)
        assert listed.status_code == 200 and listed.json()[0]["scenario"]["title"] == "Wachttijd \ufffd"
        client.cookies.set("regio_token", token)
        assert client.get("/ui/regio/midden-ijssel").status_code == 200
        assert client.get(f"/v1/scenarios/{listed.json()[0]['id']}/history", headers=h).status_code == 200


@pytest.mark.parametrize("database", databases())
@pytest.mark.parametrize(("text", "where"), [("NaN", "demand"), ("Infinity", "draagkracht"), ("-Infinity", "note"),
                                             ("1e400", "draagkracht"), ("1e400", "run")])
def test_nan_and_infinity_are_refused_before_anything_is_stored(database: str, tmp_path: Path, text: str,
                                                                where: str) -> None:
    app = create_app(settings_on(database, tmp_path))
    token = app.state.store.create_token("mi", "midden-ijssel")
    h = {**auth(token), **JSON}
    doc = quick("midden-ijssel", name="oneindig")
    body: dict[str, object] = {"region": "midden-ijssel", "scenario": doc}
    if where == "demand":
        doc["demand"]["bw"]["2024"], loc = "__X__", ["body", "scenario", "demand", "bw", "2024"]
    elif where == "draagkracht":
        doc["draagkracht"]["places_per_1000"], loc = "__X__", ["body", "scenario", "draagkracht", "places_per_1000"]
    elif where == "note":
        body["note"], loc = "__X__", ["body", "note"]
    with TestClient(app) as client:
        before = len(client.get("/v1/scenarios", headers=h).json())
        if where == "run":
            r = client.post("/v1/runs", content=f'{{"scenario_id": {text}}}', headers=h)
            loc = ["body", "scenario_id"]
        else:
            r = client.post("/v1/scenarios", content=json.dumps(body).replace('"__X__"', text), headers=h)
        assert r.status_code == 422, r.text
        assert r.json()["errors"][0]["loc"] == loc
        assert r.json()["errors"][0]["msg"] == f"JSON has no NaN or Infinity: {text} is not a finite number"
        assert len(client.get("/v1/scenarios", headers=h).json()) == before
        assert client.get("/v1/runs", headers=h).json() == []


@pytest.mark.parametrize("database", databases())
def test_a_body_without_a_length_is_held_to_the_limit(app, tokens: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    """The probe sent 200 MB with chunked transfer and no Content-Length: now the answer is 413 once the limit
    (200,000 bytes here) is passed, and the service stops reading."""
    import socket

    with live_server(app) as base:
        host, port = base.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port))) as sock:
            sock.sendall(f"POST /v1/scenarios HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer "
                         f"{tokens['dwo']}\r\nAccept-Language: en\r\nContent-Type: application/json\r\n"
                         "Transfer-Encoding: chunked\r\n\r\n".encode())
            sock.settimeout(0.01)
            chunk = b"1000\r\n" + b" " * 4096 + b"\r\n"
            sent, answer = 0, b""
            while sent < 50_000_000 and b"\r\n\r\n" not in answer:
                try:
                    sock.sendall(chunk)
                    sent += 4096
                except OSError:  # the service closed the connection
                    break
                try:
                    answer += sock.recv(65536)
                except TimeoutError:
                    pass
            sock.settimeout(5)
            while b"}" not in answer:
                more = sock.recv(65536)
                if not more:
                    break
                answer += more
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"request body larger than 200,000 bytes" in answer
    assert sent < 2_000_000  # it stopped reading near the limit, not after 50 MB


@pytest.mark.parametrize("database", databases())
def test_parallel_new_versions_are_saved_or_told_which_version_came_first(database: str, tmp_path: Path) -> None:
    app = create_app(settings_on(database, tmp_path))
    token = app.state.store.create_token("mi", "midden-ijssel")
    h = {**auth(token), "Accept-Language": "en"}
    with live_server(app) as base, httpx.Client(base_url=base, headers=h, timeout=60) as client:
        sid = client.post("/v1/scenarios", json={"region": "midden-ijssel",
                                                 "scenario": quick("midden-ijssel", name="samen")}).json()["id"]

        def edit(n: int) -> httpx.Response:
            doc = quick("midden-ijssel", name="samen")
            doc["demand"]["bw"]["2026"] = 170 + n
            with httpx.Client(base_url=base, headers=h, timeout=60) as own:
                return own.post(f"/v1/scenarios/{sid}/versions", json={"scenario": doc, "note": f"bewerking {n}"})

        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(edit, range(8)))
        history = client.get(f"/v1/scenarios/{sid}/history").json()
    assert {a.status_code for a in answers} <= {201, 409}, [a.text for a in answers if a.status_code not in (201, 409)]
    saved = [a.json() for a in answers if a.status_code == 201]
    told = [a.json() for a in answers if a.status_code == 409]
    assert len(saved) + len(told) == 8 and saved
    # nothing is lost without a word: every edit is a version, or its answer names the version saved first
    assert [v["version"] for v in history] == list(range(1, len(saved) + 2))
    assert sorted(v["note"] for v in history[1:]) == sorted(s["note"] for s in saved)
    for problem in told:
        assert problem["currentVersion"] >= 2 and problem["currentId"] in {v["id"] for v in history}
        assert problem["detail"].startswith(f"version {problem['currentVersion']} of scenario samen was saved "
                                            "meanwhile; make your change on that version")


@pytest.mark.parametrize("database", databases())
def test_one_pool_of_workers_however_many_runs_arrive_together(database: str, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import api.jobs

    opened: list[object] = []

    def counted(*args: object, **kwargs: object) -> object:
        opened.append(api.jobs.open_pool.__wrapped__(*args, **kwargs))  # type: ignore[attr-defined]
        return opened[-1]

    counted.__wrapped__ = api.jobs.open_pool  # type: ignore[attr-defined]
    monkeypatch.setattr(api.jobs, "open_pool", counted)
    app = create_app(settings_on(database, tmp_path, workers=1))
    token = app.state.store.create_token("mi", "midden-ijssel")
    with live_server(app) as base, httpx.Client(base_url=base, headers=auth(token), timeout=60) as client:
        sid = client.post("/v1/scenarios", json={"region": "midden-ijssel",
                                                 "scenario": quick("midden-ijssel", name="tegelijk")}).json()["id"]

        def start(_: int) -> str:
            with httpx.Client(base_url=base, headers=auth(token), timeout=60) as own:
                return str(own.post("/v1/runs", json={"scenario_id": sid}).json()["id"])

        with ThreadPoolExecutor(6) as pool:
            ids = list(pool.map(start, range(6)))
        assert [wait(client, i, token)["status"] for i in ids] == ["done"] * 6
        # six runs at once (the probe saw 3 solver processes with REGIO_WORKERS=1): one pool of one process
        assert len(opened) == 1
        assert len(app.state.manager.pool.pool._processes) == 1  # noqa: SLF001


@pytest.mark.parametrize("database", databases())
def test_a_killed_worker_stops_neither_its_run_nor_the_others(database: str, tmp_path: Path) -> None:
    app = create_app(settings_on(database, tmp_path, workers=1))
    token = app.state.store.create_token("admin", None)
    with live_server(app) as base, httpx.Client(base_url=base, headers=auth(token), timeout=60) as client:
        def scenario(code: str, name: str) -> int:
            return int(client.post("/v1/scenarios", json={"region": code, "scenario": quick(code, name=name)})
                       .json()["id"])

        slow, quick_ids = scenario("maastricht-heuvelland", "traag"), [scenario("midden-ijssel", f"snel{i}")
                                                                       for i in range(2)]
        first = client.post("/v1/runs", json={"scenario_id": slow}).json()["id"]
        queued = [client.post("/v1/runs", json={"scenario_id": i}).json()["id"] for i in quick_ids]
        deadline = time.time() + 60
        while client.get(f"/v1/runs/{first}").json()["status"] != "running" and time.time() < deadline:
            time.sleep(0.1)
        pool = app.state.manager.pool.pool
        (worker,) = list(pool._processes)  # noqa: SLF001 - the one worker process
        os.kill(worker, signal.SIGKILL)
        ended = [wait(client, i, token, seconds=180) for i in [first, *queued]]
        assert [r["status"] for r in ended] == ["done", "done", "done"], ended
        after = client.post("/v1/runs", json={"scenario_id": quick_ids[0]})
        assert after.status_code == 202
        assert wait(client, after.json()["id"], token)["status"] == "done"
    assert not alive(worker)


@pytest.mark.parametrize("database", databases())
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
@pytest.mark.parametrize("processes", [1, 2])
def test_no_solver_outlives_the_service(database: str, tmp_path: Path, how: signal.Signals, processes: int) -> None:
    """Nothing below `regio serve` outlives it: its solver processes, and with --processes its service processes
    and theirs, after SIGTERM and after SIGKILL."""
    token = "t" * 32
    env = service_env(database, tmp_path, REGIO_WORKERS="1", REGIO_ADMIN_TOKEN=token)
    server, base, _ = serve(env, processes=processes)
    try:
        deadline = time.time() + 60
        h = auth(token)
        sid = httpx.post(f"{base}/v1/scenarios", json={"region": "maastricht-heuvelland", "scenario": quick(
            "maastricht-heuvelland", name="wees")}, headers=h, timeout=30).json()["id"]
        run = httpx.post(f"{base}/v1/runs", json={"scenario_id": sid}, headers=h, timeout=30).json()["id"]
        while httpx.get(f"{base}/v1/runs/{run}", headers=h, timeout=10).json()["status"] != "running":
            assert time.time() < deadline
            time.sleep(0.1)
        solvers = [p for p in descendants(server.pid) if alive(p)]
        # a solver, and with --processes the service processes below the command
        assert len(solvers) >= 1 + (processes if processes > 1 else 0)
        server.send_signal(how)
        server.wait(timeout=30)
        deadline = time.time() + 10
        while any(alive(p) for p in solvers) and time.time() < deadline:
            time.sleep(0.1)
        assert not [p for p in solvers if alive(p)]
    finally:
        stop(server)


@pytest.mark.parametrize("database", databases())
def test_a_form_from_another_site_changes_nothing(app, tokens: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    import re

    from tests.api.routes.test_forms import DWO_SHARES

    store = app.state.store
    with TestClient(app, base_url="http://127.0.0.1:8000") as browser:
        # a forged login from a page on another port of the same host: refused, no session swapped
        forged = browser.post("/ui/login", data={"token": tokens["dwo"]},
                              headers={"Origin": "http://127.0.0.1:8001"}, follow_redirects=False)
        assert forged.status_code == 403 and "set-cookie" not in forged.headers
        assert browser.post("/ui/login", data={"token": tokens["dwo"]}, follow_redirects=False).status_code == 303
        sid = store.scenarios("dwo")[0].id
        versions = len(store.scenarios("dwo"))
        page = browser.get(f"/ui/scenario/{sid}").text
        hidden = re.findall(r'<input type="hidden" name="csrf" value="([0-9a-f]{32})">', page)
        assert len(hidden) == 4 and len(set(hidden)) == 1  # the form, the Excel upload, the copy and logging out
        data = {**DWO_SHARES, "demand__bt__2023": "150"}
        # the attacker's page: it can send the cookie along but not read the hidden value
        refused = browser.post(f"/ui/scenario/{sid}", data=data, follow_redirects=False)
        assert refused.status_code == 403 and "Dit formulier is verlopen of kwam van een andere site" in refused.text
        other_port = browser.post(f"/ui/scenario/{sid}", data={**data, "csrf": hidden[0]}, follow_redirects=False,
                                  headers={"Origin": "http://127.0.0.1:8001"})
        assert other_port.status_code == 403 and "kwam van een andere site" in other_port.text
        copied = browser.post(f"/ui/scenario/{sid}/kopie", data={"naam": "gestolen", "titel": "x"},
                              follow_redirects=False)
        assert copied.status_code == 403 and store.scenarios("dwo", "gestolen") == []
        assert browser.get("/v1/runs", headers=auth(tokens["dwo"])).json() == []
        assert len(store.scenarios("dwo")) == versions
        # the same form from the service's own page
        saved = browser.post(f"/ui/scenario/{sid}", data={**data, "csrf": hidden[0]}, follow_redirects=False,
                             headers={"Origin": "http://127.0.0.1:8000"})
        assert saved.status_code == 303 and len(store.scenarios("dwo")) == versions + 1
        # the JSON API with the forms' cookie from another site's script
        api = browser.post("/v1/scenarios", json={"region": "dwo", "scenario": quick("dwo", name="via-cookie")},
                           headers={"Origin": "http://evil.example", "Accept-Language": "en"})
        assert api.status_code == 403
        assert api.json()["detail"] == "a request from another site (http://evil.example) is not accepted"


@pytest.mark.parametrize("database", databases())
def test_health_readiness_headers_huge_ids_and_a_region_that_fills_the_queue(database: str, tmp_path: Path) -> None:
    app = create_app(settings_on(database, tmp_path, max_waiting_runs=2))
    token = app.state.store.create_token("admin", None)
    h = {**auth(token), "Accept-Language": "en"}
    with TestClient(app) as client:
        assert client.get("/health").json() == {"status": "ok"}
        assert client.get("/ready").json() == {"status": "ready", "database": database, "executor": "local"}
        answer = client.get("/v1/regions")
        assert answer.headers["x-content-type-options"] == "nosniff" and answer.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
        client.cookies.set("regio_token", token)
        for huge in (2**63, 2**64 + 5):  # the probe: 500 from the forms for ids of 2^63 and more
            assert client.get(f"/ui/scenario/{huge}").status_code == 404
            assert client.get(f"/v1/scenarios/{huge}", headers=h).status_code == 422
        sid = client.post("/v1/scenarios", json={"region": "maastricht-heuvelland", "scenario": quick(
            "maastricht-heuvelland", name="vol")}, headers=h).json()["id"]
        first = [client.post("/v1/runs", json={"scenario_id": sid}, headers=h) for _ in range(2)]
        assert [r.status_code for r in first] == [202, 202]
        third = client.post("/v1/runs", json={"scenario_id": sid}, headers=h)
        assert third.status_code == 429 and third.headers["retry-after"] == "30"
        assert third.json()["detail"] == ("region maastricht-heuvelland has 2 runs queued or running, the most it "
                                          "may have; start this one when one of them has ended")
        other = client.post("/v1/scenarios", json={"region": "midden-ijssel", "scenario": quick(
            "midden-ijssel", name="ander")}, headers=h).json()["id"]
        others = client.post("/v1/runs", json={"scenario_id": other}, headers=h)
        assert others.status_code == 202  # others go on
        for run in first:
            client.delete(f"/v1/runs/{run.json()['id']}", headers=h)
        again = client.post("/v1/runs", json={"scenario_id": sid}, headers=h)
        assert again.status_code == 202
        # nothing may write to the database once it is gone: the runs end first (a solve that ends after the
        # service stopped still stores its result, which once re-created the file this test removes)
        for run in (others, again):
            client.delete(f"/v1/runs/{run.json()['id']}", headers=h)
        deadline = time.time() + 30
        while app.state.manager.futures:
            assert time.time() < deadline
            time.sleep(0.05)
        time.sleep(0.5)  # the last run's callback records its end after leaving the pool
        app.state.manager.shutdown()
        store = app.state.store
        store.engine.dispose()  # no connection left open
        if database == "sqlite":
            for file in tmp_path.glob("regio.sqlite*"):
                file.unlink()
            (tmp_path / "regio.sqlite").mkdir()  # the database gone: a folder where its file was
        else:  # the database server gone: nothing answers at its address
            from sqlalchemy import create_engine

            from tests.processes import free_port

            store.engine = create_engine(store.engine.url.set(port=free_port()))
        ready = client.get("/ready")
        assert ready.status_code == 503 and ready.json()["detail"].startswith("de database antwoordt niet (")


@pytest.mark.parametrize("database", databases())
def test_json_logs_carry_each_requests_id(database: str, tmp_path: Path) -> None:
    env = service_env(database, tmp_path, REGIO_LOG_FORMAT="json")
    errors = (tmp_path / "stderr.log").open("w")
    server, base, mine = serve(env, errors, first={"X-Request-ID": "probe-42"})
    try:
        assert mine.headers["x-request-id"] == "probe-42"
        made = httpx.get(f"{base}/health", headers={"X-Request-ID": "bad id with spaces"}).headers["x-request-id"]
        assert len(made) == 32 and int(made, 16) >= 0
    finally:
        stop(server)
        errors.close()
    lines = [json.loads(line) for line in (tmp_path / "stderr.log").read_text().splitlines() if line.startswith("{")]
    mine_line = next(line for line in lines if line.get("request_id") == "probe-42")
    assert (mine_line["path"], mine_line["status"], mine_line["method"], mine_line["level"]) == (
        "/v1/regions", 200, "GET", "INFO")
    assert any(line.get("request_id") == made and line.get("path") == "/health" for line in lines)


@pytest.mark.parametrize("database", databases())
def test_a_map_is_drawn_once_per_result(client: TestClient, tokens: dict[str, str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import optimiser.report.maps

    drawn: list[str] = []
    original = optimiser.report.maps.render_map

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        drawn.append("map")
        return original(*args, **kwargs)

    monkeypatch.setattr(optimiser.report.maps, "render_map", counted)
    h = auth(tokens["mvs"])
    sid = client.post("/v1/scenarios", json={"region": "mvs", "scenario": quick("mvs", name="kaart")},
                      headers=h).json()["id"]
    run_id = client.post("/v1/runs", json={"scenario_id": sid}, headers=h).json()["id"]
    assert wait(client, run_id, tokens["mvs"])["status"] == "done"
    maps = [client.get(f"/v1/runs/{run_id}/map.png", headers=h) for _ in range(3)]
    assert {m.status_code for m in maps} == {200} and len({m.content for m in maps}) == 1
    assert maps[0].content.startswith(b"\x89PNG") and drawn == ["map"]
    client.get(f"/v1/runs/{run_id}/map.png?lang=nl", headers=h)  # the client reads English
    assert drawn == ["map", "map"]  # another language is another drawing
    assert client.get(f"/v1/runs/{run_id}/map.png", headers=auth(tokens["dwo"])).status_code == 403  # still checked


@pytest.mark.parametrize("database", databases())
def test_a_full_disk_is_503_and_a_fault_is_one_sentence(app, tokens: dict[str, str],  # type: ignore[no-untyped-def]
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    from sqlalchemy.exc import OperationalError

    def full(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OperationalError("INSERT INTO scenarios", {}, sqlite3.OperationalError("database or disk is full"))

    h = {**auth(tokens["dwo"]), "Accept-Language": "en", "X-Request-ID": "vol-1"}
    with TestClient(app, raise_server_exceptions=False) as client:
        monkeypatch.setattr(app.state.store, "add_scenario", full)  # after the start, which seeds the packs
        r = client.post("/v1/scenarios", json={"region": "dwo", "scenario": quick("dwo", name="vol")}, headers=h)
        assert r.status_code == 503 and r.headers["retry-after"] == "30"
        assert r.json()["detail"] == "the database cannot be used right now; try again later (request vol-1)"

        def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
            raise RuntimeError("a fault of the service")

        monkeypatch.setattr(app.state.store, "scenarios", broken)
        fault = client.get("/v1/scenarios", headers={**h, "X-Request-ID": "fout-2"})
        assert fault.status_code == 500 and "Traceback" not in fault.text
        assert fault.json()["detail"] == "an internal error; it is logged under request fout-2"


@pytest.mark.parametrize("database", databases())
def test_a_run_is_claimed_once_by_services_sharing_a_database(database: str, tmp_path: Path) -> None:
    from datetime import timedelta

    from api.storage import now

    settings = settings_on(database, tmp_path)
    first, second = create_app(settings), create_app(settings)
    store = first.state.store
    token = store.create_token("admin", None)
    sid = store.add_scenario("midden-ijssel", "gedeeld", quick("midden-ijssel", name="gedeeld")).id
    # eight claims at once on one queued run: exactly one worker gets it
    probe = store.add_run("midden-ijssel", sid).id
    with ThreadPoolExecutor(8) as pool:
        claims = list(pool.map(lambda n: store.claim_run(probe, f"worker-{n}"), range(8)))
    assert claims.count(True) == 1 and store.run(probe).claimed_by == f"worker-{claims.index(True)}"
    store.update_run(probe, status="cancelled")
    # eight queued runs, as a burst left them: both services start and hand out all eight (the probe's finding:
    # two servers on one database solved 6 of 8 twice); each is claimed by one worker and done once
    runs = [store.add_run("midden-ijssel", sid).id for _ in range(8)]
    with TestClient(first) as a, TestClient(second):
        ended = [wait(a, r, token, seconds=180) for r in runs]
        assert [r["status"] for r in ended] == ["done"] * 8
        claimed = [store.run(r).claimed_by for r in runs]
        assert all(c and ":" in c for c in claimed)
        # a run its worker left behind (a service or machine that stopped, no sign of life for a minute) is
        # taken back by a live service within half a lease and solved
        left = store.add_run("midden-ijssel", sid).id
        store.update_run(left, status="running", claimed_by="elders:1", heartbeat_at=now() - timedelta(minutes=1))
        done = wait(a, left, token, seconds=120)
        assert done["status"] == "done" and store.run(left).claimed_by != "elders:1"


@pytest.mark.parametrize("database", databases())
def test_regions_take_turns_for_the_workers(database: str, tmp_path: Path) -> None:
    app = create_app(settings_on(database, tmp_path, workers=1))
    token = app.state.store.create_token("admin", None)
    h = auth(token)
    with TestClient(app) as client:
        many = client.post("/v1/scenarios", json={"region": "midden-ijssel", "scenario": quick(
            "midden-ijssel", name="veel")}, headers=h).json()["id"]
        one = client.post("/v1/scenarios", json={"region": "mvs", "scenario": quick("mvs", name="een")},
                          headers=h).json()["id"]
        first = [client.post("/v1/runs", json={"scenario_id": many}, headers=h).json()["id"] for _ in range(4)]
        late = client.post("/v1/runs", json={"scenario_id": one}, headers=h).json()["id"]
        for run in [*first, late]:
            assert wait(client, run, token)["status"] == "done"
    store = app.state.store
    started = {r: store.run(r).started_at for r in [*first, late]}
    order = sorted(started, key=lambda r: started[r])
    # one worker; Midden-IJssel queued four runs before MVS queued one: MVS's run is the second or third to
    # start (its turn comes after the run in hand and at most one more), not the fifth as in one queue
    assert order.index(late) <= 2, [("mvs" if r == late else "mi") for r in order]


@pytest.mark.parametrize("database", databases())
def test_cancel_stops_a_running_solve_within_two_seconds_and_keeps_its_best_plan(database: str,
                                                                                   tmp_path: Path) -> None:
    from data import load_region
    from models import Result, Scenario
    from optimiser.verify import verify

    app = create_app(settings_on(database, tmp_path, workers=1))
    token = app.state.store.create_token("admin", None)
    h = {**auth(token), "Accept-Language": "en"}
    with TestClient(app) as client:
        # Maastricht-Heuvelland with its explanation: about 12 s on 2 cores
        doc = quick("maastricht-heuvelland", name="afbreken")
        doc["solver"]["explain"] = True
        sid = client.post("/v1/scenarios", json={"region": "maastricht-heuvelland", "scenario": doc},
                          headers=h).json()["id"]
        run_id = client.post("/v1/runs", json={"scenario_id": sid}, headers=h).json()["id"]
        deadline = time.time() + 60
        while "stage 3/" not in (app.state.store.run(run_id).message or ""):  # as the worker writes it
            assert time.time() < deadline
            time.sleep(0.05)
        asked = time.perf_counter()
        assert client.delete(f"/v1/runs/{run_id}", headers=h).json()["status"] == "cancelled"
        while app.state.store.run(run_id).result is None:
            assert time.perf_counter() - asked < 10
            time.sleep(0.05)
        stopped = time.perf_counter() - asked
        run = client.get(f"/v1/runs/{run_id}", headers=h).json()
        served = client.get(f"/v1/runs/{run_id}/result?show_confidential=true", headers=h).json()
        # the worker is free for the next run at once
        follow = client.post("/v1/runs", json={"scenario_id": sid}, headers=h).json()["id"]
        assert wait(client, follow, token, seconds=120)["status"] == "done"
    print(f"cancel: the solve stopped and its plan was stored {stopped:.2f} s after the request")
    assert stopped < 2.0, stopped
    assert run["status"] == "cancelled"
    assert run["message"] == "cancelled by a user; the best plan found until then is kept"
    result = Result.model_validate(served)
    assert result.status == "time_limit" and result.allocation and not result.binding
    # the plan kept holds every rule of the scenario (the independent verifier)
    region = load_region("maastricht-heuvelland")
    assert verify(region, Scenario.model_validate(doc), result) == []


@pytest.mark.parametrize("database", databases())
def test_services_starting_together_on_one_database_all_start(database: str, tmp_path: Path) -> None:
    """`regio serve --processes 4`, or four services started at once: each adds the admin token and seeds the
    packs' scenarios if they are not there; they all start, and the database holds each once."""
    from api.storage import Store, TokenRow

    settings = settings_on(database, tmp_path, admin_token="a" * 32)
    Store(settings.url()).engine.dispose()  # migrated, as `regio serve` does before it starts the processes

    def start(_: int) -> int:
        app = create_app(settings)
        with TestClient(app) as client:
            return client.get("/v1/scenarios?region=dwo", headers=auth("a" * 32)).status_code

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(start, range(4))) == [200] * 4
    store = Store(settings.url())
    with store.session() as s:
        assert s.query(TokenRow).count() == 1
    seeded = store.scenarios()
    assert len(seeded) == len({(r.region, r.name) for r in seeded}) and {r.version for r in seeded} == {1}
    store.engine.dispose()


def test_services_starting_together_on_a_new_sqlite_file_migrate_in_turn(tmp_path: Path) -> None:
    """Four processes open one new SQLite file at the same moment (two `regio serve` started together): each
    brings it to the newest revision in turn, none fails with "table tokens already exists"."""
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'regio.sqlite'}"
    code = "import sys; from api.storage import Store; Store(sys.argv[1]).engine.dispose()"
    processes = [subprocess.Popen([sys.executable, "-c", code, url], stderr=subprocess.PIPE, text=True)
                 for _ in range(4)]
    ended = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in processes]
    assert [rc for rc, _ in ended] == [0] * 4, [err.splitlines()[-1:] for _, err in ended]
