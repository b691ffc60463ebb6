"""The web service for working groups: regions, versioned scenarios, runs, results, maps and forms."""

import logging
import math
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from api import openapi
from api.body import BodyGuard, OriginGuard
from api.config import Settings, load_settings
from api.deps import Attempts, Forbidden, NotAuthenticated, NotFound, TooManyAttempts
from api.jobs import RunManager, TooManyRuns
from api.logs import REQUEST_ID, RequestLog
from api.routes import forms, health, regions, results, runs, scenarios
from api.storage import Store, VersionConflict
from api.words import API_VERSION, problem, request_words
from data import list_regions, list_scenarios, load_region, load_scenario
from data.pack import pack_roots
from models.errors import refusal
from models.i18n import Words, t_, worded

log = logging.getLogger(__name__)

UI_PREFIX = forms.router.prefix
#: the major version of the JSON API in its path (NL API Design Rules: the full version is in ``API-Version``)
API_PREFIX = "/v1"


#: headers on every answer: no sniffing of media types, no framing by other sites, no full address to others
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    "Referrer-Policy": "same-origin",
}


def _is_page(request: Request) -> bool:
    """Whether the request is for a form page (HTML answers) rather than the JSON API."""
    path = request.url.path
    return path == UI_PREFIX or path.startswith(f"{UI_PREFIX}/")


async def not_authenticated(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, NotAuthenticated)
    if _is_page(request):
        return forms.login_page(request)
    return problem(request, 401, exc.detail, headers={"WWW-Authenticate": "Bearer"})


async def forbidden(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Forbidden)
    if _is_page(request):
        return forms.page_message(request, forms.FORBIDDEN, 403)
    return problem(request, 403, exc.detail)


async def not_found(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, NotFound)
    if _is_page(request):
        return forms.page_message(request, exc.page, 404)
    return problem(request, 404, exc.detail)


async def too_many(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, TooManyAttempts)
    headers = {"Retry-After": str(exc.seconds)}
    if _is_page(request):
        response = forms.login_page(request, f"Te veel onbekende toegangscodes; probeer het over {exc.seconds} "
                                             "seconden opnieuw.", 429)
        response.headers.update(headers)
        return response
    return problem(request, 429, exc.detail, headers=headers)


async def too_many_runs(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, TooManyRuns)
    if _is_page(request):
        return forms.page_message(request, worded(exc.detail, Words()), 429)
    return problem(request, 429, exc.detail, headers={"Retry-After": "30"})


async def stale_form(request: Request, exc: Exception) -> Response:
    return forms.page_message(request, "Dit formulier is verlopen of kwam van een andere site en is niet verwerkt. "
                                       "Open de pagina opnieuw en probeer het nog eens.", 403)


async def version_conflict(request: Request, exc: Exception) -> Response:
    """409: another version was saved meanwhile; the answer names it so the change can be made on top of it."""
    assert isinstance(exc, VersionConflict)
    message = t_("version {version} of scenario {name} was saved meanwhile; make your change on that version "
                 "(id {scenario_id}) and save again", version=exc.version, name=exc.name, scenario_id=exc.scenario_id)
    if _is_page(request):
        return forms.page_message(request, worded(message, Words()), 409)
    return problem(request, 409, message, extra={"currentVersion": exc.version, "currentId": exc.scenario_id})


async def database_unavailable(request: Request, exc: Exception) -> Response:
    """503 when the database cannot be written or read (read-only, disk full, gone): the request may be tried
    again; the details go to the log with the request's id."""
    log.error("database error in request %s", REQUEST_ID.get(), exc_info=exc)
    message = t_("the database cannot be used right now; try again later (request {request_id})",
                 request_id=REQUEST_ID.get())
    if _is_page(request):
        return forms.page_message(request, worded(message, Words()), 503)
    return problem(request, 503, message, headers={"Retry-After": "30"})


async def internal_error(request: Request, exc: Exception) -> Response:
    """500 for a fault of the service: one sentence with the request's id, never a stack trace (it is logged)."""
    request_id = getattr(request.state, "request_id", "-")  # this handler runs outside the request's log
    log.error("unexpected error in request %s", request_id, exc_info=exc)
    return problem(request, 500, t_("an internal error; it is logged under request {request_id}",
                                    request_id=request_id))


async def http_error(request: Request, exc: Exception) -> Response:
    """FastAPI's HTTP errors with their detail in the reader's language."""
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 422 and isinstance(exc.detail, list):
        errors = [{**e, "msg": worded(e["msg"], request_words(request))} for e in exc.detail]
        return problem(request, 422, errors[0]["msg"] if errors else "", errors=errors)
    return problem(request, exc.status_code, exc.detail, headers=getattr(exc, "headers", None))


FIELD_PATH = re.compile(r"^([A-Za-z_][\w]*(?:\.[\w-]+)*): ")


