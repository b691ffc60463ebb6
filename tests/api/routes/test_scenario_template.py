"""The Excel template of a stored scenario: downloaded through the API (and linked from the form), filled in and
loaded on the form as a new version that runs; a wrong workbook shows its message on the page."""

from __future__ import annotations

import io
from pathlib import Path

from fastapi.testclient import TestClient
from markupsafe import escape
from openpyxl import load_workbook

from data.scenario_workbook import MEDIA_TYPE
from tests.api.utils import auth, wait
from tests.workbooks import fill


def scenario_id(client: TestClient, token: str, region: str) -> int:
    return next(s["id"] for s in client.get("/v1/scenarios", params={"region": region}, headers=auth(token)).json())


def download(client: TestClient, token: str, sid: int, tmp_path: Path, lang: str = "nl") -> Path:
    response = client.get(f"/v1/scenarios/{sid}/template.xlsx", params={"lang": lang}, headers=auth(token))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == MEDIA_TYPE
    path = tmp_path / "opvang.xlsx"
    path.write_bytes(response.content)
    return path


def test_download_with_the_access_checks(client: TestClient, tokens: dict[str, str], tmp_path: Path) -> None:
    sid = scenario_id(client, tokens["mvs"], "mvs")
    path = download(client, tokens["mvs"], sid, tmp_path)
    book = load_workbook(path)
    assert book.sheetnames == ["Scenario", "Vraag", "Sleutel", "Maxima", "Budget"]
    assert [c.value for c in book["Vraag"][4]] == ["bw", "Beschermd wonen", 113, 113, 113, 113]
    english = client.get(f"/v1/scenarios/{sid}/template.xlsx", headers={**auth(tokens["mvs"]), "Accept-Language": "en"})
    assert load_workbook(io.BytesIO(english.content)).sheetnames == ["Scenario", "Demand", "Key", "Caps", "Budget"]
    assert 'filename="opvang-2024-2027-v1.xlsx"' in english.headers["content-disposition"]
    assert client.get(f"/v1/scenarios/{sid}/template.xlsx").status_code == 401
    other = client.get(f"/v1/scenarios/{sid}/template.xlsx", headers=auth(tokens["dwo"]))
    assert other.status_code == 403 and other.json()["detail"] == f"this token has no access to scenario {sid}"
    assert client.get("/v1/scenarios/999999/template.xlsx", headers=auth(tokens["admin"])).status_code == 404


def test_upload_a_filled_template_as_a_new_version(client: TestClient, tokens: dict[str, str],
                                                   tmp_path: Path) -> None:
    token = tokens["mvs"]
    sid = scenario_id(client, token, "mvs")
    client.cookies.set("regio_token", token)
    form = client.get(f"/ui/scenario/{sid}")
    assert f'href="/v1/scenarios/{sid}/template.xlsx?lang=nl">Excel-sjabloon downloaden</a>' in form.text
    assert '<label for="workbook">Scenario uit Excel laden</label>' in form.text
    path = fill(download(client, token, sid, tmp_path), "Vraag",
                {("housing_first", 2026): 14, ("housing_first", 2027): 14})
    fill(path, "Budget", {("extra", 2025): "1.500.000,50"})
    with path.open("rb") as f:
        saved = client.post(f"/ui/scenario/{sid}/excel", files={"workbook": ("opvang.xlsx", f, MEDIA_TYPE)},
                            follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"].startswith("/ui/run/")
    history = client.get(f"/v1/scenarios/{sid}/history", headers=auth(token)).json()
    assert [v["version"] for v in history] == [1, 2] and history[-1]["note"] == "geladen uit Excel: opvang.xlsx"
    doc = history[-1]["scenario"]
    assert doc["demand"]["housing_first"] == {"2024": 0, "2025": 5, "2026": 14, "2027": 14}
    assert doc["budget"]["extra"] == {"2025": 1500000.5}
    assert doc["budget"]["distributions"] == history[0]["scenario"]["budget"]["distributions"]
    run = wait(client, saved.headers["location"].rsplit("/", 1)[1], token, seconds=120)
    assert run["status"] == "done"
    result = client.get(f"/v1/runs/{run['id']}/result", headers=auth(token)).json()
    assert sum(a["places"] for a in result["allocation"] if a["type"] == "housing_first" and a["year"] == 2027) == 14


def test_a_bad_upload_shows_its_message_and_saves_nothing(client: TestClient, tokens: dict[str, str],
                                                          tmp_path: Path) -> None:
    token = tokens["mvs"]
    sid = scenario_id(client, token, "mvs")
    client.cookies.set("regio_token", token)
    path = fill(download(client, token, sid, tmp_path), "Vraag", {("bw", 2025): "veel"})
    cases = [
        (("opvang.xlsx", path.read_bytes()), "opvang.xlsx: blad Vraag, cel D4: 'veel' is geen getal"),
        (("notities.xlsx", b"geen werkboek"), "notities.xlsx: geen Excel-werkboek (.xlsx); sla het op als "
                                              "Excel-werkboek"),
        (("", b""), "Kies eerst een ingevuld sjabloon (.xlsx)."),
    ]
    fill(path, "Vraag", {("bw", 2025): 113})
    fill(path, "Scenario", {("name", "C"): "nieuw"})
    cases.append((("opvang.xlsx", path.read_bytes()), "opvang.xlsx: blad Scenario, cel C11: het werkboek noemt "
                                                     "scenario 'nieuw'; een nieuwe versie van 'opvang-2024-2027' "
                                                     "houdt haar naam"))
    dwo = tmp_path / "dwo.xlsx"
    dwo.write_bytes(client.get(f"/v1/scenarios/{scenario_id(client, tokens['dwo'], 'dwo')}/template.xlsx",
                               headers=auth(tokens["dwo"])).content)
    cases.append((("dwo.xlsx", dwo.read_bytes()), "dwo.xlsx: blad Scenario, cel C9: dit werkboek is voor regio "
                                                  "'dwo', niet voor mvs"))
    for (name, content), message in cases:
        page = client.post(f"/ui/scenario/{sid}/excel", files={"workbook": (name, content, MEDIA_TYPE)})
        assert page.status_code == 422, (name, page.text[:300])
        assert f'<p class="error" id="upload-error">Het werkboek is niet geladen: {escape(message)}</p>' in page.text
        assert 'id="demand__bw__2024"' in page.text  # the form is still there
    assert len(client.get(f"/v1/scenarios/{sid}/history", headers=auth(token)).json()) == 1
    client.cookies.set("regio_token", tokens["dwo"])
    assert client.post(f"/ui/scenario/{sid}/excel", files={"workbook": ("opvang.xlsx", b"x")}).status_code == 403
