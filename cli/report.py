"""``regio report``: the council report of a result, as HTML or PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from cli.lang import LangOption, h, words
from cli.maps import read_result
from data import PackError, load_region, load_scenario
from models import Scenario
from optimiser.report.confidential import redact
from optimiser.report.wording import worded


def report(
    result_dir: Annotated[Path, typer.Argument(help=h("folder written by `regio solve --out`"))],
    format: Annotated[Literal["html", "pdf"], typer.Option(help=h("html or pdf"))] = "pdf",
    out: Annotated[Path | None, typer.Option(
        help=h("file to write (default: RESULT_DIR/rapport.pdf or .html)"))] = None,
    show_confidential: Annotated[bool, typer.Option(
        "--show-confidential", help=h("show confidential types (vrouwenopvang) per wijk; without it they are "
        "shown per municipality only"))] = False,
    lang: LangOption = None,
) -> None:
    """The report for the council: the question, the modelling choices, places per municipality and year, the
    map, money and transfers, the explanation and the sources."""
    from optimiser.report.document import html, pdf

    w = words(lang)
    result = read_result(result_dir)
    region = load_region(result.region)
    if not show_confidential:
        result = redact(result, region)
    scenario: Scenario | None
    try:
        scenario = load_scenario(region, result.scenario)
    except PackError:  # a scenario from a file: its question is not in the pack
        scenario = None
    result = worded(result, w)
    target = out or result_dir / f"rapport.{format}"
    target.parent.mkdir(parents=True, exist_ok=True)
    if format == "pdf":
        target.write_bytes(pdf(result, region, scenario, w))
    else:
        target.write_text(html(result, region, scenario, w), encoding="utf-8")
    typer.echo(w._("Wrote {file}", file=str(target)))
