"""Sweeps: many what-if variants of a scenario solved in one go, resumable, with one tidy table as the answer.

    import optimiser as regio
    table = regio.sweep("midden-ijssel", {"vary": {"demand.bw.*": ["x1.0", "x1.2"]}}, out="hoger")

Every variant is validated before any is solved (``data.sweep``); identical variants (the same content hash of
region and scenario) are solved once; each result is kept in ``OUT/results/HASH/result.json`` as it arrives, so a
sweep that is stopped and started again solves only what is missing. A variant that is infeasible keeps its
diagnosis, one whose solve fails keeps the error: neither stops the others. Solves run on an executor
(``optimiser.executors``): a local process pool or a Dask cluster.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from data import load_region, load_scenario
from data.sweep import Factor, SweepSpec, Variant, load_sweep, shown, sweep_spec, variants_of
from models import Region, Result, Scenario, Status
from models.i18n import Words
from optimiser.executors import default_workers, describe_failure, executor
from optimiser.report.wording import worded
from optimiser.solving import solve_scenario

log = logging.getLogger(__name__)

#: the region-wide figures of the table, in its order
FIGURES = ("unmet", "max_fair_share_gap", "total_fair_share_gap", "cost", "max_draagkracht_use")
#: called after each solve: variants solved so far in this run, how many this run solves, the variant's name
SweepProgress = Callable[[int, int, str], None]


def solve_job(job: tuple[Region, Scenario]) -> Result:
    """One variant's solve, on whatever worker gets it: the job carries the region and the scenario."""
    region, scenario = job
    return solve_scenario(region, scenario)


@dataclass
class SweepRun:
    """What a sweep did: its variants, each distinct result (or failure) by content hash, and the counts."""

    region: Region
    variants: list[Variant]
    outcomes: dict[str, Result | str] = field(default_factory=dict)
    solved: int = 0
    earlier: int = 0

    @property
    def distinct(self) -> int:
        return len({v.digest for v in self.variants})

    def table(self, words: Words | None = None) -> pd.DataFrame:
        return sweep_table(self.region, self.variants, self.outcomes, words)


def plan(region: Region | str | Path, sweep: SweepSpec | Mapping[str, Any] | str | Path,
         scenario: Scenario | str | None = None) -> tuple[Region, list[Variant], str]:
    """The region and every variant of a sweep, validated; a sweep file's name is named in its messages."""
    if not isinstance(region, Region):
        region = load_region(region)
    origin = "sweep"
    if isinstance(sweep, SweepSpec):
        spec = sweep
    elif isinstance(sweep, Mapping):
        spec = sweep_spec(dict(sweep))
    else:
        spec = load_sweep(sweep)
        origin = Path(sweep).name
    base = scenario if isinstance(scenario, Scenario) else load_scenario(region, scenario or spec.scenario)
    return region, variants_of(region, base, spec, origin), origin


def run_sweep(region: Region, variants: list[Variant], out: Path | None = None, *, executor_name: str = "local",
              workers: int | None = None, scheduler: str | None = None,
              progress: SweepProgress | None = None) -> SweepRun:
    """Solve every distinct variant not solved before (results in ``out``), on the executor named."""
    run = SweepRun(region, variants)
    todo: dict[str, tuple[Region, Scenario]] = {}
    for variant in variants:
        if variant.digest in run.outcomes or variant.digest in todo:
            continue
        kept = _kept(out, variant.digest)
        if kept is not None:
            run.outcomes[variant.digest] = kept
            run.earlier += 1
        else:
            todo[variant.digest] = (region, variant.scenario)
    if out is not None:
        _write_plan(out, variants)
    log.info("sweep: %d variants, %d distinct, %d solved before, %d to solve", len(variants), run.distinct,
             run.earlier, len(todo))
    if progress:
        progress(0, len(todo), "")
    if not todo:
        return run
    names = {v.digest: v.name for v in reversed(variants)}
    if executor_name == "local":
        workers = min(workers or default_workers(), len(todo))
    with executor(executor_name, workers=workers, scheduler=scheduler) as solve_all:
        for key, outcome in solve_all(solve_job, todo):
            if isinstance(outcome, BaseException):
                if isinstance(outcome, KeyboardInterrupt | SystemExit):
                    raise outcome
                run.outcomes[key] = describe_failure(outcome)
                log.warning("sweep: variant %s failed: %s", names[key], run.outcomes[key])
            else:
                run.outcomes[key] = outcome
                if out is not None:
                    _keep(out, key, outcome)
            run.solved += 1
            if progress:
                progress(run.solved, len(todo), names[key])
    return run


def _kept(out: Path | None, key: str) -> Result | None:
    if out is None:
        return None
    path = out / "results" / key / "result.json"
    if not path.is_file():
        return None
    try:
        return Result.model_validate_json(path.read_text(encoding="utf-8"))
    except ValueError:
        log.warning("sweep: %s cannot be read; solving it again", path)
        return None


def _keep(out: Path, key: str, result: Result) -> None:
    """Write one result as it arrives, whole or not at all (a stopped sweep leaves no half file)."""
    folder = out / "results" / key
    folder.mkdir(parents=True, exist_ok=True)
    part = folder / "result.json.part"
    part.write_text(result.model_dump_json(), encoding="utf-8")
    os.replace(part, folder / "result.json")


