"""Import CBS "Kerncijfers wijken en buurten" figures and wijk boundaries into a region pack.

Reads the official CBS column layout (``gwb_code`` GMgggg / WKggggww / BUggggwwbb, ``recs`` level,
``regio`` or ``gm_naam``/``wijknaam`` names, ``a_inw``, ``a_hh`` …), as CSV or Excel, in wide (one year) or
long (``jaar`` column) form. CBS markers for missing values (``.``, ``-99997`` and the other ``-9999x``
codes, ``x``, ``?``, empty) become missing, never zero; decimal commas are read as decimal points.
Boundaries come from GeoJSON or GeoPackage in any CRS; they are worked on in EPSG:28992 and written in
EPSG:4326.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from data.boundaries import EXPORT_CRS, read_boundaries
from models import CBS_CREDIT, INDICATORS
from models.i18n import Message, t_

log = logging.getLogger(__name__)

MISSING = {"", ".", "x", "?", "-", "-99997", "-99995", "-99996", "-99998", "-99999"}
CODE_COLUMNS = ("gwb_code", "gwb_code_10", "code", "wijkcode", "statcode", "WK_CODE", "GM_CODE")
NAME_COLUMNS = ("regio", "wijknaam", "gm_naam", "naam", "statnaam", "WK_NAAM", "GM_NAAM")
#: the CBS StatLine (OData) layout, as ``cbsodata`` downloads "Kerncijfers wijken en buurten" (e.g. 85984NED):
#: column stems (without their ``_N`` position suffix) -> the kwb names the importer reads
STATLINE = {
    "Codering": "gwb_code",
    "WijkenEnBuurten": "regio",
    "Gemeentenaam": "gm_naam",
    "SoortRegio": "recs",
    "AantalInwoners": "a_inw",
    "HuishoudensTotaal": "a_hh",
    "Eenpersoonshuishoudens": "a_1p_hh",
    "Woningvoorraad": "a_woning",
    "InBezitWoningcorporatie": "p_wcorpw",
    "HuishoudensMetEenLaagInkomen": "p_hh_li",
    "OppervlakteTotaal": "a_opp_ha",
    "Perioden": "jaar",
}
STATLINE_SUFFIX = re.compile(r"_\d+$")
SIMPLIFY_M = 15.0
CBS_BEGIN, CBS_END = "<!-- cbs:begin -->", "<!-- cbs:end -->"


@dataclass
class ImportReport:
    municipalities: int = 0
    wijken: int = 0
    with_geometry: int = 0
    filled: dict[str, list[str]] = field(default_factory=dict)  # column -> codes filled from fill_year
    missing: dict[str, list[str]] = field(default_factory=dict)  # column -> codes still missing


def _number(value: object) -> float:
    if value is None:
        return math.nan
    if isinstance(value, int | float):
        if isinstance(value, float) and math.isnan(value):
            return math.nan
        return math.nan if value <= -99995 and value >= -99999 else float(value)
    text = str(value).strip()
    if text in MISSING:
        return math.nan
    text = text.replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return math.nan
    return math.nan if -99999 <= number <= -99995 else number


def _from_statline(frame: pd.DataFrame) -> pd.DataFrame:
    """A table in the StatLine (OData) layout renamed to the kwb layout; any other table as it is. StatLine
    pads codes and kinds with spaces and gives the period as ``2022JJ00``."""
    stems = {c: STATLINE_SUFFIX.sub("", c) for c in frame.columns}
    if "Codering" not in stems.values() or any(c in frame.columns for c in CODE_COLUMNS):
        return frame
    renamed = frame.rename(columns={c: STATLINE[stem] for c, stem in stems.items() if stem in STATLINE})
    for column in ("gwb_code", "recs", "regio", "gm_naam"):
        if column in renamed.columns:
            renamed[column] = renamed[column].astype(str).str.strip()
    if "jaar" in renamed.columns:
        renamed["jaar"] = renamed["jaar"].astype(str).str.extract(r"^(\d{4})", expand=False).fillna("")
    return renamed


def _read_frame(path: Path, suffix: str) -> pd.DataFrame:
    """The table's cells as text, by its suffix."""
    if suffix in (".xlsx", ".xlsm"):
        return pd.read_excel(path, dtype=str)
    if suffix == ".xls":
        try:
            return pd.read_excel(path, dtype=str)
        except ImportError as exc:
            raise ValueError(t_(
                "{name}: reading .xls needs the 'xlrd' package; save it as .xlsx or CSV", name=path.name)) from exc
    if suffix in (".csv", ".txt"):
        sample = path.read_text(encoding="utf-8-sig", errors="replace")[:4096]
        sep = ";" if sample.count(";") > sample.count(",") else ","
        return pd.read_csv(path, dtype=str, sep=sep, keep_default_na=False, encoding="utf-8-sig")
    raise ValueError(t_(
        "{name}: unsupported table format {suffix}; use CSV or Excel", name=path.name, suffix=repr(suffix)))


