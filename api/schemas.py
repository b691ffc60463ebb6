"""Request and response bodies of the JSON API."""

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any

from fastapi import Path as PathParam
from pydantic import AwareDatetime, BaseModel, BeforeValidator, Field

from api.storage import MAX_ID, RunRow, ScenarioRow
from models import Scenario, Status
from models.i18n import Words
from optimiser.report import wording

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
    created_by: str | None = Field(description="the label of the token that saved it (none: from the region "
                                               "pack, or saved before the service recorded it)")
    scenario: dict[str, Any]

    @classmethod
    def of(cls, row: ScenarioRow) -> "ScenarioOut":
        return cls(id=row.id, region=row.region, name=row.name, version=row.version, note=row.note,
                   created_at=row.created_at, created_by=row.created_by, scenario=row.doc)


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


class ComparedRun(BaseModel):
    """A run in a comparison, labelled by its scenario's name and version."""

    run_id: str
    scenario_id: int
    scenario: str = Field(description="the scenario's name")
    version: int | None = Field(description="the scenario version the run solved (None when it is gone)")
    label: str = Field(description="the run's column heading: scenario and version, with the run when two share "
                                   "them")


class KeyFigures(BaseModel):
    """A run's key figures, comparable across scenarios."""

    label: str
    status: Status
    unmet: int = Field(description="unmet demand, places summed over the years")
    max_fair_share_gap: float = Field(description="the largest gap to a fair share in the last year, places")
    max_draagkracht_use: float = Field(description="the highest draagkracht use of a wijk in the last year, share")
    cost: float = Field(description="cost over the years, euro")
    new_places: int = Field(description="new places, cumulative to the last year")
    binding: str = Field(description="the rules that shape the plan")
    wall_time: float = Field(description="computing time, seconds")


class DifferingCell(BaseModel):
    """Places of a municipality (its total, or one wijk) for a type and year on which the runs differ."""

    municipality: str
    wijk: str | None = Field(description="the wijk; None in a total row, or for places located in no wijk")
    type: str
    year: int
    total: bool = Field(description="the municipality's total for the type and year")
    places: list[int] = Field(description="places in each run, in the order of `runs`")
    spread: int = Field(description="most minus fewest places")


class Comparison(BaseModel):
    """Runs side by side: their key figures, and the places on which they do not all agree."""

    runs: list[ComparedRun]
    key_figures: list[KeyFigures]
    differences: list[DifferingCell]
