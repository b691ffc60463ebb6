"""The progress display while a scenario solves: each step in the reader's words on a terminal, nothing on a
pipe."""

from __future__ import annotations

import io

from rich.console import Console

from cli.progress import solving
from data import load_region, load_scenario
from models.i18n import Words
from optimiser.solving import solve_scenario


def _shown(lang: str, terminal: bool) -> str:
    region = load_region("midden-ijssel")
    scenario = load_scenario(region)
    scenario = scenario.model_copy(update={"solver": scenario.solver.model_copy(update={"explain": False})})
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=terminal, width=120, color_system=None)
    with solving(Words(lang), console) as progress:
        assert (progress is None) is not terminal
        result = solve_scenario(region, scenario, progress=progress)
    assert result.status.solved
    return screen.getvalue()


def test_a_terminal_sees_each_step_in_dutch():
    shown = _shown("nl", terminal=True)
    assert "stap 1 van 9: niet geplaatst" in shown and "stap 4 van 9: totale afwijking" in shown
    assert "klaar" in shown and "stage" not in shown


def test_english_on_request():
    shown = _shown("en", terminal=True)
    assert "step 1 of 9: unmet demand" in shown and "step 5 of 9: cost" in shown


def test_a_pipe_gets_no_progress():
    assert _shown("nl", terminal=False) == ""
