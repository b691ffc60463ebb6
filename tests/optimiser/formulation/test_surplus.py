"""surplus: no more places of a type in a year than its clients, except what the rules force; each
surplus reported per type and year with its cause."""

from __future__ import annotations

from collections import defaultdict

from data import load_region, load_scenario
from models import SurplusRow
from optimiser.formulation import build
from optimiser.verify import verify
from tests.factories import tiny_region
from tests.optimiser.formulation.support import places, quiet, solve, stage_values

YEARS = (2024, 2025, 2026)


def test_a_site_size_forces_a_surplus():
    # Astad keeps its 10 BW places (no cut), 24 clients a year: 14 more, but new places come in sites of
    # 20-24 (draagkracht off, so a wijk carries one): Bdorp opens a site of 20, 6 places stand empty
    region = tiny_region(capacity=[{"municipality": "GM0001", "type": "bw", "places": 10}])
    scenario = quiet(demand={"bw": {t: 24 for t in YEARS}}, draagkracht={"enabled": False},
                     transitions={"keep_current": ["bw"]})
    result = solve(region, scenario)
    assert [places(result, "bw", t) for t in YEARS] == [{"GM0001": 10, "GM0002": 20}] * 3
    assert result.surplus == [SurplusRow(type="bw", year=t, places=30, demand=24, surplus=6,
                                         causes={"site_size": 6}) for t in YEARS]
    assert result.objective["surplus"] == 18
    assert result.objective["unmet"] == 0  # 14 unmet would be worse: unmet demand comes first
    # the empty places are paid for: 30 places x 50,000 a year
    assert [result.budget_years[t].cost for t in YEARS] == [1_500_000] * 3
    assert verify(region, scenario, result) == []


def test_no_closing_before_opening_forces_one_year_of_surplus():
    # Astad holds all 48 places today, key 50/50: Bdorp's site of 22 opens in 2024, Astad's 22 may close
    # only in 2025, once the site stands. 70 places for 48 clients in 2024, none above demand after.
    region = tiny_region()
    result = solve(region, quiet(demand={"bw": {t: 48 for t in YEARS}}))
    assert [places(result, "bw", t) for t in YEARS] == [{"GM0001": 48, "GM0002": 22}] + [
        {"GM0001": 26, "GM0002": 22}] * 2
    assert result.surplus == [SurplusRow(type="bw", year=2024, places=70, demand=48, surplus=22,
                                         causes={"not_yet_closable": 22})]
    assert result.objective["surplus"] == 0  # places closing the next year are accepted
    assert result.budget_years[2024].cost == 70 * 50_000
    assert verify(region, quiet(demand={"bw": {t: 48 for t in YEARS}}), result) == []


def test_opening_ahead_of_the_closures_is_an_unexplained_surplus():
    # the same, but Astad may close nothing before 2026: the site's 22 stand empty in 2024 *and* 2025.
    # Only 2025's are accepted (they close in 2026): 22 places of unexplained surplus, so the optimum
    # keeps Bdorp's site until the year before Astad closes
    region = tiny_region()
    scenario = quiet(demand={"bw": {t: 48 for t in YEARS}})
    model = build(region, scenario)
    model.new["GM0002", "bw", 2024].lowBound = 22
    model.closed["GM0001", "bw", 2025].upBound = 0
    assert stage_values(model, ("unmet", "surplus")) == {"unmet": 0, "surplus": 22}

    paced = build(region, scenario)
    paced.closed["GM0001", "bw", 2025].upBound = 0
    values = stage_values(paced, ("unmet", "surplus", "max_deviation", "total_deviation"))
    assert values["surplus"] == 0
    assert [round(paced.new["GM0002", "bw", t].value()) for t in YEARS] == [0, 22, 22]


def test_keep_current_and_falling_demand_are_causes():
    # BW: 48 kept (no cut) for 40 clients: 8 above demand. Flexwoningen: 10 opened for 2025, demand falls to
    # 6 in 2026, and opened places stay: 4 above demand.
    region = tiny_region()
    scenario = quiet(demand={"bw": {t: 40 for t in YEARS}, "flex": {2024: 0, 2025: 10, 2026: 6}},
                     transitions={"keep_current": ["bw"]})
    result = solve(region, scenario)
    assert result.surplus == [
        *(SurplusRow(type="bw", year=t, places=48, demand=40, surplus=8, causes={"keep_current": 8})
          for t in YEARS),
        SurplusRow(type="flex", year=2026, places=10, demand=6, surplus=4, causes={"opened_earlier": 4}),
    ]
    assert result.objective["surplus"] == 3 * 8 + 4
    assert verify(region, scenario, result) == []


def test_dwo_holds_no_more_places_than_clients_except_the_caused_surplus():
    region = load_region("dwo")
    scenario = load_scenario(region)
    result = solve(region, scenario.model_copy(update={"solver": scenario.solver.model_copy(
        update={"explain": False})}))
    held: dict[tuple[str, int], int] = defaultdict(int)
    for a in result.allocation:
        held[a.type, a.year] += a.places
    over = {(p, t): held[p, t] - scenario.demand[p][t] for p in scenario.demand for t in scenario.years
            if held[p, t] > scenario.demand[p][t]}
    # relocation out of Delft: opened in the regiogemeenten in 2023 (BT 2024 too), Delft's places close the
    # year after; BT at most 20 closing a year (20 in 2024, 5 in 2025). The flexwoningen stand a year early
    # in 2025 so the night shelter may go to single rooms in 2026 (precedence).
    assert over == {("bt", 2023): 20, ("bt", 2024): 5, ("bt_plus", 2023): 8, ("bw", 2023): 14,
                    ("bw_plus", 2023): 6, ("flex_housing_first", 2025): 3, ("flex_doorstroom", 2025): 2,
                    ("flex_short_stay", 2025): 3}
    assert {(s.type, s.year): s.surplus for s in result.surplus} == over
    assert {(s.type, s.year): s.causes for s in result.surplus} == {
        **{key: {"not_yet_closable": n} for key, n in over.items() if not key[0].startswith("flex")},
        **{key: {"precedence": n} for key, n in over.items() if key[0].startswith("flex")},
    }
    assert result.objective["surplus"] == 8  # only the flexwoningen's year ahead closes nothing the year after
    # 2023: 278 BW/BT places for 230 clients (was 283), 278 x 48,783 = EUR 13,561,674 (was 13,805,589); the
    # flexwoningen cost nothing (no capital cost, so their co-financing lowers nothing)
    assert sum(held[p, 2023] for p in ("bt", "bt_plus", "bw", "bw_plus")) == 278
    assert round(result.budget_years[2023].cost) == 13_561_674
    assert verify(region, scenario, result) == []
