"""``/health`` (the process answers) and ``/ready`` (it can serve: the database answers and solves can be handed
out), for load balancers and orchestrators; outside the versioned API and its document."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from api.deps import ManagerDep, StoreDep
from api.words import problem
from models.i18n import t_

router = APIRouter(include_in_schema=False)


@router.get("/health")
def health() -> JSONResponse:
    return JSONResponse({"status": "ok"})


@router.get("/ready")
def ready(request: Request, store: StoreDep, manager: ManagerDep) -> JSONResponse:
    try:
        with store.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # any failure of the database means: not ready, and says why
        return problem(request, 503, t_("the database does not answer ({error})",
                                        error=str(exc).splitlines()[0] if str(exc) else type(exc).__name__))
    try:
        manager.open()
    except Exception as exc:  # a pool that cannot be opened (a Dask scheduler gone): not ready
        return problem(request, 503, t_("solves cannot be handed out ({error})",
                                        error=str(exc).splitlines()[0] if str(exc) else type(exc).__name__))
    return JSONResponse({"status": "ready", "database": store.engine.dialect.name, "executor": manager.executor})
