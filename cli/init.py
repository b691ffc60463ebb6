"""``regio init``: a new region pack from CBS files, and the region's own figures from one Excel workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.check import findings_for
from cli.check import report as worded_findings
from cli.lang import LangOption, h, words
from data.init import WORKBOOK, from_workbook, new_pack
from models.i18n import t_


def _years(text: str) -> list[int]:
    """``2025-2027`` or ``2025,2026,2027``."""
    try:
        if "-" in text:
            first, last = (int(p) for p in text.split("-", 1))
            return list(range(first, last + 1))
        return [int(p) for p in text.split(",") if p.strip()]
    except ValueError:
        raise ValueError(t_("--years: {text} is not a range of years such as 2025-2027", text=repr(text))) from None


def init(
    code: Annotated[str | None, typer.Argument(help=h("the new region's code (lower case, e.g. salland)"))] = None,
    out: Annotated[Path, typer.Option(help=h("the folder of the new pack"))] = Path("."),
    name: Annotated[str | None, typer.Option(help=h("the region's name"))] = None,
    kwb: Annotated[list[Path] | None, typer.Option(help=h("CBS kwb table (CSV or Excel); repeat to fill gaps"))] = None,
    boundaries: Annotated[Path | None, typer.Option(help=h("wijk boundaries (GeoJSON or GeoPackage)"))] = None,
    layer: Annotated[str | None, typer.Option(help=h("the layer of the boundary file that holds the wijken (a "
                                                     "GeoPackage with several layers needs it)"))] = None,
    municipalities: Annotated[str | None, typer.Option(help=h("comma-separated GMgggg codes"))] = None,
    centrumgemeente: Annotated[str | None, typer.Option(help=h("the centrumgemeente (default: the first)"))] = None,
    year: Annotated[int | None, typer.Option(help=h("year to take where the table has a 'jaar' column"))] = None,
    fill_year: Annotated[int | None, typer.Option(help=h("year that fills values missing in --year"))] = None,
    years: Annotated[str | None, typer.Option(help=h("the first scenario's years, e.g. 2025-2027"))] = None,
    workbook: Annotated[Path | None, typer.Option("--from-workbook", help=h(
        "read the filled workbook into the pack at --out"))] = None,
    lang: LangOption = None,
) -> None:
    """A new region pack from CBS files with a workbook to fill in; --from-workbook reads it back."""
    w = words(lang)
    if workbook is not None:
        if not workbook.is_file():
            raise ValueError(t_("{label}: no such file", label=str(workbook)))
        if not (out / "region.yaml").is_file():
            raise ValueError(t_("--out: {path} holds no region pack made by regio init", path=str(out)))
        read = from_workbook(workbook, out)
        typer.echo(w._("{pack}: {types} provision types, {capacity} figures of places today, {grants} grants, "
                       "demand for {demand} types", pack=out.name, **read))
    else:
        missing = [flag for flag, value in (("CODE", code), ("--kwb", kwb), ("--boundaries", boundaries),
                                            ("--municipalities", municipalities), ("--year", year)) if not value]
        if missing:
            raise ValueError(t_("regio init needs {flags}", flags=", ".join(missing)))
        assert code is not None and kwb and boundaries is not None and municipalities and year is not None
        for path in [*kwb, boundaries]:
            if not path.is_file():
                raise ValueError(t_("{label}: no such file", label=str(path)))
        codes = [c.strip() for c in municipalities.split(",") if c.strip()]
        report = new_pack(code, name or code, out, kwb, codes, boundaries, year,
                          _years(years) if years else [year + 1, year + 2, year + 3], centrumgemeente, fill_year,
                          layer, w)
        typer.echo(w._("{pack}: {municipalities} municipalities, {wijken} wijken, {drawn} with boundaries",
                       pack=out.name, municipalities=report.municipalities, wijken=report.wijken,
                       drawn=report.with_geometry))
        typer.echo(w._("Fill in {workbook} and read it in with: regio init --from-workbook {workbook} --out {out}",
                       workbook=str(out / WORKBOOK), out=str(out)))
    for line in worded_findings(findings_for(out), w):
        typer.echo(line)
