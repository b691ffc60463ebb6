"""``regio worker``: solve the service's runs on this machine, as worker processes of the Dask scheduler that the
services name in ``REGIO_SCHEDULER`` (``REGIO_EXECUTOR=dask``)."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.lang import h


def worker(
    scheduler: Annotated[str, typer.Argument(help=h("the Dask scheduler's address, e.g. tcp://10.0.0.5:8786"))],
    processes: Annotated[int, typer.Option(help=h("worker processes on this machine, one solve each"))] = 1,
) -> None:
    """Solve runs here: one single-threaded Dask worker process per solve at a time (a solve uses one core); each
    job carries its region and scenario, and the run's progress is written to the services' database, which this
    machine must reach (DATABASE_URL as the services have it)."""
    from distributed.cli.dask_worker import main

    from models.i18n import t_

    if processes < 1:
        raise ValueError(t_("--processes: {n} is not a number of processes; give 1 or more", n=processes))
    main.main(args=[scheduler, "--nthreads", "1", "--nworkers", str(processes), "--no-dashboard"],
              prog_name="regio worker", standalone_mode=True)
