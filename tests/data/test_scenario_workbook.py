"""The Excel template of a scenario: written from a scenario, read back to the same scenario, and every error
one line naming the file, sheet, cell and value."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from data import PackError, derive_scenario, load_region, load_scenario
from data.scenario_workbook import read_template, read_template_bytes, write_template
from models.i18n import Words, worded
from tests.workbooks import SHEETS_EN, SHEETS_NL, coordinate, fill

SEEDS = ["dwo", "mvs", "maastricht-heuvelland", "midden-ijssel"]
NL, EN = Words("nl"), Words("en")


@pytest.fixture(scope="module")
def dwo():
    region = load_region("dwo")
    return region, load_scenario(region)


@pytest.fixture()
def template(dwo, tmp_path: Path) -> Path:
    region, scenario = dwo
    return write_template(region, scenario, tmp_path / "scenario.xlsx", NL)


def refused(region, path: Path) -> str:
    with pytest.raises(PackError) as exc:
        read_template(region, path)
    message = str(exc.value)
    assert "\n" not in message and message.startswith(f"{path.name}: ")
    return message


@pytest.mark.parametrize("code", SEEDS)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_each_seed_region_round_trips(code: str, lang: str, tmp_path: Path) -> None:
    region = load_region(code)
    scenario = load_scenario(region)
    path = write_template(region, scenario, tmp_path / f"{code}.xlsx", Words(lang))
    book = load_workbook(path)
    assert book.sheetnames == list((SHEETS_NL if lang == "nl" else SHEETS_EN).values())
    assert read_template(region, path) == scenario


def test_the_template_shows_codes_labels_and_number_cells(template: Path) -> None:
    book = load_workbook(template)
    demand = book["Vraag"]
    assert [c.value for c in demand[3]] == ["code", "voorziening", 2023, 2024, 2025, 2026]
    assert [c.value for c in demand[4]] == ["bt", "Beschermd Thuis", 131, 131, 131, 131]
    assert demand["C4"].data_type == "n"
    key = book["Sleutel"]
    assert key[coordinate(key, "key", 2023)].value == "objectief"
    assert key[coordinate(key, "GM0503", "B")].value == "Delft"
    assert key[coordinate(key, "GM0503", "objectief")].value == pytest.approx(0.4821, abs=1e-4)  # for reference
    budget = book["Budget"]
    assert budget[coordinate(budget, "fixed_costs", 2024)].value == 5109250
    assert budget[coordinate(budget, "enabled", "C")].value == "ja"
    assert "regio solve dwo --scenario" in book["Scenario"]["A2"].value


def test_rules_in_time_round_trip(dwo, tmp_path: Path) -> None:
    """Caps for every year and from a year on, what-if shares from a year on, a key that changes, money per
    municipality and handed out: all come back as they went in."""
    region, base = dwo
    later = {"GM0503": 0.40, "GM1783": 0.36, "GM1926": 0.16, "GM1842": 0.08}
    scenario = derive_scenario(region, base, {
        "caps": {"GM0503": {"bw": {2024: 20, 2026: 10}}, "GM1783": {"bt": 60}},
        "key_shares": {2026: later},
        "key": {2023: "objectief", 2025: "historisch"},
        "budget": {"extra": {2024: 500000.5}, "municipality_caps": {"GM1842": 250000},
                   "distributions": [{"label": "Lokaal", "key": "objectief", "amounts": {2025: 100000}}]},
    })
    for w in (NL, EN):
        path = write_template(region, scenario, tmp_path / f"in-time-{w.lang}.xlsx", w)
        assert read_template(region, path, base=base) == scenario
    caps = load_workbook(tmp_path / "in-time-nl.xlsx")["Maxima"]
    assert caps[coordinate(caps, "GM0503", "bw")].value == "vanaf 2024: 20; vanaf 2026: 10"
    assert caps[coordinate(caps, "GM1783", "bt")].value == 60


def test_a_filled_template_changes_what_it_shows_and_keeps_the_rest(dwo, template: Path) -> None:
    region, base = dwo
    fill(template, "Vraag", {("bt", 2026): 140, ("nachtopvang_1p", 2025): 6})
    fill(template, "Maxima", {("GM1783", "bt"): 30, ("GM0503", "bw"): "vanaf 2025: 12"})
    fill(template, "Sleutel", {("GM0503", 2023): 0.5, ("GM1783", 2023): 0.3, ("GM1926", 2023): 0.15,
                               ("GM1842", 2023): 0.05})
    fill(template, "Budget", {("extra", 2024): "1.500.000,50", ("GM1842", "C"): "250.000",
                              ("fixed_costs", 2026): None})
    scenario = read_template(region, template)
    assert scenario.demand["bt"] == {2023: 131, 2024: 131, 2025: 131, 2026: 140}
    assert scenario.demand["nachtopvang_1p"][2025] == 6
    assert scenario.caps == {"GM1783": {"bt": 30}, "GM0503": {"bw": {2025: 12}}}
    assert scenario.key_shares == {"GM0503": 0.5, "GM1783": 0.3, "GM1926": 0.15, "GM1842": 0.05}
    assert scenario.budget.extra == {2024: 1500000.5}  # Dutch text numbers are read the Dutch way
    assert scenario.budget.municipality_caps == {"GM1842": 250000.0}
    assert 2026 not in scenario.budget.fixed_costs and scenario.budget.fixed_costs[2025] == 5130958
    # what the template does not show comes from the base scenario
    for field in ("transitions", "sites", "draagkracht", "hosting", "solver", "apportion_types",
                  "modelling_choices", "source", "type_keys", "fair_share"):
        assert getattr(scenario, field) == getattr(base, field), field
    assert scenario.budget.payment_key == "objectief" and scenario.budget.ingroeipad_start == 2023


def test_a_row_left_empty_drops_the_type(tmp_path: Path) -> None:
    region = load_region("mvs")
    base = load_scenario(region)
    path = write_template(region, base, tmp_path / "mvs.xlsx", NL)
    fill(path, "Vraag", {("housing_first", y): None for y in base.years})
    assert "housing_first" not in read_template(region, path).demand


def test_shares_as_percentages(dwo, template: Path) -> None:
    region, _ = dwo
    fill(template, "Sleutel", {("GM0503", 2026): "48,21%", ("GM1783", 2026): "33,09%", ("GM1926", 2026): "12,95 %",
                               ("GM1842", 2026): "5,75%"})
    shares = read_template(region, template).key_shares
    assert isinstance(shares, dict) and list(shares) == [2026]
    assert shares[2026]["GM0503"] == pytest.approx(0.4821)
    fill(template, "Sleutel", {("GM0503", 2026): 48.21, ("GM1783", 2026): 33.09, ("GM1926", 2026): 12.95,
                               ("GM1842", 2026): 5.75})
    assert read_template(region, template).key_shares[2026]["GM1783"] == pytest.approx(0.3309)  # type: ignore[index]


def test_english_template_reads_english_numbers(dwo, tmp_path: Path) -> None:
    region, base = dwo
    path = write_template(region, base, tmp_path / "en.xlsx", EN)
    fill(path, "Budget", {("extra", 2025): "1,500,000.50"})
    assert read_template(region, path).budget.extra == {2025: 1500000.5}
    fill(path, "Budget", {("extra", 2025): "1.500.000,50"})
    assert refused(region, path) == ("en.xlsx: sheet Budget, cell F12: '1.500.000,50' is written the Dutch way; "
                                     "this template reads numbers as English writes them: 1,500,000.50")


@pytest.mark.parametrize(
    ("sheet", "changes", "message"),
    [
        ("Vraag", {("bt", 2023): "veel"}, "sheet Vraag, cell C4: 'veel' is not a number"),
        ("Vraag", {("bt", 2024): -3}, "sheet Vraag, cell D4: -3 is negative"),
        ("Vraag", {("bt", 2024): "-3"}, "sheet Vraag, cell D4: -3 is negative"),
        ("Vraag", {("bw", 2025): 2.5}, "sheet Vraag, cell E6: 2,5 is not a whole number"),
        ("Vraag", {("bw", 2025): None}, "sheet Vraag, cell E6: no figure for 2025: give the demand of every year"),
        ("Vraag", {("bt", 2023): "1500000.50"}, "sheet Vraag, cell C4: '1500000.50' is written the English way; "
                                                "this template reads numbers as Dutch writes them: 1.500.000,50"),
        ("Vraag", {("bt", 2023): "nan"}, "sheet Vraag, cell C4: 'nan' is not a finite number"),
        ("Vraag", {("bt", "A"): "bbt"}, "sheet Vraag, cell A4: unknown provision type 'bbt'; the region has bt, "),
        ("Vraag", {("bt", 2023): 10_000_000}, "sheet Vraag, cell C4: demand.bt.2023: 10,000,000 is above the "
                                              "plausible maximum of 1,000,000 places"),
        ("Maxima", {("GM0503", "A"): "GM9999"}, "sheet Maxima, cell A5: unknown municipality 'GM9999'; the region "
                                                "has GM0503, GM1783, GM1926, GM1842"),
        ("Maxima", {("GM0503", "bw"): "vanaf 2026: tien"}, "sheet Maxima, cell E5: 'vanaf 2026: tien' is neither a "
                                                           "number nor steps such as 'vanaf 2026: 10; vanaf 2028: 8'"),
        ("Maxima", {("GM0503", "bw"): "vanaf 1999: 10"}, "sheet Maxima, cell E5: caps.GM0503.bw.1999: year 1999 is "
                                                         "outside 2000-2100"),
        ("Sleutel", {("key", 2023): "eerlijk"}, "sheet Sleutel, cell C5: key: unknown key 'eerlijk'; the region "
                                                "has ['historisch', 'objectief']"),
        ("Sleutel", {("key", 2023): None, ("key", 2025): "objectief"},
         "sheet Sleutel, cell C5: key: the first step is 2025, but the scenario starts in 2023"),
        ("Sleutel", {("GM0503", 2023): 0.9, ("GM1783", 2023): 0.3, ("GM1926", 2023): 0.15, ("GM1842", 2023): 0.05},
         "sheet Sleutel, cell C4: key_shares: shares sum to 1.400000, not 1"),
        ("Sleutel", {("GM0503", 2024): 0.5, ("GM1783", 2024): 0.3, ("GM1926", 2024): 0.2},
         "sheet Sleutel, cell D4: key_shares.2024: give a share for exactly the municipalities ['GM0503', 'GM1783', "
         "'GM1842', 'GM1926'], got ['GM0503', 'GM1783', 'GM1926']"),
        ("Budget", {("enabled", "C"): "misschien"}, "sheet Budget, cell C5: 'misschien' is not ja or nee"),
        ("Budget", {("payment_key", "C"): "eerlijk"}, "sheet Budget, cell C6: budget.payment_key: unknown key "
                                                      "'eerlijk'"),
        ("Budget", {("GM1842", "C"): -5}, "sheet Budget, cell C20: -5 is negative"),
        ("Budget", {("fixed_costs", 2024): 1e13}, "sheet Budget, cell E13: budget.fixed_costs.2024: "
                                                  "10,000,000,000,000 is above the plausible maximum"),
        ("Budget", {("distribution", "B"): "Lokaal", ("distribution", 2024): 1000},
         "sheet Budget, cell C14: money handed out needs a description (column B) and a key (column C)"),
        ("Scenario", {("name", "C"): "Mijn Scenario"}, "sheet Scenario, cell C11: name: String should match pattern"),
        ("Scenario", {("title", "C"): None}, "sheet Scenario, cell C12: this cell may not be empty"),
        ("Scenario", {("years", "G"): 2027}, "sheet Vraag, cell A3: no column for 2027, one of the scenario's years"),
        ("Scenario", {("years", "D"): "volgend jaar"}, "sheet Scenario, cell D14: 'volgend jaar' is not a year"),
        ("Scenario", {("region", "C"): "mvs"}, "sheet Scenario, cell C9: this workbook is for region 'mvs', not dwo"),
        ("Scenario", {("base", "C"): "onbekend"}, "sheet Scenario, cell C10: the base scenario cannot be read: "
                                                  "unknown scenario 'onbekend' for region dwo"),
        ("Scenario", {("base", "C"): "ander.xlsx"}, "sheet Scenario, cell C10: the base scenario is a scenario of "
                                                    "the region's pack or a YAML file, not a workbook"),
        ("Scenario", {("question", "A"): "vraag"}, "sheet Scenario, cell A13: 'vraag' is not a code of this sheet; "
                                                   "use region, base, name, title, question, years"),
    ],
)
def test_errors_name_sheet_cell_and_value(dwo, template: Path, sheet, changes, message) -> None:
    region, _ = dwo
    fill(template, sheet, changes)
    assert refused(region, template).startswith(f"scenario.xlsx: {message}")


def test_a_formula_without_its_value(dwo, template: Path) -> None:
    region, _ = dwo
    fill(template, "Vraag", {("bt", 2023): "=100+31"})  # openpyxl keeps no computed value, as a fresh file has none
    assert refused(region, template) == ("scenario.xlsx: sheet Vraag, cell C4: a formula without a computed value: "
                                         "open the workbook in Excel or LibreOffice, save it and load it again")


def test_wrong_files(dwo, template: Path, tmp_path: Path) -> None:
    region, _ = dwo
    text = tmp_path / "scenario.xlsx.txt"
    text.write_text("name: x\n")
    assert refused(region, text) == f"{text.name}: not an Excel workbook (.xlsx); save it as an Excel workbook"
    empty = tmp_path / "leeg.xlsx"
    empty.write_bytes(b"")
    assert refused(region, empty) == "leeg.xlsx: the file is empty"
    assert refused(region, tmp_path / "weg.xlsx") == "weg.xlsx: no such file"
    other = Workbook()
    other.active.title = "Verdeling"  # type: ignore[union-attr]
    other.save(tmp_path / "result.xlsx")
    assert refused(region, tmp_path / "result.xlsx") == ("result.xlsx: not a scenario template: it has no sheet "
                                                         "Scenario (its sheets: Verdeling)")
    book = load_workbook(template)
    del book["Maxima"]
    book.save(template)
    assert refused(region, template) == ("scenario.xlsx: no sheet Maxima; a scenario template has the sheets "
                                         "Scenario, Vraag, Sleutel, Maxima, Budget")


def test_another_regions_template(tmp_path: Path) -> None:
    mvs = load_region("mvs")
    path = write_template(mvs, load_scenario(mvs), tmp_path / "mvs.xlsx", NL)
    assert refused(load_region("dwo"), path) == ("mvs.xlsx: sheet Scenario, cell C9: this workbook is for region "
                                                 "'mvs', not dwo")


def test_messages_in_dutch_for_the_forms(dwo, template: Path) -> None:
    region, base = dwo
    fill(template, "Vraag", {("bt", 2023): "veel"})
    with pytest.raises(PackError) as refused:
        read_template_bytes(region, template.read_bytes(), "scenario.xlsx", NL, base=base)
    assert worded(refused.value.args[0], NL) == "scenario.xlsx: blad Vraag, cel C4: 'veel' is geen getal"
    fill(template, "Vraag", {("bt", 2023): 131})
    fill(template, "Scenario", {("name", "C"): "ander-scenario"})
    with pytest.raises(PackError) as renamed:
        read_template_bytes(region, template.read_bytes(), "scenario.xlsx", NL, base=base, name=base.name)
    assert "blad Scenario, cel C11: het werkboek noemt scenario 'ander-scenario'" in worded(renamed.value.args[0], NL)
