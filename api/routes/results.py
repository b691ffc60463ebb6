"""Results of finished runs: JSON, CSV, GeoJSON, the map and fair-share chart, and comparing two runs.

The stored result keeps its wijk detail; every answer here shows confidential types (vrouwenopvang) per
municipality only (``optimiser.report.confidential``), unless an admin token asks ``?show_confidential=true``.
"""

import io
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse

from api.deps import Access, ReaderWords, RegionAccess, StoreDep, known_region
from api.schemas import ComparedRun, Comparison, DifferingCell, KeyFigures
from api.storage import RunRow, Store
from api.words import STATUS
from data.pack import parse_scenario
from models import Region, Result, Scenario, WhyAnswer
from models.i18n import Words, t_
from models.i18n import worded as worded_text
from optimiser.report import document as report
from optimiser.report.confidential import redact
from optimiser.report.document import PDF
from optimiser.report.excel import MEDIA_TYPE, workbook
from optimiser.report.wording import why as why_words
from optimiser.report.wording import worded
from optimiser.why import resolve, why

router = APIRouter(tags=["results"])


class GeoJSONResponse(JSONResponse):
    media_type = "application/geo+json"


def show_confidential(access: Access, show_confidential: Annotated[bool, Query(
        description="show confidential types (vrouwenopvang) per wijk: an admin token only; without it they "
                    "come per municipality")] = False) -> bool:
    if show_confidential and access.token.region is not None:
        raise HTTPException(403, t_("confidential addresses are shown to an admin token only; without "
                                    "show_confidential the result shows them per municipality"))
    return show_confidential


Detail = Annotated[bool, Depends(show_confidential)]


def finished(access: RegionAccess, run_id: str, detail: bool = False) -> tuple[RunRow, Result]:
    """A done run (or one cancelled while solving, with the best plan found until then) and its result: redacted
    (confidential types per municipality) unless ``detail``."""
    row = access.run(run_id)
    if row.status not in ("done", "cancelled") or row.result is None:
        raise HTTPException(409, t_("run {run_id} is {status}; results come when it is done", run_id=run_id,
                                    status=STATUS.get(row.status, row.status)))
    res = Result.model_validate(row.result)
    return row, res if detail else redact(res, known_region(row.region))


@router.get("/runs/{run_id}/result", response_model=Result)
def get_result(run_id: str, access: Access, detail: Detail, words: ReaderWords) -> Result:
    """The result, its explanations and diagnosis worded in the reader's language (Dutch by default)."""
    return worded(finished(access, run_id, detail)[1], words)


@router.get("/runs/{run_id}/allocation.csv", response_class=Response, responses={200: {
    "content": {"text/csv": {}}, "description": "places per municipality, wijk, type and year"}})
def get_allocation_csv(run_id: str, access: Access, detail: Detail, excel: Annotated[bool, Query(
        description="for Excel in a Dutch locale: ';' between the fields and a UTF-8 byte order mark, so Excel "
                    "opens it in columns with the names' accents intact")] = False) -> Response:
    """Places per municipality, wijk, type and year as CSV."""
    from optimiser.report.files import write_allocation

    _, res = finished(access, run_id, detail)
    buffer = io.StringIO()
    write_allocation(res, buffer, delimiter=";" if excel else ",")
    text = ("\ufeff" if excel else "") + buffer.getvalue()
    return Response(text.encode("utf-8"), media_type="text/csv; charset=utf-8")


@router.get("/runs/{run_id}/result.xlsx", response_class=Response,
            responses={200: {"content": {MEDIA_TYPE: {}}, "description": "the result as an Excel workbook"}})
def get_result_workbook(run_id: str, access: Access, detail: Detail, words: ReaderWords) -> Response:
    """The result as an Excel workbook: allocation with names and codes, fair shares, money, payments and
    transfers, the explanation, assumptions and sources; sheet names and texts in the reader's language."""
    _, res = finished(access, run_id, detail)
    buffer = io.BytesIO()
    workbook(res, words).save(buffer)
    return Response(buffer.getvalue(), media_type=MEDIA_TYPE,
                    headers={"Content-Disposition": f'attachment; filename="{res.region}-{run_id[:8]}.xlsx"'})


@router.get("/runs/{run_id}/allocation.geojson", response_class=GeoJSONResponse,
            responses={200: {"description": "wijken with their new places and draagkracht use"}})
