"""``regio import-cbs``: build a region pack's CBS part from official CBS files."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Annotated

import typer

from data.cbs import import_cbs as run_import


def import_cbs(
    kwb: Annotated[list[Path], typer.Option(help="CBS kwb table (CSV or Excel); repeat to fill gaps")],
    municipalities: Annotated[str, typer.Option(help="comma-separated GMgggg codes")],
    out: Annotated[Path, typer.Option(help="region pack folder to write")],
    boundaries: Annotated[Path | None, typer.Option(help="wijk boundaries (GeoJSON or GeoPackage)")] = None,
    year: Annotated[int | None, typer.Option(help="year to take where the table has a 'jaar' column")] = None,
    fill_year: Annotated[int | None, typer.Option(help="year that fills values missing in --year")] = None,
) -> None:
    """Import CBS Kerncijfers wijken en buurten and wijk boundaries into a region pack."""
    for path in [*kwb, *([boundaries] if boundaries else [])]:
        if not path.is_file():
            raise ValueError(f"{path}: no such file")
    codes = [c.strip() for c in municipalities.split(",") if c.strip()]
    parts = ["regio", "import-cbs", *[a for p in kwb for a in ("--kwb", p.name)]]
    if boundaries:
        parts += ["--boundaries", boundaries.name]
    parts += ["--municipalities", ",".join(codes)]
    if year:
        parts += ["--year", str(year)]
    if fill_year:
        parts += ["--fill-year", str(fill_year)]
    parts += ["--out", f"data/packs/{out.name}"]
    report = run_import(kwb, codes, out, boundaries, year, fill_year, command=shlex.join(parts))
    typer.echo(f"{out.name}: {report.municipalities} municipalities, {report.wijken} wijken, "
               f"{report.with_geometry} with boundaries")
