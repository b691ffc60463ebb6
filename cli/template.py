"""``regio template``: an Excel workbook to fill in a scenario, read back by ``--scenario FILE.xlsx``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.lang import LangOption, h, words
from data import load_region, load_scenario
from data.pack import WORKBOOKS


def template(
    region: Annotated[str, typer.Argument(help=h("region code, e.g. dwo"))],
    out: Annotated[Path, typer.Option(help=h("the workbook to write (.xlsx)"))],
    scenario: Annotated[str | None, typer.Option(
        help=h("the scenario that fills the template: a name in the pack (default: the pack's default scenario), a "
             "YAML/JSON file, or a filled template"))] = None,
    lang: LangOption = None,
) -> None:
    """Write an Excel template to fill in a scenario of a region: demand per type and year, the key, caps and
    budget. Read it back with `regio solve REGION --scenario FILE.xlsx`; what it does not show comes from the
    scenario it was written from."""
    from data.scenario_workbook import template_base, write_template  # openpyxl: loaded for this command only

    w = words(lang)
    if out.suffix.lower() != ".xlsx":
        raise ValueError(w._("--out: give a file name ending in .xlsx, not {name}", name=out.name or str(out)))
    if out.is_dir():
        raise ValueError(w._("--out: {name} is a folder; give a file name ending in .xlsx", name=str(out)))
    r = load_region(region)
    sc = load_scenario(r, scenario)
    base = scenario
    if scenario is not None and Path(scenario).suffix.lower() in WORKBOOKS:
        base = template_base(scenario)  # a template written from a filled one keeps the same base
    write_template(r, sc, out, w, base=base or sc.name)
    typer.echo(w._("Wrote {path}; fill it in and read it with: regio solve {region} --scenario {path}",
                   path=str(out), region=r.code))
