"""A sweep's table as files for analysts (CSV, Parquet, Excel) and charts of each figure against each varied value.

CSV and Parquet keep the table's column names (stable for scripts); the workbook names them in the reader's
language and explains them, with the variants and what each changes on a sheet of its own.
"""

from __future__ import annotations

import logging
import re
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from data.sweep import Factor, SweepSpec, Variant, shown
from models import Region, Scenario, Status
from models.i18n import Words
from optimiser.report.charts import OKABE_ITO
from optimiser.report.excel import EURO, _sheet
from optimiser.sweep import per_variant, plan, run_sweep

log = logging.getLogger(__name__)

#: the workbook's columns: identifier -> what it is (the header, in the reader's language)
HEADERS = {
    "variant": "variant",
    "hash": "content hash",
    "status": "status",
    "gap": "gap (relative)",
    "seconds": "seconds",
    "unmet": "unmet demand (places, over the years)",
    "max_fair_share_gap": "largest gap to a fair share (last year)",
    "total_fair_share_gap": "total gap to the fair shares (last year)",
    "cost": "cost over the years",
    "max_draagkracht_use": "highest draagkracht use (last year)",
    "municipality": "municipality code",
    "municipality_name": "municipality",
    "new_places": "new places (cumulative to the last year)",
    "hosted_cost": "cost of the places it hosts (over the years)",
    "pays": "what it pays (over the years)",
    "draagkracht_use": "its highest draagkracht use (last year)",
    "diagnosis": "diagnosis or error",
}
#: the figures drawn against each varied value
CHARTED = ("unmet", "max_fair_share_gap", "total_fair_share_gap", "cost", "max_draagkracht_use")
MONEY = ("cost", "hosted_cost", "pays")


def write_sweep(table: pd.DataFrame, variants: list[Variant], folder: Path, w: Words) -> list[Path]:
    """``sweep.csv``, ``sweep.parquet``, ``sweep.xlsx`` and ``charts/*.png`` in ``folder``; the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    files = [folder / "sweep.csv", folder / "sweep.parquet", folder / "sweep.xlsx"]
    table.to_csv(files[0], index=False)
    for_parquet = table.copy()
    for column in _varied(table):
        if for_parquet[column].map(type).nunique() > 1:  # Parquet wants one type per column
            for_parquet[column] = for_parquet[column].map(lambda v: None if v is None else str(v))
    for_parquet.to_parquet(files[1], index=False)
    _workbook(table, variants, w).save(files[2])
    files += sweep_charts(table, variants, folder / "charts", w)
    log.info("sweep files written to %s", folder)
    return files


def _varied(table: pd.DataFrame) -> list[str]:
    columns = list(table.columns)
    return columns[columns.index("variant") + 1: columns.index("hash")]


def short_status(value: Any, w: Words) -> str:
    """How a variant ended, in a word or two (a table of many variants has no room for the sentence)."""
    return {Status.optimal.value: w._("optimal"), Status.time_limit.value: w._("time limit reached"),
            Status.infeasible.value: w._("infeasible"), Status.error.value: w._("failed")}.get(
        value, w._("not solved"))


def _workbook(table: pd.DataFrame, variants: list[Variant], w: Words) -> Any:
    from openpyxl import Workbook

    varied = _varied(table)
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, frame in ((w._("Variants"), per_variant(table)), (w._("Per municipality"), table)):
        columns = list(frame.columns)
        headers = [c if c in varied else w._(HEADERS[c]) for c in columns]
        rows = [[_cell(c, v, w) for c, v in zip(columns, row, strict=True)]
                for row in frame.itertuples(index=False, name=None)]
        _sheet(book, title, headers, rows, {i: EURO for i, c in enumerate(columns, 1) if c in MONEY})
    notes: list[list[object]] = [[v.name, v.label, ", ".join(v.rounded) or "-", v.digest] for v in variants]
    _sheet(book, w._("Changes"), [w._("variant"), w._("changes to the scenario"),
                                  w._("rounded to whole places (half up)"), w._("content hash")], notes)
    return book


def _cell(column: str, value: Any, w: Words) -> object:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if column == "status":
        return short_status(value, w)
    if hasattr(value, "item"):  # a numpy number: a plain one for the cell
        return value.item()
    return value


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "_", text).strip("_") or "value"


def value_text(value: Any, w: Words) -> str:
    """A varied value for a reader: a factor as ``×1,2``, a number in the reader's numbers."""
    if isinstance(value, Factor):
        return "×" + w.number(value.by, 2).rstrip("0").rstrip(",.")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return w.number(value, 0 if float(value).is_integer() else 2)
    return shown(value)


