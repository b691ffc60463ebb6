"""Regions: public, with 404 for an unknown code."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_regions_are_public(client: TestClient) -> None:
    regions = client.get("/v1/regions").json()
    assert {r["code"] for r in regions} == {"dwo", "mvs", "maastricht-heuvelland", "midden-ijssel"}
    dwo = next(r for r in regions if r["code"] == "dwo")
    assert dwo["centrumgemeente"] == "GM0503" and dwo["municipalities"] == 4
    assert client.get("/v1/regions/dwo").json()["centrumgemeente"] == "GM0503"


def test_unknown_region_is_404(client: TestClient) -> None:
    r = client.get("/v1/regions/atlantis")
    assert r.status_code == 404 and r.json()["detail"] == "unknown region 'atlantis'"
