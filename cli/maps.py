"""``regio map``: draw a result on the region's wijken, write GeoJSON for GIS, or the vlekkenplan."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from cli.lang import LangOption, h, words
from data import load_region
from models import Result
from models.i18n import t_
from optimiser.report.confidential import redact


def read_result(result_dir: Path) -> Result:
    path = result_dir / "result.json"
    if not path.is_file():
        raise ValueError(t_(
            "{result_dir}: no result.json here; write one with `regio solve REGION --out DIR`", result_dir=result_dir))
    try:
        return Result.model_validate_json(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ValueError(t_("{path}: not a result file ({v1})", path=path, v1=str(exc).splitlines()[0])) from None


def map_command(
    result_dir: Annotated[Path, typer.Argument(help=h("folder written by `regio solve --out`"))],
    out: Annotated[Path | None, typer.Option(help=h("PNG to write"))] = None,
    geojson: Annotated[Path | None, typer.Option(help=h("GeoJSON (EPSG:4326) of the allocation per wijk"))] = None,
    vlekken: Annotated[bool, typer.Option("--vlekkenplan", help=h("search areas per facility type"))] = False,
    show_confidential: Annotated[bool, typer.Option(
        "--show-confidential", help=h("draw confidential types (vrouwenopvang) per wijk; without it they are "
        "shown per municipality only"))] = False,
    lang: LangOption = None,
) -> None:
    """Draw a result: wijken coloured by draagkracht use with the new places per type on top."""
    from optimiser.report.maps import allocation_geojson, drawable, render_map, render_vlekkenplan, vlekkenplan

    w = words(lang)
    result = read_result(result_dir)
    try:
        drawable(result)
    except ValueError as exc:
        raise ValueError(t_("{file}: {error}", file=str(result_dir / 'result.json'),
                            error=exc.args[0] if exc.args else str(exc))) from None
    region = load_region(result.region)
    if not show_confidential:
        result = redact(result, region)
    elif result.redacted:
        typer.echo(w._("{file} was written without --show-confidential: {types} are in it per municipality only",
                       file=str(result_dir / "result.json"),
                       types=", ".join(result.labels.get(t, t) for t in result.redacted)))
    if out is None and geojson is None:
        out = result_dir / ("vlekkenplan.png" if vlekken else "map.png")
    if out is not None:
        (render_vlekkenplan if vlekken else render_map)(region, result, out, w)
        typer.echo(w._("Wrote {file}", file=str(out)))
    if vlekken:
        for t, areas in vlekkenplan(region, result).items():
            typer.echo(f"{region.provision_type(t).label}: {'; '.join(areas)}")
        if result.redacted:
            typer.echo(w._("{types}: shown per municipality only (confidential addresses)",
                           types=", ".join(result.labels.get(t, t) for t in result.redacted)))
    if geojson is not None:
        geojson.parent.mkdir(parents=True, exist_ok=True)
        geojson.write_text(json.dumps(allocation_geojson(region, result), ensure_ascii=False), encoding="utf-8")
        typer.echo(w._("Wrote {file}", file=str(geojson)))
