"""Results of finished runs: JSON, CSV, GeoJSON, the map and fair-share chart, and comparing two runs.

The stored result keeps its wijk detail; every answer here shows confidential types (vrouwenopvang) per
municipality only (``optimiser.report.confidential``), unless an admin token asks ``?show_confidential=true``.
"""

import io
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Response
from fastapi.responses import JSONResponse

from api.deps import Access, RegionAccess, known_region
from api.storage import RunRow
from models import Result
from optimiser.report.confidential import redact

router = APIRouter(tags=["results"])


def show_confidential(access: Access, show_confidential: Annotated[bool, Query(
        description="show confidential types (vrouwenopvang) per wijk: an admin token only; without it they "
                    "come per municipality")] = False) -> bool:
    if show_confidential and access.token.region is not None:
        raise HTTPException(403, "confidential addresses are shown to an admin token only; without "
                                 "show_confidential the result shows them per municipality")
    return show_confidential


Detail = Annotated[bool, Depends(show_confidential)]


def finished(access: RegionAccess, run_id: str, detail: bool = False) -> tuple[RunRow, Result]:
    """A done run and its result: redacted (confidential types per municipality) unless ``detail``."""
    row = access.run(run_id)
    if row.status != "done" or row.result is None:
        raise HTTPException(409, f"run {run_id} is {row.status}; results come when it is done")
    res = Result.model_validate(row.result)
    return row, res if detail else redact(res, known_region(row.region))


@router.get("/runs/{run_id}/result", response_model=Result)
def result(run_id: str, access: Access, detail: Detail) -> Result:
    return finished(access, run_id, detail)[1]


@router.get("/runs/{run_id}/allocation.csv", response_class=Response)
def allocation_csv(run_id: str, access: Access, detail: Detail) -> Response:
    from optimiser.report.files import write_allocation

    _, res = finished(access, run_id, detail)
    buffer = io.StringIO()
    write_allocation(res, buffer)
    return Response(buffer.getvalue(), media_type="text/csv")


@router.get("/runs/{run_id}/allocation.geojson")
def allocation_geojson(run_id: str, access: Access, detail: Detail) -> JSONResponse:
    from optimiser.report.maps import allocation_geojson as to_geojson

    row, res = finished(access, run_id, detail)
    try:
        return JSONResponse(to_geojson(known_region(row.region), res), media_type="application/geo+json")
    except ValueError as exc:
        raise HTTPException(404, str(exc)) from None


def _png(access: RegionAccess, run_id: str, kind: str, detail: bool) -> bytes:
    from optimiser.report.charts import fair_share_chart
    from optimiser.report.maps import render_map

    row, res = finished(access, run_id, detail)
    region = known_region(row.region)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "out.png"
        try:
            (render_map if kind == "map" else fair_share_chart)(region, res, path)
        except ValueError as exc:
            raise HTTPException(404, str(exc)) from None
        return path.read_bytes()


@router.get("/runs/{run_id}/map.png", response_class=Response)
def map_png(run_id: str, access: Access, detail: Detail) -> Response:
    return Response(_png(access, run_id, "map", detail), media_type="image/png")


@router.get("/runs/{run_id}/fair-share.png", response_class=Response)
def fair_share_png(run_id: str, access: Access) -> Response:
    return Response(_png(access, run_id, "fair", False), media_type="image/png")  # per municipality anyway


@router.get("/compare")
def compare(access: Access, a: Annotated[str, Query(description="run id")],
            b: Annotated[str, Query(description="run id")], detail: Detail) -> dict[str, Any]:
    from optimiser.report.compare import diff, kpis

    _, ra = finished(access, a, detail)
    _, rb = finished(access, b, detail)
    table = diff(ra, rb)
    changed = table[table["difference"] != 0]
    return {"kpis": {"a": kpis(ra), "b": kpis(rb)},
            "differences": changed.astype(object).where(changed.notna(), None).to_dict(orient="records")}
