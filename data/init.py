"""A new region pack from CBS files and one Excel workbook (``regio init``).

``new_pack`` imports the CBS figures and boundaries (``data.cbs``), writes ``region.yaml`` with keys from the
indicators and a starting set of provision types, and a workbook for what only the region knows: its provision
types with their cost and site sizes, today's places per municipality and type, the grants per year, the demand
per type and year of a first scenario, and a distribution key of its own. ``from_workbook`` reads the filled
workbook back into the pack (``region.yaml`` and ``scenarios/basis.yaml``); a mistake names the sheet, the cell
and the value. Sheets are read by position, so a workbook in either language reads the same.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from data.pack import PackError, load_region
from models.i18n import Words, t_

if TYPE_CHECKING:
    from data.cbs import ImportReport

WORKBOOK = "invullen.xlsx"
SCENARIO = "basis"
#: where a new pack starts; the region changes any of it in the workbook's first sheet
START_TYPES: list[dict[str, Any]] = [
    {"code": "bw", "label": "Beschermd wonen", "domain": "bw", "site_min": 8, "site_max": 24},
    {"code": "bt", "label": "Beschermd thuis", "domain": "bw", "site_min": None, "site_max": None},
    {"code": "mo", "label": "Maatschappelijke opvang", "domain": "mo", "site_min": 4, "site_max": 30},
]
FILLED = "regio init workbook, filled in by the region"
QUESTION = "How are the region's places spread fairly over its municipalities and wijken?"
START = "modelling choice: the starting set of regio init; the region sets it in the workbook"
#: the pack's own texts in Dutch (its nl.po)
DUTCH = {
    FILLED: "werkboek van regio init, ingevuld door de regio",
    QUESTION: "Hoe worden de plekken van de regio eerlijk over haar gemeenten en wijken verdeeld?",
    START: "modelleerkeuze: de beginset van regio init; de regio legt die vast in het werkboek",
}
KEYS = {
    "inwoners": {"label": "Inwoners (CBS), proxy", "from_indicators": {"a_inw": 1.0},
                 "source": "modelling choice: shares of CBS inhabitants (proxy key)"},
    "inwoners_lage_inkomens": {"label": "Inwoners en huishoudens met een laag inkomen (CBS), proxy",
                               "from_indicators": {"a_inw": 0.5, "low_income_households": 0.5},
                               "source": "modelling choice: inhabitants and low-income households weighed equally"},
}


def new_pack(code: str, name: str, out: Path, tables: list[Path], municipalities: list[str], boundaries: Path,
             year: int, years: list[int], centrumgemeente: str | None = None, fill_year: int | None = None,
             layer: str | None = None, words: Words | None = None) -> ImportReport:
    """The CBS part of the pack, ``region.yaml`` and the workbook to fill in (``out/invullen.xlsx``)."""
    w = words or Words()
    centrum = centrumgemeente or municipalities[0]
    if centrum not in municipalities:
        raise ValueError(t_("--centrumgemeente: {code} is not one of --municipalities", code=centrum))
    from data.cbs import import_cbs  # pandas: loaded for a new pack only

    report = import_cbs(tables, municipalities, out, boundaries, year, fill_year, layer,
                        command=f"regio init {code} (CBS tables: {', '.join(p.name for p in tables)})")
    doc = {"code": code, "name": name, "centrumgemeente": centrum, "default_scenario": SCENARIO,
           "provision_types": [{k: v for k, v in t.items() if v is not None} | {
               "source": START}
               for t in START_TYPES],
           "capacity": [], "keys": _keys(out), "grants": []}
    (out / "region.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (out / "nl.po").write_text("".join(f'\nmsgid "{en}"\nmsgstr "{nl}"\n' for en, nl in DUTCH.items()),
                               encoding="utf-8")
    region = load_region(out)
    _workbook(region, years, w).save(out / WORKBOOK)
    return report


def _keys(out: Path) -> dict[str, Any]:
    """The keys from indicators that every municipality has the figures for."""
    import pandas as pd

    table = pd.read_csv(out / "municipalities.csv")
    have = {c for c in table.columns if table[c].notna().all()}
    needs = {"inwoners": {"a_inw"}, "inwoners_lage_inkomens": {"a_inw", "a_hh", "p_hh_li"}}
    return {name: key for name, key in KEYS.items() if needs[name] <= have}


def _workbook(region: Any, years: list[int], w: Words) -> Any:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    for blank in list(book.worksheets):
        book.remove(blank)
    types = book.create_sheet(w._("Provision types"))
    types.append([w._("code"), w._("label"), w._("domain (bw, mo, vo, wonen)"), w._("cost per place per year (EUR)"),
                  w._("smallest site (places; empty: not clustered)"), w._("largest site (places)")])
    for t in region.provision_types:
        types.append([t.code, t.label, t.domain, t.cost_per_place_year or None, t.site_min, t.site_max])
    places = book.create_sheet(w._("Places today"))
    places.append([w._("municipality code"), w._("municipality"), *[t.code for t in region.provision_types]])
    for m in region.municipalities:
        places.append([m.code, m.name])
    grants = book.create_sheet(w._("Grants"))
    grants.append([w._("year"), w._("domain (bw, mo, vo, wonen)"), w._("amount (EUR)"), w._("recipient (code)"),
                   w._("source")])
    demand = book.create_sheet(w._("Demand"))
    demand.append([w._("type code"), *years])
    for t in region.provision_types:
        demand.append([t.code])
    key = book.create_sheet(w._("Key"))
    key.append([w._("municipality code"), w._("municipality"), w._("share (%); empty: inhabitants")])
    for m in region.municipalities:
        key.append([m.code, m.name])
    for sheet in book.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    return book


def _cell_number(value: Any, where: str, integer: bool = False) -> float | None:
    """A cell as a number (empty: None); text that is no number is refused, naming the cell."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise PackError(t_("{where}: {value} is not a number", where=where, value=repr(value)))
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip().replace(" ", "")
        text = text.replace(".", "").replace(",", ".") if "," in text else text
        try:
            number = float(text)
        except ValueError:
            raise PackError(t_("{where}: {value} is not a number", where=where, value=repr(value))) from None
    if not math.isfinite(number) or number < 0:
        raise PackError(t_("{where}: {value} is not a number of zero or more", where=where, value=repr(value)))
    if integer and not number.is_integer():
        raise PackError(t_("{where}: {value} is not a whole number", where=where, value=repr(value)))
    return number


