"""Caps and hosting per year: "from year Y on" steps, evaluated in one place, with errors naming the field."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from data import PackError, derive_scenario
from models import Scenario
from models.errors import describe
from tests.factories import tiny_region, tiny_scenario


def test_a_cap_is_a_step_function_of_the_year() -> None:
    scenario = tiny_scenario(caps={"GM0001": {"bw": {2025: 30, 2026: 24}, "flex": 6}})
    assert [scenario.cap("GM0001", "bw", t) for t in (2024, 2025, 2026, 2030)] == [None, 30, 24, 24]
    assert [scenario.cap("GM0001", "flex", t) for t in (2024, 2026)] == [6, 6]
    assert scenario.cap("GM0002", "bw", 2026) is None


def test_hosting_from_a_year() -> None:
    region = tiny_region()
    scenario = tiny_scenario(hosting={"flex": {2025: ["GM0002"], 2026: ["GM0001", "GM0002"]}, "bw": ["GM0001"]})
    # before the first step the type's own hosts apply (here: all)
    assert [scenario.hosts(region, "flex", t) for t in (2024, 2025, 2026)] == [
        ["GM0001", "GM0002"], ["GM0002"], ["GM0001", "GM0002"]]
    assert scenario.hosts(region, "bw", 2024) == scenario.hosts(region, "bw") == ["GM0001"]
    late = tiny_scenario(hosting={"flex": {2026: ["GM0002"]}}, years=[2024, 2025])
    assert late.hosts(region, "flex") == ["GM0001", "GM0002"]  # a step after the last year never applies
    nobody = tiny_scenario(hosting={"flex": {2025: []}})
    assert nobody.hosts(region, "flex", 2025) == [] and nobody.hosts(region, "flex") == ["GM0001", "GM0002"]


def test_years_as_text_round_trip_through_json() -> None:
    scenario = tiny_scenario(caps={"GM0001": {"bw": {2026: 24}}}, hosting={"flex": {2025: ["GM0002"]}})
    doc = scenario.model_dump(mode="json")
    assert doc["caps"] == {"GM0001": {"bw": {"2026": 24}}} and doc["hosting"] == {"flex": {"2025": ["GM0002"]}}
    assert Scenario.model_validate(doc) == scenario


def test_derive_lays_a_step_over_a_plain_cap() -> None:
    region = tiny_region()
    base = tiny_scenario(caps={"GM0001": {"bw": 40}})
    stepped = derive_scenario(region, base, {"caps": {"GM0001": {"bw": {2026: 24}}}})
    assert stepped.caps == {"GM0001": {"bw": {2026: 24}}}
    more = derive_scenario(region, stepped, {"caps": {"GM0001": {"bw": {2024: 44}}}})
    assert more.caps == {"GM0001": {"bw": {2024: 44, 2026: 24}}}  # steps merge year by year


@pytest.mark.parametrize(("changes", "message"), [
    ({"caps": {"GM0001": {"bw": {2026: -1}}}}, "caps.GM0001.bw.2026: -1 is negative"),
    ({"caps": {"GM0001": {"bw": {"2026": 2.5}}}}, "caps.GM0001.bw.2026: 2.5 is not a whole number"),
    ({"caps": {"GM0001": {"bw": {"later": 3}}}}, "caps.GM0001.bw.later: 'later' is not a year"),
    ({"caps": {"GM0001": {"bw": {1999: 3}}}}, "caps.GM0001.bw.1999: year 1999 is outside 2000-2100"),
    ({"caps": {"GM0001": {"bw": {}}}}, "caps.GM0001.bw: no year given"),
    ({"caps": {"GM0001": {"bw": "veel"}}}, "caps.GM0001.bw: 'veel' is not a whole number"),
    ({"caps": {"GM0001": {"bw": True}}}, "caps.GM0001.bw: True is not a whole number"),
    ({"caps": {"GM0001": 5}}, "caps.GM0001: give a mapping type -> cap"),
    ({"hosting": {"flex": {2101: ["GM0001"]}}}, "hosting.flex.2101: year 2101 is outside 2000-2100"),
    ({"hosting": {"flex": {2025: "GM0001"}}}, "hosting.flex.2025: give a list of municipality codes"),
    ({"hosting": {"flex": "GM0001"}}, "hosting.flex: give a list of municipality codes, or a mapping year -> list"),
    ({"hosting": {"flex": {2025: ["GM0009"]}}}, "hosting.flex.2025: unknown municipality 'GM0009'"),
    ({"caps": {"GM0001": {"zz": {2025: 3}}}}, "caps.GM0001.zz: unknown provision type 'zz'"),
])
def test_errors_name_the_field(changes: dict, message: str) -> None:
    with pytest.raises(PackError) as err:
        derive_scenario(tiny_region(), tiny_scenario(), changes)
    assert str(err.value).startswith(f"what-if: {message}")


def test_a_validation_error_names_the_path_once() -> None:
    with pytest.raises(ValidationError) as err:
        tiny_scenario(caps={"GM0001": {"bw": {2026: -3}}})
    assert describe(err.value) == "caps.GM0001.bw.2026: -3 is negative"
