"""The one module analysts import: load, derive (merged and validated), solve and compare."""

from __future__ import annotations

import pytest

import optimiser as regio


def test_derive_merges_nested_fields_and_validates() -> None:
    region = regio.load_region("dwo")
    base = regio.load_scenario(region)
    changed = regio.derive(region, base, {"budget": {"extra": {2024: 500_000}}, "caps": {"GM1783": {"bt": 30}}})
    assert changed.budget.extra == {2024: 500_000.0}
    assert changed.budget.enabled == base.budget.enabled and changed.demand == base.demand  # the rest is kept
    assert changed.caps == {"GM1783": {"bt": 30}}
    with pytest.raises(regio.PackError, match=r"what-if: caps\.GM0503\.bw: .*'dertig'"):
        regio.derive(region, base, {"caps": {"GM0503": {"bw": "dertig"}}})
    with pytest.raises(regio.PackError, match=r"caps\.GM9999: unknown municipality"):
        regio.derive(region, base, {"caps": {"GM9999": {"bw": 3}}})


def test_the_readme_what_if_changes_the_answer() -> None:
    region = regio.load_region("dwo")
    base = regio.derive(region, regio.load_scenario(region), {"solver": {"explain": False}})
    table = regio.what_if(region, base, {"Westland at most 30 BT": {"caps": {"GM1783": {"bt": 30}}}})
    assert list(table.index) == ["baseline", "Westland at most 30 BT"]
    assert list(table["unmet"]) == [0, 0]
    # Westland's fair share of 131 BT clients is 43 (33.09 %); capped at 30 it is 13 short of its quota 43.35
    assert table.loc["Westland at most 30 BT", "max_fair_share_gap"] == pytest.approx(13.352, abs=1e-3)
    assert table.loc["baseline", "max_fair_share_gap"] < table.loc["Westland at most 30 BT", "max_fair_share_gap"]
