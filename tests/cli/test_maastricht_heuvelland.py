"""Maastricht-Heuvelland as its document describes it ("Zicht op thuis 2021-2024"): the vlekkenplan's 220
places by type (L863-885), the two other tasks spread as yearly municipal tasks (L883-884), and no money
verdict for a scenario whose budget rules are off (grants L1027-1031 listed for reference)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cli import app
from data import load_region, load_scenario
from models import Region, Result, Scenario
from optimiser.apportion import hamilton
from optimiser.report.terminal import render
from optimiser.solving import solve_scenario
from optimiser.verify import verify

runner = CliRunner()
CODE = "maastricht-heuvelland"
# the vlekkenplan table, L871-881; total 220 at L882
VLEKKENPLAN = {"sociaal_hostel": 30, "wacht_tussen": 20, "zeer_moeilijk_plaatsbaar": 15, "volwassen_kort": 30,
               "volwassen_5jr": 70, "jeugd_kort": 15, "jeugd_5jr": 20, "ouderen": 12, "familie": 8}


@pytest.fixture(scope="module")
def solved() -> tuple[Region, Scenario, Result]:
    region = load_region(CODE)
    scenario = load_scenario(region)
    scenario = scenario.model_copy(update={"solver": scenario.solver.model_copy(update={"explain": False})})
    return region, scenario, solve_scenario(region, scenario)


def totals(result: Result) -> dict[tuple[str, int], int]:
    out: dict[tuple[str, int], int] = {}
    for r in result.fair_share:
        out[r.type, r.year] = out.get((r.type, r.year), 0) + r.places
    return out


def test_optimal_and_verified(solved):
    region, scenario, result = solved
    assert result.status == "optimal" and result.gap == 0.0
    assert verify(region, scenario, result) == []


def test_exactly_the_vlekkenplan_places_by_type(solved):
    _region, scenario, result = solved
    held = totals(result)
    assert {t: held[t, 2024] for t in VLEKKENPLAN} == VLEKKENPLAN
    assert sum(held[t, 2024] for t in VLEKKENPLAN) == 220
    # no place above demand in any year either (the 2023 ramp holds exactly)
    assert all(held[t, y] == scenario.demand[t][y] for t in scenario.demand for y in scenario.years)
    assert all(v == 0 for per in result.unmet.values() for v in per.values())


def test_small_locations_spread_over_the_region(solved):
    _region, _scenario, result = solved
    hosts = {a.municipality for a in result.allocation if a.type in VLEKKENPLAN and a.new_places}
    assert len(hosts) == 6  # "verdeeld over de stad en regio" (L895)
    for a in result.allocation:
        if a.sites:
            assert a.wijk is not None


def test_yearly_tasks_add_up_and_stay_within_one_of_the_quota(solved):
    region, _scenario, result = solved
    share = region.keys["inwoners"].shares
    places = {(r.type, r.municipality, r.year): r.places for r in result.fair_share}
    munis = [m.code for m in region.municipalities]
    # outflow dwellings: 125 a year (L884, 100-150; the middle is the modelling choice)
    before = dict.fromkeys(munis, 0)
    for year in (2023, 2024):
        task = {m: places["uitstroomwoning", m, year] - before[m] for m in munis}
        assert sum(task.values()) == 125
        assert all(abs(task[m] - 125 * share[m]) < 1 for m in munis), task
        before = {m: places["uitstroomwoning", m, year] for m in munis}
    assert sum(before.values()) == 250
    assert before == hamilton(250, share)
    # BW at home: 100 clients in every year (L883), each municipality's part by the key
    for year in (2023, 2024):
        part = {m: places["bw_thuis", m, year] for m in munis}
        assert sum(part.values()) == 100 and part == hamilton(100, share)
        assert all(abs(part[m] - 100 * share[m]) < 1 for m in munis)
        assert part["GM0935"] == 59 and part["GM0981"] == 5  # Maastricht 58.79 %, Vaals 4.92 %
    # tasks of the municipality as a whole: never placed in a wijk
    assert all(a.wijk is None for a in result.allocation if a.type in ("bw_thuis", "uitstroomwoning"))


def test_budget_off_shows_no_money_verdict(solved):
    region, _scenario, result = solved
    assert result.budget_enabled is False
    text = " ".join(render(result, region).split())
    assert "ruimte" not in text.lower() and "beschikbaar" not in text.lower()
    assert "geen oordeel" in text and "alleen ter informatie" in text
    assert "Modelkeuzes" in text and "125 per jaar" in text


def test_result_lists_the_three_grants(solved):
    _region, _scenario, result = solved
    grants = {(g.domain, g.year): g.amount for g in result.grants}
    assert {d for d, _ in grants} == {"bw", "mo", "vo"}
    assert grants["bw", 2023] == 20_123_961 and grants["mo", 2021] == 6_458_475 and grants["vo", 2024] == 1_959_628
    assert len(result.modelling_choices) >= 5


def test_show_lists_the_three_grants():
    cli = runner.invoke(app, ["show", CODE])
    assert cli.exit_code == 0, cli.output
    assert "Beschermd wonen (BW): 2021 € 20.123.961" in cli.output
    assert "MO (MO): 2021 € 6.458.475, 2022 € 6.062.158" in cli.output
    assert "VO opvang (VO): 2021 € 1.959.628" in cli.output
    assert "wvggz_budget: € 143.000" in cli.output
    english = runner.invoke(app, ["show", CODE, "--lang", "en"])
    assert "MO (MO): 2021 €6,458,475, 2022 €6,062,158" in english.output
