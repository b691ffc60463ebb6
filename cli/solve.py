"""``regio solve``: allocate a scenario, report it and write the result files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from cli.lang import LangOption, h, words
from cli.progress import solving
from data import load_region, load_scenario
from optimiser.report.confidential import redact
from optimiser.report.files import summary, write
from optimiser.report.terminal import show
from optimiser.report.wording import worded
from optimiser.solving import solve_scenario, write_model


def solve(
    region: Annotated[str, typer.Argument(help=h("region code, e.g. dwo"))],
    scenario: Annotated[str | None, typer.Option(
        help=h("scenario name in the pack, a YAML/JSON file, or a filled Excel template (regio template)"))] = None,
    solver: Annotated[str | None, typer.Option(help=h("highs (default), cbc or cpsat"))] = None,
    time_limit: Annotated[float | None, typer.Option(help=h("seconds per lexicographic stage"))] = None,
    out: Annotated[Path | None, typer.Option(
        help=h("folder for allocation.csv, summary.json, result.json and the workbook result.xlsx"))] = None,
    as_json: Annotated[bool, typer.Option("--json", help=h("print the summary as JSON"))] = False,
    explain: Annotated[bool, typer.Option(help=h("report binding rules and what relaxing them gains"))] = True,
    explain_time: Annotated[float | None, typer.Option(
        help=h("seconds for the explanation (default: as long as the solve took, at least 0.5 s); give more to "
             "test every rule family"))] = None,
    model_file: Annotated[Path | None, typer.Option(
        "--write-model", help=h("also write the model of the first stage (all rules, objective: unmet demand) "
        "to this file in LP format"))] = None,
    show_confidential: Annotated[bool, typer.Option(
        "--show-confidential", help=h("show confidential types (vrouwenopvang) per wijk in the report and the "
        "files; without it they are shown per municipality only"))] = False,
    lang: LangOption = None,
) -> None:
    """Allocate places, flexwoningen and budget for a scenario and explain the answer."""
    w = words(lang)
    r = load_region(region)
    sc = load_scenario(r, scenario)
    options = sc.solver.model_copy(
        update={k: v for k, v in {"name": solver, "time_limit": time_limit, "explain_time": explain_time}.items()
                if v is not None}
        | {"explain": explain}
    )
    sc = sc.model_copy(update={"solver": type(sc.solver).model_validate(options.model_dump())})
    if model_file is not None:
        write_model(r, sc, model_file)
        typer.echo(w._("Wrote the model (LP format) to {file}", file=str(model_file)), err=as_json)
    with solving(w) as progress:
        result = solve_scenario(r, sc, progress=progress)
    if not show_confidential:
        result = redact(result, r)
    result = worded(result, w)
    if out is not None:
        write(result, out, w)
    if as_json:
        typer.echo(json.dumps(summary(result), indent=2, ensure_ascii=False))
    else:
        show(result, r, w)
        if out is not None:
            typer.echo("\n" + w._("Wrote {files} to {folder}", files="allocation.csv, summary.json, result.json, "
                                   "result.xlsx", folder=str(out)))
    if not result.status.solved:
        raise typer.Exit(1)
