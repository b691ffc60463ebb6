"""The forms: login, pages per region, saving a version that runs, messages next to the fields."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape
from openpyxl import load_workbook

from models import CBS_CREDIT
from tests.api.utils import auth, quick, wait

DWO_SHARES = {"share__GM0503": "48,21", "share__GM1783": "33,09", "share__GM1926": "12,95", "share__GM1842": "5,74"}


def test_login(client: TestClient, tokens: dict[str, str]) -> None:
    page = client.get("/ui")
    assert page.status_code == 200 and "Toegangscode" in page.text
    assert CBS_CREDIT in page.text  # the footer credits the CBS
    wrong = client.post("/ui/login", data={"token": "fout"})
    assert wrong.status_code == 401 and "Onbekende toegangscode." in wrong.text
    logged = client.post("/ui/login", data={"token": tokens["dwo"]}, follow_redirects=False)
    assert logged.status_code == 303 and logged.headers["location"] == "/ui"
    assert "regio_token" in logged.headers["set-cookie"] and "httponly" in logged.headers["set-cookie"].lower()
    client.cookies.set("regio_token", "verlopen")
    assert "Toegangscode" in client.get("/ui/regio/dwo").text  # an unknown cookie shows the login page


def test_pages_of_other_regions_and_missing_rows(client: TestClient, tokens: dict[str, str]) -> None:
    client.cookies.set("regio_token", tokens["dwo"])
    home = client.get("/ui")
    assert "DWO" in home.text and "/ui/regio/mvs" not in home.text
    assert client.get("/ui/regio/dwo").status_code == 200
    other = client.get("/ui/regio/mvs")
    assert other.status_code == 403 and "<h1>Geen toegang tot deze regio.</h1>" in other.text
    missing = client.get("/ui/scenario/999999")
    assert missing.status_code == 404 and "<h1>Scenario niet gevonden.</h1>" in missing.text
    missing = client.get("/ui/run/nope")
    assert missing.status_code == 404 and "<h1>Berekening niet gevonden.</h1>" in missing.text
    both = client.get("/ui/vergelijk?run=nope&run=niets")
    assert both.status_code == 404
    assert "<h1>Kies twee of meer berekeningen van deze regio die klaar zijn.</h1>" in both.text


def test_forms_save_a_version_run_and_show_errors(client: TestClient, tokens: dict[str, str]) -> None:
    client.cookies.set("regio_token", tokens["dwo"])
    sid = next(s["id"] for s in client.get("/v1/scenarios", headers=auth(tokens["dwo"])).json())
    form = client.get(f"/ui/scenario/{sid}")
    assert form.status_code == 200 and "demand__bt__2023" in form.text
    bad = client.post(f"/ui/scenario/{sid}", data={"demand__bt__2023": "veel", **DWO_SHARES})
    assert bad.status_code == 422 and 'id="error-demand__bt__2023"' in bad.text and "geen getal" in bad.text
    shares = client.post(f"/ui/scenario/{sid}", data={**DWO_SHARES, "share__GM0503": "50"})
    assert shares.status_code == 422 and "shares sum to" in shares.text
    good = {**DWO_SHARES, "cap__GM1783__bt": "30", "note": "Westland hoogstens 30 BT"}
    saved = client.post(f"/ui/scenario/{sid}", data=good, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"].startswith("/ui/run/")
    run_id = saved.headers["location"].rsplit("/", 1)[1]
    wait(client, run_id, tokens["dwo"], seconds=120)
    page = client.get(f"/ui/run/{run_id}")
    assert 'id="result-table"' in page.text and "Westland" in page.text and "refresh" not in page.text
    # the rules that drive the result, worded as the terminal words them
    result = client.get(f"/v1/runs/{run_id}/result", headers={**auth(tokens["dwo"]), "Accept-Language": "nl"}).json()
    assert result["binding"], "the DWO result has no driver"
    assert all(str(escape(b["text"])) in page.text for b in result["binding"])
    # the results in the reader's language: Dutch by default, English on request
    english = client.get(f"/v1/runs/{run_id}/result", headers={**auth(tokens["dwo"]), "Accept-Language": "en-GB"})
    assert any(b["text"].startswith("Beschermd Wonen + Beschermd Wonen plus sites of at least 20 places: ")
               for b in english.json()["binding"])
    assert any(b["text"].startswith("locaties voor Beschermd Wonen + Beschermd Wonen plus van minimaal 20 plekken: ")
               for b in result["binding"])
    # why this number, on the page and in the API
    asked = client.get(f"/ui/run/{run_id}?gemeente=GM1926&voorziening=bw&jaar=2026")
    assert 'id="why"' in asked.text and 'for="gemeente"' in asked.text
    assert "Pijnacker-Nootdorp krijgt in 2026 0 plekken Beschermd Wonen, 3,5 onder het eerlijke aandeel" in asked.text
    assert "telt minimaal 20 plekken" in asked.text
    wrong_year = client.get(f"/ui/run/{run_id}?gemeente=GM1926&voorziening=bw&jaar=1999")
    assert 'id="why-error"' in wrong_year.text and "1999 is geen jaar van het scenario" in wrong_year.text
    why = client.get(f"/v1/runs/{run_id}/why",
                     params={"municipality": "Pijnacker-Nootdorp", "type": "bw", "lang": "nl"},
                     headers=auth(tokens["dwo"])).json()
    assert (why["places"], why["fair_share"], why["year"]) == (0, 3.5, 2026)
    assert why["text"].startswith("Pijnacker-Nootdorp krijgt in 2026 0 plekken Beschermd Wonen")
    assert {"kind": "site_size", "params": {"label": "Beschermd Wonen + Beschermd Wonen plus", "size": 20,
                                            "municipality": "Pijnacker-Nootdorp", "share": 5.44}} in why["reasons"]
    why_en = client.get(f"/v1/runs/{run_id}/why?municipality=GM1926&type=bw&lang=en", headers=auth(tokens["dwo"]))
    assert why_en.json()["text"].startswith("Pijnacker-Nootdorp gets 0 Beschermd Wonen places in 2026")
    unknown = client.get(f"/v1/runs/{run_id}/why?municipality=Rotterdam&type=bw", headers=auth(tokens["dwo"]))
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["loc"] == ["query", "municipality"]
    assert unknown.json()["errors"][0]["input"] == "Rotterdam"
    # the workbook, linked from the page
    assert f'href="/v1/runs/{run_id}/result.xlsx?lang=nl"' in page.text
    xlsx = client.get(f"/v1/runs/{run_id}/result.xlsx", headers={**auth(tokens["dwo"]), "Accept-Language": "nl-NL"})
    assert xlsx.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Verdeling", "Eerlijk aandeel", "Geld", "Bijdragen", "Verrekening", "Uitleg",
                               "Aannames en bronnen"]
    westland_bt = [r for r in book["Verdeling"].iter_rows(values_only=True) if r[:2] == (2026, "GM1783")
                   and r[5] == "bt"]
    assert sum(r[7] for r in westland_bt) == 30  # the cap of this version
    transfers = [tuple(r) for r in book["Verrekening"].iter_rows(min_row=2, values_only=True)]
    names = {"GM0503": "Delft", "GM1783": "Westland", "GM1926": "Pijnacker-Nootdorp", "GM1842": "Midden-Delfland"}
    assert transfers == [(t["year"], names[t["payer"]], names[t["recipient"]], t["amount"])
                         for t in result["transfers"]]
    history = client.get(f"/v1/scenarios/{sid}/history", headers=auth(tokens["dwo"])).json()
    assert history[-1]["version"] == 2 and history[-1]["scenario"]["caps"] == {"GM1783": {"bt": 30}}
    assert history[-1]["note"] == "Westland hoogstens 30 BT"
    client.cookies.set("regio_token", tokens["mvs"])
    assert client.get(f"/ui/run/{run_id}").status_code == 403
    assert client.get(f"/ui/vergelijk?run={run_id}&run={run_id}").status_code == 403


def test_a_cap_per_year_survives_a_form_save(client: TestClient, tokens: dict[str, str]) -> None:
    # a per-year cap entered through the API is shown, not editable, on the form and kept when it is saved
    h = auth(tokens["dwo"])
    stepped = quick("dwo", name="stap", caps={"GM0503": {"bw": {"2026": 10}}, "GM1783": {"bt": 40}})
    sid = client.post("/v1/scenarios", json={"region": "dwo", "scenario": stepped}, headers=h).json()["id"]
    client.cookies.set("regio_token", tokens["dwo"])
    form = client.get(f"/ui/scenario/{sid}")
    assert form.status_code == 200 and "vanaf 2026: 10" in form.text
    assert 'name="cap__GM0503__bw"' not in form.text and 'name="cap__GM1783__bt"' in form.text
    saved = client.post(f"/ui/scenario/{sid}", data={**DWO_SHARES, "cap__GM1783__bt": "35"}, follow_redirects=False)
    assert saved.status_code == 303
    wait(client, saved.headers["location"].rsplit("/", 1)[1], tokens["dwo"], seconds=120)
    history = client.get(f"/v1/scenarios/{sid}/history", headers=h).json()
    assert history[-1]["scenario"]["caps"] == {"GM0503": {"bw": {"2026": 10}}, "GM1783": {"bt": 35}}


def test_shares_from_a_year_are_shown_per_year_and_kept(client: TestClient, tokens: dict[str, str]) -> None:
    # what-if shares from 2026 (entered through the API) are no single row of inputs: the form shows the shares in
    # force per year and keeps them as they are when the rest is saved
    h = auth(tokens["dwo"])
    later = {"GM0503": 0.4, "GM1783": 0.36, "GM1926": 0.16, "GM1842": 0.08}
    stepped = quick("dwo", name="sleutel", key_shares={"2026": later})
    sid = client.post("/v1/scenarios", json={"region": "dwo", "scenario": stepped}, headers=h).json()["id"]
    client.cookies.set("regio_token", tokens["dwo"])
    form = client.get(f"/ui/scenario/{sid}")
    assert form.status_code == 200 and 'id="shares-per-year"' in form.text and 'name="share__GM0503"' not in form.text
    assert "<td>2025</td><td>objectief: Objectief verdeelmodel BW/BT</td><td>48,21</td>" in form.text
    assert "<td>2026</td><td>eigen verdeling</td><td>40,00</td><td>36,00</td><td>16,00</td><td>8,00</td>" in form.text
    saved = client.post(f"/ui/scenario/{sid}", data={**DWO_SHARES, "note": "sleutel blijft"}, follow_redirects=False)
    assert saved.status_code == 303
    wait(client, saved.headers["location"].rsplit("/", 1)[1], tokens["dwo"], seconds=120)
    history = client.get(f"/v1/scenarios/{sid}/history", headers=h).json()
    assert history[-1]["scenario"]["key_shares"] == {"2026": later} and history[-1]["scenario"]["key"] == "objectief"


def test_every_numeric_field_reads_dutch_numbers(client: TestClient, tokens: dict[str, str]) -> None:
    """"250.000" is two hundred and fifty thousand, "1.500.000,50" has cents, "22,5" a half; a number written
    the English way ("48.21") or with a fraction where whole places are meant is refused next to its field."""
    client.cookies.set("regio_token", tokens["dwo"])
    sid = next(s["id"] for s in client.get("/v1/scenarios", headers=auth(tokens["dwo"])).json())
    form = client.get(f"/ui/scenario/{sid}").text
    assert 'value="48,21"' in form  # shown as Dutch writes it, so a save without changes reads it back
    dutch = {**DWO_SHARES, "demand__bt__2023": "1.000", "extra__2023": "250.000", "fixed__2024": "€ 1.500.000,50",
             "cap__GM1783__bt": "30", "override__WK050311": "22,5", "note": "Nederlandse getallen"}
    saved = client.post(f"/ui/scenario/{sid}", data=dutch, follow_redirects=False)
    assert saved.status_code == 303, saved.text[:500]
    doc = client.get(f"/v1/scenarios/{sid}/history", headers=auth(tokens["dwo"])).json()[-1]["scenario"]
    assert doc["demand"]["bt"]["2023"] == 1000
    assert doc["budget"]["extra"] == {"2023": 250_000.0}
    assert doc["budget"]["fixed_costs"]["2024"] == 1_500_000.5
    assert doc["caps"]["GM1783"]["bt"] == 30
    assert doc["draagkracht"]["overrides"]["WK050311"] == 22.5
    assert doc["key_shares"]["GM0503"] == pytest.approx(48.21 / 99.99)  # the shares as typed sum to 99.99 %
    for field, text, message in [
        ("extra__2023", "250.5", "&#39;250.5&#39; is geen getal zoals het hier geschreven wordt: decimalen na een "
                                 "komma (3,5), duizendtallen met een punt (250.000)"),
        ("share__GM0503", "48.21", "&#39;48.21&#39; is geen getal zoals het hier geschreven wordt"),
        ("override__WK050311", "1,500.5", "&#39;1,500.5&#39; is geen getal zoals het hier geschreven wordt"),
        ("demand__bt__2023", "2,5", "2,5 is geen heel getal"),
        ("cap__GM1783__bt", "veel", "&#39;veel&#39; is geen getal"),
        ("fixed__2023", "-1.000", "-1.000 is negatief"),
    ]:
        page = client.post(f"/ui/scenario/{sid}", data={**DWO_SHARES, field: text})
        assert page.status_code == 422, (field, text)
        assert f'id="error-{field}">{message}' in page.text, (field, page.text[:200])
        assert f'value="{text}"' in page.text  # what was typed is kept