def read_table(path: Path) -> pd.DataFrame:
    """One CBS table as strings (CSV or Excel)."""
    suffix = path.suffix.lower()
    try:
        frame = _read_frame(path, suffix)
    except Exception as exc:  # the readers raise many kinds for a file that is no table
        if isinstance(exc, ValueError) and exc.args and isinstance(exc.args[0], Message):
            raise  # our own message, already naming the file
        raise ValueError(t_("{name}: not a readable CSV or Excel table", name=path.name)) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = _from_statline(frame)
    code_col = next((c for c in CODE_COLUMNS if c in frame.columns), None)
    if code_col is None:
        raise ValueError(t_(
            "{name}: no area code column (looked for {v1})", name=path.name, v1=', '.join(CODE_COLUMNS)))
    frame["_code"] = frame[code_col].astype(str).str.strip()
    name_col = next((c for c in NAME_COLUMNS if c in frame.columns and c != code_col), None)
    frame["_name"] = frame[name_col].astype(str).str.strip() if name_col else frame["_code"]
    # the wijk name beats the municipality name for wijk rows in merged files
    if "wijknaam" in frame.columns:
        is_wijk = frame["_code"].str.startswith("WK")
        frame.loc[is_wijk, "_name"] = frame.loc[is_wijk, "wijknaam"].astype(str).str.strip()
    if "gm_naam" in frame.columns:
        is_gm = frame["_code"].str.startswith("GM")
        frame.loc[is_gm, "_name"] = frame.loc[is_gm, "gm_naam"].astype(str).str.strip()
    frame["_year"] = frame["jaar"].map(_number) if "jaar" in frame.columns else math.nan
    frame["_source"] = path.name
    return frame


def _pick(frames: list[pd.DataFrame], codes: list[str], year: int | None, fill_year: int | None,
          report: ImportReport) -> pd.DataFrame:
    """One row per code with the model's indicators; later tables and ``fill_year`` only fill gaps."""
    rows: dict[str, dict[str, object]] = {}
    for frame in frames:
        for take_year in [year, fill_year] if fill_year is not None else [year]:
            sub = frame[frame["_code"].isin(codes)]
            if take_year is not None and sub["_year"].notna().any():
                sub = sub[sub["_year"] == take_year]
            for _, row in sub.iterrows():
                code = row["_code"]
                rec = rows.setdefault(code, {"code": code, "name": row["_name"]})
                for col in INDICATORS:
                    if col not in row.index:
                        continue
                    value = _number(row[col])
                    if math.isnan(value) or not math.isnan(_as_float(rec.get(col))):
                        continue
                    rec[col] = value
                    if take_year is not None and take_year != year:
                        report.filled.setdefault(col, []).append(code)
    table = pd.DataFrame(list(rows.values()), columns=["code", "name", *INDICATORS])
    for col in INDICATORS:
        missing = table.loc[table[col].isna(), "code"].tolist()
        if missing:
            report.missing[col] = missing
    return table


def _as_float(value: object) -> float:
    return math.nan if value is None else float(value)  # type: ignore[arg-type]


