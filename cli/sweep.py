"""``regio sweep``: many what-if variants of a scenario in one command, with a progress bar, resumable, and one
table, charts and comparisons as the answer."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from cli.lang import LangOption, h, words
from data.sweep import Variant
from models.i18n import Words

if TYPE_CHECKING:
    from optimiser.sweep import SweepProgress  # pandas: loaded when a sweep runs

#: the diagnoses (or errors) of variants without a plan printed below the table; the table holds them all
SHOWN_DIAGNOSES = 5


@contextmanager
def _bar(w: Words, console: Console) -> Iterator[SweepProgress]:
    """A progress bar (count, elapsed, time left) on a terminal; one line per solved variant otherwise."""
    if not console.is_terminal:
        def line(done: int, total: int, name: str) -> None:
            if done:
                console.print(w._("{done} of {total} solved ({name})", done=done, total=total, name=name),
                              highlight=False)
        yield line
        return
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("·"), TimeRemainingColumn(), TextColumn("{task.fields[last]}"), console=console,
                  transient=False) as progress:
        task = progress.add_task(w._("variants"), total=None, last="")

        def update(done: int, total: int, name: str) -> None:
            progress.update(task, completed=done, total=total, last=name)

        yield update


def sweep_command(
    region: Annotated[str, typer.Argument(help=h("region code, e.g. dwo, or a pack folder"))],
    sweep_file: Annotated[Path, typer.Argument(
        help=h("the sweep: a YAML or JSON file with the variants (grid, zip or list of changes by dotted path)"),
        metavar="SWEEP")],
    scenario: Annotated[str | None, typer.Option(
        help=h("the scenario the variants start from (default: the sweep file's scenario:, else the pack's "
             "default)"))] = None,
    out: Annotated[Path | None, typer.Option(
        help=h("folder for the results, the table and the charts (default: the sweep file's name); a second run "
             "into the same folder solves only what is missing"))] = None,
    executor: Annotated[str, typer.Option(help=h("local (a pool of processes on this machine) or dask"))] = "local",
    workers: Annotated[int | None, typer.Option(
        help=h("worker processes (local, or the local Dask cluster); default: the cores of this machine"))] = None,
    scheduler: Annotated[str | None, typer.Option(
        help=h("address of a Dask scheduler, e.g. tcp://10.0.0.5:8786; without it --executor dask starts a "
             "cluster on this machine"))] = None,
    compare: Annotated[list[str], typer.Option(  # noqa: B008 - typer's way
        "--compare", help=h("a variant to show side by side with the others named (repeat: --compare v01 "
                            "--compare v07)"))] = [],  # noqa: B006 - typer's way
    as_json: Annotated[bool, typer.Option("--json", help=h("print the variants' figures as JSON"))] = False,
    lang: LangOption = None,
) -> None:
    """Solve every variant of a sweep and write the table (CSV, Excel, Parquet) and charts."""
    from models.i18n import t_
    from optimiser.report.sweep import write_sweep
    from optimiser.sweep import per_variant, plan, run_sweep

    w = words(lang)
    if len(compare) == 1:
        raise ValueError(t_("--compare: name at least two variants, got {name}", name=repr(compare[0])))
    the_region, variants, origin = plan(region, sweep_file, scenario)
    folder = out if out is not None else Path(sweep_file.stem)
    err = Console(stderr=True)
    distinct = len({v.digest for v in variants})
    err.print(w._("{origin}: {n} variants, {d} distinct, solved in {folder}", origin=origin, n=len(variants),
                  d=distinct, folder=str(folder)), highlight=False)
    try:
        with _bar(w, err) as bar:
            def progress(done: int, total: int, name: str) -> None:
                if not done and distinct > total:
                    err.print(w._("{n} solved before, {m} to solve", n=distinct - total, m=total), highlight=False)
                bar(done, total, name)

            run = run_sweep(the_region, variants, folder, executor_name=executor, workers=workers,
                            scheduler=scheduler, progress=progress)
    except KeyboardInterrupt:
        kept = len(list((folder / "results").glob("*/result.json")))
        err.print(w._("interrupted: {kept} of {d} distinct variants are solved and kept in {folder}; run the same "
                      "command again to solve the rest", kept=kept, d=distinct, folder=str(folder)), highlight=False)
        raise typer.Exit(130) from None
    table = run.table(w)
    files = write_sweep(table, variants, folder, w)
    rows = per_variant(table)
    if as_json:
        typer.echo(json.dumps([{k: _plain(v) for k, v in row.items()} for row in rows.to_dict("records")],
                              indent=2, ensure_ascii=False))
    else:
        _show(rows, variants, w)
    if len(compare) >= 2:
        _compare(folder, compare, the_region, w, as_json)
    typer.echo(w._("Wrote {files} to {folder}", files=", ".join(str(f.relative_to(folder)) for f in files[:3]) +
                   ", charts/", folder=str(folder)), err=as_json)
    if (rows["status"] == "error").any():
        raise typer.Exit(1)


def _plain(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value.item() if hasattr(value, "item") else value


def _show(rows: Any, variants: list[Variant], w: Words) -> None:
    from optimiser.report.sweep import short_status, value_text
    from optimiser.report.tables import Section, Table
    from optimiser.report.terminal import section_renderables, show_renderables

    varied = list(rows.columns[1: list(rows.columns).index("hash")])

    def text(value: Any, money: bool = False) -> str:
        value = _plain(value)
        if value is None:
            return "-"
        if isinstance(value, int | float) and not isinstance(value, bool):
            return w.euro(value) if money else w.number(value, 0 if float(value).is_integer() else 2)
        return str(value)

    table = Table(headers=[w._("variant"), *varied, w._("status"), w._("unmet"), w._("largest gap"),
                           w._("total gap"), w._("cost"), w._("draagkracht use")], rows=[],
                  numeric=set(range(len(varied) + 2, len(varied) + 7)))
    values = {v.name: v.values for v in variants}

    def given(name: str, path: str) -> str:
        return value_text(values[name].get(path), w)

    for row in rows.to_dict("records"):
        shown = short_status(row["status"], w)
        use = _plain(row["max_draagkracht_use"])
        table.rows.append([row["variant"], *(given(row["variant"], c) for c in varied), shown, text(row["unmet"]),
                           text(row["max_fair_share_gap"]), text(row["total_fair_share_gap"]),
                           text(row["cost"], money=True), "-" if use is None else f"{w.number(100 * use, 0)} %"])
    counts = rows["status"].value_counts()
    order = ["optimal", "time_limit", "infeasible", "error", "not_run"]
    summary = ", ".join(f"{counts[s]} {short_status(s, w)}" for s in order if s in counts)
    unsolved = [(row["variant"], row["diagnosis"]) for row in rows.to_dict("records") if _plain(row["diagnosis"])]
    notes = [f"{name}: {text}" for name, text in unsolved[:SHOWN_DIAGNOSES]]
    if len(unsolved) > SHOWN_DIAGNOSES:
        notes.append(w._("and {n} more: see the table", n=len(unsolved) - SHOWN_DIAGNOSES))
    show_renderables(section_renderables([Section(w._("Sweep: {n} variants ({summary})", n=len(rows),
                                                      summary=summary), table=table, bullets=notes)]))


def _compare(folder: Path, names: list[str], region: Any, w: Words, as_json: bool) -> None:
    from optimiser.report.compare import comparison_chart, comparison_sections
    from optimiser.report.confidential import redact
    from optimiser.report.terminal import section_renderables, show_renderables
    from optimiser.report.wording import worded
    from optimiser.sweep import variant_results

    chosen = variant_results(folder, names)
    labels = [name for name, _ in chosen]
    results = [worded(redact(r, region), w) for _, r in chosen]
    chart = folder / f"comparison-{'-'.join(labels)}.png"
    comparison_chart(results, labels, chart, w)
    if not as_json:
        show_renderables(section_renderables(comparison_sections(results, labels, w), blank_first=True))
    typer.echo(w._("Wrote {file}", file=str(chart)), err=as_json)
