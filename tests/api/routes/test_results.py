"""Results of two versions of a scenario: JSON, CSV, GeoJSON, pictures and the comparison."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.utils import auth, quick, wait


def test_results_of_two_versions_and_compare(client: TestClient, tokens: dict[str, str]) -> None:
    h = auth(tokens["dwo"])
    sid = client.post("/v1/scenarios", json={"region": "dwo", "scenario": quick("dwo", name="api-test")},
                      headers=h).json()["id"]
    capped = quick("dwo", name="api-test", caps={"GM1783": {"bt": 25}})
    v2 = client.post(f"/v1/scenarios/{sid}/versions", json={"scenario": capped, "note": "cap Westland"},
                     headers=h).json()["id"]
    looser = quick("dwo", name="api-test", caps={"GM1783": {"bt": 35}})
    v3 = client.post(f"/v1/scenarios/{sid}/versions", json={"scenario": looser, "note": "cap Westland less"},
                     headers=h).json()["id"]
    runs = [client.post("/v1/runs", json={"scenario_id": scenario_id}, headers=h).json()["id"]
            for scenario_id in (sid, v2, v3)]
    done = [wait(client, run_id, tokens["dwo"]) for run_id in runs]
    assert [d["status"] for d in done] == ["done", "done", "done"]
    assert done[0]["created_at"].endswith("Z") or done[0]["created_at"].endswith("+00:00")
    result = client.get(f"/v1/runs/{runs[0]}/result", headers=h).json()
    assert result["status"] == "optimal" and result["solver"] == "highs"
    csv_text = client.get(f"/v1/runs/{runs[0]}/allocation.csv", headers=h).text
    assert csv_text.splitlines()[0] == "municipality,wijk,type,year,places,new_places,sites"
    excel = client.get(f"/v1/runs/{runs[0]}/allocation.csv?excel=true", headers=h)
    assert excel.content.startswith(b"\xef\xbb\xbf")  # the BOM tells Excel it is UTF-8
    rows = excel.content.decode("utf-8-sig").splitlines()
    assert rows[0] == "municipality;wijk;type;year;places;new_places;sites"
    assert len(rows) == len(csv_text.splitlines()) and rows[1] == csv_text.splitlines()[1].replace(",", ";")
    geo = client.get(f"/v1/runs/{runs[0]}/allocation.geojson", headers=h)
    assert geo.headers["content-type"] == "application/geo+json" and len(geo.json()["features"]) == 28
    assert client.get(f"/v1/runs/{runs[0]}/map.png", headers=h).content[:4] == b"\x89PNG"
    assert client.get(f"/v1/runs/{runs[0]}/fair-share.png", headers=h).content[:4] == b"\x89PNG"
    capped_result = client.get(f"/v1/runs/{runs[1]}/result", headers=h).json()
    westland = [a["places"] for a in capped_result["allocation"]
                if a["municipality"] == "GM1783" and a["type"] == "bt" and a["year"] == 2026]
    assert sum(westland) == 25  # the cap of the second version holds (its fair share is 43)
    asked = "&".join(f"run={r}" for r in runs)
    compared = client.get(f"/v1/compare?{asked}", headers=h).json()
    assert [r["label"] for r in compared["runs"]] == [f"api-test (version {v})" for v in (1, 2, 3)]
    westland = [d for d in compared["differences"] if d["municipality"] == "GM1783" and d["type"] == "bt"
                and d["year"] == 2026 and d["total"]]
    assert [(d["places"], d["spread"]) for d in westland] == [([43, 25, 35], 18)]
    gaps = [k["max_fair_share_gap"] for k in compared["key_figures"]]
    assert gaps[1] > gaps[2] > gaps[0] and all(k["status"] == "optimal" for k in compared["key_figures"])
    assert all(len(d["places"]) == 3 and len(set(d["places"])) > 1 for d in compared["differences"])
    chart = client.get(f"/v1/compare/chart.png?{asked}", headers=h)
    assert chart.headers["content-type"] == "image/png" and chart.content[:4] == b"\x89PNG"
    one = client.get(f"/v1/compare?run={runs[0]}", headers=h)
    assert one.status_code == 422 and one.json()["errors"][0]["loc"] == ["query", "run"]
    # another region's token sees none of it
    assert client.get(f"/v1/runs/{runs[0]}/allocation.csv", headers=auth(tokens["mvs"])).status_code == 403
    assert client.get(f"/v1/compare?{asked}", headers=auth(tokens["mvs"])).status_code == 403
