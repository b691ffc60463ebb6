"""The web service for working groups: regions, versioned scenarios, runs, results, maps and forms.

(No postponed annotations here: FastAPI reads the dependency aliases defined inside ``create_app``.)
"""


import io
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request, Response
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from api.jobs import RunManager
from api.storage import RunRow, ScenarioRow, Store, TokenRow
from data import PackError, list_regions, list_scenarios, load_region, load_scenario
from data.pack import parse_scenario
from models import Region, Result, Scenario

log = logging.getLogger(__name__)


@dataclass
class Settings:
    """Service settings, from the environment."""

    data_dir: Path = field(default_factory=lambda: Path(os.environ.get("REGIO_DATA_DIR", "regio-data")))
    database_url: str = field(default_factory=lambda: os.environ.get("DATABASE_URL", ""))
    workers: int = field(default_factory=lambda: int(os.environ.get("REGIO_WORKERS", "2")))
    run_time_limit: float = field(default_factory=lambda: float(os.environ.get("REGIO_RUN_TIME_LIMIT", "120")))
    max_body_bytes: int = field(default_factory=lambda: int(os.environ.get("REGIO_MAX_BODY", str(1 << 20))))
    admin_token: str | None = field(default_factory=lambda: os.environ.get("REGIO_ADMIN_TOKEN"))

    def url(self) -> str:
        if self.database_url:
            return self.database_url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{self.data_dir / 'regio.sqlite'}"


# -- schemas -------------------------------------------------------------------------------------------
class RegionSummary(BaseModel):
    code: str
    name: str
    centrumgemeente: str
    municipalities: int
    wijken: int
    scenarios: list[str]


class ScenarioCreate(BaseModel):
    region: str = Field(description="region code, e.g. dwo")
    scenario: Scenario
    note: str | None = Field(None, max_length=2000)


class ScenarioVersion(BaseModel):
    scenario: Scenario
    note: str | None = Field(None, max_length=2000)


class ScenarioOut(BaseModel):
    id: int
    region: str
    name: str
    version: int
    note: str | None
    created_at: Any
    scenario: dict[str, Any]


MAX_ID = 2**31 - 1
ScenarioId = Annotated[int, PathParam(ge=1, le=MAX_ID, description="scenario version id")]


class RunCreate(BaseModel):
    scenario_id: int = Field(ge=1, le=MAX_ID)


class RunOut(BaseModel):
    id: str
    region: str
    scenario_id: int
    status: str
    progress: float
    message: str | None
    created_at: Any
    started_at: Any
    finished_at: Any


def scenario_out(row: ScenarioRow) -> ScenarioOut:
    return ScenarioOut(id=row.id, region=row.region, name=row.name, version=row.version, note=row.note,
                       created_at=row.created_at, scenario=row.doc)


def run_out(row: RunRow) -> RunOut:
    return RunOut(id=row.id, region=row.region, scenario_id=row.scenario_id, status=row.status,
                  progress=row.progress, message=row.message, created_at=row.created_at,
                  started_at=row.started_at, finished_at=row.finished_at)


def unprocessable(loc: list[str | int], message: str) -> HTTPException:
    return HTTPException(422, detail=[{"loc": loc, "msg": message, "type": "value_error"}])