def get_allocation_geojson(run_id: str, access: Access, detail: Detail) -> GeoJSONResponse:
    """The wijken as GeoJSON with their new places per type and draagkracht use, for GIS."""
    from optimiser.report.maps import allocation_geojson as to_geojson

    row, res = finished(access, run_id, detail)
    try:
        return GeoJSONResponse(to_geojson(known_region(row.region), res))
    except ValueError as exc:
        raise HTTPException(404, exc.args[0] if exc.args else str(exc)) from None


def _png(access: RegionAccess, run_id: str, kind: str, detail: bool, words: Words | None = None) -> bytes:
    from optimiser.report.charts import fair_share_chart
    from optimiser.report.maps import render_map

    row, res = finished(access, run_id, detail)  # the access check comes first, cached or not
    key = (run_id, kind, detail, words.lang if words else "nl")
    with _DRAWN_LOCK:
        if key in _DRAWN:
            _DRAWN.move_to_end(key)
            return _DRAWN[key]
    region = known_region(row.region)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "out.png"
        try:
            if kind == "map":
                render_map(region, res, path, words)
            else:
                fair_share_chart(region, res, path, words)
        except ValueError as exc:
            raise HTTPException(404, exc.args[0] if exc.args else str(exc)) from None
        drawn = path.read_bytes()
    with _DRAWN_LOCK:
        _DRAWN[key] = drawn
        while len(_DRAWN) > DRAWN_KEPT:
            _DRAWN.popitem(last=False)
    return drawn


#: maps and charts drawn, per run, kind, detail and language: a finished run's result never changes
DRAWN_KEPT = 64
_DRAWN: OrderedDict[tuple[str, str, bool, str], bytes] = OrderedDict()
_DRAWN_LOCK = threading.Lock()


@router.get("/runs/{run_id}/map.png", response_class=Response,
            responses={200: {"content": {"image/png": {}}, "description": "the map"}})
def get_map(run_id: str, access: Access, detail: Detail, words: ReaderWords) -> Response:
    """The result's map (PNG), its texts in the reader's language."""
    return Response(_png(access, run_id, "map", detail, words), media_type="image/png")


@router.get("/runs/{run_id}/fair-share.png", response_class=Response,
            responses={200: {"content": {"image/png": {}}, "description": "the fair-share chart"}})
def get_fair_share_chart(run_id: str, access: Access, words: ReaderWords) -> Response:
    """Places against the fair share per municipality (PNG), in the reader's language."""
    return Response(_png(access, run_id, "fair", False, words), media_type="image/png")  # per municipality anyway


#: how many runs one comparison shows side by side
MAX_COMPARED = 12
RunIds = Annotated[list[str], Query(alias="run", min_length=2, max_length=MAX_COMPARED, description=(
    "run ids, two or more, in the order to show them (`?run=ID&run=ID&run=ID`); done runs of one region"))]


def compared(access: RegionAccess, store: Store, run_ids: list[str], detail: bool,
             words: Words) -> tuple[list[ComparedRun], list[Result]]:
    """The runs to compare, labelled by scenario and version (and the run, where two share them), with their
    results (redacted unless ``detail``); 422 for runs of more than one region."""
    from optimiser.report.compare import distinct_labels, version_label

    rows, results = zip(*(finished(access, run_id, detail) for run_id in run_ids), strict=True)
    regions = sorted({row.region for row in rows})
    if len(regions) > 1:
        raise RequestValidationError([{"loc": ["query", "run"], "type": "value_error", "input": run_ids, "msg": t_(
            "runs of one region only: these are of {regions}", regions=", ".join(regions))}])
    saved = [store.scenario(row.scenario_id) for row in rows]
    names = [s.name if s is not None else r.scenario for s, r in zip(saved, results, strict=True)]
    versions = [s.version if s is not None else None for s in saved]
    labels = distinct_labels([version_label(n, v, words) for n, v in zip(names, versions, strict=True)],
                             [row.id[:8] for row in rows])
    runs = [ComparedRun(run_id=row.id, scenario_id=row.scenario_id, scenario=name, version=version, label=label)
            for row, name, version, label in zip(rows, names, versions, labels, strict=True)]
    return runs, list(results)