def _finite(value: Any) -> Any:
    """``value`` with every non-finite number as text: JSON has no NaN or Infinity."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


async def unprocessable(request: Request, exc: Exception) -> Response:
    """422 problem details with the field path of every error (``errors``: ``loc``, ``msg``, ``type``,
    ``input``); a check over a whole scenario names its field at the start of its message, and that path is
    added to ``loc``. Inputs holding NaN or Infinity are echoed as text."""
    assert isinstance(exc, RequestValidationError)
    words = request_words(request)
    errors = []
    for error in exc.errors():
        why = refusal(error)
        error = {k: v for k, v in error.items() if k != "ctx"}
        msg = str(why)
        found = FIELD_PATH.match(msg)
        if found and not str(error.get("type", "")).startswith(("missing", "extra")):
            error["loc"] = [*error.get("loc", ()), *found.group(1).split(".")]
        error["msg"] = worded(why, words)
        errors.append(_finite(error))
    return problem(request, 422, errors[0]["msg"] if errors else "", errors=jsonable_encoder(errors))


def operation_id(route: APIRoute) -> str:
    """An operation's id in the OpenAPI document: its function's name in lowerCamelCase (``create_run`` ->
    ``createRun``), so generated clients get names a person would choose."""
    head, *rest = route.name.split("_")
    return head + "".join(part.title() for part in rest)


def seed_scenarios(store: Store) -> None:
    """Each pack scenario becomes version 1 in the database the first time the service starts (once, when
    services start together on one database)."""
    for code in list_regions():
        region = load_region(code)
        for name in list_scenarios(code):
            if not store.scenarios(code, name):
                store.seed_scenario(code, name, load_scenario(region, name).model_dump(mode="json"),
                                    note="from the region pack")


def create_app(settings: Settings | None = None) -> FastAPI:
    """The service; settings from the environment when none are given (SettingsError names a wrong one)."""
    settings = settings or load_settings()
    pack_roots()  # a REGIO_PACKS_DIR that names no folder stops the service at once, in one line
    url = settings.url()
    store = Store(url)
    manager = RunManager(store, url, settings.workers, settings.run_time_limit, settings.executor,
                         settings.scheduler, settings.max_waiting_runs)
    if settings.executor == "dask":
        manager.open()  # a scheduler that does not answer stops the service before it starts, in one line

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        repaired = store.repair_text()
        if repaired:
            log.warning("replaced lone surrogates by U+FFFD in %d stored scenario versions", repaired)
        seed_scenarios(store)
        resumed = manager.resume()
        if resumed:
            log.info("queued %d unfinished runs again", resumed)
        yield
        manager.shutdown()

    app = FastAPI(title="regio", version=API_VERSION, lifespan=lifespan, generate_unique_id_function=operation_id,
                  openapi_tags=[
                      {"name": "regions", "description": "the region packs: public, read-only"},
                      {"name": "scenarios", "description": "scenarios, versioned and never overwritten"},
                      {"name": "runs", "description": "solves of a scenario version, queued and polled"},
                      {"name": "results", "description": "a finished run's plan, files, maps, reports and "
                                                         "comparisons"}],
                  openapi_url=f"{API_PREFIX}/openapi.json", docs_url=f"{API_PREFIX}/docs", redoc_url=None,
                  description="Fair allocation of BW/BT, MO/VO places, flexwoningen and budget over a region's "
                              "municipalities and wijken. Solves run in worker processes; poll a run for its state.")
    app.state.store = store
    app.state.settings = settings
    app.state.manager = manager
    app.state.attempts = Attempts()
    if settings.admin_token:
        store.ensure_token(settings.admin_token, "admin (environment)", None)

    # the body's size and content are checked first, and its refusals carry the API-Version header too
    app.add_middleware(BodyGuard, max_bytes=settings.max_body_bytes)
    app.add_middleware(OriginGuard, page=forms.page_message)
    # outermost: every answer, refusals included, has its id, its log line, the API version and security headers
    app.add_middleware(RequestLog, headers={"API-Version": API_VERSION, **SECURITY_HEADERS})

    app.add_exception_handler(NotAuthenticated, not_authenticated)
    app.add_exception_handler(Forbidden, forbidden)
    app.add_exception_handler(NotFound, not_found)
    app.add_exception_handler(VersionConflict, version_conflict)
    app.add_exception_handler(forms.StaleForm, stale_form)
    app.add_exception_handler(TooManyAttempts, too_many)
    app.add_exception_handler(TooManyRuns, too_many_runs)
    app.add_exception_handler(OperationalError, database_unavailable)
    app.add_exception_handler(Exception, internal_error)
    app.add_exception_handler(RequestValidationError, unprocessable)
    app.add_exception_handler(StarletteHTTPException, http_error)
    v1 = APIRouter(prefix=API_PREFIX)
    for router in (regions.router, scenarios.router, runs.router, results.router):
        v1.include_router(router)
    app.include_router(v1)
    app.mount(f"{UI_PREFIX}/static", StaticFiles(directory=Path(__file__).resolve().parent / "static"), name="static")
    app.include_router(forms.router)
    app.include_router(health.router)
    app.openapi = lambda: openapi.document(app)  # type: ignore[method-assign]
    return app
