"""Compare results: any number side by side, per key figure and per municipality, wijk, type and year.

For analysts' what-if runs::

    import optimiser as regio
    table = regio.what_if(region, scenario, {"budget +10%": {"budget": {...}}, "cap Delft": {"caps": {...}}})
"""

from __future__ import annotations

import logging
import textwrap
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from data import derive_scenario
from models import Region, Result, Scenario
from models.i18n import Words, t_
from optimiser.report.charts import OKABE_ITO
from optimiser.report.tables import Section, Table, status_text
from optimiser.report.wording import worded
from optimiser.solving import solve_scenario

log = logging.getLogger(__name__)


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


#: the columns of ``differing_cells`` besides one per result
CELL_COLUMNS = ("municipality", "wijk", "type", "year", "total")


def version_label(scenario: str, version: int | str | None, w: Words) -> str:
    """A result's label: its scenario's name plus the version the caller knows it by (results read from a
    folder have no version: then the name alone)."""
    return scenario if version is None else w._("{scenario} (version {version})", scenario=scenario,
                                                version=str(version))


def distinct_labels(names: Sequence[str], details: Sequence[str]) -> list[str]:
    """Labels for results side by side: each name alone where it is the only one, otherwise with its detail (a
    folder, a version) in brackets, and with its place in the list where even that repeats."""
    counts = Counter(names)
    labels = [name if counts[name] == 1 else f"{name} ({detail})" for name, detail in zip(names, details, strict=True)]
    again = Counter(labels)
    return [label if again[label] == 1 else f"{label} #{i}" for i, label in enumerate(labels, 1)]


def _places(result: Result) -> tuple[dict[tuple[str, str, int, str], int], dict[tuple[str, str, int], int],
                                     set[tuple[str, str, int]]]:
    """Places per (municipality, type, year, wijk or ""), their totals per municipality, and the municipality,
    type and year cells that have places located in a wijk."""
    cells: dict[tuple[str, str, int, str], int] = defaultdict(int)
    totals: dict[tuple[str, str, int], int] = defaultdict(int)
    in_wijken: set[tuple[str, str, int]] = set()
    for a in result.allocation:
        cells[a.municipality, a.type, a.year, a.wijk or ""] += a.places
        totals[a.municipality, a.type, a.year] += a.places
        if a.wijk:
            in_wijken.add((a.municipality, a.type, a.year))
    return cells, totals, in_wijken


def differing_cells(results: Sequence[Result], labels: Sequence[str] | None = None) -> pd.DataFrame:
    """Places per municipality, wijk, type and year in each result (one column per result, in order, named by
    ``labels``; by default the scenario names, with their place in the list where two share one), only the
    rows on which the results do not all agree, and their ``spread`` (most - least places).

    Each municipality, type and year has a row of its total (``total`` True, ``wijk`` None), and where any
    result places some of it in wijken, a row per wijk (``wijk`` None there: the places located in no wijk,
    today's places among them). Rows run by municipality, type and year, the total first."""
    names = list(labels) if labels is not None else distinct_labels(
        [r.scenario for r in results], [str(i) for i in range(1, len(results) + 1)])
    if len(names) != len(results):
        raise ValueError(t_("give one label per result: {n} results, {m} labels", n=len(results), m=len(names)))
    clash = sorted(set(names) & {*CELL_COLUMNS, "spread"}) or sorted(n for n, k in Counter(names).items() if k > 1)
    if clash:
        raise ValueError(t_("labels must differ from each other and from the table's columns: {labels}",
                            labels=", ".join(clash)))
    places = [_places(r) for r in results]
    totals = sorted(set().union(*(t for _c, t, _w in places)))
    split = set().union(*(w for _c, _t, w in places))
    cells = set().union(*(c for c, _t, _w in places))
    rows = []
    for m, t, y in totals:
        keys: list[tuple[str | None, bool, list[int]]] = [(None, True, [p[1].get((m, t, y), 0) for p in places])]
        if (m, t, y) in split:
            wijken = sorted(k[3] for k in cells if k[:3] == (m, t, y))
            keys += [(wijk or None, False, [p[0].get((m, t, y, wijk), 0) for p in places]) for wijk in wijken]
        for wijk, total, values in keys:
            if len(set(values)) > 1:
                rows.append({"municipality": m, "wijk": wijk, "type": t, "year": y, "total": total,
                             **dict(zip(names, values, strict=True)), "spread": max(values) - min(values)})
    out = pd.DataFrame(rows, columns=[*CELL_COLUMNS, *names, "spread"])
    out["wijk"] = pd.Series([r["wijk"] for r in rows], index=out.index, dtype=object)  # None, not NaN
    return out


def differing_records(results: Sequence[Result], labels: Sequence[str]) -> list[dict[str, Any]]:
    """``differing_cells`` as records: codes, the places of each result in order (``places``), and the spread."""
    table = differing_cells(results, labels)
    return [{"municipality": row["municipality"], "wijk": row["wijk"], "type": row["type"],
             "year": int(row["year"]), "total": bool(row["total"]),
             "places": [int(row[label]) for label in labels], "spread": int(row["spread"])}
            for row in table.astype(object).where(table.notna(), None).to_dict(orient="records")]


