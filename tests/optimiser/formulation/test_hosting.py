"""hosting: only the municipalities allowed to host a type get new places of it; caps per municipality
and type bound its places."""

from __future__ import annotations

from optimiser.solving import solve_scenario
from tests.factories import tiny_region
from tests.optimiser.formulation.support import kept, new_by_area, places, quiet, solve


def test_cap_of_8_in_bdorp_costs_12_places_of_deviation():
    # 40 flexwoningen, targets 20/20, Bdorp capped at 8: Astad takes 32 so nothing is unmet,
    # deviation 12 each.
    region = tiny_region()
    capped = solve(region, quiet(years=[2024], demand={"flex": {2024: 40}}, caps={"GM0002": {"flex": 8}}))
    assert places(capped, "flex", 2024) == {"GM0001": 32, "GM0002": 8}
    assert capped.objective["unmet"] == 0
    assert capped.objective["max_deviation"] == 12
    assert capped.objective["total_deviation"] == 24

    free = solve(region, quiet(years=[2024], demand={"flex": {2024: 40}}))
    assert places(free, "flex", 2024) == {"GM0001": 20, "GM0002": 20}
    assert capped.objective["max_deviation"] - free.objective["max_deviation"] == 12

    # a cap of 14: deviation 6
    loose = solve(region, quiet(years=[2024], demand={"flex": {2024: 40}}, caps={"GM0002": {"flex": 14}}))
    assert places(loose, "flex", 2024) == {"GM0001": 26, "GM0002": 14}
    assert loose.objective["max_deviation"] == 6


def test_non_host_gets_no_new_places():
    # flexwoningen hosted by Bdorp only: all 10 there; the key is taken over the hosts, so no deviation
    result = solve(tiny_region(), quiet(years=[2024], demand={"flex": {2024: 10}}, hosting={"flex": ["GM0002"]}))
    assert places(result, "flex", 2024) == {"GM0002": 10}
    assert all(area.startswith("WK0002") for area in new_by_area(result, "flex", 2024))
    assert result.objective["max_deviation"] == 0


def test_hosting_bw_in_bdorp_only_costs_24_closures_and_a_site():
    # 48 BW places in Astad today, demand 48 (transitions, draagkracht off). With Bdorp the only host its
    # target is 48: two sites of 24, and Astad's 48 close (they cost money and count for no target):
    # disruption 48 + 2 = 50 x 10^6. With both hosting, 24/24: 24 closures and one site, 25 x 10^6.
    region = tiny_region()
    common = {"years": [2024], "demand": {"bw": {2024: 48}}, "transitions": {"enabled": False},
              "draagkracht": {"enabled": False}}
    bdorp = solve(region, quiet(hosting={"bw": ["GM0002"]}, **common))
    assert places(bdorp, "bw", 2024) == {"GM0002": 48}
    assert kept(bdorp, "bw", 2024) == {}
    assert new_by_area(bdorp, "bw", 2024) == {"WK000201": 24, "WK000202": 24}
    assert bdorp.objective["disruption"] == 50_000_000

    both = solve(region, quiet(**common))
    assert places(both, "bw", 2024) == {"GM0001": 24, "GM0002": 24}
    assert both.objective["disruption"] == 25_000_000
    assert bdorp.objective["cost"] == both.objective["cost"] == 48 * 50_000
    assert bdorp.objective["disruption"] - both.objective["disruption"] == 25_000_000


FLEX_GROWS = {"bw": {2024: 48, 2025: 48, 2026: 48}, "flex": {2024: 10, 2025: 10, 2026: 40}}


