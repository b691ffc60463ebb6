"""Compare results: a baseline against candidates, per KPI and per municipality, wijk, type and year.

For analysts' what-if runs::

    import optimiser as regio
    table = regio.what_if(region, scenario, {"budget +10%": {"budget": {...}}, "cap Delft": {"caps": {...}}})
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

import pandas as pd

from data import derive_scenario
from models import Region, Result, Scenario
from models.i18n import Words
from optimiser.report.tables import status_text
from optimiser.report.wording import worded
from optimiser.solving import solve_scenario


def kpis(result: Result) -> dict[str, Any]:
    """Key figures of one result, comparable across scenarios."""
    last = result.last_year
    worst = max((abs(r.gap) for r in result.fair_share if r.year == last), default=0.0)
    busiest = max((r.use for r in result.draagkracht if r.year == last), default=0.0)
    return {
        "status": result.status.value,
        "unmet": sum(v for per in result.unmet.values() for v in per.values()),
        "max_fair_share_gap": round(worst, 3),
        "max_draagkracht_use": round(busiest, 4),
        "cost": sum(v.cost for v in result.budget_years.values()),
        "new_places": sum(a.new_places for a in result.allocation if a.year == last),
        "binding": "; ".join(b.description for b in result.binding),
        "wall_time": round(result.wall_time, 3),
    }


def kpi_rows(results: list[Result], w: Words) -> list[list[str]]:
    """The key figures of results side by side, each row a figure's name and its value per result, in the
    reader's words and numbers."""
    figures = [kpis(r) for r in results]
    worded_results = [worded(r, w) for r in results]
    rows = [
        [w._("status"), *(status_text(r.status, w) for r in results)],
        [w._("unmet demand (places, over the years)"), *(w.number(f["unmet"]) for f in figures)],
        [w._("largest gap to a fair share (last year)"), *(w.fixed(f["max_fair_share_gap"], 2) for f in figures)],
        [w._("highest draagkracht use (last year)"), *(f"{w.number(100 * f['max_draagkracht_use'], 0)} %"
                                                       for f in figures)],
        [w._("cost over the years"), *(w.euro(f["cost"]) for f in figures)],
        [w._("new places (cumulative to the last year)"), *(w.number(f["new_places"]) for f in figures)],
        [w._("rules that shape the plan"), *("; ".join(b.text for b in r.binding) or "—" for r in worded_results)],
        [w._("computing time"), *(f"{w.fixed(f['wall_time'], 2)} s" for f in figures)],
    ]
    return rows


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


def compare(results: Mapping[str, Result]) -> pd.DataFrame:
    """One KPI row per named result, side by side."""
    return pd.DataFrame([{"scenario": name, **kpis(r)} for name, r in results.items()]).set_index("scenario")


def what_if(region: Region, scenario: Scenario, variants: dict[str, dict[str, Any]]) -> pd.DataFrame:
    """Solve the scenario and each variant (changes merged into the scenario and validated, see
    ``data.derive_scenario``); one KPI row each, the baseline first."""
    derived = {name: derive_scenario(region, scenario, changes, origin=name) for name, changes in variants.items()}
    return compare({"baseline": solve_scenario(region, scenario),
                    **{name: solve_scenario(region, s) for name, s in derived.items()}})
