"""Scenarios: versioned, never overwritten; each new version is checked against its region."""

import io
from typing import Any

from fastapi import APIRouter, HTTPException, Response

from api.deps import Access, ReaderWords, StoreDep, known_region
from api.schemas import ScenarioCreate, ScenarioId, ScenarioOut, ScenarioVersion
from data import PackError
from data.pack import parse_scenario
from data.scenario_workbook import MEDIA_TYPE, template_workbook
from models import Region, Scenario
from models.i18n import Message

router = APIRouter(prefix="/scenarios", tags=["scenarios"])


def unprocessable(loc: list[str | int], message: str) -> HTTPException:
    return HTTPException(422, detail=[{"loc": loc, "msg": message, "type": "value_error"}])


def validated(region: Region, scenario: Scenario) -> dict[str, Any]:
    """The scenario as JSON once it holds for the region; a 422 naming the field when it does not."""
    doc = scenario.model_dump(mode="json")
    try:
        parse_scenario(region, doc, "scenario")
    except PackError as exc:
        found = exc.args[0] if exc.args else str(exc)
        # "scenario: <field>: <why>": the field's message, worded for the reader by the error handler
        inner = found.params.get("error", found) if isinstance(found, Message) else None
        message = inner if isinstance(inner, str) else str(found).removeprefix("scenario: ")
        field_path = str(message).split(":", 1)[0]
        raise unprocessable(["body", "scenario", *field_path.split(".")], message) from None
    return doc


@router.get("", response_model=list[ScenarioOut])
def list_scenarios(access: Access, store: StoreDep, region: str | None = None,
              name: str | None = None) -> list[ScenarioOut]:
    """The scenario versions of the token's region (an admin token names one), newest last; `name` keeps one
    scenario's versions."""
    if region is not None:
        access.allow(region)
    return [ScenarioOut.of(r) for r in store.scenarios(region or access.token.region, name)]


@router.post("", response_model=ScenarioOut, status_code=201)
def create_scenario(body: ScenarioCreate, access: Access, store: StoreDep) -> ScenarioOut:
    """A new scenario, checked against its region: version 1, or the next version when the name exists."""
    doc = validated(access.region(body.region), body.scenario)
    return ScenarioOut.of(store.add_scenario(body.region, body.scenario.name, doc, body.note, access.token.label))


@router.get("/{scenario_id}", response_model=ScenarioOut)
def get_scenario(scenario_id: ScenarioId, access: Access) -> ScenarioOut:
    """One scenario version."""
    return ScenarioOut.of(access.scenario(scenario_id))


@router.post("/{scenario_id}/versions", response_model=ScenarioOut, status_code=201)
def create_scenario_version(scenario_id: ScenarioId, body: ScenarioVersion, access: Access,
                            store: StoreDep) -> ScenarioOut:
    """A new version of a scenario (versions are never overwritten); it keeps the scenario's name."""
    row = access.scenario(scenario_id)
    if body.scenario.name != row.name:
        raise unprocessable(["body", "scenario", "name"], f"a new version keeps the name {row.name!r}")
    doc = validated(known_region(row.region), body.scenario)
    return ScenarioOut.of(store.add_scenario(row.region, row.name, doc, body.note, access.token.label))


@router.get("/{scenario_id}/history", response_model=list[ScenarioOut])
def get_scenario_history(scenario_id: ScenarioId, access: Access, store: StoreDep) -> list[ScenarioOut]:
    """Every version of the scenario this version belongs to, oldest first."""
    row = access.scenario(scenario_id)
    return [ScenarioOut.of(r) for r in store.scenarios(row.region, row.name)]


@router.get("/{scenario_id}/template.xlsx", response_class=Response,
            responses={200: {"content": {MEDIA_TYPE: {}}, "description": "the scenario as an Excel template"}})
def get_scenario_template(scenario_id: ScenarioId, access: Access, words: ReaderWords) -> Response:
    """This scenario version as an Excel template to fill in (demand per type and year, the key, caps and
    budget; sheets and texts in the reader's language). `regio solve REGION --scenario FILE.xlsx` reads it back,
    and so does the scenario's form, which saves it as a new version."""
    row = access.scenario(scenario_id)
    region = known_region(row.region)
    buffer = io.BytesIO()
    template_workbook(region, Scenario.model_validate(row.doc), words, base=row.name).save(buffer)
    return Response(buffer.getvalue(), media_type=MEDIA_TYPE,
                    headers={"Content-Disposition": f'attachment; filename="{row.name}-v{row.version}.xlsx"'})
