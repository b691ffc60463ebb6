"""Fair-share targets in time: a key, a type's key or what-if shares "from year Y" change the targets
exactly from that year, in the model, its verifier and ``regio apportion`` alike."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from cli import app
from data import derive_scenario, load_region, load_scenario
from models import Region, Scenario
from optimiser.apportion import hamilton
from optimiser.fair_share_table import fair_share_targets, groups
from optimiser.verify import verify
from tests.factories import tiny_region, tiny_scenario
from tests.optimiser.formulation.support import places, solve

runner = CliRunner()
BW_BT = ["bt", "bt_plus", "bw", "bw_plus"]
KEYS = {"objectief": {"label": "test key", "shares": {"GM0001": 0.5, "GM0002": 0.5}},
        "later": {"label": "later key", "shares": {"GM0001": 0.75, "GM0002": 0.25}}}


def stepped() -> tuple[Region, Scenario]:
    """Flexwoningen 4, 4, 12 by the 50/50 key, and from 2026 by the 75/25 key: targets 2/2, 2/2, then 9/3."""
    region = tiny_region(keys=KEYS)
    scenario = tiny_scenario(demand={"flex": {2024: 4, 2025: 4, 2026: 12}}, key={2024: "objectief", 2026: "later"},
                             solver={"explain": False})
    return region, scenario


def test_the_targets_change_in_the_year_the_key_does() -> None:
    region, scenario = stepped()
    assert fair_share_targets(region, scenario) == {
        ("GM0001", "flex", 2024): 2, ("GM0002", "flex", 2024): 2,
        ("GM0001", "flex", 2025): 2, ("GM0002", "flex", 2025): 2,
        ("GM0001", "flex", 2026): 9, ("GM0002", "flex", 2026): 3,
    }
    result = solve(region, scenario)
    rows = {(r.municipality, r.year): (r.places, r.quota, r.target) for r in result.fair_share}
    assert rows == {("GM0001", 2024): (2, 2.0, 2), ("GM0002", 2024): (2, 2.0, 2),
                    ("GM0001", 2025): (2, 2.0, 2), ("GM0002", 2025): (2, 2.0, 2),
                    ("GM0001", 2026): (9, 9.0, 9), ("GM0002", 2026): (3, 3.0, 3)}
    assert places(result, "flex", 2026) == {"GM0001": 9, "GM0002": 3}
    assert result.objective["max_deviation"] == 0 and result.objective["total_deviation"] == 0
    assert verify(region, scenario, result) == []
    # the verifier reads the key in force: against the 50/50 key in every year the result is 3 places off twice
    unstepped = scenario.model_copy(update={"key": "objectief"})
    assert verify(region, unstepped, result, ["fair_share"]) == [
        "objective max_deviation is 0, but the allocation gives 3",
        "objective total_deviation is 0, but the allocation gives 6",
        "fair-share row GM0001 flex 2026 reports target 9, the fair-share table gives 6",
        "fair-share row GM0002 flex 2026 reports target 3, the fair-share table gives 6",
    ]


def test_apportion_prints_the_key_in_force(tmp_path: Path) -> None:
    region, scenario = stepped()
    (tmp_path / "region.yaml").write_text(yaml.safe_dump(json.loads(region.model_dump_json()), sort_keys=False),
                                          encoding="utf-8")
    file = tmp_path / "stepped.yaml"
    file.write_text(yaml.safe_dump(scenario.model_dump(mode="json"), sort_keys=False), encoding="utf-8")
    printed = {}
    for year in scenario.years:
        out = runner.invoke(app, ["apportion", str(tmp_path), "--scenario", str(file), "--year", str(year), "--json"])
        assert out.exit_code == 0, out.output
        doc = json.loads(out.output)
        printed[year] = (doc["tables"][0]["key"]["name"], doc["cells"])
    assert printed == {2024: ("objectief", {"flex": {"GM0001": 2, "GM0002": 2}}),
                       2025: ("objectief", {"flex": {"GM0001": 2, "GM0002": 2}}),
                       2026: ("later", {"flex": {"GM0001": 9, "GM0002": 3}})}
    text = runner.invoke(app, ["apportion", str(tmp_path), "--scenario", str(file), "--year", "2026"]).output
    assert "sleutel in 2026: later (later key), domein wonen" in text
    assert "Flexwoning           9 ( 9,00)           3 ( 3,00)      12" in text
    assert "sleutel in 2025: objectief (test key)" in runner.invoke(
        app, ["apportion", str(tmp_path), "--scenario", str(file), "--year", "2025"]).output


def test_a_type_key_from_a_year_splits_the_table_that_year() -> None:
    region = load_region("dwo")
    scenario = derive_scenario(region, load_scenario(region), {"type_keys": {"bw": {2025: "historisch"}}})
    assert groups(region, scenario, 2024)[0] == BW_BT
    assert groups(region, scenario, 2025)[:2] == [["bt", "bt_plus", "bw_plus"], ["bw"]]
    targets = fair_share_targets(region, scenario)
    towns = ["GM0503", "GM1783", "GM1926", "GM1842"]
    assert [targets[m, "bw", 2024] for m in towns] == [13, 9, 4, 1]  # the 230-client table
    # from 2025 BW alone by the historical key: Hamilton of 27 (quotas 20.57, 3.99, 2.06, 0.39)
    assert [targets[m, "bw", 2025] for m in towns] == [21, 4, 2, 0]
    assert hamilton(27, region.keys["historisch"].shares) == {"GM0503": 21, "GM1783": 4, "GM1926": 2, "GM1842": 0}


def test_dwo_shares_moving_away_from_delft_in_2026() -> None:
    # Delft 40 %, Westland 36 %, Pijnacker-Nootdorp 16 %, Midden-Delfland 8 % from 2026 (a what-if)
    region = load_region("dwo")
    base = load_scenario(region)
    base = base.model_copy(update={"solver": base.solver.model_copy(update={"explain": False})})
    shares = {"GM0503": 0.40, "GM1783": 0.36, "GM1926": 0.16, "GM1842": 0.08}
    what_if = derive_scenario(region, base, {"key_shares": {2026: shares}})
    before, after = fair_share_targets(region, base), fair_share_targets(region, what_if)
    delft = {y: [after["GM0503", p, y] for p in BW_BT] for y in what_if.years}
    assert delft == {2023: [63, 28, 13, 7], 2024: [63, 28, 13, 7], 2025: [63, 28, 13, 7], 2026: [52, 23, 11, 6]}
    assert {k: v for k, v in after.items() if k[2] < 2026} == {k: v for k, v in before.items() if k[2] < 2026}
    assert {m: sum(after[m, p, 2026] for p in BW_BT) for m in shares} == {
        "GM0503": 92, "GM1783": 83, "GM1926": 37, "GM1842": 18}
    # solved: Delft holds 97 BW/BT places in 2026 instead of 113, the others take them
    result = solve(region, what_if)
    assert verify(region, what_if, result) == []
    held = {m: sum(n for p in BW_BT for mm, n in places(result, p, 2026).items() if mm == m) for m in shares}
    assert held == {"GM0503": 97, "GM1783": 88, "GM1926": 30, "GM1842": 15}
    assert sum(places(result, p, 2025).get("GM0503", 0) for p in BW_BT) == 113
