"""The terminal report: a money verdict only where the scenario's budget rules were on; the places above
demand with their causes."""

from __future__ import annotations

import re

from data import load_region, load_scenario
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
    assert "ruimte" in text and "€ 5.062.158" in text
    assert "headroom" in render(_result(True), load_region("maastricht-heuvelland"), Words("en"))


def test_budget_off_shows_cost_as_information_only():
    text = render(_result(False), load_region("maastricht-heuvelland"))
    assert "ruimte" not in text and "5.062.158" not in text
    assert "Kosten per jaar, alleen ter informatie: 2024 € 1.000.000" in text
    assert "geen oordeel" in text
    assert "MO" in text and "€ 6.062.158" in text  # the grant is still listed, as information
    assert "  - a choice" in text
    english = render(_result(False), load_region("maastricht-heuvelland"), Words("en"))
    assert "Cost per year, for information only: 2024 €1,000,000" in english


def _rows(text: str, title: str) -> list[list[str]]:
    """The rows of the table under a section title, as cells split on runs of two or more spaces."""
    lines = text.splitlines()
    start = lines.index(title)
    head = next(i for i in range(start, len(lines)) if set(lines[i].strip()) == {"─"})
    rows = []
    for line in lines[head + 1:]:
        if not line.strip():
            break
        rows.append([c for c in re.split(r"\s{2,}", line.strip())])
    return rows


def test_places_from_today_through_each_year_with_the_surplus_flagged():
    # the tiny optimum: Astad holds today's 48 BW places through 2024 while Bdorp's 22 new ones open (22 empty,
    # closable only once their replacement opened), and closes 22 in 2025
    region = tiny_region()
    result = solve_scenario(region, tiny_scenario(solver={"explain": False}))
    text = render(result, region)
    rows = _rows(text, "Plekken per gemeente: nu, per jaar en het eerlijk aandeel aan het eind")
    bw = [r for r in rows if r[0] == "Beschermd wonen"]
    astad = next(r for r in bw if r[1] == "Astad")
    end = next(f for f in result.fair_share if f.type == "bw" and f.municipality == "GM0001" and f.year == 2026)
    assert astad[2:] == ["48", "48", "26", "26", f"{end.quota:.2f}".replace(".", ","),
                         f"{end.gap:+.2f}".replace(".", ",")]
    i = rows.index(astad)
    block = rows[i:i + 4]
    assert ["Beschermd wonen", "Bdorp", "0", "22", "22", "22", "24,00", "-2,00"] in block
    assert ["totaal", "48", "70", "48", "48"] in block
    assert ["lege plekken (boven de vraag)", "22"] in block
    surplus = _rows(text, "Plekken boven de vraag (lege plekken, meegeteld in de kosten tegen de kosten per plek "
                          "per jaar)")
    assert surplus == [["Beschermd wonen", "2024", "70", "48", "22",
                        "22 nog niet te sluiten (sluit volgend jaar, als de vervanging open is)"]]
    english = render(result, region, Words("en"))
    assert _rows(english, "Places above demand (empty places, counted in the costs at the cost per place-year)")[0][
        -1] == "22 not yet closable (closes next year, after its replacement opened)"
    assert summary(result)["surplus"] == [{"type": "bw", "year": 2024, "places": 70, "demand": 48, "surplus": 22,
                                           "causes": {"not_yet_closable": 22}}]


def test_money_per_year_and_who_pays_whom():
    region = load_region("mvs")
    scenario = load_scenario(region)
    result = solve_scenario(region, scenario.model_copy(update={"solver": scenario.solver.model_copy(
        update={"explain": False})}))
    text = render(result, region)
    per_year = _rows(text, "Geld per jaar")
    assert [r[0] for r in per_year] == [str(y) for y in result.years]
    assert per_year[0][1] == f"€ {result.budget_years[2024].cost:,.0f}".replace(",", ".")
    paid = _rows(text, "Wat elke gemeente huisvest en betaalt, per jaar")
    assert len(paid) == len(result.budget)
    pays_whom = _rows(text, "Wie betaalt wie") if result.transfers else []
    assert len(pays_whom) == len(result.transfers)
    for row, t in zip(pays_whom, result.transfers, strict=True):
        assert row == [str(t.year), result.names[t.payer], result.names[t.recipient],
                       "€ " + f"{t.amount:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")]


def test_no_surplus_is_said():
    region = tiny_region()
    result = solve_scenario(region, tiny_scenario(transitions={"enabled": False}, solver={"explain": False}))
    assert result.surplus == []
    lines = render(result, region).splitlines()
    start = lines.index("Plekken boven de vraag (lege plekken, meegeteld in de kosten tegen de kosten per plek per "
                        "jaar)")
    assert lines[start + 1] == "geen"
