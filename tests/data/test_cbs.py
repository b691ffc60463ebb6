"""The CBS importer: official column layout, missing markers, Excel, any CRS, and the shared CBS files."""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from pyproj import Transformer
from shapely.geometry import box
from typer.testing import CliRunner

from cli import app
from data import pack_dir
from data.cbs import import_cbs

CBS = Path(__file__).resolve().parents[3] / "shared" / "data" / "cbs"
HEADER = "gwb_code,regio,recs,a_inw,a_hh,a_1p_hh,p_wcorpw,p_hh_li,a_woning,a_opp_ha"


def kwb_csv(path: Path) -> Path:
    path.write_text("\n".join([
        HEADER,
        'GM0001,Astad,Gemeente,20000,9000,4000,35,"41,5",9500,1200',
        "WK000101,Noord,Wijk,12000,5500,2500,.,-99997,5800,700",
        'WK000102,Zuid,Wijk,8000,3500,,40,"29,3",3700,500',
        "GM0002,Bdorp,Gemeente,5000,2100,700,12,20,2200,900",
    ]) + "\n", encoding="utf-8")
    return path


def squares_gpkg(path: Path) -> Path:
    x0, y0 = 84000, 445000
    frame = gpd.GeoDataFrame({"wijkcode": ["WK000101", "WK000102"]},
                             geometry=[box(x0, y0, x0 + 1000, y0 + 1000), box(x0 + 1000, y0, x0 + 2000, y0 + 1000)],
                             crs=28992)
    frame.to_file(path, driver="GPKG")
    return path


def test_missing_markers_stay_missing_and_decimal_commas_are_read(tmp_path):
    out = tmp_path / "pack"
    report = import_cbs([kwb_csv(tmp_path / "kwb.csv")], ["GM0001"], out)
    assert (report.municipalities, report.wijken) == (1, 2)
    wijken = pd.read_csv(out / "wijken.csv").set_index("code")
    assert math.isnan(wijken.loc["WK000101", "p_wcorpw"])  # "." -> missing, not 0
    assert math.isnan(wijken.loc["WK000101", "p_hh_li"])  # -99997 -> missing
    assert math.isnan(wijken.loc["WK000102", "a_1p_hh"])  # empty -> missing
    assert wijken.loc["WK000102", "p_hh_li"] == 29.3  # "29,3"
    munis = pd.read_csv(out / "municipalities.csv")
    assert munis.loc[0, "p_hh_li"] == 41.5 and "Bron: CBS (CC BY 4.0)" in (out / "SOURCES.md").read_text()


def test_excel_and_geopackage_in_rd_new(tmp_path):
    table = pd.read_csv(kwb_csv(tmp_path / "kwb.csv"), dtype=str, keep_default_na=False)
    table.to_excel(tmp_path / "kwb.xlsx", index=False)
    out = tmp_path / "pack"
    report = import_cbs([tmp_path / "kwb.xlsx"], ["GM0001"], out, boundaries=squares_gpkg(tmp_path / "w.gpkg"))
    assert report.with_geometry == 2
    wijken = pd.read_csv(out / "wijken.csv").set_index("code")
    lon, lat = Transformer.from_crs(28992, 4326, always_xy=True).transform(84500, 445500)
    assert abs(wijken.loc["WK000101", "centroid_lon"] - lon) < 1e-5
    assert abs(wijken.loc["WK000101", "centroid_lat"] - lat) < 1e-5
    written = gpd.read_file(out / "wijken.geojson")
    assert written.crs.to_epsg() == 4326 and sorted(written["code"]) == ["WK000101", "WK000102"]


def test_unknown_or_malformed_codes_name_the_code(tmp_path):
    table = kwb_csv(tmp_path / "kwb.csv")
    with pytest.raises(ValueError, match="GM0999 not found"):
        import_cbs([table], ["GM0001", "GM0999"], tmp_path / "p")
    result = CliRunner().invoke(app, ["import-cbs", "--kwb", str(table), "--municipalities", "Delft",
                                      "--out", str(tmp_path / "p")])
    assert result.exit_code == 2
    assert result.output.strip() == "regio: error: --municipalities: 'Delft' is not a CBS municipality code (GMgggg)"


@pytest.mark.skipif(not CBS.is_dir(), reason="the shared CBS files are not beside the repository")
def test_the_shared_cbs_files_build_the_dwo_pack(tmp_path):
    report = import_cbs([CBS / "wijken_alle_jaren.csv", CBS / "gemeenten_kwb_2021_2022.csv"],
                        ["GM0503", "GM1783", "GM1926", "GM1842"], tmp_path, boundaries=CBS / "wijken.geojson",
                        year=2022, fill_year=2021)
    assert (report.municipalities, report.wijken, report.with_geometry) == (4, 28, 28)
    munis = pd.read_csv(tmp_path / "municipalities.csv").set_index("code")
    assert munis.loc["GM0503", "a_inw"] == 104572
    assert "p_hh_li" in report.filled  # income figures come from 2021
    shipped = pd.read_csv(pack_dir("dwo") / "wijken.csv")
    built = pd.read_csv(tmp_path / "wijken.csv")
    assert list(shipped["code"]) == list(built["code"])
    assert (shipped["a_inw"] == built["a_inw"]).all()


