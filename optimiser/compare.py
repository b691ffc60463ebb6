"""Compare results: a baseline against candidates, per KPI and per municipality, wijk, type and year.

For analysts' what-if runs::

    from optimiser.compare import what_if
    table = what_if(region, scenario, {"budget -10%": {"budget": {...}}, "cap Delft": {"caps": {...}}})
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pandas as pd

from models import Region, Result, Scenario
from optimiser.runner import solve_scenario


def kpis(result: Result) -> dict[str, Any]:
    """Key figures of one result, comparable across scenarios."""
    last = max((a.year for a in result.allocation), default=None)
    worst = max((abs(r.gap) for r in result.fair_share if r.year == last), default=0.0)
    busiest = max((r.use for r in result.draagkracht if r.year == last), default=0.0)
    return {
        "status": result.status,
        "unmet": sum(v for per in result.unmet.values() for v in per.values()),
        "max_fair_share_gap": round(worst, 3),
        "max_draagkracht_use": round(busiest, 4),
        "cost": sum(v["cost"] for v in result.budget_years.values()),
        "new_places": sum(a.new_places for a in result.allocation if a.year == last),
        "binding": "; ".join(b.description for b in result.binding),
        "wall_time": round(result.wall_time, 3),
    }


def diff(base: Result, other: Result) -> pd.DataFrame:
    """Places per municipality, wijk, type and year in both results and their difference."""
    def totals(result: Result) -> dict[tuple[str, str, str, int], int]:
        out: dict[tuple[str, str, str, int], int] = defaultdict(int)
        for a in result.allocation:
            out[a.municipality, a.wijk or "", a.type, a.year] += a.places
        return out

    a, b = totals(base), totals(other)
    rows = [
        {"municipality": k[0], "wijk": k[1] or None, "type": k[2], "year": k[3],
         "base": a.get(k, 0), "other": b.get(k, 0), "difference": b.get(k, 0) - a.get(k, 0)}
        for k in sorted(set(a) | set(b))
    ]
    return pd.DataFrame(rows, columns=["municipality", "wijk", "type", "year", "base", "other", "difference"])


def what_if(region: Region, scenario: Scenario, variants: dict[str, dict[str, Any]]) -> pd.DataFrame:
    """Solve the scenario and each variant (a dict of scenario fields to replace); one KPI row each."""
    rows = [{"scenario": "baseline", **kpis(solve_scenario(region, scenario))}]
    for name, changes in variants.items():
        doc = scenario.model_dump()
        doc.update(changes)
        variant = Scenario.model_validate(doc)
        rows.append({"scenario": name, **kpis(solve_scenario(region, variant))})
    return pd.DataFrame(rows).set_index("scenario")
