"""Runs: a solve queued for a scenario version, its progress, and cancelling it."""

from fastapi import APIRouter, HTTPException

from api.deps import Access, ManagerDep, ReaderWords, StoreDep
from api.schemas import RunCreate, RunOut
from api.words import STATUS
from models.i18n import t_

router = APIRouter(prefix="/runs", tags=["runs"])

ENDED = ("done", "failed", "cancelled")


@router.post("", response_model=RunOut, status_code=202)
def create_run(body: RunCreate, access: Access, store: StoreDep, manager: ManagerDep, words: ReaderWords) -> RunOut:
    """Queue a solve of a scenario version; poll the run for its state (202 with the run)."""
    row = access.scenario(body.scenario_id)
    run = manager.start(row.region, row.id)
    return RunOut.of(store.run(run.id) or run, words)


@router.get("", response_model=list[RunOut])
def list_runs(access: Access, store: StoreDep, words: ReaderWords, region: str | None = None) -> list[RunOut]:
    """The runs of the token's region (an admin token names one), newest first."""
    if region is not None:
        access.allow(region)
    return [RunOut.of(r, words) for r in store.runs(region or access.token.region)]


@router.get("/{run_id}", response_model=RunOut)
def get_run(run_id: str, access: Access, words: ReaderWords) -> RunOut:
    """A run's state; its progress message in the reader's language."""
    return RunOut.of(access.run(run_id), words)


@router.delete("/{run_id}", response_model=RunOut)
def cancel_run(run_id: str, access: Access, store: StoreDep, manager: ManagerDep, words: ReaderWords) -> RunOut:
    """Cancel a queued or running solve: a queued one never starts, a running one stops within a second and keeps
    the best plan found until then as its result; a run that has ended answers 409."""
    row = access.run(run_id)
    if row.status in ENDED:
        raise HTTPException(409, t_("run {run_id} has already ended ({status})", run_id=run_id,
                                    status=STATUS.get(row.status, row.status)))
    manager.cancel(run_id)
    return RunOut.of(store.run(run_id) or row, words)