def from_workbook(path: Path, out: Path) -> dict[str, int]:
    """The filled workbook read into the pack at ``out``: provision types, today's places, grants, the key and
    the first scenario; what was read, counted."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, data_only=True)
    except Exception:  # openpyxl raises several kinds for a file that is no workbook
        raise PackError(t_("{name}: not an Excel workbook (.xlsx)", name=path.name)) from None
    if len(book.worksheets) < 5:
        raise PackError(t_("{name}: not a regio init workbook (it has {n} sheets, not 5)", name=path.name,
                           n=len(book.worksheets)))
    region_doc = yaml.safe_load((out / "region.yaml").read_text(encoding="utf-8"))
    gm = {m.code for m in load_region(out).municipalities}
    sheets = book.worksheets

    def where(sheet: Any, cell: Any) -> str:
        return f"{path.name}: sheet {sheet.title}, cell {cell.coordinate}"

    types = []
    for row in sheets[0].iter_rows(min_row=2):
        if row[0].value is None or not str(row[0].value).strip():
            continue
        code = str(row[0].value).strip()
        domain = str(row[2].value or "").strip()
        if domain not in ("bw", "mo", "vo", "wonen"):
            raise PackError(t_("{where}: domain {value} is not bw, mo, vo or wonen", where=where(sheets[0], row[2]),
                               value=repr(row[2].value)))
        low = _cell_number(row[4].value, where(sheets[0], row[4]), integer=True)
        high = _cell_number(row[5].value, where(sheets[0], row[5]), integer=True)
        types.append({"code": code, "label": str(row[1].value or code).strip(), "domain": domain,
                      "cost_per_place_year": _cell_number(row[3].value, where(sheets[0], row[3])) or 0.0,
                      **({"site_min": int(low), "site_max": int(high or low)} if low else {}), "source": FILLED})
    codes = [t["code"] for t in types]
    capacity = []
    header = [str(c.value).strip() if c.value is not None else "" for c in sheets[1][1]]
    for row in sheets[1].iter_rows(min_row=2):
        muni = str(row[0].value or "").strip()
        if not muni:
            continue
        if muni not in gm:
            raise PackError(t_("{where}: unknown municipality {value}", where=where(sheets[1], row[0]),
                               value=repr(muni)))
        for cell, type_code in zip(row[2:], header[2:], strict=False):
            places = _cell_number(cell.value, where(sheets[1], cell), integer=True)
            if places:
                if type_code not in codes:
                    raise PackError(t_("{where}: {value} is not a type of the first sheet", where=where(
                        sheets[1], cell), value=repr(type_code)))
                capacity.append({"municipality": muni, "type": type_code, "places": int(places),
                                 "source": FILLED})
    grants = []
    for row in sheets[2].iter_rows(min_row=2):
        if all(c.value is None for c in row[:4]):
            continue
        year = _cell_number(row[0].value, where(sheets[2], row[0]), integer=True)
        amount = _cell_number(row[2].value, where(sheets[2], row[2]))
        domain = str(row[1].value or "").strip()
        recipient = str(row[3].value or region_doc["centrumgemeente"]).strip()
        if year is None or amount is None or domain not in ("bw", "mo", "vo", "wonen") or recipient not in gm:
            raise PackError(t_("{where}: a grant needs a year, a domain (bw, mo, vo, wonen), an amount and a "
                               "municipality of the region", where=where(sheets[2], row[0])))
        grants.append({"label": f"{domain.upper()} {int(year)}", "domain": domain, "year": int(year),
                       "amount": amount, "recipient": recipient,
                       "source": str(row[4].value).strip() if len(row) > 4 and row[4].value else FILLED})
    years = [int(_cell_number(c.value, where(sheets[3], c), integer=True) or 0) for c in sheets[3][1][1:]
             if c.value is not None]
    demand: dict[str, dict[int, int]] = {}
    for row in sheets[3].iter_rows(min_row=2):
        code = str(row[0].value or "").strip()
        if not code:
            continue
        if code not in codes:
            raise PackError(t_("{where}: {value} is not a type of the first sheet", where=where(sheets[3], row[0]),
                               value=repr(code)))
        values = [_cell_number(c.value, where(sheets[3], c), integer=True) for c in row[1:1 + len(years)]]
        if any(v is not None for v in values):
            demand[code] = {y: int(v or 0) for y, v in zip(years, values, strict=False)}
    if not demand:
        raise PackError(t_("{name}: sheet {sheet} gives no demand", name=path.name, sheet=sheets[3].title))
    shares = {}
    for row in sheets[4].iter_rows(min_row=2):
        muni = str(row[0].value or "").strip()
        share = _cell_number(row[2].value, where(sheets[4], row[2])) if muni else None
        if share is not None:
            shares[muni] = share / 100
    region_doc.update({"provision_types": types, "capacity": capacity, "grants": grants})
    key = "inwoners"
    if shares:
        key = "werkboek"
        region_doc["keys"]["werkboek"] = {"label": "Verdeelsleutel van de regio", "shares": shares,
                                          "source": f"{FILLED} (sheet {sheets[4].title})"}
    (out / "region.yaml").write_text(yaml.safe_dump(region_doc, allow_unicode=True, sort_keys=False),
                                     encoding="utf-8")
    scenario = {"name": SCENARIO, "title": f"{region_doc['name']}: eerste verdeling",
                "question": QUESTION,
                "years": years, "demand": demand, "key": key, "budget": {"enabled": bool(grants)},
                "solver": {"name": "highs", "time_limit": 60}}
    (out / "scenarios").mkdir(exist_ok=True)
    (out / "scenarios" / f"{SCENARIO}.yaml").write_text(
        yaml.safe_dump(scenario, allow_unicode=True, sort_keys=False), encoding="utf-8")
    load_region(out)  # the pack as written holds together
    return {"types": len(types), "capacity": len(capacity), "grants": len(grants), "demand": len(demand)}
