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


def bw_places(result: regio.Result, municipality: str) -> list[int]:
    return [sum(a.places for a in result.allocation if (a.municipality, a.type, a.year) == (municipality, "bw", t))
            for t in (2023, 2024, 2025, 2026)]


def test_the_readme_what_if_changes_the_answer() -> None:
    # "Delft hosts at most 10 BW places from 2026" (README, Python): Delft has 24 BW places today
    region = regio.load_region("dwo")
    base = regio.derive(region, regio.load_scenario(region), {"solver": {"explain": False}})
    question = {"caps": {"GM0503": {"bw": {2026: 10}}}}
    table = regio.what_if(region, base, {"Delft at most 10 BW from 2026": question})
    assert list(table.index) == ["baseline", "Delft at most 10 BW from 2026"]
    assert list(table["status"]) == ["optimal", "optimal"] and list(table["unmet"]) == [0, 0]
    # Westland holds 17 BW places in 2026 for a quota of 8.935 (14 without the cap)
    assert list(table["max_fair_share_gap"]) == pytest.approx([5.065, 8.065], abs=1e-3)
    # three BW places open in Westland in 2025, a year before Delft closes them: 3 x 48,783
    assert table["cost"].tolist() == [47_465_859, 47_612_208]

    base_result = regio.solve(region, base)
    capped = regio.solve(region, regio.derive(region, base, question))
    # 2023: nothing has opened yet, so none of Delft's 24 may close; 2026: at most 10, as close to its fair
    # share of 13 as the cap allows
    assert bw_places(capped, "GM0503")[0] == 24 and bw_places(capped, "GM0503")[-1] == 10
    assert bw_places(base_result, "GM0503") == [24, 13, 13, 13]
    assert bw_places(capped, "GM0503") == [24, 13, 13, 10]
    assert sum(bw_places(capped, m)[-1] for m in ("GM0503", "GM1783", "GM1926", "GM1842")) == 27
    assert (base_result.objective["total_deviation"], capped.objective["total_deviation"]) == (137, 146)

    # the same cap from the first year is infeasible: 14 places would close before any replacement opens
    plain = regio.solve(region, regio.derive(region, base, {"caps": {"GM0503": {"bw": 10}}}))
    assert plain.status == "infeasible" and plain.diagnosis is not None
    # one rule group by 14 places: Delft's own cap or the no-closing-before-opening rule (equal ways out)
    ways = [[(r.group, r.amount) for r in way] for way in [plain.diagnosis.relaxations, *plain.diagnosis.alternatives]]
    assert ways[:2] == [[("cap(GM0503,bw)", 14)], [("close_after_open(bw)", 14)]]
