"""Server-rendered forms for working groups (Dutch labels, no front-end build step).

Access goes through the same check as the JSON API (``api.deps``); ``api.main`` shows the login page, or a
Dutch message, when that check refuses.
"""

import hashlib
import hmac
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from api.deps import TOKEN_COOKIE, Access, CurrentToken, ManagerDep, NotFound, StoreDep, checked_token, permits
from api.storage import RunRow, ScenarioRow, Store
from api.words import status
from data import PackError, list_regions, load_region
from data.pack import parse_scenario
from data.scenario_workbook import read_template_bytes
from models import CBS_CREDIT, Region, Result, Scenario, Status
from models.errors import refusal
from models.i18n import Words, worded
from models.scenario import stepped_shares
from optimiser.report import wording
from optimiser.report.confidential import NOTE_NL, redact
from optimiser.report.tables import signed, status_text
from optimiser.report.wording import why as why_words
from optimiser.report.wording import worded as worded_result
from optimiser.why import resolve, why

router = APIRouter(prefix="/ui", tags=["forms"], include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))
templates.env.globals["cbs_credit"] = CBS_CREDIT
templates.env.globals["confidential_note"] = NOTE_NL
#: the forms are Dutch: numbers shown and read as a Dutch user writes them
FORM_WORDS = Words("nl")


def _getal(value: object, fixed: int | None = None) -> object:
    """A number in the form as Dutch writes it (``250.000``, ``22,5``; ``fixed`` decimals always shown:
    ``40,00``); anything else as it is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return FORM_WORDS.number(value) if fixed is None else FORM_WORDS.fixed(value, fixed)


templates.env.filters["getal"] = _getal
templates.env.filters["status"] = lambda value: status(value, FORM_WORDS)
templates.env.filters["verschil"] = lambda value: signed(value, FORM_WORDS)
templates.env.filters["oplosstatus"] = lambda value: status_text(Status(value), FORM_WORDS)
templates.env.filters["voortgang"] = lambda value: wording.progress(value, FORM_WORDS)

FORBIDDEN = "Geen toegang tot deze regio."
#: how long a login of the forms lasts
SESSION_HOURS = 8.0
TWO_DONE = "Kies twee of meer berekeningen van deze regio die klaar zijn."
FIELD_OF = {"extra": "extra", "fixed_costs": "fixed", "overrides": "override"}


def csrf_for(token: str) -> str:
    """The forms' anti-forgery value for a login: a page of another site can send the login cookie along but
    cannot read this value, which every form of the service carries in a hidden field."""
    return hmac.new(b"regio-forms", token.encode(), hashlib.sha256).hexdigest()[:32]


def _csrf(request: Request) -> str:
    return csrf_for(request.cookies.get(TOKEN_COOKIE, ""))


templates.env.globals["csrf"] = _csrf


async def same_site_form(request: Request) -> None:
    """A form sent from one of this service's own pages: its hidden ``csrf`` field (or an ``X-CSRF-Token``
    header) matches the login; otherwise nothing is done and the page says why."""
    sent = request.headers.get("x-csrf-token")
    if sent is None:
        value = (await request.form()).get("csrf")
        sent = value if isinstance(value, str) else ""
    if not hmac.compare_digest(sent, _csrf(request)):
        raise StaleForm()


class StaleForm(Exception):
    """A form without this login's anti-forgery value: from another site, or from before a new login."""


def page_message(request: Request, message: str, status: int) -> Response:
    """A page that says one thing (no access, not found), with the site's landmarks and a way back."""
    return templates.TemplateResponse(request, "message.html", {"message": message}, status_code=status)


def login_page(request: Request, message: str | None = None, status: int = 200) -> Response:
    return templates.TemplateResponse(request, "login.html", {"message": message}, status_code=status)


@router.get("", response_class=HTMLResponse)
def home(request: Request, tok: CurrentToken) -> Response:
    codes = [c for c in list_regions() if permits(tok, c)]
    return templates.TemplateResponse(request, "regions.html", {"regions": [load_region(c) for c in codes]})


