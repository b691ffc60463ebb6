"""Absurd but well-formed numbers are refused with the field named; infinite and NaN values everywhere."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from data import PackError, derive_scenario
from models import Region
from models.errors import describe
from models.limits import MAX_EUROS, MAX_PLACES, check_range, numbers
from tests.factories import tiny_region, tiny_scenario


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"demand": {"bw": {"2024": 10**30}}},
         "demand.bw.2024: 1e+30 is above the plausible maximum of 1,000,000 places"),
        ({"demand": {"bw": {"2024": 1e30}}},
         "demand.bw.2024: 1e+30 is above the plausible maximum of 1,000,000 places"),
        ({"demand": {"bw": {"2024": float("nan")}}}, "demand.bw.2024: nan is not a finite number"),
        ({"demand": {"bw": {"2024": 40_001}}},
         "demand.bw.2024: 40,001 places is more than the region's 40,000 inhabitants"),
        ({"draagkracht": {"places_per_1000": 1e30}},
         "draagkracht.places_per_1000: Input should be less than or equal to 1000 (value: 1e+30)"),
        ({"draagkracht": {"places_per_1000": float("inf")}},
         "draagkracht.places_per_1000: Input should be a finite number (value: inf)"),
        ({"draagkracht": {"overrides": {"WK000101": 2e6}}},
         "draagkracht.overrides.WK000101: 2,000,000 is above the plausible maximum of 1,000,000 weighted places"),
        ({"draagkracht": {"thresholds": {"p_hh_li": 0}}},
         "draagkracht.thresholds.p_hh_li: a threshold must be positive, got 0"),
        ({"draagkracht": {"weights": {"GM0001": 0.05}}},
         "draagkracht.weights.GM0001: unknown indicator; use one of a_inw, a_hh, a_1p_hh, p_wcorpw, p_hh_li, "
         "a_woning, a_opp_ha, pct_1p_hh"),
        ({"draagkracht": {"weights": {"a_inw": 0.1}}},
         "draagkracht.thresholds.a_inw: the weighted indicator a_inw needs a threshold"),
        ({"caps": {"GM0001": {"bw": 10**7}}},
         "caps.GM0001.bw: 10,000,000 is above the plausible maximum of 1,000,000 places"),
        ({"caps": {"GM0001": {"bw": float("inf")}}}, "caps.GM0001.bw: inf is not a finite number"),
        ({"budget": {"extra": {"2024": 1e13}}},
         "budget.extra.2024: 10,000,000,000,000 is above the plausible maximum of 1,000,000,000,000 euros"),
        ({"budget": {"fixed_costs": {"2024": float("-inf")}}},
         "budget.fixed_costs.2024: Input should be a finite number (value: -inf)"),
        ({"budget": {"municipality_caps": {"GM0001": 5e12}}},
         "budget.municipality_caps.GM0001: 5,000,000,000,000 is above the plausible maximum of "
         "1,000,000,000,000 euros"),
        ({"transitions": {"max_shift_per_year": {"bw": 10**9}}},
         "transitions.max_shift_per_year.bw: 1,000,000,000 is above the plausible maximum of 1,000,000 places"),
        ({"fair_share": {"tolerance": 1e9}},
         "fair_share.tolerance: Input should be less than or equal to 1000000 (value: 1000000000.0)"),
        ({"spreading": {"min_distance_m": 1e9}},
         "spreading.min_distance_m: Input should be less than or equal to 400000 (value: 1000000000.0)"),
        ({"solver": {"time_limit": 1e308}},
         "solver.time_limit: Input should be less than or equal to 604800 (value: 1e+308)"),
        ({"solver": {"seed": -1}}, "solver.seed: Input should be greater than or equal to 0 (value: -1)"),
        ({"key_shares": {"GM0001": float("nan"), "GM0002": 0.5}},
         "key_shares.GM0001: Input should be a finite number (value: nan)"),
    ],
)
def test_absurd_scenario_numbers_are_refused_with_the_field(changes, message):
    with pytest.raises(PackError) as caught:
        derive_scenario(tiny_region(), tiny_scenario(), changes)
    assert str(caught.value) == f"what-if: {message}"


def test_demand_up_to_the_population_is_accepted():
    scenario = derive_scenario(tiny_region(), tiny_scenario(), {"demand": {"bw": {"2024": 40_000}}})
    assert scenario.demand["bw"][2024] == 40_000


def test_without_a_population_the_fixed_ceiling_holds():
    region = tiny_region(municipalities=[
        {"code": "GM0001", "name": "Astad", "role": "centrumgemeente"}, {"code": "GM0002", "name": "Bdorp"}])
    assert region.population() is None
    assert derive_scenario(region, tiny_scenario(), {"demand": {"bw": {"2024": MAX_PLACES}}}).demand["bw"][2024] == \
        MAX_PLACES
    with pytest.raises(PackError, match=r"^what-if: demand\.bw\.2024: 1,000,001 is above the plausible maximum of "
                                        r"1,000,000 places$"):
        derive_scenario(region, tiny_scenario(), {"demand": {"bw": {"2024": MAX_PLACES + 1}}})


def test_empty_hosting_list_is_refused_not_ignored():
    with pytest.raises(PackError) as caught:
        derive_scenario(tiny_region(), tiny_scenario(), {"hosting": {"bw": []}})
    assert str(caught.value) == ("what-if: hosting.bw: an empty list would let no municipality host new places; name "
                                 "at least one municipality, or leave the type out to use the pack's hosts")
    hosted = derive_scenario(tiny_region(), tiny_scenario(), {"hosting": {"bw": ["GM0002"]}})
    assert hosted.hosts(tiny_region(), "bw") == ["GM0002"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"provision_types": [{"code": "bw", "label": "BW", "domain": "bw", "site_min": 20, "site_max": 10**7}]},
         "provision_types.0.site_max: Input should be less than or equal to 1000000 (value: 10000000)"),
        ({"provision_types": [{"code": "bw", "label": "BW", "domain": "bw", "cost_per_place_year": 1e15}]},
         "provision_types.0.cost_per_place_year: Input should be less than or equal to 1000000000000 "
         "(value: 1000000000000000.0)"),
        ({"provision_types": [{"code": "bw", "label": "BW", "domain": "bw", "capex_per_unit": float("inf")}]},
         "provision_types.0.capex_per_unit: Input should be a finite number (value: inf)"),
        ({"grants": [{"label": "IU", "domain": "bw", "year": 2024, "amount": float("nan"), "recipient": "GM0001"}]},
         "grants.0.amount: Input should be a finite number (value: nan)"),
        ({"capacity": [{"municipality": "GM0001", "type": "bw", "places": 10**12}]},
         "capacity.0.places: Input should be less than or equal to 1000000 (value: 1000000000000)"),
        ({"municipalities": [{"code": "GM0001", "name": "A", "indicators": {"a_inw": 1e30}}]},
         "municipalities.0.indicators.a_inw: Input should be less than or equal to 20000000 (value: 1e+30)"),
    ],
)
def test_absurd_region_numbers_are_refused_with_the_field(change, message):
    doc = json.loads(tiny_region().model_dump_json()) | change
    with pytest.raises(ValidationError) as caught:
        Region.model_validate(doc)
    assert describe(caught.value) == message


def test_check_range_and_numbers():
    assert list(numbers({"GM0001": {"bw": 3, "flex": [1, True, "x"]}}, "caps")) == [
        ("caps.GM0001.bw", 3), ("caps.GM0001.flex[0]", 1)]
    check_range("budget.extra.2024", -MAX_EUROS, MAX_EUROS, low=-MAX_EUROS)
    with pytest.raises(ValueError, match=r"^x: -10,000,000,000,000 is below the plausible minimum of "
                                         r"-1,000,000,000,000$"):
        check_range("x", -1e13, MAX_EUROS, low=-MAX_EUROS)
    with pytest.raises(ValueError, match=r"^x: 'veel' is not a number$"):
        check_range("x", "veel", 1)  # type: ignore[arg-type]