def comparison_sections(results: Sequence[Result], labels: Sequence[str], w: Words) -> list[Section]:
    """The comparison as report sections in the reader's words and numbers: the key figures side by side, then
    the places on which the results differ (names of municipalities and wijken, labels of types)."""
    results = list(results)
    kpi = Section(w._("Key figures side by side"), table=Table(
        [w._("key figure"), *labels], kpi_rows(results, w), numeric=set(range(1, len(labels) + 1))))
    table = differing_cells(results, labels)
    names: dict[str, str] = {}
    types: dict[str, str] = {}
    for r in results:
        names |= r.names
        types |= r.labels
    title = w._("Places that differ, per municipality, wijk, type and year")
    if table.empty:
        return [kpi, Section(title, [w._("The results agree on every place.")])]
    rows: list[list[str]] = []
    flags: dict[int, str] = {}
    for i, row in enumerate(table.to_dict(orient="records")):
        if row["total"]:
            where = w._("(municipality total)")
            flags[i] = "total"
        else:
            where = names.get(row["wijk"], row["wijk"]) if row["wijk"] else w._("(not in a wijk)")
        rows.append([names.get(row["municipality"], row["municipality"]), where, types.get(row["type"], row["type"]),
                     str(row["year"]), *(w.number(row[label]) for label in labels), w.number(row["spread"])])
    headers = [w._("municipality"), w._("wijk"), w._("type"), w._("year"), *labels, w._("difference")]
    return [kpi, Section(title, [w._("Only the places on which the results do not all agree; difference = most "
                                     "places − fewest places.")],
                         table=Table(headers, rows, numeric=set(range(3, len(headers))), flags=flags))]


def comparison_chart(results: Sequence[Result], labels: Sequence[str], path: Path, words: Words) -> Path:
    """A PNG of the key figures side by side: one panel per figure (unmet demand, the largest gap to a fair
    share and the highest draagkracht use in the last year, cost over the years, new places), one bar per result
    named by its label, each value written on its bar in the reader's numbers."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    w = words
    results = list(results)
    if len(labels) != len(results):
        raise ValueError(t_("give one label per result: {n} results, {m} labels", n=len(results), m=len(labels)))
    figures = [kpis(r) for r in results]
    panels: list[tuple[str, list[float], Callable[[float], str]]] = [
        (w._("unmet demand (places, over the years)"), [f["unmet"] for f in figures], w.number),
        (w._("largest gap to a fair share (last year)"), [f["max_fair_share_gap"] for f in figures],
         lambda v: w.fixed(v, 2)),
        (w._("highest draagkracht use (last year)"), [100 * f["max_draagkracht_use"] for f in figures],
         lambda v: f"{w.number(v, 0)} %"),
        (w._("cost over the years"), [f["cost"] for f in figures], w.euro),
        (w._("new places (cumulative to the last year)"), [f["new_places"] for f in figures], w.number),
    ]
    colours = [OKABE_ITO[i % len(OKABE_ITO)] for i in range(len(results))]
    ys = list(range(len(results)))[::-1]  # the first result on top
    columns = 3
    rows = -(-len(panels) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(15, rows * (0.45 * len(results) + 1.3) + 0.6), dpi=100,
                             squeeze=False)
    for ax, (title, values, shown) in zip(axes.flat, panels, strict=False):
        ax.barh(ys, values, color=colours, height=0.7)
        top = max([*values, 0]) or 1
        ax.set_xlim(0, top * 1.45)
        for y, value, result in zip(ys, values, results, strict=True):
            text = shown(value) if result.status.solved else status_text(result.status, w)
            ax.text(value + top * 0.02, y, text, va="center", ha="left", fontsize=9)
        ax.set_yticks(ys, list(labels), fontsize=9)
        ax.set_xticks([])
        for side in ("top", "right", "bottom"):
            ax.spines[side].set_visible(False)
        ax.set_title(textwrap.fill(title, 38), fontsize=10, loc="left")  # long titles must not run into the next
    for ax in list(axes.flat)[len(panels):]:
        ax.set_visible(False)
    fig.suptitle(w._("Key figures side by side"), fontsize=12, x=0.01, ha="left")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    log.info("comparison chart of %d results written to %s", len(results), path)
    return path


def compare(results: Mapping[str, Result]) -> pd.DataFrame:
    """One KPI row per named result, side by side."""
    return pd.DataFrame([{"scenario": name, **kpis(r)} for name, r in results.items()]).set_index("scenario")


def what_if(region: Region, scenario: Scenario, variants: dict[str, dict[str, Any]]) -> pd.DataFrame:
    """Solve the scenario and each variant (changes merged into the scenario and validated, see
    ``data.derive_scenario``); one KPI row each, the baseline first."""
    derived = {name: derive_scenario(region, scenario, changes, origin=name) for name, changes in variants.items()}
    return compare({"baseline": solve_scenario(region, scenario),
                    **{name: solve_scenario(region, s) for name, s in derived.items()}})
