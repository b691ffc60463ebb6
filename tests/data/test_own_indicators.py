"""A region's own indicators (a Leefbaarometer score, a municipal nuisance index): declared with their source in
``region.yaml``, a column in the pack's tables, usable in draagkracht weights and in keys."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from data import PackError, load_region, load_scenario, parse_scenario
from data.pack import PACKS
from models import DraagkrachtPolicy
from optimiser.check import check_pack
from optimiser.wijk_capacity import capacities

DECLARED = """
indicators:
  leefbaarometer:
    label: Leefbaarometer, afwijking van het landelijk gemiddelde (hoger = meer druk)
    source: "Leefbaarometer 3.0, 2022 (test figures)"
"""


@pytest.fixture()
def pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """DWO's pack as ``dwo-eigen`` with a Leefbaarometer column: 100 in Binnenstad (WK050311), empty in
    Vrijenban (WK050312), 0 in the other wijken; per municipality 1, 1, 1 and 2."""
    folder = tmp_path / "packs" / "dwo-eigen"
    shutil.copytree(PACKS / "dwo", folder)
    yaml = (folder / "region.yaml").read_text(encoding="utf-8").replace("code: dwo\n", "code: dwo-eigen\n")
    yaml = yaml.replace("keys:\n", "keys:\n  leefbaarheid:\n    label: Naar leefbaarheid\n    from_indicators: "
                                   "{leefbaarometer: 1}\n    source: \"test\"\n", 1)
    (folder / "region.yaml").write_text(yaml + DECLARED, encoding="utf-8")
    wijken = pd.read_csv(folder / "wijken.csv", dtype=str, keep_default_na=False)
    wijken["leefbaarometer"] = ["100" if c == "WK050311" else "" if c == "WK050312" else "0" for c in wijken["code"]]
    wijken.to_csv(folder / "wijken.csv", index=False)
    munis = pd.read_csv(folder / "municipalities.csv", dtype=str, keep_default_na=False)
    munis["leefbaarometer"] = ["2" if c == "GM1842" else "1" for c in munis["code"]]
    munis.to_csv(folder / "municipalities.csv", index=False)
    monkeypatch.setenv("REGIO_PACKS_DIR", str(folder.parent))
    return folder


def test_an_own_indicator_in_the_draagkracht_weights_and_a_key(pack: Path) -> None:
    region = load_region("dwo-eigen")
    assert region.indicators["leefbaarometer"].source == "Leefbaarometer 3.0, 2022 (test figures)"
    wijk = {w.code: w for w in region.wijken}
    assert (wijk["WK050311"].indicators.own, wijk["WK050312"].indicators.own) == (
        {"leefbaarometer": 100.0}, {"leefbaarometer": None})
    # a key from the own indicator: 1 : 1 : 1 : 2
    assert region.keys["leefbaarheid"].shares == {"GM0503": 0.2, "GM1783": 0.2, "GM1926": 0.2, "GM1842": 0.4}
    plain = DraagkrachtPolicy()
    weighted = DraagkrachtPolicy(weights={**plain.weights, "leefbaarometer": 0.1},
                                 thresholds={**plain.thresholds, "leefbaarometer": 100.0})
    before, after = capacities(region, plain), capacities(region, weighted)
    assert after["WK050311"].index == pytest.approx(max(0.0, before["WK050311"].index - 0.1), abs=1e-4)
    assert after["WK050312"].filled == ["leefbaarometer from municipality"]  # Delft's 1 of 100
    assert after["WK050312"].index == pytest.approx(max(0.0, before["WK050312"].index - 0.001), abs=1e-4)
    same = [c for c in before if c not in ("WK050311", "WK050312")]
    assert [after[c].index for c in same] == [before[c].index for c in same]
    # a scenario weighing it is accepted for this region only
    doc = load_scenario(region).model_dump(mode="json")
    doc["draagkracht"]["weights"] = {"p_hh_li": 0.4, "p_wcorpw": 0.3, "pct_1p_hh": 0.2, "leefbaarometer": 0.1}
    doc["draagkracht"]["thresholds"]["leefbaarometer"] = 100
    assert parse_scenario(region, doc).draagkracht.weights["leefbaarometer"] == 0.1
    with pytest.raises(PackError, match="draagkracht.weights.leefbaarometer: unknown indicator"):
        parse_scenario(load_region("dwo"), doc)


def test_the_check_names_where_it_is_empty(pack: Path) -> None:
    doc_path = pack / "scenarios" / "spreiding-2023-2026.yaml"
    text = doc_path.read_text(encoding="utf-8")
    doc_path.write_text(text.replace("draagkracht:\n", "draagkracht:\n  weights: {p_hh_li: 0.4, p_wcorpw: 0.3, "
                                     "pct_1p_hh: 0.2, leefbaarometer: 0.1}\n  thresholds: {p_hh_li: 70, "
                                     "p_wcorpw: 80, pct_1p_hh: 80, leefbaarometer: 100}\n", 1), encoding="utf-8")
    found = [(f.severity, f.where, str(f.message)) for f in check_pack("dwo-eigen")]
    assert ("warning", "wijken.csv: leefbaarometer", "leefbaarometer is empty for 1 of 28 wijken (WK050312): the "
            "draagkracht index takes the municipality's value") in found


def test_an_own_indicator_without_a_source_is_refused(pack: Path) -> None:
    yaml = (pack / "region.yaml").read_text(encoding="utf-8")
    (pack / "region.yaml").write_text(yaml.replace('    source: "Leefbaarometer 3.0, 2022 (test figures)"\n', ""),
                                      encoding="utf-8")
    with pytest.raises(PackError, match=r"indicators\.leefbaarometer\.source"):
        load_region("dwo-eigen")
