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


TWO_KEYS = {"objectief": {"label": "test key", "shares": {"GM0001": 0.5, "GM0002": 0.5}},
            "later": {"label": "later key", "shares": {"GM0001": 0.75, "GM0002": 0.25}}}


def test_a_key_from_a_year_and_a_type_key_falling_back_to_it() -> None:
    scenario = tiny_scenario(key={2024: "objectief", 2026: "later"}, type_keys={"flex": {2025: "later"}})
    assert [scenario.key_in(t) for t in (2024, 2025, 2026, 2040)] == ["objectief", "objectief", "later", "later"]
    assert [scenario.key_for("bw", t) for t in (2024, 2025, 2026)] == ["objectief", "objectief", "later"]
    # before its first step a type's own key gives way to the scenario's key
    assert [scenario.key_for("flex", t) for t in (2024, 2025, 2026)] == ["objectief", "later", "later"]


def test_what_if_shares_from_a_year() -> None:
    shares = {"GM0001": 0.25, "GM0002": 0.75}
    scenario = tiny_scenario(key_shares={2025: shares}, type_keys={"flex": "later"})
    # before the first step the key's own shares apply; a type with a key of its own keeps it
    assert [scenario.key_shares_for("bw", t) for t in (2024, 2025, 2026)] == [None, shares, shares]
    assert [scenario.key_shares_for("flex", t) for t in (2024, 2026)] == [None, None]
    flat = tiny_scenario(key_shares=shares)
    assert [flat.key_shares_for("bw", t) for t in (2024, 2026)] == [shares, shares]


def test_stepped_keys_round_trip_through_json() -> None:
    scenario = tiny_scenario(key={2024: "objectief", 2026: "later"}, type_keys={"flex": {2025: "later"}},
                             key_shares={2026: {"GM0001": 0.49995, "GM0002": 0.49995}})
    assert scenario.key_shares == {2026: {"GM0001": 0.5, "GM0002": 0.5}}  # normalised per step like a key
    doc = scenario.model_dump(mode="json")
    assert doc["key"] == {"2024": "objectief", "2026": "later"} and doc["type_keys"] == {"flex": {"2025": "later"}}
    assert doc["key_shares"] == {"2026": {"GM0001": 0.5, "GM0002": 0.5}}
    assert Scenario.model_validate(doc) == scenario


def test_derive_with_a_stepped_key_and_shares() -> None:
    region = tiny_region(keys=TWO_KEYS)
    stepped = derive_scenario(region, tiny_scenario(), {"key": {2024: "objectief", 2026: "later"}})
    assert stepped.key == {2024: "objectief", 2026: "later"} and stepped.key_for("bw", 2026) == "later"
    # shares for every year and shares from a year on replace each other; steps merge year by year
    flat = derive_scenario(region, tiny_scenario(), {"key_shares": {"GM0001": 0.6, "GM0002": 0.4}})
    later = derive_scenario(region, flat, {"key_shares": {2026: {"GM0001": 0.2, "GM0002": 0.8}}})
    assert later.key_shares == {2026: {"GM0001": 0.2, "GM0002": 0.8}}
    more = derive_scenario(region, later, {"key_shares": {2025: {"GM0001": 0.3, "GM0002": 0.7}}})
    assert [more.key_shares_for("bw", t) for t in (2024, 2025, 2026)] == [
        None, {"GM0001": 0.3, "GM0002": 0.7}, {"GM0001": 0.2, "GM0002": 0.8}]
    back = derive_scenario(region, more, {"key_shares": {"GM0001": 0.6, "GM0002": 0.4}})
    assert back.key_shares == {"GM0001": 0.6, "GM0002": 0.4}


@pytest.mark.parametrize(("changes", "message"), [
    ({"key": {2025: "objectief"}}, "key: the first step is 2025, but the scenario starts in 2024; a key must hold "
                                   "in every scenario year: give a step in 2024 or earlier"),
    ({"key": {2024: "objectief", 2026: "nieuw"}}, "key.2026: unknown key 'nieuw'"),
    ({"key": {2024: "objectief", 1999: "later"}}, "key.1999: year 1999 is outside 2000-2100"),
    ({"key": {}}, "key: no year given"),
    ({"key": {2024: 7}}, "key.2024: give the name of a key"),
    ({"type_keys": {"flex": {2101: "later"}}}, "type_keys.flex.2101: year 2101 is outside 2000-2100"),
    ({"type_keys": {"flex": {2025: "nieuw"}}}, "type_keys.flex.2025: unknown key 'nieuw'"),
    ({"key_shares": {2026: {"GM0001": 0.5, "GM0002": 0.4}}}, "key_shares.2026: shares sum to 0.900000, not 1"),
    ({"key_shares": {2026: {"GM0001": 1.5, "GM0002": -0.5}}},
     "key_shares.2026.GM0002: -0.5 is not a non-negative number"),
    ({"key_shares": {2026: {"GM0001": 0.5, "GM0002": "veel"}}}, "key_shares.2026.GM0002: Input should be a valid "
                                                                 "number"),
    ({"key_shares": {2026: {"GM0001": 1.0}}}, "key_shares.2026: give a share for exactly the municipalities "
                                              "['GM0001', 'GM0002'], got ['GM0001']"),
    ({"key_shares": {2026: {"GM0001": 0.5, "GM0002": 0.25, "GM0003": 0.25}}},
     "key_shares.2026: give a share for exactly the municipalities ['GM0001', 'GM0002'], got ['GM0001', 'GM0002', "
     "'GM0003']"),
    ({"key_shares": {2026: {"GM0001": 0.5, "GM0002": 0.5}, 3000: {"GM0001": 1.0, "GM0002": 0.0}}},
     "key_shares.3000: year 3000 is outside 2000-2100"),
    ({"key_shares": {2026: 0.5}}, "key_shares.2026: give a mapping municipality -> share"),
    ({"key_shares": {"GM0001": 0.5, "GM0002": 0.5, 2026: {"GM0001": 0.5}}}, "key_shares.GM0001: 'GM0001' is not "
                                                                            "a year"),
    ({"key_shares": {"GM0001": 0.5, "GM0002": -0.5}}, "key_shares.GM0002: -0.5 is not a non-negative number"),
    ({"key_shares": {"GM0001": 0.5, "GM0002": 0.4}}, "key_shares: shares sum to 0.900000, not 1"),
])
def test_key_errors_name_the_field(changes: dict, message: str) -> None:
    with pytest.raises(PackError) as err:
        derive_scenario(tiny_region(keys=TWO_KEYS), tiny_scenario(), changes)
    assert str(err.value).startswith(f"what-if: {message}")
