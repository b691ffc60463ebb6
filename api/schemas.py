"""Request and response bodies of the JSON API."""

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any

from fastapi import Path as PathParam
from pydantic import AwareDatetime, BaseModel, BeforeValidator, Field

from api.storage import RunRow, ScenarioRow
from models import Scenario
from models.i18n import Words
from optimiser.report import wording

MAX_ID = 2**31 - 1
ScenarioId = Annotated[int, PathParam(ge=1, le=MAX_ID, description="scenario version id")]


def _utc(value: Any) -> Any:
    """A stored moment with its time zone: SQLite keeps none, and every moment is stored in UTC."""
    return value.replace(tzinfo=UTC) if isinstance(value, datetime) and value.tzinfo is None else value


#: a moment with its time zone (ISO 8601, UTC)
Moment = Annotated[AwareDatetime, BeforeValidator(_utc)]


class RunStatus(StrEnum):
    """Where a run is: waiting for a worker, solving, or ended (done, failed or cancelled)."""

    queued = "queued"
    running = "running"
    done = "done"
    failed = "failed"
    cancelled = "cancelled"


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
    created_at: Moment
    scenario: dict[str, Any]

    @classmethod
    def of(cls, row: ScenarioRow) -> "ScenarioOut":
        return cls(id=row.id, region=row.region, name=row.name, version=row.version, note=row.note,
                   created_at=row.created_at, scenario=row.doc)


class RunCreate(BaseModel):
    scenario_id: int = Field(ge=1, le=MAX_ID)


class RunOut(BaseModel):
    id: str
    region: str
    scenario_id: int
    status: RunStatus
    progress: float = Field(ge=0, le=1, description="share of the solve's steps done")
    message: str | None = Field(description="the step the run is at, in the reader's language")
    created_at: Moment
    started_at: Moment | None
    finished_at: Moment | None

    @classmethod
    def of(cls, row: RunRow, words: Words | None = None) -> "RunOut":
        """The run as the API shows it; its progress message in the reader's words."""
        message = wording.progress(row.message, words) if words is not None and row.message else row.message
        return cls(id=row.id, region=row.region, scenario_id=row.scenario_id, status=RunStatus(row.status),
                   progress=row.progress, message=message, created_at=row.created_at,
                   started_at=row.started_at, finished_at=row.finished_at)
