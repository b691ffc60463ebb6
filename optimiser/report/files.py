"""Result files: ``allocation.csv``, ``summary.json``, ``result.json`` and the workbook ``result.xlsx``."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path
from typing import Any, TextIO

from models import Result
from models.i18n import Words

ALLOCATION_COLUMNS = ["municipality", "wijk", "type", "year", "places", "new_places", "sites"]


def summary(result: Result) -> dict[str, Any]:
    """The result's key figures for scripts: status, solver, gap, time, terms, gaps, use, money, reasons."""
    last = result.last_year
    gap_per_muni: dict[str, float] = defaultdict(float)
    for r in result.fair_share:
        if r.year == last:
            gap_per_muni[r.municipality] += r.gap
    return {
        "region": result.region,
        "scenario": result.scenario,
        "status": result.status.value,
        "solver": result.solver,
        "solver_version": result.solver_version,
        "gap": result.gap,
        "wall_time": round(result.wall_time, 3),
        "objective": result.objective,
        "years": result.years,
        "stages": [s.model_dump(mode="json") for s in result.stages],
        "unmet": result.unmet,
        "surplus": [r.model_dump() for r in result.surplus],
        "fair_share_gap_last_year": {m: round(g, 3) for m, g in gap_per_muni.items()},
        "fair_share": [r.model_dump() for r in result.fair_share],
        "draagkracht": [r.model_dump() for r in result.draagkracht],
        "buildings": [r.model_dump() for r in result.buildings],
        "budget_enabled": result.budget_enabled,
        # with the budget rules off the money is information only: no available money, no headroom verdict
        "budget_years": {y: b.model_dump(exclude=None if result.budget_enabled else {"available", "headroom"})
                         for y, b in result.budget_years.items()},
        "grants": [g.model_dump() for g in result.grants],
        "modelling_choices": result.modelling_choices,
        "budget": [r.model_dump() for r in result.budget],
        "distributions": [d.model_dump() for d in result.distributions],
        "transfers": [r.model_dump() for r in result.transfers],
        "normalised_keys": result.normalised_keys,
        "binding": [b.model_dump() for b in result.binding],
        "diagnosis": result.diagnosis.model_dump() if result.diagnosis else None,
        "redacted": result.redacted,
    }


def write_allocation(result: Result, fh: TextIO, delimiter: str = ",") -> None:
    """The allocation table as CSV, one row per municipality, wijk, type and year (``;`` between the fields
    for Excel in a Dutch locale)."""
    writer = csv.DictWriter(fh, fieldnames=ALLOCATION_COLUMNS, delimiter=delimiter)
    writer.writeheader()
    for row in result.allocation:
        writer.writerow({k: ("" if v is None else v) for k, v in row.model_dump().items()})


def write(result: Result, out: Path, words: Words | None = None) -> list[Path]:
    """The result's files in ``out``; the workbook in the language of ``words`` (Dutch by default)."""
    out.mkdir(parents=True, exist_ok=True)
    files = [out / "allocation.csv", out / "summary.json", out / "result.json", out / "result.xlsx"]
    with files[0].open("w", newline="", encoding="utf-8") as fh:
        write_allocation(result, fh)
    files[1].write_text(json.dumps(summary(result), indent=2, ensure_ascii=False), encoding="utf-8")
    files[2].write_text(result.model_dump_json(indent=1), encoding="utf-8")
    from optimiser.report.excel import write_workbook  # openpyxl: loaded when files are written

    write_workbook(result, files[3], words or Words())
    return files
