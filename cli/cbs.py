"""``regio import-cbs``: build a region pack's CBS part from official CBS files."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Annotated

import typer

from cli.lang import LangOption, h, words
from models.i18n import t_


def import_cbs(
    kwb: Annotated[list[Path], typer.Option(help=h("CBS kwb table (CSV or Excel); repeat to fill gaps"))],
    municipalities: Annotated[str, typer.Option(help=h("comma-separated GMgggg codes"))],
    out: Annotated[Path, typer.Option(help=h("region pack folder to write"))],
    boundaries: Annotated[Path | None, typer.Option(help=h("wijk boundaries (GeoJSON or GeoPackage)"))] = None,
    year: Annotated[int | None, typer.Option(help=h("year to take where the table has a 'jaar' column"))] = None,
    fill_year: Annotated[int | None, typer.Option(help=h("year that fills values missing in --year"))] = None,
    layer: Annotated[str | None, typer.Option(help=h("the layer of the boundary file that holds the wijken (a "
                                                     "GeoPackage with several layers needs it)"))] = None,
    lang: LangOption = None,
) -> None:
    """Import CBS Kerncijfers wijken en buurten and wijk boundaries into a region pack."""
    from data.cbs import import_cbs as run_import  # pandas: loaded for this command only

    w = words(lang)
    for path in [*kwb, *([boundaries] if boundaries else [])]:
        if not path.is_file():
            raise ValueError(t_("{label}: no such file", label=str(path)))
    codes = [c.strip() for c in municipalities.split(",") if c.strip()]
    parts = ["regio", "import-cbs", *[a for p in kwb for a in ("--kwb", p.name)]]
    if boundaries:
        parts += ["--boundaries", boundaries.name, *(["--layer", layer] if layer else [])]
    parts += ["--municipalities", ",".join(codes)]
    if year:
        parts += ["--year", str(year)]
    if fill_year:
        parts += ["--fill-year", str(fill_year)]
    parts += ["--out", f"data/packs/{out.name}"]
    report = run_import(kwb, codes, out, boundaries, year, fill_year, layer, command=shlex.join(parts))
    typer.echo(w._("{pack}: {municipalities} municipalities, {wijken} wijken, {drawn} with boundaries",
                   pack=out.name, municipalities=report.municipalities, wijken=report.wijken,
                   drawn=report.with_geometry))
    # what the import leaves empty, as `regio check` words it
    from cli.check import report as worded_findings
    from optimiser.check import import_findings

    findings = import_findings(report.missing, report.wijken)
    if findings:
        for line in worded_findings(findings, w)[:-1]:
            typer.echo(line)
