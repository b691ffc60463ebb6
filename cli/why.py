"""``regio why``: why the plan gives a municipality the places of a type it gives, against its fair share."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from cli.lang import LangOption, h, words
from data import load_region, load_scenario
from optimiser.report.confidential import redact
from optimiser.report.wording import why as why_words
from optimiser.report.wording import worded
from optimiser.solving import solve_scenario
from optimiser.why import resolve, why


def why_command(
    region: Annotated[str, typer.Argument(help=h("region code, e.g. dwo"))],
    municipality: Annotated[str, typer.Argument(
        help=h("municipality code or name, e.g. GM1926 or Pijnacker-Nootdorp"))],
    type_code: Annotated[str, typer.Argument(metavar="TYPE", help=h("provision type code or label, e.g. bw"))],
    year: Annotated[int | None, typer.Option(help=h("the year (default: the scenario's last year)"))] = None,
    scenario: Annotated[str | None, typer.Option(
        help=h("scenario name in the pack, a YAML/JSON file, or a filled Excel template (regio template)"))] = None,
    as_json: Annotated[bool, typer.Option("--json", help=h("print the answer as JSON"))] = False,
    lang: LangOption = None,
) -> None:
    """Why this number? Solves the scenario, then says why the municipality gets what it gets of the type, and
    what one place closer to its fair share would cost (one more solve)."""
    w = words(lang)
    r = load_region(region)
    sc = load_scenario(r, scenario)
    resolve(r, sc, municipality, type_code, year)  # a wrong name or year is said before the solve
    result = solve_scenario(r, sc)
    answer = why(r, sc, result, municipality, type_code, year)
    shown = worded(redact(result, r), w)
    answer.text = "\n".join(why_words(answer, shown, w))
    if as_json:
        typer.echo(json.dumps(answer.model_dump(mode="json"), indent=2, ensure_ascii=False))
    else:
        typer.echo(answer.text)
