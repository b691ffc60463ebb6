"""What-if runs: a cap on Bdorp moves BW places back to Astad and widens the fair-share gap; DWO three ways side
by side: a cap on Westland's BT and 10 % more demand move places, and only the places that move are shown."""

from __future__ import annotations

import pytest

from models.i18n import Words
from optimiser.report.compare import (
    comparison_chart,
    comparison_sections,
    diff,
    differing_cells,
    distinct_labels,
    version_label,
    what_if,
)
from optimiser.solving import solve_scenario
from tests.factories import tiny_region, tiny_scenario


def test_what_if_cap_changes_the_kpis():
    region, scenario = tiny_region(), tiny_scenario(solver={"explain": False})
    table = what_if(region, scenario, {"cap Bdorp": {"caps": {"GM0002": {"bw": 0}}}})
    assert list(table.index) == ["baseline", "cap Bdorp"]
    assert table.loc["baseline", "max_fair_share_gap"] == 2  # 26 vs 24 in Astad, 22 vs 24 in Bdorp
    assert table.loc["cap Bdorp", "max_fair_share_gap"] == 24  # all 48 stay in Astad
    assert table.loc["cap Bdorp", "unmet"] == 0


def test_diff_per_municipality_type_and_year():
    region = tiny_region()
    base = solve_scenario(region, tiny_scenario(solver={"explain": False}))
    capped = solve_scenario(region, tiny_scenario(solver={"explain": False}, caps={"GM0002": {"bw": 0}}))
    d = diff(base, capped)
    bw_2026 = d[(d.type == "bw") & (d.year == 2026)]
    assert bw_2026.groupby("municipality")["difference"].sum().to_dict() == {"GM0001": 22, "GM0002": -22}


def test_differing_cells_of_three_dwo_runs(dwo_three_ways):
    _region, results = dwo_three_ways
    d = differing_cells(results, ["basis", "westland", "meer"])
    assert list(d.columns) == ["municipality", "wijk", "type", "year", "total", "basis", "westland", "meer", "spread"]
    # Westland held at 30 BT places: 43 in the default plan, 48 with 10 % more demand
    westland = d[(d.municipality == "GM1783") & (d.type == "bt") & (d.year == 2026)]
    total = westland[westland.total]
    assert total[["basis", "westland", "meer", "spread"]].values.tolist() == [[43, 30, 48, 18]]
    assert total.wijk.tolist() == [None]
    naaldwijk = westland[westland.wijk == "WK178301"]
    assert naaldwijk[["basis", "westland", "meer", "spread"]].values.tolist() == [[8, 0, 16, 16]]
    # rows on which all three agree are left out: Westland's 20 BT places of today (in no wijk), Delft's 88 BT
    # places in 2023 and Midden-Delfland's 3 BT plus places in every year
    assert westland[~westland.total & westland.wijk.isna()].empty
    assert d[(d.municipality == "GM0503") & (d.type == "bt") & (d.year == 2023)].empty
    assert d[(d.municipality == "GM1842") & (d.type == "bt_plus")].empty
    assert not d[(d.municipality == "GM0503") & (d.type == "bt") & (d.year == 2026)].empty
    assert (d.spread > 0).all()
    places = d[["basis", "westland", "meer"]]
    assert (d.spread == places.max(axis=1) - places.min(axis=1)).all()


def test_differing_cells_of_equal_results_is_empty_and_labels_default_to_scenario_names(dwo_three_ways):
    _region, results = dwo_three_ways
    same = differing_cells([results[0], results[0]])
    assert same.empty and list(same.columns)[5:] == ["spreiding-2023-2026 (1)", "spreiding-2023-2026 (2)", "spread"]
    assert list(differing_cells(results[:2]).columns)[5:7] == ["spreiding-2023-2026", "westland-bt-30"]


def test_labels_name_their_result_once():
    assert distinct_labels(["a", "b", "a"], ["x", "y", "z"]) == ["a (x)", "b", "a (z)"]
    assert distinct_labels(["a", "a"], ["x", "x"]) == ["a (x) #1", "a (x) #2"]
    assert version_label("spreiding", 3, Words("nl")) == "spreiding (versie 3)"
    assert version_label("spreiding", None, Words("en")) == "spreiding"


def test_comparison_in_dutch_words_and_numbers(dwo_three_ways):
    _region, results = dwo_three_ways
    kpi, cells = comparison_sections(results, ["basis", "westland", "meer"], Words("nl"))
    assert kpi.table is not None and kpi.table.headers == ["kengetal", "basis", "westland", "meer"]
    cost = next(row for row in kpi.table.rows if row[0] == "kosten over de jaren")
    assert all(c.startswith("€ ") and "." in c for c in cost[1:])
    assert cells.table is not None
    assert ["Westland", "(totaal gemeente)", "Beschermd Thuis", "2026", "43", "30", "48", "18"] in cells.table.rows


def test_comparison_chart_is_a_png(dwo_three_ways, tmp_path):
    _region, results = dwo_three_ways
    path = comparison_chart(results, ["basis", "westland", "meer"], tmp_path / "chart.png", Words("nl"))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(ValueError, match="one label per result"):
        comparison_chart(results, ["basis"], tmp_path / "other.png", Words("en"))