def sweep_charts(table: pd.DataFrame, variants: list[Variant], folder: Path, w: Words) -> list[Path]:
    """One PNG per varied value: a panel per region-wide figure, each solved variant a dot above the value it
    has, a line through the medians. Variants without a solution are left out and counted in the title."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import ticker

    rows = per_variant(table)
    solved = rows[rows["status"].isin([s.value for s in Status if s.solved])]
    missing = len(rows) - len(solved)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    values = {v.name: v.values for v in variants}
    for column in _varied(table):
        def label(name: str, path: str = column) -> str:
            return value_text(values[name].get(path), w)

        order = list(dict.fromkeys(label(name) for name in rows["variant"]))
        fig, axes = plt.subplots(2, 3, figsize=(13, 7.5), dpi=100, squeeze=False)
        for ax, figure in zip(axes.flat, CHARTED, strict=False):
            xs = [order.index(label(name)) for name in solved["variant"]]
            ys = [float(v) * (100 if figure == "max_draagkracht_use" else 1) for v in solved[figure]]
            ax.scatter(xs, ys, color=OKABE_ITO[1], s=22, alpha=0.7, zorder=3)
            medians = [pd.Series([y for x, y in zip(xs, ys, strict=True) if x == i]).median()
                       for i in range(len(order))]
            ax.plot(range(len(order)), medians, color=OKABE_ITO[0], linewidth=1.5, zorder=2)
            ax.set_xticks(range(len(order)), [textwrap.shorten(o, 14, placeholder="…") for o in order], fontsize=8,
                          rotation=30 if len(order) > 4 else 0)
            title = w._(HEADERS[figure]) + (" (%)" if figure == "max_draagkracht_use" else "")
            ax.set_title(textwrap.fill(title, 30), fontsize=9, loc="left")
            ax.yaxis.set_major_formatter(ticker.FuncFormatter(
                (lambda v, _: w.euro(v)) if figure in MONEY else (lambda v, _: w.number(v, 2 if abs(v) < 10 else 0))))
            ax.set_ylim(0, max([*ys, 0]) * 1.1 or 1)  # every figure is 0 or more; a flat 0 stays readable
            ax.yaxis.set_major_locator(ticker.MaxNLocator(5, integer=figure in ("unmet", "cost")))
            ax.tick_params(axis="y", labelsize=8)
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
        axes.flat[-1].set_visible(False)
        heading = w._("Key figures against {value}", value=column)
        if missing:
            heading += " — " + w._("{n} variants without a solution left out", n=missing)
        fig.suptitle(heading, fontsize=11, x=0.01, ha="left")
        fig.tight_layout()
        path = folder / f"{_slug(column)}.png"
        fig.savefig(path)
        plt.close(fig)
        written.append(path)
    return written


def sweep(region: Region | str | Path, spec: SweepSpec | Mapping[str, Any] | str | Path, out: str | Path | None = None,
          *, scenario: Scenario | str | None = None, executor: str = "local", workers: int | None = None,
          scheduler: str | None = None, words: Words | None = None) -> pd.DataFrame:
    """Run a sweep from Python and return its tidy table (``sweep_table``); with ``out`` the results are kept
    there (a second call solves only what is missing) with the table as CSV, Excel and Parquet and the charts."""
    the_region, variants, _ = plan(region, spec, scenario)
    folder = None if out is None else Path(out)
    run = run_sweep(the_region, variants, folder, executor_name=executor, workers=workers, scheduler=scheduler)
    table = run.table(words)
    if folder is not None:
        write_sweep(table, variants, folder, words or Words())
    return table
