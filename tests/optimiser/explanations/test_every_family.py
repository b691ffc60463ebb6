"""Each rule family is named as a driver on a small case built to make it bind, with its gain per term.

The cases are those of ``tests/optimiser/formulation`` (the rule's cost is worked out there); here the
explanation must find the same cost by relaxing the rule. Families named elsewhere: caps, draagkracht
(computed and overrides), the smallest site size, no closing before opening and the budget in
``tests/optimiser/test_drivers.py``."""

from __future__ import annotations

from typing import Any

import pytest
from pyproj import Transformer

from models import Region, Result
from models.i18n import Words
from optimiser.report import wording
from optimiser.solving import solve_scenario
from tests.factories import X0, Y0, strip_region, tiny_region, tiny_scenario
from tests.optimiser.formulation.test_buildings import in_building

#: time enough to test every family of the small cases
EXPLAIN = {"explain_time": 60}
#: the strip of three wijken in Astad of the spreading tests; Astad hosts everything, draagkracht off
STRIP = {"years": [2024], "hosting": {"bw": ["GM0001"], "flex": ["GM0001"]}, "draagkracht": {"enabled": False}}


def explained(region: Region, **scenario: Any) -> Result:
    result = solve_scenario(region, tiny_scenario(solver=EXPLAIN, **scenario))
    assert result.status == "optimal" and result.unexplained_rules == []
    return result


def gains(result: Result, group: str) -> dict[str, float]:
    found = {b.group: b for b in result.binding}
    assert group in found, f"{group} not named; named: {sorted(found)}"
    return {g.term: g.amount for g in found[group].gains}


def strip() -> Region:
    return strip_region(keys=tiny_region().keys)


def test_minimum_distance_sites_per_wijk_and_largest_site():
    # 60 BW places in sites of 20-24, one per wijk, 1,500 m apart: only the two end wijken, 48 placed and
    # 12 unmet. Relaxing the distance, the one site per wijk or the largest size each places the 12 (at
    # 50,000 each: 600,000 more cost, counted as a gain of -600,000)
    result = explained(strip(), demand={"bw": {2024: 60}},
                       spreading={"mode": "min_distance", "min_distance_m": 1500}, **STRIP)
    assert result.objective["unmet"] == 12
    every = {"unmet": 12, "max_deviation": 12, "total_deviation": 12, "cost": -600_000}
    assert gains(result, "min_distance(bw)") == every
    assert gains(result, "sites(bw)") == every
    assert gains(result, "site_max(bw)") == every
    distance = next(b for b in result.binding if b.group == "min_distance(bw)")
    assert wording.driver(distance, Words("nl")) == (
        "locaties voor Beschermd wonen minstens 1500 m uit elkaar: 12 plekken meer van de vraag gedekt (opgeteld "
        "over de jaren), het grootste verschil met een eerlijk aandeel daalt met 12 plekken, in totaal 12 plekken "
        "dichter bij de eerlijke aandelen, € 600.000 meer kosten")


def test_a_neighbour_cap():
    # 30 flexwoningen; the middle wijk's window holds all three wijken, at most 12 in all: 18 unmet. Its own
    # window is the one that binds; lifting it leaves the end wijken's windows (12 more)
    result = explained(strip(), demand={"flex": {2024: 30}},
                       spreading={"mode": "neighbour_cap", "neighbour_cap": 12}, **STRIP)
    assert result.objective["unmet"] == 18
    assert gains(result, "neighbour_cap(WK000102)") == {"unmet": 12, "max_deviation": 12, "total_deviation": 12}
    cap = next(b for b in result.binding if b.group == "neighbour_cap(WK000102)")
    assert cap.municipality == "GM0001"


def test_candidate_sites():
    # one candidate site for 4 flexwoningen where 10 are needed: 6 unmet, all placed without the rule
    lon, lat = Transformer.from_crs(28992, 4326, always_xy=True).transform(X0 + 1500, Y0 + 500)
    site = {"name": "Stationsweg 1", "lon": lon, "lat": lat, "types": ["flex"], "max_places": 4}
    result = explained(strip(), demand={"flex": {2024: 10}}, candidate_sites=[site], **STRIP)
    assert gains(result, "candidate_sites(flex)") == {"unmet": 6, "max_deviation": 6, "total_deviation": 6}


def bw(**transitions: Any) -> dict[str, Any]:
    """48 BW places in Astad today, demand 48 a year, targets 24/24; one Bdorp site can hold 24."""
    return {"demand": {"bw": {t: 48 for t in (2024, 2025, 2026)}}, "draagkracht": {"enabled": False},
            "transitions": transitions}


def test_the_closing_pace():
    # at most 8 BW places close a year: Astad goes 48, 40, 32 while Bdorp holds a site of 20-24, so the
    # fair shares are missed by 24 at most and by 144 over the years; without the pace they are met
    result = explained(tiny_region(), **bw(no_close_before_open=False, max_shift_per_year={"bw": 8}))
    assert gains(result, "max_shift(bw)") == {"max_deviation": 24, "total_deviation": 144}


def test_keeping_todays_places():
    # no cut in BW: Astad keeps 48 against its 24 every year; 24 and 144 (= 2 x 24 x 3) closer without it
    result = explained(tiny_region(), **bw(no_close_before_open=False, keep_current=["bw"]))
    kept = next(b for b in result.binding if b.group == "keep_current(bw)")
    assert (kept.family, kept.type) == ("keep_current", "bw")
    assert gains(result, "keep_current(bw)") == {"max_deviation": 24, "total_deviation": 144}