def _write_plan(out: Path, variants: list[Variant]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    doc = [{"variant": v.name, "values": {p: shown(x) for p, x in v.values.items()}, "hash": v.digest,
            "rounded": v.rounded} for v in variants]
    (out / "variants.json").write_text(json.dumps(doc, indent=1, ensure_ascii=False), encoding="utf-8")


def _column_value(value: Any) -> Any:
    if isinstance(value, Factor):
        return value.by
    if isinstance(value, dict | list):
        return shown(value)
    return value


def sweep_table(region: Region, variants: list[Variant], outcomes: Mapping[str, Result | str],
                words: Words | None = None) -> pd.DataFrame:
    """One row per variant and municipality: the varied values, how the solve ended, the region's figures and
    the municipality's own (new places in the last year, cost of the places it hosts and what it pays over the
    years, its highest draagkracht use in the last year). A factor is given as its number (1.2 for ×1.2); a
    diagnosis is in the language of ``words`` (Dutch by default)."""
    w = words or Words()
    paths = list(dict.fromkeys(p for v in variants for p in v.values))
    rows: list[dict[str, Any]] = []
    for variant in variants:
        outcome = outcomes.get(variant.digest)
        head: dict[str, Any] = {"variant": variant.name,
                                **{p: _column_value(variant.values[p]) if p in variant.values else None
                                   for p in paths},
                                "hash": variant.digest}
        if outcome is None:
            head |= {"status": "not_run"}
        elif isinstance(outcome, str):
            head |= {"status": Status.error.value, "diagnosis": outcome}
        else:
            head |= _region_figures(worded(outcome, w) if outcome.diagnosis is not None else outcome)
        per = _municipality_figures(outcome) if isinstance(outcome, Result) else {}
        for m in region.municipalities:
            rows.append(head | {"municipality": m.code, "municipality_name": m.name, **per.get(m.code, {})})
    columns = ["variant", *paths, "hash", "status", "gap", "seconds", *FIGURES, "municipality", "municipality_name",
               "new_places", "hosted_cost", "pays", "draagkracht_use", "diagnosis"]
    return pd.DataFrame(rows, columns=columns)


def _region_figures(result: Result) -> dict[str, Any]:
    last = result.last_year
    gaps = [abs(r.gap) for r in result.fair_share if r.year == last]
    solved = result.status.solved
    return {
        "status": result.status.value,
        "gap": result.gap,
        "seconds": round(result.wall_time, 3),
        "unmet": sum(v for per in result.unmet.values() for v in per.values()) if solved else None,
        "max_fair_share_gap": round(max(gaps, default=0.0), 3) if solved else None,
        "total_fair_share_gap": round(sum(gaps), 3) if solved else None,
        "cost": round(sum(v.cost for v in result.budget_years.values()), 2) if solved else None,
        "max_draagkracht_use": round(max((r.use for r in result.draagkracht if r.year == last), default=0.0), 4)
        if solved else None,
        "diagnosis": result.diagnosis.message if result.diagnosis is not None else None,
    }


def _municipality_figures(result: Result) -> dict[str, dict[str, Any]]:
    if not result.status.solved:
        return {}
    last = result.last_year
    out: dict[str, dict[str, Any]] = {}

    def of(code: str) -> dict[str, Any]:
        return out.setdefault(code, {"new_places": 0, "hosted_cost": 0.0, "pays": 0.0, "draagkracht_use": 0.0})

    for a in result.allocation:
        if a.year == last:
            of(a.municipality)["new_places"] += a.new_places
    for b in result.budget:
        of(b.municipality)["hosted_cost"] += b.hosted_cost
        of(b.municipality)["pays"] += b.pays
    for d in result.draagkracht:
        if d.year == last:
            row = of(d.municipality)
            row["draagkracht_use"] = max(row["draagkracht_use"], round(d.use, 4))
    for row in out.values():
        row["hosted_cost"], row["pays"] = round(row["hosted_cost"], 2), round(row["pays"], 2)
    return out


def per_variant(table: pd.DataFrame) -> pd.DataFrame:
    """The region-wide part of a sweep table: one row per variant."""
    keep = [c for c in table.columns
            if c not in ("municipality", "municipality_name", "new_places", "hosted_cost", "pays", "draagkracht_use")]
    return table[keep].drop_duplicates("variant").reset_index(drop=True)


def variant_results(out: Path, names: list[str]) -> list[tuple[str, Result]]:
    """The results of chosen variants of a sweep written to ``out``, by name, for a comparison."""
    from models.i18n import t_

    plan_file = out / "variants.json"
    if not plan_file.is_file():
        raise ValueError(t_("{folder}: no variants.json here; it is written by regio sweep --out", folder=str(out)))
    known = {row["variant"]: row["hash"] for row in json.loads(plan_file.read_text(encoding="utf-8"))}
    chosen: list[tuple[str, Result]] = []
    for name in names:
        if name not in known:
            raise ValueError(t_("--compare: no variant {name} in this sweep; known: {known}", name=repr(name),
                                known=", ".join(list(known)[:12]) + (" …" if len(known) > 12 else "")))
        result = _kept(out, known[name])
        if result is None:
            raise ValueError(t_("--compare: variant {name} has no result (not solved, or it failed)",
                                name=repr(name)))
        chosen.append((name, result))
    return chosen
