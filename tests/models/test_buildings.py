"""A building holds every place of the types naming it: the region refuses places or wijken that put it in
two places at once, each with one message naming the field."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from tests.factories import tiny_region

FLEX = {"code": "flex", "label": "Flexwoning", "domain": "wonen", "draagkracht_weight": 0.5}
BW = {"code": "bw", "label": "Beschermd wonen", "domain": "bw"}


def refused(**overrides: Any) -> str:
    with pytest.raises(ValidationError) as caught:
        tiny_region(**overrides)
    (error,) = caught.value.errors()
    return str(error["msg"]).removeprefix("Value error, ")


def test_todays_places_of_a_building_stand_in_one_municipality():
    types = [{**BW, "building": {"name": "Huis"}}, {**FLEX, "building": {"name": "Huis"}}]
    assert refused(provision_types=types, capacity=[
        {"municipality": "GM0001", "type": "bw", "places": 4},
        {"municipality": "GM0002", "type": "flex", "places": 2},
    ]) == "capacity[1].municipality: flex stands in building 'Huis' in GM0001, not in GM0002"
    # with the building's wijk given, in that wijk's municipality
    given = [{**BW, "building": {"name": "Huis", "wijk": "WK000201"}}, FLEX]
    assert refused(provision_types=given, capacity=[{"municipality": "GM0001", "type": "bw", "places": 4}]) == (
        "capacity[0].municipality: bw stands in building 'Huis' in GM0002, not in GM0001")


def test_the_wijk_of_a_building_is_given_once_on_the_building():
    types = [{**BW, "building": {"name": "Huis"}}, FLEX]
    assert refused(provision_types=types, capacity=[
        {"municipality": "GM0001", "type": "bw", "places": 4, "wijk": "WK000101"},
    ]) == ("capacity[0].wijk: bw stands in building 'Huis'; give its wijk on the building, not WK000101 on the "
           "capacity row")
    split = [{**BW, "building": {"name": "Huis", "wijk": "WK000101"}},
             {**FLEX, "building": {"name": "Huis", "wijk": "WK000102"}}]
    assert refused(provision_types=split, capacity=[]) == (
        "type flex: building 'Huis' needs the same wijk on all its types (WK000101 and WK000102)")
    unknown = [{**BW, "building": {"name": "Huis", "wijk": "WK000909"}}, FLEX]
    assert refused(provision_types=unknown, capacity=[]) == "type bw: building 'Huis' stands in unknown wijk WK000909"


def test_a_municipal_task_has_no_building():
    task = {**FLEX, "placement": "municipality", "building": {"name": "Huis"}}
    assert refused(provision_types=[BW, task], capacity=[]) == (
        "type flex: a type in a building is placed in a wijk, not at municipality level")


def test_todays_places_of_a_building_with_a_wijk_load_that_wijk():
    region = tiny_region(provision_types=[BW, {**FLEX, "building": {"name": "Huis", "wijk": "WK000102"}}],
                         capacity=[{"municipality": "GM0001", "type": "flex", "places": 8},
                                   {"municipality": "GM0001", "type": "bw", "places": 3}])
    assert region.existing_load(["bw", "flex"]) == {"WK000102": 4.0}
    assert region.buildings(["bw", "flex"]) == {"Huis": ["flex"]}
    # what it adds: its weighted places above today's 8 x 0.5
    assert region.building_growth("Huis", ["flex"], {"flex": 14}) == 3.0
    assert region.building_growth("Huis", ["flex"], {"flex": 2}) == 0.0
