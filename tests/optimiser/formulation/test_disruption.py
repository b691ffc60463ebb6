"""disruption: the last objective. Among allocations equal in every earlier term, fewest closed places
and opened sites (10^6 each), then the lowest largest draagkracht use of any wijk (100 per permille)."""

from __future__ import annotations

from optimiser.formulation import build
from tests.factories import tiny_region
from tests.optimiser.formulation.support import kept, new_by_area, quiet, solve, stage_values


def test_keeping_todays_places_beats_moving_them():
    # 48 BW places in Astad, demand 48, no fair share, transitions or draagkracht: every allocation of
    # 48 places (none above demand) costs the same 2,400,000, and keeping Astad's places disrupts nothing.
    region = tiny_region()
    scenario = quiet(years=[2024], demand={"bw": {2024: 48}}, fair_share={"enabled": False},
                     transitions={"enabled": False}, draagkracht={"enabled": False})
    result = solve(region, scenario)
    assert kept(result, "bw", 2024) == {"GM0001": 48}
    assert new_by_area(result, "bw", 2024) == {}
    assert result.objective == {"unmet": 0, "surplus": 0, "cost": 2_400_000, "disruption": 0}

    # the equal alternative with a 24-place site in Bdorp: the same unmet and cost, but 24 closures and
    # one site, 25 x 10^6
    model = build(region, scenario)
    model.new["GM0002", "bw", 2024].lowBound = 24
    assert stage_values(model) == {"unmet": 0, "surplus": 0, "cost": 2_400_000, "disruption": 25_000_000}


def test_new_places_spread_over_the_wijken():
    # 10 flexwoningen in Astad (its only host), weight 0.5, two wijken of capacity 22: 5 + 5 loads each
    # wijk with 2.5, a use of 2,500 / 22 = 113.6 -> 114 permille: disruption 100 x 114 = 11,400.
    region = tiny_region()
    scenario = quiet(years=[2024], demand={"flex": {2024: 10}}, hosting={"flex": ["GM0001"]})
    result = solve(region, scenario)
    assert new_by_area(result, "flex", 2024) == {"WK000101": 5, "WK000102": 5}
    assert result.objective["disruption"] == 11_400
    assert max(r.use for r in result.draagkracht) == 0.1136

    # all 10 in A-Noord is as good in every earlier term but uses 5,000 / 22 -> 228 permille: 22,800
    model = build(region, scenario)
    model.y["WK000102", "flex", 2024].upBound = 0
    values = stage_values(model)
    assert {k: v for k, v in values.items() if k != "disruption"} == {
        k: v for k, v in result.objective.items() if k != "disruption"}
    assert values["disruption"] == 22_800
    assert values["disruption"] - result.objective["disruption"] == 11_400


def test_one_site_rather_than_two():
    # BW sites of 10..24 places (a variant of the tiny region), 24 new places in Astad, no fair share or
    # draagkracht: one site of 24 or two of 12 cost the same; one site disrupts 10^6, two 2 x 10^6.
    base = tiny_region()
    types = [t.model_dump() for t in base.provision_types]
    types[0]["site_min"] = 10
    region = tiny_region(capacity=[], provision_types=types)
    scenario = quiet(years=[2024], demand={"bw": {2024: 24}}, hosting={"bw": ["GM0001"]},
                     fair_share={"enabled": False}, draagkracht={"enabled": False})
    result = solve(region, scenario)
    assert list(new_by_area(result, "bw", 2024).values()) == [24]
    assert result.objective == {"unmet": 0, "surplus": 0, "cost": 1_200_000, "disruption": 1_000_000}

    model = build(region, scenario)
    for wijk in ("WK000101", "WK000102"):  # at most 12 in each Astad wijk: two sites
        model.y[wijk, "bw", 2024].upBound = 12
    assert stage_values(model) == {"unmet": 0, "surplus": 0, "cost": 1_200_000, "disruption": 2_000_000}
