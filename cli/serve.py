"""``regio serve``: the web service and forms for working groups."""

from __future__ import annotations

import logging
import multiprocessing
import signal
import socket
import threading
from typing import Annotated, Any

import typer

from cli.lang import h

log = logging.getLogger(__name__)


def serve(
    host: Annotated[str, typer.Option(help=h("address to listen on"))] = "127.0.0.1",
    port: Annotated[int, typer.Option(help=h("port"))] = 8000,
    create_token: Annotated[str | None, typer.Option(
        help=h("print a new API token for this region ('admin' for all regions) and exit"))] = None,
    processes: Annotated[int, typer.Option(
        help=h("service processes answering on the port (each with its own REGIO_WORKERS solver processes)"))] = 1,
) -> None:
    """Start the service (SQLite in REGIO_DATA_DIR by default; DATABASE_URL for PostgreSQL)."""
    import uvicorn

    from api.config import load_settings
    from api.logs import configure
    from api.main import create_app
    from api.storage import Store
    from data import list_regions
    from models.i18n import t_

    settings = load_settings()
    if create_token is not None:
        region = None if create_token == "admin" else create_token
        if region is not None and region not in list_regions():
            raise ValueError(t_("--create-token: unknown region {region}; known: {known}", region=repr(region),
                                known=", ".join(list_regions())))
        typer.echo(Store(settings.url()).create_token(f"token for {create_token}", region))
        return
    if processes < 1:
        raise ValueError(t_("--processes: {n} is not a number of processes; give 1 or more", n=processes))
    configure(settings.log_format == "json")
    # uvicorn's own access lines are replaced by the service's, which carry the request id
    if processes == 1:
        uvicorn.run(create_app(settings), host=host, port=port, log_config=None, access_log=False)
    else:
        serve_processes(host, port, processes)


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket on host:port that other processes may bind too (SO_REUSEPORT): the kernel spreads new
    connections over the processes listening, instead of one process taking every waiting connection at once."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


def serve_processes(host: str, port: int, processes: int) -> None:
    """``processes`` service processes on one port, each with a socket of its own: each builds the service from
    the environment (runs are claimed, so none is solved twice) and ends with this command, also when it is
    killed; one that is killed (out of memory, say) is started again, one that ends by itself (it cannot start,
and says why) ends the command."""
    from api.config import load_settings
    from models.i18n import t_

    if not hasattr(socket, "SO_REUSEPORT"):
        raise ValueError(t_("--processes: this system cannot share a port between processes; use 1"))
    try:
        held = listening_socket(host, port)  # the port is free for us: said now, once, not by every process
    except OSError as exc:
        raise ValueError(t_("--port: {host}:{port} cannot be used ({error})", host=host, port=port,
                            error=exc.strerror or exc)) from None
    from api.storage import Store

    # the database brought to the newest revision once, before the processes start (on SQLite two processes
    # migrating one new file at the same moment would collide)
    Store(load_settings().url()).engine.dispose()
    context = multiprocessing.get_context("spawn")

    def start() -> Any:
        process = context.Process(target=service_process, args=(host, port), name="regio-service")
        process.start()
        return process

    running = [start() for _ in range(processes)]
    stopping = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopping.set())
    try:
        while not stopping.wait(0.5):
            for i, process in enumerate(running):
                if process.is_alive():
                    continue
                if process.exitcode is None or process.exitcode >= 0:  # it ended itself, saying why: so do we
                    raise SystemExit(process.exitcode or 0)
                log.warning("service process %s was killed (signal %s); starting another", process.pid,
                            -process.exitcode)
                running[i] = start()
    finally:
        for process in running:
            if process.is_alive():
                process.terminate()
        for process in running:
            process.join(30)
            if process.is_alive():
                process.kill()
        held.close()


def service_process(host: str, port: int) -> None:
    """One process of ``regio serve --processes N``: the service from the environment on a socket of its own,
    logging as the command does; it ends with the command that started it, also when that is killed. A service
    that cannot start says why in one line, as the command does."""
    from cli.errors import friendly

    try:
        friendly(_service_process)(host, port)
    except typer.Exit as exc:  # its line is written; the command reads the exit code
        raise SystemExit(exc.exit_code) from None


def _service_process(host: str, port: int) -> None:
    import uvicorn

    from api.config import load_settings
    from api.logs import configure
    from api.main import create_app
    from optimiser.executors import end_with_parent

    end_with_parent()
    settings = load_settings()
    app = create_app(settings)
    configure(settings.log_format == "json")
    sock = listening_socket(host, port)
    uvicorn.Server(uvicorn.Config(app, log_config=None, access_log=False)).run(sockets=[sock])