# -- application ---------------------------------------------------------------------------------------
def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    url = settings.url()
    store = Store(url)

    manager = RunManager(store, url, settings.workers, settings.run_time_limit)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        seed_scenarios(store)
        resumed = manager.resume()
        if resumed:
            log.info("queued %d unfinished runs again", resumed)
        yield
        manager.shutdown()

    app = FastAPI(title="regio", version="0.1.0", lifespan=lifespan,
                  description="Fair allocation of BW/BT, MO/VO places, flexwoningen and budget over a region's "
                              "municipalities and wijken. Solves run in worker processes; poll a run for its state.")
    app.state.store = store
    app.state.settings = settings
    app.state.manager = manager
    if settings.admin_token and store.check_token(settings.admin_token) is None:
        store.ensure_token(settings.admin_token, "admin (environment)", None)

    @app.middleware("http")
    async def limit_body(request: Request, call_next: Any) -> Response:
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > settings.max_body_bytes):
            return JSONResponse({"detail": f"request body larger than {settings.max_body_bytes} bytes"}, 413)
        return await call_next(request)

    def token(request: Request) -> TokenRow:
        header = request.headers.get("authorization", "")
        value = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else None
        value = value or request.cookies.get("regio_token")
        if not value:
            raise HTTPException(401, "an API token is needed (Authorization: Bearer TOKEN)",
                                headers={"WWW-Authenticate": "Bearer"})
        row = store.check_token(value)
        if row is None:
            raise HTTPException(401, "unknown API token", headers={"WWW-Authenticate": "Bearer"})
        return row

    Token = Annotated[TokenRow, Depends(token)]

    def allow(tok: TokenRow, region: str) -> None:
        if tok.region is not None and tok.region != region:
            raise HTTPException(403, f"this token is for region {tok.region}, not {region}")

    def get_region(code: str) -> Region:
        if code not in list_regions():
            raise HTTPException(404, f"unknown region {code!r}")
        return load_region(code)

    def get_scenario_row(scenario_id: int, tok: TokenRow) -> ScenarioRow:
        row = store.scenario(scenario_id)
        if row is None:
            raise HTTPException(404, f"no scenario {scenario_id}")
        allow(tok, row.region)
        return row

    def get_run_row(run_id: str, tok: TokenRow) -> RunRow:
        row = store.run(run_id)
        if row is None:
            raise HTTPException(404, f"no run {run_id}")
        allow(tok, row.region)
        return row

    def validated(region: Region, scenario: Scenario) -> dict[str, Any]:
        doc = scenario.model_dump(mode="json")
        try:
            parse_scenario(region, doc, "scenario")
        except PackError as exc:
            message = str(exc).removeprefix("scenario: ")
            field_path = message.split(":", 1)[0]
            raise unprocessable(["body", "scenario", *field_path.split(".")], message) from None
        return doc


    # -- regions ---------------------------------------------------------------------------------------
    @app.get("/regions", response_model=list[RegionSummary], tags=["regions"])
    def regions() -> list[RegionSummary]:
        out = []
        for code in list_regions():
            r = load_region(code)
            out.append(RegionSummary(code=code, name=r.name, centrumgemeente=r.centrumgemeente,
                                     municipalities=len(r.municipalities), wijken=len(r.wijken),
                                     scenarios=list_scenarios(code)))
        return out

    @app.get("/regions/{code}", response_model=Region, tags=["regions"])
    def region(code: str) -> Region:
        return get_region(code)

    # -- scenarios -------------------------------------------------------------------------------------
    @app.get("/scenarios", response_model=list[ScenarioOut], tags=["scenarios"])
    def scenarios(tok: Token, region: str | None = None, name: str | None = None) -> list[ScenarioOut]:
        if region is not None:
            allow(tok, region)
        rows = store.scenarios(region or tok.region, name)
        return [scenario_out(r) for r in rows]

    @app.post("/scenarios", response_model=ScenarioOut, status_code=201, tags=["scenarios"])
    def create_scenario(body: ScenarioCreate, tok: Token) -> ScenarioOut:
        allow(tok, body.region)
        r = get_region(body.region)
        doc = validated(r, body.scenario)
        return scenario_out(store.add_scenario(body.region, body.scenario.name, doc, body.note))

    @app.get("/scenarios/{scenario_id}", response_model=ScenarioOut, tags=["scenarios"])
    def scenario(scenario_id: ScenarioId, tok: Token) -> ScenarioOut:
        return scenario_out(get_scenario_row(scenario_id, tok))

    @app.post("/scenarios/{scenario_id}/versions", response_model=ScenarioOut, status_code=201, tags=["scenarios"])
    def new_version(scenario_id: ScenarioId, body: ScenarioVersion, tok: Token) -> ScenarioOut:
        row = get_scenario_row(scenario_id, tok)
        if body.scenario.name != row.name:
            raise unprocessable(["body", "scenario", "name"], f"a new version keeps the name {row.name!r}")
        doc = validated(get_region(row.region), body.scenario)
        return scenario_out(store.add_scenario(row.region, row.name, doc, body.note))

    @app.get("/scenarios/{scenario_id}/history", response_model=list[ScenarioOut], tags=["scenarios"])
    def history(scenario_id: ScenarioId, tok: Token) -> list[ScenarioOut]:
        row = get_scenario_row(scenario_id, tok)
        return [scenario_out(r) for r in store.scenarios(row.region, row.name)]

    # -- runs ------------------------------------------------------------------------------------------
    @app.post("/runs", response_model=RunOut, status_code=202, tags=["runs"])
    def create_run(body: RunCreate, request: Request, tok: Token) -> RunOut:
        row = get_scenario_row(body.scenario_id, tok)
        run = store.add_run(row.region, row.id)
        request.app.state.manager.submit(run.id)
        return run_out(store.run(run.id) or run)

    @app.get("/runs", response_model=list[RunOut], tags=["runs"])
    def runs(tok: Token, region: str | None = None) -> list[RunOut]:
        if region is not None:
            allow(tok, region)
        return [run_out(r) for r in store.runs(region or tok.region)]

    @app.get("/runs/{run_id}", response_model=RunOut, tags=["runs"])
    def run(run_id: str, tok: Token) -> RunOut:
        return run_out(get_run_row(run_id, tok))

    @app.delete("/runs/{run_id}", response_model=RunOut, tags=["runs"])
    def cancel(run_id: str, request: Request, tok: Token) -> RunOut:
        row = get_run_row(run_id, tok)
        if row.status in ("done", "failed", "cancelled"):
            raise HTTPException(409, f"run {run_id} has already ended ({row.status})")
        request.app.state.manager.cancel(run_id)
        return run_out(store.run(run_id) or row)

    def finished(run_id: str, tok: TokenRow) -> tuple[RunRow, Result]:
        row = get_run_row(run_id, tok)
        if row.status != "done" or row.result is None:
            raise HTTPException(409, f"run {run_id} is {row.status}; results come when it is done")
        return row, Result.model_validate(row.result)

    @app.get("/runs/{run_id}/result", response_model=Result, tags=["results"])
    def result(run_id: str, tok: Token) -> Result:
        return finished(run_id, tok)[1]

    @app.get("/runs/{run_id}/allocation.csv", tags=["results"], response_class=Response)
    def allocation_csv(run_id: str, tok: Token) -> Response:
        from optimiser.report.files import write_allocation

        _, res = finished(run_id, tok)
        buffer = io.StringIO()
        write_allocation(res, buffer)
        return Response(buffer.getvalue(), media_type="text/csv")

    @app.get("/runs/{run_id}/allocation.geojson", tags=["results"])
    def allocation_geojson(run_id: str, tok: Token) -> JSONResponse:
        from optimiser.report.maps import allocation_geojson as to_geojson

        row, res = finished(run_id, tok)
        try:
            return JSONResponse(to_geojson(get_region(row.region), res), media_type="application/geo+json")
        except ValueError as exc:
            raise HTTPException(404, str(exc)) from None

    @app.get("/runs/{run_id}/map.png", tags=["results"], response_class=Response)
    def map_png(run_id: str, tok: Token) -> Response:
        return Response(_png(run_id, tok, "map"), media_type="image/png")

    @app.get("/runs/{run_id}/fair-share.png", tags=["results"], response_class=Response)
    def fair_share_png(run_id: str, tok: Token) -> Response:
        return Response(_png(run_id, tok, "fair"), media_type="image/png")

    def _png(run_id: str, tok: TokenRow, kind: str) -> bytes:
        import tempfile

        from optimiser.report.charts import fair_share_chart
        from optimiser.report.maps import render_map

        row, res = finished(run_id, tok)
        region_ = get_region(row.region)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "out.png"
            try:
                (render_map if kind == "map" else fair_share_chart)(region_, res, path)
            except ValueError as exc:
                raise HTTPException(404, str(exc)) from None
            return path.read_bytes()

    @app.get("/compare", tags=["results"])
    def compare(tok: Token, a: Annotated[str, Query(description="run id")],
                b: Annotated[str, Query(description="run id")]) -> dict[str, Any]:
        from optimiser.report.compare import diff, kpis

        _, ra = finished(a, tok)
        _, rb = finished(b, tok)
        table = diff(ra, rb)
        changed = table[table["difference"] != 0]
        return {"kpis": {"a": kpis(ra), "b": kpis(rb)},
                "differences": changed.astype(object).where(changed.notna(), None).to_dict(orient="records")}

    from api.forms import router

    app.include_router(router)
    return app


def seed_scenarios(store: Store) -> None:
    """Each pack scenario becomes version 1 in the database the first time the service starts."""
    for code in list_regions():
        region = load_region(code)
        for name in list_scenarios(code):
            if not store.scenarios(code, name):
                doc = load_scenario(region, name).model_dump(mode="json")
                store.add_scenario(code, name, doc, note="from the region pack")
