"""The terminal report: a money verdict only where the scenario's budget rules were on; the places above
demand with their causes."""

from __future__ import annotations

from data import load_region
from models import BudgetYear, GrantLine, Result
from models.i18n import Words
from optimiser.report.files import summary
from optimiser.report.terminal import render
from optimiser.solving import solve_scenario
from tests.factories import tiny_region, tiny_scenario


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


def test_the_surplus_is_shown_with_its_cause():
    # the tiny optimum: 70 BW places for 48 clients in 2024, Astad's 22 close in 2025
    region = tiny_region()
    result = solve_scenario(region, tiny_scenario(solver={"explain": False}))
    lines = render(result, region).splitlines()
    start = lines.index("Places above demand (empty places, counted in the costs at the cost per place-year)")
    assert lines[start + 1].split()[:6] == ["type", "year", "places", "demand", "surplus", "cause"]
    assert lines[start + 3].split() == ["Beschermd", "wonen", "2024", "70", "48", "22", "22", *(
        "nog niet te sluiten (sluit volgend jaar, als de vervanging open is)".split())]
    english = render(result, region, Words("en")).splitlines()
    assert english[start + 3].endswith("22 not yet closable (closes next year, after its replacement opened)")
    assert len(lines) > start + 4 and lines[start + 4] == ""
    assert summary(result)["surplus"] == [{"type": "bw", "year": 2024, "places": 70, "demand": 48, "surplus": 22,
                                           "causes": {"not_yet_closable": 22}}]


def test_no_surplus_is_said():
    region = tiny_region()
    result = solve_scenario(region, tiny_scenario(transitions={"enabled": False}, solver={"explain": False}))
    assert result.surplus == []
    assert "Places above demand: none" in render(result, region)