@pytest.mark.skipif(not CBS.is_dir(), reason="the shared CBS files are not beside the repository")
def test_the_import_says_what_it_leaves_empty(tmp_path):
    """Without the 2021 income figures the wijken have no p_hh_li: the import says so, as `regio check` does."""
    result = CliRunner().invoke(app, [
        "import-cbs", "--kwb", str(CBS / "wijken_alle_jaren.csv"), "--kwb", str(CBS / "gemeenten_kwb_2021_2022.csv"),
        "--municipalities", "GM0503,GM1783,GM1926,GM1842", "--boundaries", str(CBS / "wijken.geojson"),
        "--year", "2022", "--out", str(tmp_path / "dwo")])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "dwo: 4 municipalities, 28 wijken, 28 with boundaries",
        "warning  wijken.csv: p_hh_li: p_hh_li is empty for 28 of 28 wijken (WK050311, WK050312, WK050313, "
        "WK050314, WK050316 (+23)): the draagkracht index takes the municipality's value",
        "warning  wijken.csv: p_wcorpw: p_wcorpw is empty for 1 of 28 wijken (WK050326): the draagkracht index "
        "takes the municipality's value"]


def test_a_file_that_is_no_table_is_named(tmp_path):
    fake = tmp_path / "kwb.xlsx"
    fake.write_bytes(b"\x7fELF\x02\x01\x01" + bytes(200))
    result = CliRunner().invoke(app, ["import-cbs", "--kwb", str(fake), "--municipalities", "GM0001",
                                      "--out", str(tmp_path / "p")])
    assert result.exit_code == 2
    assert result.output.strip() == "regio: error: kwb.xlsx: not a readable CSV or Excel table"


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests read the messages in English, as ``REGIO_LANG=en`` asks; tests/cli/test_dutch_messages.py reads
    the Dutch default."""
    monkeypatch.setenv("REGIO_LANG", "en")


def statline_table(path: Path) -> Path:
    """DWO's figures in the StatLine (OData) layout of a ``cbsodata`` download: position-suffixed columns, padded
    codes and kinds, the period as ``2022JJ00``."""
    folder = pack_dir("dwo")
    rows = []
    for table, kind in (("municipalities.csv", "Gemeente"), ("wijken.csv", "Wijk")):
        for r in pd.read_csv(folder / table, dtype=str, keep_default_na=False).to_dict(orient="records"):
            rows.append({"ID": len(rows), "WijkenEnBuurten": r["name"], "Gemeentenaam_1": "", "SoortRegio_2":
                         f"{kind:<10}", "Codering_3": f"{r['code']:<10}", "Perioden": "2022JJ00",
                         "AantalInwoners_5": r["a_inw"], "HuishoudensTotaal_28": r["a_hh"],
                         "Eenpersoonshuishoudens_29": r["a_1p_hh"], "Woningvoorraad_34": r["a_woning"],
                         "InBezitWoningcorporatie_40": r["p_wcorpw"], "HuishoudensMetEenLaagInkomen_80": r["p_hh_li"],
                         "OppervlakteTotaal_111": r["a_opp_ha"]})
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def layered_geopackage(path: Path) -> Path:
    """A CBS/PDOK-like GeoPackage: gemeenten, wijken and buurten layers."""
    wijken = gpd.read_file(pack_dir("dwo") / "wijken.geojson")[["code", "geometry"]]
    wijken.to_file(path, layer="wijken", driver="GPKG")
    gemeenten = wijken.assign(code=wijken["code"].str.replace("WK", "GM").str[:6]).dissolve(by="code").reset_index()
    gemeenten.to_file(path, layer="gemeenten", driver="GPKG")
    buurten = wijken.assign(code=wijken["code"].str.replace("WK", "BU") + "01")
    buurten.to_file(path, layer="buurten", driver="GPKG")
    return path


def test_a_statline_table_and_a_layered_geopackage(tmp_path):
    table, shapes = statline_table(tmp_path / "85984NED.csv"), layered_geopackage(tmp_path / "wijkenbuurten.gpkg")
    args = ["import-cbs", "--kwb", str(table), "--municipalities", "GM0503,GM1783,GM1926,GM1842",
            "--boundaries", str(shapes), "--year", "2022", "--out", str(tmp_path / "dwo")]
    guessed = CliRunner().invoke(app, args)
    assert guessed.exit_code == 2
    assert guessed.output.strip() == ("regio: error: wijkenbuurten.gpkg: 3 layers (wijken, gemeenten, buurten); "
                                      "say which holds the wijken with --layer")
    wrong = CliRunner().invoke(app, [*args, "--layer", "wijk"])
    assert wrong.exit_code == 2 and "no layer 'wijk'; its layers: wijken, gemeenten, buurten" in wrong.output
    result = CliRunner().invoke(app, [*args, "--layer", "wijken"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "dwo: 4 municipalities, 28 wijken, 28 with boundaries"
    shipped = pd.read_csv(pack_dir("dwo") / "wijken.csv")
    built = pd.read_csv(tmp_path / "dwo" / "wijken.csv")
    assert list(built["code"]) == list(shipped["code"]) and list(built["name"]) == list(shipped["name"])
    for column in ("a_inw", "a_hh", "p_wcorpw", "p_hh_li"):
        assert built[column].fillna(-1).tolist() == shipped[column].fillna(-1).tolist(), column
    assert sorted(gpd.read_file(tmp_path / "dwo" / "wijken.geojson")["code"]) == sorted(shipped["code"])
