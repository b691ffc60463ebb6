"""A progress display on stderr while a scenario solves: the step and the time so far, gone when it ends."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from models.i18n import Words
from optimiser.report import wording
from optimiser.solving import Progress as Callback


@contextmanager
def solving(words: Words, console: Console | None = None) -> Iterator[Callback | None]:
    """A callback for ``solve_scenario`` that shows each step on a terminal; None when stderr is a file or pipe
    (scripts and ``--json`` read stdout, and a log has no use for a spinner)."""
    console = console or Console(stderr=True)
    if not console.is_terminal:
        yield None
        return
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                  console=console, transient=True) as bar:
        task = bar.add_task(words._("solving"), total=1.0)

        def update(fraction: float, message: str) -> None:
            bar.update(task, completed=fraction, description=wording.progress(message, words))
            bar.refresh()  # every step is drawn, however fast the solver passes it

        yield update