@router.post("/login")
async def login(request: Request, store: StoreDep) -> Response:
    form = await request.form()
    token = str(form.get("token", "")).strip()
    row = checked_token(request, store, token) if token else None
    if row is None:
        return login_page(request, "Onbekende toegangscode.", 401)
    response = RedirectResponse("/ui", status_code=303)
    # the cookie holds a session, not the token; it ends after SESSION_HOURS or at logout
    response.set_cookie(TOKEN_COOKIE, store.open_session(row, SESSION_HOURS), max_age=int(SESSION_HOURS * 3600),
                        httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return response


@router.post("/logout", dependencies=[Depends(same_site_form)])
async def logout(request: Request, store: StoreDep) -> Response:
    store.close_session(request.cookies.get(TOKEN_COOKIE, ""))
    response = login_page(request, "U bent afgemeld.")
    response.delete_cookie(TOKEN_COOKIE)
    return response


@router.get("/regio/{code}", response_class=HTMLResponse)
def region_page(code: str, request: Request, access: Access, store: StoreDep) -> Response:
    region = access.region(code)
    latest: dict[str, Any] = {}
    for row in store.scenarios(code):
        latest[row.name] = row
    runs = store.runs(code)[:20]
    return templates.TemplateResponse(request, "region.html", {
        "region": region, "scenarios": list(latest.values()), "runs": runs, "run_labels": run_labels(store, runs)})


def run_label(scenario: ScenarioRow | None, run: RunRow) -> str:
    """A run as a reader knows it: its scenario's title and version, and when it started."""
    started = run.created_at.strftime("%d-%m-%Y %H:%M")
    if scenario is None:
        return FORM_WORDS._("run of {moment}", moment=started)
    title = scenario.doc.get("title") or scenario.name
    return FORM_WORDS._("{title} (version {version}), {moment}", title=title, version=str(scenario.version),
                        moment=started)


def run_labels(store: Store, runs: list[RunRow]) -> dict[str, str]:
    """Each run's label (``run_label``)."""
    scenarios = {i: store.scenario(i) for i in {r.scenario_id for r in runs}}
    return {r.id: run_label(scenarios[r.scenario_id], r) for r in runs}


def _shares_editable(scenario: Scenario) -> bool:
    """Whether the form edits the shares: they hold in every year (the key's, or what-if shares for every year).
    A key or shares that change from a year on are shown per year and kept as they are."""
    return not stepped_shares(scenario.key_shares) and (scenario.key_shares is not None
                                                         or isinstance(scenario.key, str))


def _form_context(region: Region, doc: dict[str, Any], row: Any, errors: dict[str, str],
                  values: dict[str, str]) -> dict[str, Any]:
    scenario = Scenario.model_validate(doc)
    per_year = []  # (year, label, shares) in force for the scenario's key
    for y in scenario.years:
        what_if, name = scenario.key_shares_in(y), scenario.key_in(y)
        label = "eigen verdeling" if what_if is not None else f"{name}: {region.keys[name].label}"
        per_year.append((y, label, what_if if what_if is not None else region.keys[name].shares))
    editable = _shares_editable(scenario)
    return {"region": region, "row": row, "scenario": scenario, "shares": per_year[0][2] if editable else None,
            "shares_per_year": per_year, "errors": errors, "values": values,
            "types": [t for t in region.provision_types if t.code in scenario.demand],
            "excel": _excel_texts(), "upload_error": "",
            "copy_error": "", "copy_values": {}}


def _excel_texts() -> dict[str, str]:
    """The texts of the form's Excel part: downloading the template, and loading a filled one."""
    w = FORM_WORDS
    return {"heading": w._("Fill in the scenario in Excel"),
            "download": w._("Download the Excel template"),
            "help": w._("Fill in the template and load it here: it is saved as a new version of this scenario and "
                        "computed, as saving the form is. What the template does not show is kept from this "
                        "version."),
            "upload": w._("Load the scenario from Excel"),
            "button": w._("Load and compute"),
            "failed": w._("The workbook was not loaded:")}


@router.get("/scenario/{scenario_id}", response_class=HTMLResponse)
def edit(scenario_id: int, request: Request, access: Access) -> Response:
    row = access.scenario(scenario_id)
    region = load_region(row.region)
    return templates.TemplateResponse(request, "scenario.html", _form_context(region, row.doc, row, {}, {}))


def _number(name: str, raw: str, errors: dict[str, str], integer: bool = False) -> float | int | None:
    """A number as a Dutch user types it ("250.000", "1.500.000,50", "3,5"); one written the English way
    ("48.21") is refused with a message rather than misread."""
    if raw.strip() == "":
        return None
    try:
        value = FORM_WORDS.read_number(raw)
    except ValueError as exc:
        errors[name] = str(exc)
        return None
    if value < 0:
        errors[name] = f"{raw} is negatief"
        return None
    if integer:
        if value != int(value):
            errors[name] = f"{raw} is geen heel getal"
            return None
        return int(value)
    return value


def _field_for(path: list[str]) -> str:
    """The form input that a scenario field path belongs to."""
    if not path:
        return "form"
    head = path[0]
    if head == "demand" and len(path) >= 3:
        return f"demand__{path[1]}__{path[2]}"
    if head == "key_shares":
        return f"share__{path[1]}" if len(path) > 1 else "shares"
    if head == "budget" and len(path) >= 3 and path[1] in FIELD_OF:
        return f"{FIELD_OF[path[1]]}__{path[2]}"
    if head == "caps" and len(path) >= 3:
        return f"cap__{path[1]}__{path[2]}"
    if head == "draagkracht" and len(path) >= 3:
        return f"override__{path[2]}"
    return "form"


@router.post("/scenario/{scenario_id}", response_class=HTMLResponse, dependencies=[Depends(same_site_form)])
async def save(scenario_id: int, request: Request, access: Access, store: StoreDep,
               manager: ManagerDep) -> Response:
    row = access.scenario(scenario_id)
    region = load_region(row.region)
    form = {k: str(v) for k, v in (await request.form()).items()}
    errors: dict[str, str] = {}
    doc = dict(row.doc)
    demand: dict[str, dict[str, int]] = {}
    for t, per_year in row.doc["demand"].items():
        demand[t] = {}
        for y in per_year:
            name = f"demand__{t}__{y}"
            value = _number(name, form.get(name, ""), errors, integer=True)
            demand[t][y] = int(value) if value is not None else per_year[y]
    doc["demand"] = demand
    shares = {m.code: _number(f"share__{m.code}", form.get(f"share__{m.code}", ""), errors) for m in
              region.municipalities}
    entered = {k: v for k, v in shares.items() if v is not None}
    if len(entered) == len(shares) and _shares_editable(Scenario.model_validate(row.doc)):
        doc["key_shares"] = {k: v / 100 for k, v in entered.items()}  # entered as percentages
    budget = dict(doc.get("budget") or {})
    for field, prefix in (("extra", "extra"), ("fixed_costs", "fixed")):
        values = {}
        for y in doc["years"]:
            v = _number(f"{prefix}__{y}", form.get(f"{prefix}__{y}", ""), errors)
            if v:
                values[str(y)] = v
        budget[field] = values
    doc["budget"] = budget
    caps: dict[str, dict[str, Any]] = {}
    for code, per_type in (row.doc.get("caps") or {}).items():
        for t, cap in per_type.items():
            if isinstance(cap, dict) or t not in demand:  # not shown as an input: kept as it is
                caps.setdefault(code, {})[t] = cap
    for m in region.municipalities:
        for t in demand:
            if t in caps.get(m.code, {}):
                continue
            v = _number(f"cap__{m.code}__{t}", form.get(f"cap__{m.code}__{t}", ""), errors, integer=True)
            if v is not None:
                caps.setdefault(m.code, {})[t] = int(v)
    doc["caps"] = caps
    draagkracht = dict(doc.get("draagkracht") or {})
    overrides = {}
    for w in region.wijken:
        v = _number(f"override__{w.code}", form.get(f"override__{w.code}", ""), errors)
        if v is not None:
            overrides[w.code] = v
    draagkracht["overrides"] = overrides
    doc["draagkracht"] = draagkracht
    if not errors:
        try:
            scenario = Scenario.model_validate(doc)
            scenario.check_against(region)
        except ValidationError as exc:
            for e in exc.errors():
                loc = [str(p) for p in e["loc"]]
                msg = worded(refusal(e), FORM_WORDS)
                if not loc:  # a check over the whole scenario names its field at the start of the message
                    path, _, rest = msg.partition(": ")
                    loc, msg = path.split("."), rest or msg
                errors[_field_for(loc)] = msg
        except ValueError as exc:
            text = worded(exc.args[0] if exc.args else str(exc), FORM_WORDS)
            path, _, message = text.partition(": ")
            errors[_field_for(path.split("."))] = message or text
    if errors:
        context = _form_context(region, row.doc, row, errors, form)
        return templates.TemplateResponse(request, "scenario.html", context, status_code=422)
    saved = store.add_scenario(row.region, row.name, scenario.model_dump(mode="json"), form.get("note") or None,
                               access.token.label)
    run = manager.start(row.region, saved.id)
    return RedirectResponse(f"/ui/run/{run.id}", status_code=303)


def _file_name(upload: UploadFile) -> str:
    """The name of an uploaded file without any folder a browser sends along."""
    return (upload.filename or "").replace("\\", "/").rsplit("/", 1)[-1]


@router.post("/scenario/{scenario_id}/excel", response_class=HTMLResponse, dependencies=[Depends(same_site_form)])
async def upload(scenario_id: int, request: Request, access: Access, store: StoreDep,
                 manager: ManagerDep) -> Response:
    """A filled Excel template saved as a new version of the scenario and computed, as ``save`` does with the
    form; a workbook that cannot be read shows its message on the page, naming the sheet and cell."""
    row = access.scenario(scenario_id)
    region = load_region(row.region)
    sent = (await request.form()).get("workbook")
    if not isinstance(sent, UploadFile) or not _file_name(sent):
        error = FORM_WORDS._("Choose a filled template (.xlsx) first.")
    else:
        name = _file_name(sent)
        try:
            scenario = read_template_bytes(region, await sent.read(), name, FORM_WORDS,
                                           base=Scenario.model_validate(row.doc), name=row.name)
        except PackError as exc:
            error = worded(exc.args[0] if exc.args else str(exc), FORM_WORDS)
        else:
            note = FORM_WORDS._("loaded from Excel: {file}", file=name)
            saved = store.add_scenario(row.region, row.name, scenario.model_dump(mode="json"), note,
                                       access.token.label)
            run = manager.start(row.region, saved.id)
            return RedirectResponse(f"/ui/run/{run.id}", status_code=303)
    context = _form_context(region, row.doc, row, {}, {}) | {"upload_error": error}
    return templates.TemplateResponse(request, "scenario.html", context, status_code=422)


@router.post("/scenario/{scenario_id}/kopie", response_class=HTMLResponse, dependencies=[Depends(same_site_form)])
async def copy(scenario_id: int, request: Request, access: Access, store: StoreDep) -> Response:
    """This version as version 1 of a new scenario, under a name and title of its own; then its form."""
    row = access.scenario(scenario_id)
    region = load_region(row.region)
    form = await request.form()
    values = {k: str(form.get(k, "")).strip() for k in ("naam", "titel")}
    error = ""
    if store.scenarios(row.region, values["naam"]):
        error = FORM_WORDS._("a scenario named {name} exists already: choose another name", name=values["naam"])
    else:
        try:
            doc = Scenario.model_validate(row.doc | {"name": values["naam"], "title": values["titel"]})
            parse_scenario(region, doc.model_dump(mode="json"), "scenario")
        except ValidationError as exc:
            found = exc.errors()[0]
            field = {"name": "naam", "title": "titel"}.get(str(found["loc"][0]) if found["loc"] else "", "naam")
            error = f"{field}: {worded(refusal(found), FORM_WORDS)}"
        except PackError as exc:
            error = worded(exc.args[0] if exc.args else str(exc), FORM_WORDS)
        else:
            note = FORM_WORDS._("copy of {name} version {version}", name=row.name, version=str(row.version))
            saved = store.add_scenario(row.region, doc.name, doc.model_dump(mode="json"), note, access.token.label)
            return RedirectResponse(f"/ui/scenario/{saved.id}", status_code=303)
    context = _form_context(region, row.doc, row, {}, {}) | {"copy_error": error, "copy_values": values}
    return templates.TemplateResponse(request, "scenario.html", context, status_code=422)


@router.get("/run/{run_id}", response_class=HTMLResponse)
def run_page(run_id: str, request: Request, access: Access, store: StoreDep, gemeente: str | None = None,
             voorziening: str | None = None, jaar: str | None = None) -> Response:
    """The run: its state, and when done the plan, the rules that shape it, and on request why a municipality
    gets what it gets of a type (``gemeente``, ``voorziening``, ``jaar``)."""
    row = access.run(run_id)
    region = load_region(row.region)
    # the pages show confidential types (vrouwenopvang) per municipality only, to every token
    result = worded_result(redact(Result.model_validate(row.result), region), Words("nl")) if row.result else None
    others = [r for r in store.runs(row.region) if r.id != row.id and r.status == "done"]
    scenario = store.scenario(row.scenario_id)
    words = Words("nl")
    answer: list[str] = []
    asked_error = ""
    if result is not None and result.status.solved and gemeente and voorziening:
        try:
            parsed = parse_scenario(region, scenario.doc) if scenario else None
            if parsed is None:
                raise ValueError("scenario: this run's scenario version is gone")
            year = int(jaar) if jaar and jaar.strip().isdigit() else None
            if jaar and year is None:
                raise ValueError(f"jaar: {jaar!r} is geen jaartal")
            resolve(region, parsed, gemeente, voorziening, year)
            found = why(region, parsed, result, gemeente, voorziening, year)
            answer = why_words(found, result, words)
        except ValueError as exc:
            asked_error = worded(exc.args[0] if exc.args else str(exc), words)
    unmet = [(result.labels.get(t, t), y, n) for t, per in result.unmet.items() for y, n in sorted(per.items()) if n
             ] if result else []
    title = (FORM_WORDS._("{title} (version {version})", title=scenario.doc.get("title") or scenario.name,
                          version=str(scenario.version)) if scenario else run_label(None, row))
    return templates.TemplateResponse(request, "run.html", {
        "run": row, "region": region, "result": result, "others": others, "scenario": scenario, "title": title,
        "other_labels": run_labels(store, others),
        "unmet": unmet, "unmet_causes": wording.unmet_causes(result, words) if result and unmet else [],
        "untested": wording.untested(result, words) if result and result.unexplained_rules else "",
        "why": answer, "why_error": asked_error,
        "asked": {"gemeente": gemeente or "", "voorziening": voorziening or "", "jaar": jaar or ""}})


@router.get("/vergelijk", response_class=HTMLResponse)
def compare_page(request: Request, access: Access, store: StoreDep,
                 run: Annotated[list[str] | None, Query()] = None) -> Response:
    """Runs side by side, labelled by scenario and version: a chart of the key figures, the key figures, and the
    places on which they do not all agree."""
    from api.routes.results import MAX_COMPARED, compared
    from optimiser.report.compare import differing_records, kpi_rows

    run = (run or [])[:MAX_COMPARED]
    if len(run) < 2:
        return page_message(request, TWO_DONE, 422)
    try:
        runs, results = compared(access, store, run, False, FORM_WORDS)
    except (NotFound, HTTPException, RequestValidationError):
        return page_message(request, TWO_DONE, 404)
    labels = [r.label for r in runs]
    region = load_region(access.run(run[0]).region)
    redacted = dict.fromkeys(t for r in results for t in r.redacted)
    return templates.TemplateResponse(request, "compare.html", {
        "region": region, "runs": runs, "labels": labels, "kpis": kpi_rows(results, FORM_WORDS),
        "names": region.names(), "type_labels": {t.code: t.label for t in region.provision_types},
        "redacted": [results[0].labels.get(t, t) for t in redacted],
        "asked": "&".join(f"run={r.run_id}" for r in runs),
        "rows": differing_records(results, labels)})
