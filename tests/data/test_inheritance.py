"""Scenario inheritance: a scenario names a ``base:`` and gives only what differs; nested fields merge, lists
are replaced, and a refused field is named with its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from data import PackError, load_region, load_scenario

CHILD = """\
# Midden-Delfland capped at 10 BW, BT demand of 2024 raised
base: spreiding-2023-2026
name: hoger
caps:
  GM1842: {bw: 10}
demand:
  bt: {2024: 170}
transitions:
  keep_current: [bw]
"""


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGIO_LANG", "en")


def test_a_child_scenario_overrides_only_what_it_names(tmp_path: Path) -> None:
    region = load_region("dwo")
    base = load_scenario(region)
    (tmp_path / "hoger.yaml").write_text(CHILD, encoding="utf-8")
    child = load_scenario(region, tmp_path / "hoger.yaml")
    assert child.name == "hoger" and child.title == base.title
    assert child.demand["bt"][2024] == 170
    assert {y: n for y, n in child.demand["bt"].items() if y != 2024} == {
        y: n for y, n in base.demand["bt"].items() if y != 2024}  # the other years from the base
    assert child.demand["bw"] == base.demand["bw"]
    assert child.caps["GM1842"]["bw"] == 10 and {m: c for m, c in child.caps.items() if m != "GM1842"} == {
        m: c for m, c in base.caps.items() if m != "GM1842"}
    assert child.transitions.keep_current == ["bw"]  # a list replaced whole
    # a grandchild builds on the child, by file name beside it
    (tmp_path / "nog-hoger.yaml").write_text("base: hoger.yaml\ndemand:\n  bt: {2025: 180}\n", encoding="utf-8")
    grandchild = load_scenario(region, tmp_path / "nog-hoger.yaml")
    assert grandchild.name == "nog-hoger" and grandchild.demand["bt"][2024] == 170
    assert grandchild.demand["bt"][2025] == 180 and grandchild.caps["GM1842"]["bw"] == 10


def test_a_refused_field_is_named_with_file_and_line(tmp_path: Path) -> None:
    region = load_region("dwo")
    (tmp_path / "hoger.yaml").write_text(CHILD.replace("2024: 170", "2024: 99999999"), encoding="utf-8")
    with pytest.raises(PackError) as refused:
        load_scenario(region, tmp_path / "hoger.yaml")
    assert str(refused.value) == ("hoger.yaml line 7: demand.bt.2024: 99,999,999 is above the plausible maximum "
                                  "of 1,000,000 places")
    # a field the base gives is named in the base's file
    (tmp_path / "basis.yaml").write_text(CHILD.replace("base: spreiding-2023-2026\n", "base: spreiding-2023-2026\n"
                                                       "solver: {time_limit: -5}\n"), encoding="utf-8")
    (tmp_path / "kind.yaml").write_text("base: basis.yaml\ncaps:\n  GM1842: {bw: 12}\n", encoding="utf-8")
    with pytest.raises(PackError, match=r"^basis\.yaml line 3: solver\.time_limit"):
        load_scenario(region, tmp_path / "kind.yaml")


def test_a_circle_or_an_unknown_base_is_refused(tmp_path: Path) -> None:
    region = load_region("dwo")
    (tmp_path / "a.yaml").write_text("base: b.yaml\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("base: a.yaml\n", encoding="utf-8")
    with pytest.raises(PackError, match=r"base: the scenarios name each other as base \(a\.yaml -> b\.yaml -> "
                                        r"a\.yaml\)"):
        load_scenario(region, tmp_path / "a.yaml")
    (tmp_path / "c.yaml").write_text("base: nergens\n", encoding="utf-8")
    with pytest.raises(PackError, match="unknown scenario 'nergens' for region dwo"):
        load_scenario(region, tmp_path / "c.yaml")
