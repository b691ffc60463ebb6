"""Small hand-made regions with known answers."""

from __future__ import annotations

from typing import Any

from shapely.geometry import box

from models import Region, Scenario

X0, Y0 = 84000, 445000  # EPSG:28992 (metres), near Delft
STRIP = ["WK000101", "WK000102", "WK000103"]


def tiny_region(**overrides: Any) -> Region:
    """Two municipalities (A centrum, B), two wijken each, a clustered type and a dispersed type."""
    doc: dict[str, Any] = {
        "code": "tiny",
        "name": "Tiny",
        "centrumgemeente": "GM0001",
        "municipalities": [
            {"code": "GM0001", "name": "Astad", "role": "centrumgemeente", "indicators": {"a_inw": 20000}},
            {"code": "GM0002", "name": "Bdorp", "indicators": {"a_inw": 20000}},
        ],
        "wijken": [
            {"code": "WK000101", "name": "A-Noord", "municipality": "GM0001",
             "indicators": {"a_inw": 10000, "p_hh_li": 35.0, "p_wcorpw": 40.0, "a_hh": 5000, "a_1p_hh": 2000}},
            {"code": "WK000102", "name": "A-Zuid", "municipality": "GM0001",
             "indicators": {"a_inw": 10000, "p_hh_li": 35.0, "p_wcorpw": 40.0, "a_hh": 5000, "a_1p_hh": 2000}},
            {"code": "WK000201", "name": "B-Oost", "municipality": "GM0002",
             "indicators": {"a_inw": 10000, "p_hh_li": 35.0, "p_wcorpw": 40.0, "a_hh": 5000, "a_1p_hh": 2000}},
            {"code": "WK000202", "name": "B-West", "municipality": "GM0002",
             "indicators": {"a_inw": 10000, "p_hh_li": 35.0, "p_wcorpw": 40.0, "a_hh": 5000, "a_1p_hh": 2000}},
        ],
        "provision_types": [
            {"code": "bw", "label": "Beschermd wonen", "domain": "bw", "site_min": 20, "site_max": 24,
             "cost_per_place_year": 50000},
            {"code": "flex", "label": "Flexwoning", "domain": "wonen", "unit": "dwellings",
             "cofinancing_per_unit": 40000, "draagkracht_weight": 0.5},
        ],
        "capacity": [{"municipality": "GM0001", "type": "bw", "places": 48}],
        "keys": {"objectief": {"label": "test key", "shares": {"GM0001": 0.5, "GM0002": 0.5}}},
        "grants": [{"label": "IU BW", "domain": "bw", "year": 2024, "amount": 2_500_000, "recipient": "GM0001"}],
    }
    doc.update(overrides)
    return Region.model_validate(doc)


def strip_region(**overrides: Any) -> Region:
    """The tiny region with Astad's wijken replaced by three 1 km squares in a row (``STRIP``): centroids
    1,000 m apart, the ends 2,000 m; Bdorp has no wijken. The key gives everything to Astad."""
    wijk = {"indicators": {"a_inw": 10000, "p_hh_li": 35.0, "p_wcorpw": 40.0, "a_hh": 5000, "a_1p_hh": 2000},
            "municipality": "GM0001"}
    doc: dict[str, Any] = {
        "code": "strip",
        "wijken": [{"code": c, "name": f"Vak {i + 1}", **wijk} for i, c in enumerate(STRIP)],
        "capacity": [],
        "keys": {"objectief": {"label": "all in Astad", "shares": {"GM0001": 1.0, "GM0002": 0.0}}},
        "boundaries": {c: box(X0 + 1000 * i, Y0, X0 + 1000 * (i + 1), Y0 + 1000) for i, c in enumerate(STRIP)},
    }
    return tiny_region(**(doc | overrides))


def tiny_scenario(**overrides: Any) -> Scenario:
    doc: dict[str, Any] = {
        "name": "test",
        "title": "test",
        "question": "spread 48 BW places and 10 flexwoningen fairly",
        "years": [2024, 2025, 2026],
        "demand": {"bw": {2024: 48, 2025: 48, 2026: 48}, "flex": {2024: 0, 2025: 4, 2026: 10}},
        "budget": {"enabled": False},
    }
    doc.update(overrides)
    return Scenario.model_validate(doc)
