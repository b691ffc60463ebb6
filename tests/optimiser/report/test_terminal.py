"""The terminal report: a money verdict only where the scenario's budget rules were on."""

from __future__ import annotations

from data import load_region
from models import BudgetYear, GrantLine, Result
from optimiser.report.terminal import render


def _result(budget_enabled: bool) -> Result:
    return Result(region="maastricht-heuvelland", scenario="s", status="optimal", solver="highs",
                  solver_version="highs", wall_time=0.0, years=[2024], budget_enabled=budget_enabled,
                  budget_years={2024: BudgetYear(cost=1_000_000, grants=6_062_158, available=6_062_158,
                                                 headroom=5_062_158)},
                  grants=[GrantLine(label="MO", domain="mo", year=2024, amount=6_062_158)],
                  modelling_choices=["a choice"])


def test_budget_on_shows_the_headroom():
    text = render(_result(True), load_region("maastricht-heuvelland"))
    assert "headroom" in text and "5,062,158" in text


def test_budget_off_shows_cost_as_information_only():
    text = render(_result(False), load_region("maastricht-heuvelland"))
    assert "headroom" not in text and "5,062,158" not in text
    assert "Cost per year, for information only: 2024 € 1,000,000" in text
    assert "no verdict" in text
    assert "MO" in text and "6,062,158" in text  # the grant is still listed, as information
    assert "  - a choice" in text
