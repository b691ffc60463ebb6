"""Result files (``allocation.csv``, ``summary.json``, ``result.json``) and the terminal report."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from models import Region, Result

ALLOCATION_COLUMNS = ["municipality", "wijk", "type", "year", "places", "new_places", "sites"]


def summary(result: Result) -> dict[str, Any]:
    """The result's key figures for scripts: status, solver, gap, time, terms, gaps, use, money, reasons."""
    last = max((r.year for r in result.fair_share), default=None)
    gap_per_muni: dict[str, float] = defaultdict(float)
    for r in result.fair_share:
        if r.year == last:
            gap_per_muni[r.municipality] += r.gap
    return {
        "region": result.region,
        "scenario": result.scenario,
        "status": result.status,
        "solver": result.solver,
        "solver_version": result.solver_version,
        "gap": result.gap,
        "wall_time": round(result.wall_time, 3),
        "objective": result.objective,
        "stages": result.stages,
        "unmet": result.unmet,
        "fair_share_gap_last_year": {m: round(g, 3) for m, g in gap_per_muni.items()},
        "fair_share": [r.model_dump() for r in result.fair_share],
        "draagkracht": [r.model_dump() for r in result.draagkracht],
        "budget_years": result.budget_years,
        "budget": [r.model_dump() for r in result.budget],
        "transfers": [r.model_dump() for r in result.transfers],
        "binding": [b.model_dump() for b in result.binding],
        "diagnosis": result.diagnosis.model_dump() if result.diagnosis else None,
    }


def write(result: Result, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    files = [out / "allocation.csv", out / "summary.json", out / "result.json"]
    with files[0].open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=ALLOCATION_COLUMNS)
        writer.writeheader()
        for row in result.allocation:
            writer.writerow({k: ("" if v is None else v) for k, v in row.model_dump().items()})
    files[1].write_text(json.dumps(summary(result), indent=2, ensure_ascii=False), encoding="utf-8")
    files[2].write_text(result.model_dump_json(indent=1), encoding="utf-8")
    return files


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    def line(cells: list[str]) -> str:
        return "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True)))
    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def render(result: Result, region: Region) -> str:
    """A readable report for the terminal."""
    names = result.names
    label = {t.code: t.label for t in region.provision_types}
    gap = "n/a" if result.gap is None else f"{result.gap:.4%}"
    out = [
        f"Region {region.name} — scenario {result.scenario}",
        f"Status {result.status} · solver {result.solver_version} · gap {gap} · {result.wall_time:.2f} s",
    ]
    if result.diagnosis:
        out.append("")
        out.append(result.diagnosis.message)
        for r in result.diagnosis.relaxations:
            amount = f"€{r.amount:,.0f}" if r.unit == "EUR" else f"{r.amount:g} {r.unit}"
            out.append(f"  - {r.description}: needs {amount} more")
        return "\n".join(out)
    years = sorted({r.year for r in result.allocation} | {r.year for r in result.fair_share})
    last = years[-1] if years else None
    out += ["", f"Places per municipality in {last} (quota = key share × regional demand)"]
    rows = []
    for r in result.fair_share:
        if r.year == last:
            rows.append([label.get(r.type, r.type), names.get(r.municipality, r.municipality), str(r.places),
                         f"{r.quota:.2f}", f"{r.gap:+.2f}"])
    if rows:
        out.append(_table(["type", "municipality", "places", "quota", "gap"], rows))
    new_rows = []
    for a in result.allocation:
        if a.year == last and a.new_places:
            where = names.get(a.wijk, a.wijk) if a.wijk else "(no wijk data)"
            new_rows.append([label.get(a.type, a.type), names.get(a.municipality, a.municipality), where,
                             str(a.new_places), str(a.sites or "")])
    if new_rows:
        out += ["", f"New places by wijk (cumulative to {last})"]
        out.append(_table(["type", "municipality", "wijk", "new", "sites"], new_rows))
    unmet = [(t, y, v) for t, per in result.unmet.items() for y, v in per.items() if v]
    out += ["", "Unmet demand: " + (", ".join(f"{label.get(t, t)} {y}: {v}" for t, y, v in unmet) or "none")]
    if result.budget_years:
        out += ["", "Money per year (EUR)"]
        out.append(_table(
            ["year", "cost", "grants", "fixed costs", "extra", "headroom"],
            [[str(y), f"{v['cost']:,.0f}", f"{v['grants']:,.0f}", f"{v['fixed_costs']:,.0f}",
              f"{v['extra']:,.0f}", f"{v['headroom']:,.0f}"] for y, v in sorted(result.budget_years.items())],
        ))
    crowded = sorted((r for r in result.draagkracht if r.year == last), key=lambda r: -r.use)[:5]
    if crowded and crowded[0].load > 0:
        out += ["", "Most loaded wijken (draagkracht use)"]
        out.append(_table(["wijk", "load", "capacity", "use"],
                          [[names.get(r.wijk, r.wijk), f"{r.load:g}", f"{r.capacity:g}", f"{r.use:.0%}"]
                           for r in crowded if r.load > 0]))
    if result.binding:
        out += ["", "Rules that bind, and what relaxing each would gain"]
        for b in result.binding:
            gain = ", ".join(f"{k} {-v:+g}" for k, v in b.gain.items()) or "no change in the leading terms"
            out.append(f"  - {b.description}: {gain}")
    terms = ", ".join(f"{k} {v:,.0f}" for k, v in result.objective.items())
    out += ["", f"Objective terms (lexicographic): {terms}"]
    return "\n".join(out)


def fair_share_chart(region: Region, result: Result, path: Path) -> Path:
    """Bar chart per type: places per municipality in the last year against the exact fair share."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if not result.fair_share:
        raise ValueError("the result has no fair-share figures (fair share is switched off)")
    last = max(r.year for r in result.fair_share)
    rows = [r for r in result.fair_share if r.year == last]
    types = list(dict.fromkeys(r.type for r in rows))
    munis = [m.code for m in region.municipalities]
    names = result.names
    label = {t.code: t.label for t in region.provision_types}
    fig, axes = plt.subplots(len(types), 1, figsize=(9, 1.9 * len(types) + 0.8), dpi=100, squeeze=False)
    for ax, t in zip(axes[:, 0], types, strict=True):
        per = {r.municipality: r for r in rows if r.type == t}
        xs = range(len(munis))
        ax.bar(xs, [per[m].places if m in per else 0 for m in munis], color="#4575b4", label="plekken")
        ax.scatter(xs, [per[m].quota if m in per else 0 for m in munis], color="#d73027", marker="_", s=900,
                   linewidths=2.5, label="fair share (quotum)", zorder=3)
        ax.set_xticks(list(xs), [names.get(m, m) for m in munis], fontsize=8)
        ax.set_title(label.get(t, t), fontsize=9, loc="left")
    axes[0, 0].legend(fontsize=8, loc="upper right")
    fig.suptitle(f"{region.name} — plekken per gemeente tegenover fair share, {last}", fontsize=11)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path