def test_precedence():
    # BW shrinks only after the 10 flexwoningen stand, in an earlier year: Astad keeps 48 in 2024. Without
    # the rule it moves 24 to Bdorp at once (a site there one year earlier: 1,200,000 more cost)
    result = explained(tiny_region(), years=[2024, 2025],
                       demand={"bw": {2024: 48, 2025: 48}, "flex": {2024: 10, 2025: 10}},
                       draagkracht={"enabled": False},
                       transitions={"no_close_before_open": False, "precedence": [{"first": ["flex"], "then": "bw"}]})
    assert gains(result, "precedence(0)") == {"max_deviation": 24, "total_deviation": 24, "cost": 1_200_000}
    rule = next(b for b in result.binding if b.group == "precedence(0)")
    assert wording.driver(rule, Words("en")).startswith("Beschermd wonen shrinks only after Flexwoning reach 10 "
                                                         "places: ")


def test_fair_share_bands():
    # flexwoningen 10 then 4, a band of 2 around 2 in 2025 holds each municipality at 4 in 2024 too: 2 unmet.
    # Lifting either municipality's band meets the 2 (at the price of 2 empty places in 2025 and a gap of 2)
    result = explained(tiny_region(), years=[2024, 2025], demand={"flex": {2024: 10, 2025: 4}},
                       fair_share={"tolerance": 2})
    for m in ("GM0001", "GM0002"):
        assert gains(result, f"fair_share({m})") == {"unmet": 2, "surplus": -2, "max_deviation": -2,
                                                     "total_deviation": -2}
    band = next(b for b in result.binding if b.group == "fair_share(GM0002)")
    assert wording.driver(band, Words("nl")).startswith("de bandbreedte rond het eerlijke aandeel van Bdorp: 2 "
                                                        "plekken meer van de vraag gedekt")


def test_hosting():
    # only Bdorp may host flexwoningen and is capped at 4 of 10: the cap and the hosting rule each keep 6
    # places unmet
    result = explained(tiny_region(), years=[2024], demand={"flex": {2024: 10}}, hosting={"flex": ["GM0002"]},
                       caps={"GM0002": {"flex": 4}})
    assert gains(result, "hosting(flex)") == {"unmet": 6}
    assert gains(result, "cap(GM0002,flex)") == {"unmet": 6, "max_deviation": 6, "total_deviation": 6}


def test_a_payment_cap():
    # Bdorp pays half the regional cost and at most 1,100,000: 44 places, 8 unmet (2 under the budget alone)
    result = explained(tiny_region(capacity=[]), years=[2024], demand={"bw": {2024: 52}},
                       sites={"enabled": False}, draagkracht={"enabled": False},
                       budget={"enabled": True, "payment_key": "objectief",
                               "municipality_caps": {"GM0002": 1_100_000}})
    assert result.unmet == {"bw": {2024: 8}}
    assert gains(result, "pays(GM0002)") == {"unmet": 6, "max_deviation": 3, "total_deviation": 6, "cost": -300_000}
    pays = next(b for b in result.binding if b.group == "pays(GM0002)")
    assert pays.municipality == "GM0002"
    assert wording.driver(pays, Words("nl")).startswith(
        "het betaalplafond van Bdorp (€ 1.100.000 per jaar): 6 plekken meer van de vraag gedekt")


def test_a_building():
    # 10 flexwoningen (weight 0.5) in one building in Astad, whose wijken each carry 3 weighted places: one
    # wijk holds 6 of them, 4 unmet; spread over both wijken (no building) all 10 fit
    region = in_building(tiny_region(), {"name": "Het Pand"}, "flex")
    result = explained(region, years=[2024], demand={"flex": {2024: 10}}, hosting={"flex": ["GM0001"]},
                       draagkracht={"overrides": {"WK000101": 3, "WK000102": 3}})
    assert gains(result, "building(0)") == {"unmet": 4, "max_deviation": 4, "total_deviation": 4}
    building = next(b for b in result.binding if b.group == "building(0)")
    assert wording.driver(building, Words("nl")).startswith("alle plekken van Het Pand in één wijk: 4 plekken meer")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_modeller_terms_reach_the_reader(lang):
    result = explained(strip(), demand={"bw": {2024: 60}},
                       spreading={"mode": "min_distance", "min_distance_m": 1500}, **STRIP)
    text = " ".join(wording.driver(b, Words(lang)) for b in result.binding).lower()
    for term in ("objective", "lexicographic", "max_deviation", "total_deviation", "disruption", "slack",
                 "leading term", "doelfunctie"):
        assert term not in text


def test_one_site_per_wijk():
    # 90 BW places in Bdorp only, two wijken, one site of at most 24 each: 48 placed, 42 unmet. More sites
    # per wijk (or larger sites, or hosting in Astad) place them all, at 50,000 a place
    result = explained(tiny_region(capacity=[]), years=[2024], demand={"bw": {2024: 90}},
                       hosting={"bw": ["GM0002"]}, draagkracht={"enabled": False})
    every = {"unmet": 42, "max_deviation": 42, "total_deviation": 42, "cost": -2_100_000}
    assert gains(result, "sites(bw)") == every
    assert gains(result, "site_max(bw)") == every
    sites = next(b for b in result.binding if b.group == "sites(bw)")
    assert wording.driver(sites, Words("nl")).startswith("hoogstens 1 locatie voor Beschermd wonen per wijk: 42 "
                                                         "plekken meer van de vraag gedekt")