def import_cbs(
    tables: list[Path],
    municipalities: list[str],
    out: Path,
    boundaries: Path | None = None,
    year: int | None = None,
    fill_year: int | None = None,
    layer: str | None = None,
    command: str | None = None,
) -> ImportReport:
    """Write ``municipalities.csv``, ``wijken.csv``, ``wijken.geojson`` and the CBS part of ``SOURCES.md``."""
    for code in municipalities:
        if not re.fullmatch(r"GM\d{4}", code):
            raise ValueError(t_("--municipalities: {code} is not a CBS municipality code (GMgggg)", code=repr(code)))
    if not tables:
        raise ValueError(t_("--kwb: give at least one CBS table"))
    frames = [read_table(p) for p in tables]
    present = set().union(*(set(f["_code"]) for f in frames))
    unknown = [c for c in municipalities if c not in present]
    if unknown:
        raise ValueError(t_("--municipalities: {v1} not found in the CBS tables", v1=', '.join(unknown)))
    report = ImportReport()

    munis = _pick(frames, municipalities, year, fill_year, report)
    wijk_codes = sorted(
        {c for f in frames for c in f["_code"] if c.startswith("WK") and f"GM{c[2:6]}" in municipalities}
    )
    wijken = _pick(frames, wijk_codes, year, fill_year, report)
    wijken.insert(2, "municipality", "GM" + wijken["code"].str[2:6])
    wijken = wijken.sort_values("code").reset_index(drop=True)
    munis["_order"] = munis["code"].map(municipalities.index)
    munis = munis.sort_values("_order").drop(columns="_order")
    report.municipalities, report.wijken = len(munis), len(wijken)

    wijken["centroid_lon"] = math.nan
    wijken["centroid_lat"] = math.nan
    out.mkdir(parents=True, exist_ok=True)
    if boundaries is not None:
        geo = read_boundaries(boundaries, layer)
        extra = sorted(set(geo["code"]) - set(wijken["code"]))
        ours = [c for c in extra if c.startswith("WK") and f"GM{c[2:6]}" in municipalities]
        if ours:
            log.warning("boundaries without CBS figures, skipped: %s", ", ".join(ours))
        geo = geo[geo["code"].isin(wijken["code"])].copy()
        geo["geometry"] = geo.geometry.make_valid().simplify(SIMPLIFY_M, preserve_topology=True)
        centroids = geo.geometry.centroid.to_crs(EXPORT_CRS)
        lookup = dict(zip(geo["code"], centroids, strict=True))
        wijken["centroid_lon"] = wijken["code"].map(lambda c: round(lookup[c].x, 6) if c in lookup else math.nan)
        wijken["centroid_lat"] = wijken["code"].map(lambda c: round(lookup[c].y, 6) if c in lookup else math.nan)
        names = dict(zip(wijken["code"], wijken["name"], strict=True))
        geo["name"] = geo["code"].map(names)
        geo["municipality"] = "GM" + geo["code"].str[2:6]
        geo["bron"] = CBS_CREDIT
        geo = geo.sort_values("code")[["code", "name", "municipality", "bron", "geometry"]].to_crs(EXPORT_CRS)
        geo["geometry"] = geo.geometry.set_precision(1e-6)
        target = out / "wijken.geojson"
        target.unlink(missing_ok=True)
        geo.to_file(target, driver="GeoJSON")
        report.with_geometry = len(geo)

    munis.to_csv(out / "municipalities.csv", index=False, float_format="%.10g")
    wijken.to_csv(out / "wijken.csv", index=False, float_format="%.10g")
    _write_sources(out, tables, boundaries, year, fill_year, report, command)
    log.info("imported %d municipalities, %d wijken (%d with boundaries) into %s",
             report.municipalities, report.wijken, report.with_geometry, out.name)
    return report


def _write_sources(out: Path, tables: list[Path], boundaries: Path | None, year: int | None,
                   fill_year: int | None, report: ImportReport, command: str | None) -> None:
    lines = [
        CBS_BEGIN,
        "## CBS figures and boundaries",
        "",
        f"{CBS_CREDIT}. Kerncijfers wijken en buurten (kwb) in the official CBS column layout"
        + (f", year {year}" if year else "") + ".",
        "",
        f"- Tables: {', '.join(p.name for p in tables)}",
        f"- Boundaries: {boundaries.name if boundaries else 'none'} (simplified to {SIMPLIFY_M:g} m in EPSG:28992,"
        " written in EPSG:4326)",
        f"- Columns kept: {', '.join(INDICATORS)}; centroids computed from the boundaries",
        f"- {report.municipalities} municipalities, {report.wijken} wijken, {report.with_geometry} with boundaries",
    ]
    if command:
        lines.append(f"- Built with: `{command}`")
    if report.filled:
        lines.append(f"- Filled from {fill_year} where {year} has no value:")
        for col, codes in sorted(report.filled.items()):
            shown = ", ".join(sorted(codes)[:6]) + (" …" if len(codes) > 6 else "")
            lines.append(f"  - `{col}`: {len(codes)} areas ({shown})")
    if report.missing:
        lines.append("- Still missing (CBS gave no value; the model treats them as unknown, never as 0):")
        for col, codes in sorted(report.missing.items()):
            lines.append(f"  - `{col}`: {', '.join(sorted(codes))}")
    lines.append(CBS_END)
    block = "\n".join(lines)
    path = out / "SOURCES.md"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if CBS_BEGIN in text and CBS_END in text:
        head, rest = text.split(CBS_BEGIN, 1)
        tail = rest.split(CBS_END, 1)[1]
        text = head + block + tail
    else:
        text = (text.rstrip() + "\n\n" if text else "") + block + "\n"
    path.write_text(text, encoding="utf-8")
