"""The allocation model on a small hand-made region where the answers are known."""

from __future__ import annotations

import pytest

from optimiser.solving import solve_scenario
from optimiser.verify import verify
from tests.factories import tiny_region, tiny_scenario


def alloc(result, year):
    out = {}
    for a in result.allocation:
        if a.year == year:
            out[a.municipality, a.wijk, a.type] = (a.places, a.sites)
    return out


def totals(result, year, type_):
    out = {}
    for a in result.allocation:
        if a.year == year and a.type == type_:
            out[a.municipality] = out.get(a.municipality, 0) + a.places
    return out


def test_known_optimum_and_explanation():
    region, scenario = tiny_region(), tiny_scenario()
    result = solve_scenario(region, scenario)
    assert result.status == "optimal"
    assert result.gap == 0.0
    assert verify(region, scenario, result) == []
    # 48 BW places all in Astad today; fair share is 24/24. A site can open in Bdorp in 2024, but no
    # Astad place may close before its replacement is open, so 2024 keeps 48 in Astad (deviation 24).
    # Each Bdorp wijk carries floor(4 * 10 000/1 000 * 0.55) = 22 weighted places: the site holds 22.
    assert result.objective["unmet"] == 0
    assert result.objective["max_deviation"] == 24
    assert totals(result, 2024, "bw") == {"GM0001": 48, "GM0002": 22}
    assert totals(result, 2026, "bw") == {"GM0001": 26, "GM0002": 22}
    # flexwoningen: 10 dwellings split 5/5 by the 50/50 key
    assert totals(result, 2026, "flex") == {"GM0001": 5, "GM0002": 5}
    bdorp_bw = [a for a in result.allocation if a.year == 2026 and a.type == "bw" and a.municipality == "GM0002"]
    assert [(a.places, a.sites) for a in bdorp_bw] == [(22, 1)]
    described = {b.description: {g.term: g.amount for g in b.gains} for b in result.binding}
    assert "no Beschermd wonen place closes before its replacement opens" in described
    assert described["no Beschermd wonen place closes before its replacement opens"]["max_deviation"] == 22


def test_repeated_runs_give_identical_allocations():
    region, scenario = tiny_region(), tiny_scenario(solver={"explain": False})
    first = solve_scenario(region, scenario)
    second = solve_scenario(region, scenario)
    assert first.allocation == second.allocation


@pytest.mark.parametrize("solver", ["cbc", "cpsat"])
def test_backends_agree_on_the_optimum(solver):
    region = tiny_region()
    base = solve_scenario(region, tiny_scenario(solver={"explain": False}))
    other = solve_scenario(region, tiny_scenario(solver={"name": solver, "explain": False}))
    assert other.status == "optimal"
    assert other.objective == base.objective
    assert verify(region, tiny_scenario(), other) == []


def test_budget_infeasibility_is_diagnosed_by_year_and_amount():
    region = tiny_region()
    # 48 places at 50,000 cost 2.4 M a year; the grant is 2.5 M, minus 0.3 M fixed costs leaves 2.2 M.
    # Keeping all 48 current places (no cut, and nothing closes before a replacement opens) cannot fit:
    # the smallest relaxation is the budget of 2024 by 200,000 (the other way out needs two rule groups).
    scenario = tiny_scenario(
        years=[2024],
        demand={"bw": {2024: 48}},
        budget={"enabled": True, "fixed_costs": {2024: 300_000}},
        transitions={"keep_current": ["bw"]},
    )
    result = solve_scenario(region, scenario)
    assert result.status == "infeasible"
    assert [(r.group, r.description, r.amount, r.unit) for r in result.diagnosis.relaxations] == [
        ("budget(2024)", "budget 2024", 200_000, "EUR")
    ]
    assert "De minste regels om te versoepelen: het budget van 2024: € 200.000 meer nodig." in result.diagnosis.message


def test_fair_share_band_conflict_names_the_municipality():
    # A band of +-2 places around 24/24, but no Bdorp wijk can carry a 20-place BW site (capacities 0 and
    # 10): Bdorp stays 22 below its band, and Astad would have to close 22 places with nothing opened.
    region = tiny_region()
    scenario = tiny_scenario(
        demand={"bw": {2024: 48, 2025: 48, 2026: 48}},
        fair_share={"tolerance": 2},
        draagkracht={"overrides": {"WK000201": 0, "WK000202": 10}},
    )
    result = solve_scenario(region, scenario)
    assert result.status == "infeasible"
    # two groups are the minimum: the no-closing rule and Bdorp's band; or instead the no-closing rule or
    # Astad's band with either of the working group's draagkracht overrides of Bdorp's wijken (0 and 10) giving
    # room for the 22 places
    ways = [[(r.group, r.family, r.amount) for r in way] for way in [result.diagnosis.relaxations,
                                                                    *result.diagnosis.alternatives]]
    assert ways == [
        [("close_after_open(bw)", "close_after_open", 22), ("fair_share(GM0002)", "fair_share", 22)],
        [("close_after_open(bw)", "close_after_open", 22), ("draagkracht(WK000201)", "draagkracht_override", 22)],
        [("close_after_open(bw)", "close_after_open", 22), ("draagkracht(WK000202)", "draagkracht_override", 22)],
        [("draagkracht(WK000201)", "draagkracht_override", 22), ("fair_share(GM0001)", "fair_share", 22)],
        [("draagkracht(WK000202)", "draagkracht_override", 22), ("fair_share(GM0001)", "fair_share", 22)],
    ]
    assert ("de bandbreedte rond het eerlijke aandeel van Bdorp: 22 plekken meer in elk jaar van 2024-2026"
            in result.diagnosis.message)
    assert ("draagkracht van wijk B-Oost (Bdorp) (vastgesteld door de werkgroep: 0 gewogen plekken): 22 gewogen "
            "plekken meer in elk jaar van 2024-2026") in result.diagnosis.message



def test_a_stage_stopped_at_a_gap_reports_the_final_plans_values():
    """At a relative gap of 0.1 % MVS's disruption stage stops at 40,082,400 and the tie-break then finds a plan
    at 40,073,600 within that stage's fixing row: the stages report the plan's value, as the verifier
    recomputes it."""
    from data import load_region, load_scenario
    from models import Status
    from optimiser.extract import extract
    from optimiser.formulation import build
    from optimiser.solvers import backend
    from optimiser.solving import run_stages

    region = load_region("mvs")
    scenario = load_scenario(region)
    found = {}
    for gap in (0.001, 0.0):
        model = build(region, scenario)
        _, values = run_stages(model, backend("highs", gap=gap))
        result = extract(model, values, status=Status.optimal, solver="highs", solver_version="", stages=[],
                         gap=None)
        assert verify(region, scenario, result) == [], gap
        found[gap] = values
    # the gap lets disruption end above the optimum, never below it; the earlier terms are proven either way
    assert found[0.0]["disruption"] == 40_046_700
    assert found[0.001]["disruption"] == 40_073_600
    assert {k: v for k, v in found[0.001].items() if k != "disruption"} == \
        {k: v for k, v in found[0.0].items() if k != "disruption"}
