"""A new region from CBS files and one workbook: ``regio init``, the workbook filled in, ``--from-workbook``,
``regio check``, then solved and mapped — from the kwb layout with GeoJSON, and from the StatLine layout with a
GeoPackage of several layers."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cli import app

CBS = Path(__file__).resolve().parents[3] / "shared" / "data" / "cbs"
pytestmark = pytest.mark.skipif(not CBS.is_dir(), reason="the shared CBS files are not beside the repository")
runner = CliRunner()
SALLAND = "GM0150,GM1773,GM0177"  # Deventer, Olst-Wijhe, Raalte


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGIO_LANG", "en")


def fill(book_path: Path) -> None:
    """What only the region knows: cost and places today, a grant, demand for three years."""
    book = load_workbook(book_path)
    types, places, grants, demand, _key = book.worksheets
    types["D2"] = 65000  # BW: cost per place per year
    rows = {places.cell(r, 1).value: r for r in range(2, places.max_row + 1)}
    places.cell(rows["GM0150"], 3).value = 40  # Deventer: 40 BW today
    places.cell(rows["GM0177"], 3).value = 10  # Raalte: 10 BW
    places.cell(rows["GM1773"], 4).value = 5  # Olst-Wijhe: 5 BT
    grants.append([2025, "bw", 9000000, "GM0150", "test grant"])
    grants.append([2025, "mo", 1500000, "GM0150", "test grant"])
    for r in range(2, demand.max_row + 1):
        code = demand.cell(r, 1).value
        for c, n in enumerate({"bw": (60, 65, 70), "bt": (20, 22, 24), "mo": (10, 10, 12)}[code], start=2):
            demand.cell(r, c).value = n
    book.save(book_path)


def build(out: Path, kwb: list[Path], boundaries: Path, *extra: str) -> None:
    made = runner.invoke(app, ["init", "salland", "--name", "Salland", *[a for p in kwb for a in ("--kwb", str(p))],
                               "--boundaries", str(boundaries), *extra, "--municipalities", SALLAND,
                               "--centrumgemeente", "GM0150", "--year", "2022", "--fill-year", "2021",
                               "--years", "2025-2027", "--out", str(out)])
    assert made.exit_code == 0, made.output
    assert made.output.splitlines()[0] == "salland: 3 municipalities, 36 wijken, 36 with boundaries"
    fill(out / "invullen.xlsx")
    read = runner.invoke(app, ["init", "--from-workbook", str(out / "invullen.xlsx"), "--out", str(out)])
    assert read.exit_code == 0, read.output
    assert read.output.splitlines()[0] == (
        "salland: 3 provision types, 3 figures of places today, 2 grants, demand for 3 types")
    assert read.output.splitlines()[-1] == "0 errors, 3 warnings, 0 notes"  # the check, as `regio check` prints it


def solve_and_map(out: Path, tmp: Path) -> dict[str, int]:
    checked = runner.invoke(app, ["check", str(out)])
    assert checked.exit_code == 0, checked.output
    assert checked.output.splitlines()[-1].startswith("0 errors")
    solved = runner.invoke(app, ["--packs", str(out.parent), "solve", "salland", "--no-explain", "--json",
                                 "--out", str(tmp / "result")])
    assert solved.exit_code == 0, solved.output
    result = json.loads((tmp / "result" / "result.json").read_text(encoding="utf-8"))
    assert result["status"] == "optimal"
    totals = {t: sum(a["places"] for a in result["allocation"] if a["type"] == t and a["year"] == 2027)
              for t in ("bw", "bt", "mo")}
    drawn = runner.invoke(app, ["--packs", str(out.parent), "map", str(tmp / "result"), "--out",
                                str(tmp / "kaart.png")])
    assert drawn.exit_code == 0, drawn.output
    assert (tmp / "kaart.png").read_bytes()[:4] == b"\x89PNG"
    return totals


def test_a_new_region_from_kwb_files_and_geojson(tmp_path: Path) -> None:
    out = tmp_path / "packs" / "salland"
    build(out, [CBS / "wijken_alle_jaren.csv", CBS / "gemeenten_kwb_2021_2022.csv"], CBS / "wijken.geojson")
    checked = runner.invoke(app, ["check", str(out)])
    print(checked.output)  # the closing note shows it
    totals = solve_and_map(out, tmp_path)
    assert totals == {"bw": 70, "bt": 24, "mo": 12}  # the demand of 2027, met


def test_a_new_region_from_a_statline_table_and_a_layered_geopackage(tmp_path: Path) -> None:
    kwb = pd.read_csv(CBS / "wijken_alle_jaren.csv", dtype=str, keep_default_na=False)
    kwb = kwb[kwb["gwb_code"].str[2:6].isin(["0150", "1773", "0177"])]
    statline = pd.DataFrame({
        "ID": range(len(kwb)), "WijkenEnBuurten": kwb["wijknaam"], "SoortRegio_2": kwb["recs"].str.ljust(10),
        "Codering_3": kwb["gwb_code"].str.ljust(10), "Perioden": kwb["jaar"] + "JJ00",
        **{f"{stem}_{i}": kwb[col] for i, (stem, col) in enumerate([
            ("AantalInwoners", "a_inw"), ("HuishoudensTotaal", "a_hh"), ("Eenpersoonshuishoudens", "a_1p_hh"),
            ("Woningvoorraad", "a_woning"), ("InBezitWoningcorporatie", "p_wcorpw"),
            ("HuishoudensMetEenLaagInkomen", "p_hh_li"), ("OppervlakteTotaal", "a_opp_ha")], start=5)
           if col in kwb.columns}})
    table = tmp_path / "85984NED.csv"
    statline.to_csv(table, index=False)
    wijken = gpd.read_file(CBS / "wijken.geojson")
    gpkg = tmp_path / "wijkenbuurten.gpkg"
    wijken.to_file(gpkg, layer="wijken", driver="GPKG")
    wijken.assign(geometry=wijken.geometry.buffer(0)).to_file(gpkg, layer="buurten", driver="GPKG")
    guessed = runner.invoke(app, ["init", "salland", "--kwb", str(table), "--kwb",
                                  str(CBS / "gemeenten_kwb_2021_2022.csv"), "--boundaries", str(gpkg),
                                  "--municipalities", SALLAND, "--year", "2022", "--out", str(tmp_path / "x")])
    assert guessed.exit_code == 2 and "2 layers (wijken, buurten); say which holds the wijken" in guessed.output
    out = tmp_path / "packs" / "salland"
    build(out, [table, CBS / "gemeenten_kwb_2021_2022.csv"], gpkg, "--layer", "wijken")
    assert solve_and_map(out, tmp_path) == {"bw": 70, "bt": 24, "mo": 12}


def test_a_mistake_in_the_workbook_names_sheet_cell_and_value(tmp_path: Path) -> None:
    out = tmp_path / "packs" / "salland"
    made = runner.invoke(app, ["init", "salland", "--kwb", str(CBS / "wijken_alle_jaren.csv"), "--kwb",
                               str(CBS / "gemeenten_kwb_2021_2022.csv"), "--boundaries", str(CBS / "wijken.geojson"),
                               "--municipalities", SALLAND, "--year", "2022", "--out", str(out)])
    assert made.exit_code == 0, made.output
    book = load_workbook(out / "invullen.xlsx")
    book.worksheets[1]["C2"] = "veel"
    book.save(out / "invullen.xlsx")
    read = runner.invoke(app, ["init", "--from-workbook", str(out / "invullen.xlsx"), "--out", str(out)])
    assert read.exit_code == 2
    assert read.output.strip() == "regio: error: invullen.xlsx: sheet Places today, cell C2: 'veel' is not a number"
