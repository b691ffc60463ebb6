"""Non-finite and absurd numbers through the JSON API and the forms: refused with the field named."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from tests.api.routes.test_forms import DWO_SHARES
from tests.api.utils import auth, quick


@pytest.mark.parametrize("text", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_json_api_refuses_non_finite_numbers(client: TestClient, tokens: dict[str, str], text: str) -> None:
    doc = quick("dwo")
    doc["demand"]["bt"]["2023"] = "__X__"
    body = json.dumps({"region": "dwo", "scenario": doc}).replace('"__X__"', text)
    r = client.post("/v1/scenarios", content=body, headers={**auth(tokens["dwo"]), "content-type": "application/json"})
    assert r.status_code == 422
    detail = r.json()["errors"]
    assert detail[0]["loc"][-3:] == ["demand", "bt", "2023"] and detail[0]["msg"].endswith("is not a finite number")


def test_json_api_refuses_absurd_numbers(client: TestClient, tokens: dict[str, str]) -> None:
    doc = quick("dwo", draagkracht={"places_per_1000": 1e30})
    r = client.post("/v1/scenarios", json={"region": "dwo", "scenario": doc}, headers=auth(tokens["dwo"]))
    assert r.status_code == 422
    assert r.json()["errors"][0]["loc"][-2:] == ["draagkracht", "places_per_1000"]
    assert r.json()["errors"][0]["msg"] == "Input should be less than or equal to 1000"
    doc = quick("dwo")
    doc["demand"]["bt"]["2023"] = 500_000  # DWO has about 400,000 inhabitants
    r = client.post("/v1/scenarios", json={"region": "dwo", "scenario": doc}, headers=auth(tokens["dwo"]))
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "scenario", "demand", "bt", "2023"]
    assert r.json()["errors"][0]["msg"].startswith("demand.bt.2023: 500,000 places is more than the region's ")


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "1e400", "Infinity"])
def test_forms_refuse_non_finite_numbers(client: TestClient, tokens: dict[str, str], text: str) -> None:
    client.cookies.set("regio_token", tokens["dwo"])
    sid = next(s["id"] for s in client.get("/v1/scenarios", headers=auth(tokens["dwo"])).json())
    for field in ("demand__bt__2023", "extra__2023", "cap__GM1783__bt"):
        page = client.post(f"/ui/scenario/{sid}", data={**DWO_SHARES, field: text})
        assert page.status_code == 422, (field, page.text[:300])
        assert f'<span class="error" id="error-{field}">&#39;{text}&#39; is geen eindig getal</span>' in page.text


def test_forms_put_a_ceiling_message_next_to_its_field(client: TestClient, tokens: dict[str, str]) -> None:
    client.cookies.set("regio_token", tokens["dwo"])
    sid = next(s["id"] for s in client.get("/v1/scenarios", headers=auth(tokens["dwo"])).json())
    page = client.post(f"/ui/scenario/{sid}", data={**DWO_SHARES, "demand__bt__2023": "2000000"})
    assert page.status_code == 422
    assert ('<span class="error" id="error-demand__bt__2023">2.000.000 ligt boven het aannemelijke maximum van '
            '1.000.000 plekken</span>') in page.text