def test_a_cap_from_2026_binds_from_2026_only():
    # 10, 10, 40 flexwoningen, key 50/50. Bdorp at most 8 from 2026: 5/5 in 2024 and 2025 as without a cap,
    # then 32/8 in 2026 (its target 20, 12 short). Places never close once opened, so a cap from 2026 below
    # an earlier year's places would bind before its year too; 5 <= 8 here, so it does not.
    region = tiny_region()
    stepped = solve(region, quiet(demand=FLEX_GROWS, caps={"GM0002": {"flex": {2026: 8}}}))
    assert [places(stepped, "flex", t) for t in (2024, 2025, 2026)] == [
        {"GM0001": 5, "GM0002": 5}, {"GM0001": 5, "GM0002": 5}, {"GM0001": 32, "GM0002": 8}]
    assert [b.description for b in stepped.binding] == []  # explanation is off in quiet scenarios
    # two steps: at most 3 from 2024, at most 8 from 2026
    steps = solve(region, quiet(demand=FLEX_GROWS, caps={"GM0002": {"flex": {2024: 3, 2026: 8}}}))
    assert [places(steps, "flex", t) for t in (2024, 2025, 2026)] == [
        {"GM0001": 7, "GM0002": 3}, {"GM0001": 7, "GM0002": 3}, {"GM0001": 32, "GM0002": 8}]
    # 2 + 2 places of deviation in 2024 and 2025 more than with the single step
    assert steps.objective["total_deviation"] - stepped.objective["total_deviation"] == 8


def test_a_cap_from_2026_on_the_centrumgemeente_moves_a_site_a_year_ahead():
    # Astad holds all 48 BW places and its share is 100 %. At most 24 from 2026: 24 places close in 2026,
    # and no place closes before its replacement opens, so Bdorp opens a site of 24 in 2025 (not 2024,
    # which would add 24 places of deviation): 48 / 48+24 / 24+24.
    region = tiny_region()
    scenario = quiet(key_shares={"GM0001": 1.0, "GM0002": 0.0}, caps={"GM0001": {"bw": {2026: 24}}},
                     draagkracht={"enabled": False},
                     demand={"bw": {2024: 48, 2025: 48, 2026: 48}, "flex": {2024: 0, 2025: 0, 2026: 0}})
    result = solve(region, scenario)
    assert [places(result, "bw", t) for t in (2024, 2025, 2026)] == [
        {"GM0001": 48}, {"GM0001": 48, "GM0002": 24}, {"GM0001": 24, "GM0002": 24}]
    assert kept(result, "bw", 2026) == {"GM0001": 24}
    assert result.objective["total_deviation"] == 24 + 48
    assert result.objective["cost"] == (48 + 72 + 48) * 50_000
    # a plain cap of 24 holds from 2024, when nothing may have opened yet: infeasible without relaxing
    plain = solve_scenario(region, scenario.model_copy(update={"caps": {"GM0001": {"bw": 24}}}))
    assert plain.status == "infeasible"


def test_hosting_from_a_year():
    # flexwoningen in Astad only, and from 2026 in Bdorp too: 10, 10, then 20/20 (Bdorp's 20 all new in 2026)
    region = tiny_region()
    result = solve(region, quiet(demand=FLEX_GROWS,
                                 hosting={"flex": {2024: ["GM0001"], 2026: ["GM0001", "GM0002"]}}))
    assert [places(result, "flex", t) for t in (2024, 2025, 2026)] == [
        {"GM0001": 10}, {"GM0001": 10}, {"GM0001": 20, "GM0002": 20}]
    # the other way round: Bdorp may open places until 2025, then no more; what it opened stays. Opening
    # its 2026 target (20 of 40) in 2025 would leave 15 places empty for a year (10 clients in 2025), and
    # places follow clients: Bdorp keeps its 5, Astad takes the 2026 growth
    closing = solve(region, quiet(demand=FLEX_GROWS, hosting={"flex": {2026: ["GM0001"]}}))
    assert [places(closing, "flex", t) for t in (2024, 2025, 2026)] == [
        {"GM0001": 5, "GM0002": 5}, {"GM0001": 5, "GM0002": 5}, {"GM0001": 35, "GM0002": 5}]
    assert [s.type for s in closing.surplus] == ["bw"]  # no flexwoning above demand
    assert sum(a.new_places for a in closing.allocation
               if a.municipality == "GM0002" and a.type == "flex" and a.year == 2026) == 5
