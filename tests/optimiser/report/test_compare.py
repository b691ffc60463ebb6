"""What-if runs: a cap on Bdorp moves BW places back to Astad and widens the fair-share gap."""

from __future__ import annotations

from optimiser.report.compare import diff, what_if
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