@router.get("/compare", response_model=Comparison)
def compare_runs(access: Access, store: StoreDep, run: RunIds, detail: Detail, words: ReaderWords) -> Comparison:
    """Runs side by side, labelled by scenario and version: their key figures, and the places per municipality
    (total, then per wijk), type and year on which they do not all agree, with the spread."""
    from optimiser.report.compare import differing_records, kpis

    runs, results = compared(access, store, run, detail, words)
    labels = [r.label for r in runs]
    differences = [DifferingCell(**cell) for cell in differing_records(results, labels)]
    figures = [KeyFigures(label=label, **(kpis(r) | {"binding": "; ".join(b.text for b in worded(r, words).binding)}))
               for label, r in zip(labels, results, strict=True)]
    return Comparison(runs=runs, key_figures=figures, differences=differences)


@router.get("/compare/chart.png", response_class=Response,
            responses={200: {"content": {"image/png": {}}, "description": "the key figures as bars, one per run"}})
def get_comparison_chart(access: Access, store: StoreDep, run: RunIds, words: ReaderWords) -> Response:
    """The key figures of runs side by side as a chart (PNG), one bar per run labelled by scenario and version,
    in the reader's language."""
    from optimiser.report.compare import comparison_chart

    runs, results = compared(access, store, run, False, words)
    with tempfile.TemporaryDirectory() as tmp:
        path = comparison_chart(results, [r.label for r in runs], Path(tmp) / "chart.png", words)
        return Response(path.read_bytes(), media_type="image/png")


def _scenario(store: Store, row: RunRow, region: Region) -> Scenario | None:
    """The scenario version a run solved (None when it is gone)."""
    saved = store.scenario(row.scenario_id)
    return parse_scenario(region, saved.doc) if saved is not None else None


@router.get("/runs/{run_id}/report.pdf", response_class=Response,
            responses={200: {"content": {PDF: {}}, "description": "the council report as PDF"}})
def get_report_pdf(run_id: str, access: Access, store: StoreDep, detail: Detail, words: ReaderWords) -> Response:
    """The report for the council (A4): the question, the modelling choices, places per municipality and year,
    the map, money and transfers, the explanation and the sources, in the reader's language."""
    row, res = finished(access, run_id, detail)
    region = known_region(row.region)
    try:
        document = report.pdf(worded(res, words), region, _scenario(store, row, region), words)
    except ValueError as exc:
        raise HTTPException(503, exc.args[0] if exc.args else str(exc)) from None
    return Response(document, media_type=PDF,
                    headers={"Content-Disposition": f'inline; filename="rapport-{res.region}-{run_id[:8]}.pdf"'})


@router.get("/runs/{run_id}/report.html", response_class=HTMLResponse)
def get_report_html(run_id: str, access: Access, store: StoreDep, detail: Detail, words: ReaderWords) -> HTMLResponse:
    """The council report as one HTML page (the map embedded), in the reader's language."""
    row, res = finished(access, run_id, detail)
    region = known_region(row.region)
    return HTMLResponse(report.html(worded(res, words), region, _scenario(store, row, region), words))


@router.get("/runs/{run_id}/why", response_model=WhyAnswer)
def explain_number(
    run_id: str, access: Access, store: StoreDep, words: ReaderWords,
    municipality: Annotated[str, Query(description="municipality code or name")],
    type: Annotated[str, Query(description="provision type code or label")],  # noqa: A002 - the API's word
    year: Annotated[int | None, Query(description="the year; default the scenario's last year")] = None,
) -> WhyAnswer:
    """Why the plan gives a municipality the places of a type it gives in a year, against its fair share: the
    reasons and what one place closer to the fair share would cost (one more solve, seconds). Words in the
    reader's language; confidential types name no wijk."""
    row, res = finished(access, run_id)
    region = known_region(row.region)
    saved = store.scenario(row.scenario_id)
    if saved is None:
        raise HTTPException(409, t_("run {run_id}: its scenario version is gone", run_id=run_id))
    scenario = parse_scenario(region, saved.doc)
    try:
        resolve(region, scenario, municipality, type, year)
        answer = why(region, scenario, res, municipality, type, year)
    except ValueError as exc:
        field = str(exc).partition(": ")[0]
        said = worded_text(exc.args[0] if exc.args else str(exc), words)
        msg = said.partition(": ")[2] or said
        raise RequestValidationError([{"loc": ["query", field], "msg": msg, "type": "value_error",
                                       "input": {"municipality": municipality, "type": type, "year": year}
                                       .get(field)}]) from None
    answer.text = "\n".join(why_words(answer, worded(res, words), words))
    return answer
