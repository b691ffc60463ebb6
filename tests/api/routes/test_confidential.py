"""The service stores MVS's result in full and serves its vrouwenopvang per municipality only; an admin token
that asks with ?show_confidential=true gets the wijken."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient

from data import load_region, load_scenario
from tests.api.utils import auth, quick, wait

VO = {"vo_crisis", "vo_opvang", "vo_huis"}


def test_results_show_vrouwenopvang_per_municipality_unless_an_admin_asks(client: TestClient,
                                                                         tokens: dict[str, str]) -> None:
    h = auth(tokens["mvs"])
    sid = client.post("/v1/scenarios", json={"region": "mvs", "scenario": quick("mvs", name="vo-test")},
                      headers=h).json()["id"]
    run_id = client.post("/v1/runs", json={"scenario_id": sid}, headers=h).json()["id"]
    assert wait(client, run_id, tokens["mvs"])["status"] == "done"

    served = client.get(f"/v1/runs/{run_id}/result", headers=h).json()
    assert served["redacted"] == ["vo_crisis", "vo_opvang", "vo_huis"]
    vo_rows = [a for a in served["allocation"] if a["type"] in VO]
    assert vo_rows and all(a["wijk"] is None for a in vo_rows)
    demand = load_scenario(load_region("mvs")).demand
    surplus = {(s["type"], s["year"]): s["surplus"] for s in served["surplus"]}
    for p in VO:
        for t, n in demand[p].items():
            assert sum(a["places"] for a in vo_rows if a["type"] == p and a["year"] == t) == n + surplus.get((p, t), 0)

    text = client.get(f"/v1/runs/{run_id}/allocation.csv", headers=h).text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r for r in rows if r["type"] in VO] and all(r["wijk"] == "" for r in rows if r["type"] in VO)
    geo = client.get(f"/v1/runs/{run_id}/allocation.geojson", headers=h).json()
    assert not [k for f in geo["features"] for k in f["properties"] if k.startswith("new_vo_")]
    assert geo["confidential"]["types"] == ["vo_crisis", "vo_opvang", "vo_huis"]
    assert client.get(f"/v1/runs/{run_id}/map.png", headers=h).content[:4] == b"\x89PNG"
    compared = client.get(f"/v1/compare?run={run_id}&run={run_id}", headers=h).json()
    assert compared["differences"] == []

    # the region's own token may not ask for the detail; an admin token may, and only by asking
    refused = client.get(f"/v1/runs/{run_id}/allocation.csv?show_confidential=true", headers=h)
    assert refused.status_code == 403 and "admin token only" in refused.json()["detail"]
    admin = auth(tokens["admin"])
    assert client.get(f"/v1/runs/{run_id}/result", headers=admin).json()["redacted"] == served["redacted"]
    detail = client.get(f"/v1/runs/{run_id}/result?show_confidential=true", headers=admin).json()
    assert detail["redacted"] == [] and any(a["wijk"] for a in detail["allocation"] if a["type"] in VO)
    rows = list(csv.DictReader(io.StringIO(
        client.get(f"/v1/runs/{run_id}/allocation.csv?show_confidential=true", headers=admin).text)))
    assert any(r["wijk"] for r in rows if r["type"] in VO)

    # the run page says so and names no wijk of a VO row
    client.cookies.set("regio_token", tokens["mvs"])
    page = client.get(f"/ui/run/{run_id}")
    assert page.status_code == 200 and 'id="confidential"' in page.text and "alleen op gemeenteniveau" in page.text
    compare_page = client.get(f"/ui/vergelijk?run={run_id}&run={run_id}")
    assert compare_page.status_code == 200 and 'id="confidential"' in compare_page.text
