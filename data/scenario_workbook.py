"""A scenario as an Excel workbook a working group fills in, and that workbook read back as a scenario.

The template of a region has five sheets (Dutch names, headings and instructions by default, English with
``Words("en")``):

- Scenario: the region, the base scenario, the name, title, question and years;
- Demand: a row per provision type (code and label), a column per year;
- Key: the distribution key, and optional what-if shares per municipality (code and name); a key or shares in
  a year's column hold from that year on, an empty column changes nothing;
- Caps: a row per municipality, a column per type: the most places it may hold (empty: no cap), or steps
  that hold from a year on ("vanaf 2026: 10; vanaf 2028: 8");
- Budget: the budget rule, the payment and historical keys, the ingroeipad, extra money and costs outside the
  model per year, money handed out by a key, and the most each municipality pays in a year.

Column A of every sheet holds codes (field names, type and municipality codes) below a heading row whose
column A reads ``code``; rows above it are instructions, and rows without a code are not read. Numbers are
number cells; a number typed as text is read as the template's language writes it (``1.500.000,50`` in a
Dutch template), and one written the other way is refused rather than guessed.

``read_template`` lays what the workbook shows over its base scenario (a scenario of the pack, or a YAML file,
named in the workbook; the forms pass the version being edited), so every field the workbook does not show is
kept, and validates the result exactly like a scenario file (``data.pack.parse_scenario``). Every error is one
line naming the file, and the sheet and cell when a cell is at fault.
"""

from __future__ import annotations

import io
import math
import re
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from data.pack import PackError, load_pack_scenario, merge, parse_scenario
from models import Region, Scenario
from models.i18n import Message, Words, t_
from models.region import GM_PATTERN
from models.scenario import step_value

#: the media type of a workbook
MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: the heading of column A above the rows a sheet holds, in every language
CODE = "code"
#: the sheets by role, in the order of the workbook
ROLES = ("scenario", "demand", "key", "caps", "budget")
#: the rows of the Scenario sheet and of the settings of the Budget sheet, by code
SCENARIO_ROWS = ("region", "base", "name", "title", "question", "years")
BUDGET_SETTINGS = ("enabled", "payment_key", "historical_key", "ingroeipad_start", "ingroeipad_years")
BUDGET_YEARLY = ("extra", "fixed_costs")
DISTRIBUTION = "distribution"
#: more rows or columns than any region's template has: a file this size is not a filled template
MOST_ROWS, MOST_COLUMNS = 5000, 500
#: shares in force that differ by less than this are the same shares (a workbook keeps 15 digits)
SAME_SHARE = 1e-9

PLACES = "#,##0"
EURO = '"€" #,##0.00'
SHARE = "0.00%"
YEAR = "0"
BOLD = Font(bold=True)
NOTE = Font(italic=True, color="555555")

def sheet_names(w: Words) -> dict[str, str]:
    """The sheet of each role, named in the language of ``w``."""
    return {"scenario": w._("Scenario"), "demand": w._("Demand"), "key": w._("Key"), "caps": w._("Caps"),
            "budget": w._("Budget")}


def _yes_no(w: Words) -> tuple[str, str]:
    return w._("yes"), w._("no")


def _step(w: Words, year: int, places: int) -> str:
    """One step of a cap as a cell shows it: "vanaf 2026: 10"."""
    return w._("from {year}: {places}", year=str(year), places=w.number(places))


def _steps_example(w: Words) -> str:
    return f"{_step(w, 2026, 10)}; {_step(w, 2028, 8)}"


def _read_step(text: str) -> tuple[int, str] | None:
    """A step of a cap as either language writes it ("vanaf 2026: 10", "from 2026: 10"): its year and the
    places as typed; None when the text is no step."""
    for lang in ("nl", "en"):
        form = re.escape(Words(lang)._("from {year}: {places}")).replace(r"\ ", r"\s*")
        pattern = form.replace(r"\{year\}", r"(?P<year>\d{4})").replace(r"\{places\}", r"(?P<places>.+?)")
        found = re.fullmatch(rf"\s*{pattern}\s*", text, re.IGNORECASE)
        if found:
            return int(found["year"]), found["places"]
    return None


def _cell(row: int, col: int) -> str:
    """A cell's name: ``C4``."""
    return f"{get_column_letter(col)}{row}"


# -- writing -------------------------------------------------------------------------------------------------
def _text(value: str) -> str:
    """Text a cell can hold: without the control characters a workbook cannot store."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _put(ws: Worksheet, row: int, col: int, value: Any, fmt: str | None = None, font: Font | None = None) -> None:
    cell = ws.cell(row, col)
    cell.value = _text(value) if isinstance(value, str) else value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text, never a formula
    if fmt:
        cell.number_format = fmt
    if font is not None:
        cell.font = font


def _heading(ws: Worksheet, row: int, headings: list[Any]) -> None:
    for col, text in enumerate(headings, 1):
        if text is not None:
            _put(ws, row, col, text, YEAR if isinstance(text, int) else None, BOLD)


def _instructions(ws: Worksheet, lines: list[str]) -> int:
    """Instruction lines from row 1; the row of the heading below them (one row left empty)."""
    for i, line in enumerate(lines, 1):
        _put(ws, i, 1, line, font=NOTE)
    return len(lines) + 2


def _widths(ws: Worksheet, widths: dict[int, float], default: float = 12) -> None:
    for col in range(1, ws.max_column + 1):
        ws.column_dimensions[get_column_letter(col)].width = widths.get(col, default)


def _choices(ws: Worksheet, options: list[str], cells: str) -> None:
    """A drop-down of ``options`` on ``cells`` (typing something else stays possible: the reader names it). Left
    out when an option cannot stand in Excel's list (a comma or quote in it, or too long a list)."""
    text = ",".join(options)
    if options and len(text) <= 250 and not any("," in o or '"' in o for o in options):
        choice = DataValidation(type="list", formula1=f'"{text}"', allow_blank=True, showErrorMessage=False)
        choice.add(cells)
        ws.add_data_validation(choice)


def _in_force(rule: Any, years: list[int]) -> list[Any]:
    """The value of a rule (a value for every year, or "from year Y" steps) in each of the years."""
    return [None if rule is None else step_value(rule, y) for y in years]


def _changes(values: list[Any], years: list[int]) -> dict[int, Any]:
    """The years in which a value in force starts or changes: what a template's year columns show."""
    out: dict[int, Any] = {}
    before: Any = None
    for y, value in zip(years, values, strict=True):
        if value is not None and value != before:
            out[y] = value
        before = value
    return out


def _cap_cell(cap: int | dict[int, int] | None, years: list[int], w: Words) -> int | str | None:
    """A cap as its cell shows it: the number when it holds in every year, else its steps as text."""
    if cap is None:
        return None
    changes = _changes(_in_force(cap, years), years)
    if list(changes) == years[:1]:
        return int(changes[years[0]])
    return "; ".join(_step(w, y, v) for y, v in changes.items()) or None


def template_workbook(region: Region, scenario: Scenario, w: Words, base: str | None = None) -> Workbook:
    """The template of a region, filled in with ``scenario``; ``base`` names the scenario (of the pack, or a
    YAML file) whose fields the workbook does not show (default: the scenario's own name)."""
    names = sheet_names(w)
    years = scenario.years
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    _scenario_sheet(book.create_sheet(names["scenario"]), region, scenario, w, base or scenario.name, names)
    _demand_sheet(book.create_sheet(names["demand"]), region, scenario, w)
    _key_sheet(book.create_sheet(names["key"]), region, scenario, w)
    _caps_sheet(book.create_sheet(names["caps"]), region, scenario, w, years)
    _budget_sheet(book.create_sheet(names["budget"]), region, scenario, w)
    return book


def write_template(region: Region, scenario: Scenario, path: str | Path, words: Words,
                   base: str | None = None) -> Path:
    """Write the template of ``region`` filled in with ``scenario`` to ``path`` (an .xlsx file)."""
    path = Path(path)
    template_workbook(region, scenario, words, base).save(path)
    return path


def _scenario_sheet(ws: Worksheet, region: Region, scenario: Scenario, w: Words, base: str,
                    names: dict[str, str]) -> None:
    _put(ws, 1, 1, w._("Scenario for {region}", region=region.name), font=Font(bold=True, size=14))
    lines = [
        w._("Fill in this workbook and read it with 'regio solve {code} --scenario FILE.xlsx', or load it on the "
            "scenario's page of the web forms.", code=region.code),
        w._("Column A holds codes: leave them as they are. Headings, names and labels are there to read."),
        w._("{demand}: places per provision type and year. {key}: the distribution key, and shares of your own if "
            "you like. {caps}: the most places of a type a municipality may hold. {budget}: money per year and who "
            "pays.", demand=names["demand"], key=names["key"], caps=names["caps"], budget=names["budget"]),
        w._("Type numbers as numbers; a number typed as text is read as {example} is.",
            example=w.fixed(1500000.5, 2)),
        w._("Everything this workbook does not show (hosting, draagkracht, sites, transitions, solver settings) "
            "is taken from the base scenario."),
    ]
    for i, line in enumerate(lines, 2):
        _put(ws, i, 1, line, font=NOTE)
    top = len(lines) + 3
    _heading(ws, top, [CODE, w._("description"), w._("value")])
    rows: list[tuple[str, str, list[Any]]] = [
        ("region", w._("region (do not change)"), [region.code, region.name]),
        ("base", w._("base scenario: what this workbook does not show comes from it"), [base]),
        ("name", w._("name of the scenario (lower-case letters, digits, - and _)"), [scenario.name]),
        ("title", w._("title"), [scenario.title]),
        ("question", w._("the question the scenario answers"), [scenario.question]),
        ("years", w._("years, one per cell, increasing"), list(scenario.years)),
    ]
    for i, (code, label, values) in enumerate(rows, top + 1):
        _put(ws, i, 1, code)
        _put(ws, i, 2, label)
        for col, value in enumerate(values, 3):
            _put(ws, i, col, value, YEAR if code == "years" else None)
    ws.cell(top + 5, 3).alignment = Alignment(wrap_text=True, vertical="top")
    _widths(ws, {1: 14, 2: 55, 3: 60})


def _demand_sheet(ws: Worksheet, region: Region, scenario: Scenario, w: Words) -> None:
    top = _instructions(ws, [
        w._("Places (or dwellings) needed per provision type and year. Leave a type's row empty when the scenario "
            "does not ask for it."),
    ])
    years = scenario.years
    _heading(ws, top, [CODE, w._("type"), *years])
    for i, t in enumerate(region.provision_types, top + 1):
        _put(ws, i, 1, t.code)
        _put(ws, i, 2, t.label)
        for col, y in enumerate(years, 3):
            _put(ws, i, col, scenario.demand.get(t.code, {}).get(y), PLACES)
    ws.freeze_panes = _cell(top + 1, 3)
    _widths(ws, {1: 24, 2: 40})


def _key_sheet(ws: Worksheet, region: Region, scenario: Scenario, w: Words) -> None:
    top = _instructions(ws, [
        w._("The distribution key that sets each municipality's fair share, and shares of your own (what-if, as "
            "percentages) if you like. A key or shares in a year's column hold from that year on; an empty column "
            "changes nothing. Leave the shares empty to use the key's own."),
        w._("The region's keys are shown on the right, for reference."),
    ])
    years = scenario.years
    keys = list(region.keys)
    refer = 3 + len(years) + 1  # the reference columns, after an empty one
    _heading(ws, top, [CODE, w._("municipality"), *years, None, *keys])
    _put(ws, top + 1, 1, "key")
    _put(ws, top + 1, 2, w._("distribution key (its name)"))
    for y, name in _changes(_in_force(scenario.key, years), years).items():
        _put(ws, top + 1, 3 + years.index(y), name)
    for col, name in enumerate(keys, refer):
        _put(ws, top + 1, col, region.keys[name].label, font=NOTE)
    _choices(ws, keys, f"C{top + 1}:{get_column_letter(2 + len(years))}{top + 1}")
    shares = _changes(_in_force(_shares_per_year(scenario), years), years)
    for i, m in enumerate(region.municipalities, top + 2):
        _put(ws, i, 1, m.code)
        _put(ws, i, 2, m.name)
        for col, y in enumerate(years, 3):
            _put(ws, i, col, shares[y].get(m.code) if y in shares else None, SHARE)
        for col, name in enumerate(keys, refer):
            _put(ws, i, col, region.keys[name].shares.get(m.code), SHARE, NOTE)
    ws.freeze_panes = _cell(top + 1, 3)
    _widths(ws, {1: 12, 2: 32})


def _shares_per_year(scenario: Scenario) -> dict[int, dict[str, float]] | None:
    """The what-if shares as steps (shares for every year: a step in the first year)."""
    if scenario.key_shares is None:
        return None
    return {y: shares for y in scenario.years if (shares := scenario.key_shares_in(y)) is not None} or None


def _caps_sheet(ws: Worksheet, region: Region, scenario: Scenario, w: Words, years: list[int]) -> None:
    example = _steps_example(w)
    top = _instructions(ws, [
        w._("The most places of a type a municipality may hold. Empty: no cap. A cap that changes from a year on "
            "is written as steps: '{example}'.", example=example),
    ])
    types = region.provision_types
    _heading(ws, top, [CODE, w._("municipality"), *(t.code for t in types)])
    _put(ws, top + 1, 2, w._("type"), font=NOTE)
    for col, t in enumerate(types, 3):
        _put(ws, top + 1, col, t.label, font=NOTE)
        ws.cell(top + 1, col).alignment = Alignment(wrap_text=True, vertical="top")
    for i, m in enumerate(region.municipalities, top + 2):
        _put(ws, i, 1, m.code)
        _put(ws, i, 2, m.name)
        for col, t in enumerate(types, 3):
            _put(ws, i, col, _cap_cell(scenario.caps.get(m.code, {}).get(t.code), years, w), PLACES)
    ws.freeze_panes = _cell(top + 2, 3)
    _widths(ws, {1: 12, 2: 32}, default=16)


def _budget_sheet(ws: Worksheet, region: Region, scenario: Scenario, w: Words) -> None:
    budget, years = scenario.budget, scenario.years
    top = _instructions(ws, [
        w._("Money per year in euros: whether the budget is a rule, who pays the places, extra money and costs "
            "outside the model, money handed out by a key, and the most a municipality pays in a year."),
        w._("A row '{code}' hands money out: its description in column B, its key in column C, its amounts per "
            "year and its source; add rows like it for more.", code=DISTRIBUTION),
    ])
    yes, no = _yes_no(w)
    _heading(ws, top, [CODE, w._("description"), w._("value")])
    settings: list[tuple[str, str, Any, str | None]] = [
        ("enabled", w._("the budget is a rule ({yes} or {no})", yes=yes, no=no), yes if budget.enabled else no, None),
        ("payment_key", w._("payment key: by which key the municipalities pay the places (empty: no payments)"),
         budget.payment_key, None),
        ("historical_key", w._("historical key: where the payments start along the ingroeipad (empty: none)"),
         budget.historical_key, None),
        ("ingroeipad_start", w._("first year of the ingroeipad (empty: none)"), budget.ingroeipad_start, YEAR),
        ("ingroeipad_years", w._("years of the ingroeipad"), budget.ingroeipad_years, None),
    ]
    for i, (code, label, value, fmt) in enumerate(settings, top + 1):
        _put(ws, i, 1, code)
        _put(ws, i, 2, label)
        _put(ws, i, 3, value, fmt)
    _choices(ws, [yes, no], f"C{top + 1}")
    _choices(ws, list(region.keys), f"C{top + 2}:C{top + 3}")
    row = top + len(settings) + 2
    _heading(ws, row, [CODE, w._("description"), w._("key"), *years, w._("source")])
    yearly: list[tuple[str, str, str | None, dict[int, float], str | None]] = [
        ("extra", w._("extra money"), None, budget.extra, None),
        ("fixed_costs", w._("costs outside the model"), None, budget.fixed_costs, None),
        *((DISTRIBUTION, d.label, d.key, d.amounts, d.source) for d in budget.distributions),
        (DISTRIBUTION, "", None, {}, None),  # an empty row to fill in
    ]
    for i, (code, label, key, amounts, source) in enumerate(yearly, row + 1):
        _put(ws, i, 1, code)
        _put(ws, i, 2, label)
        _put(ws, i, 3, key)
        for col, y in enumerate(years, 4):
            _put(ws, i, col, amounts.get(y), EURO)
        _put(ws, i, 4 + len(years), source)
    row += len(yearly) + 2
    _heading(ws, row, [CODE, w._("municipality"), w._("most it pays in a year (empty: no cap)")])
    for i, m in enumerate(region.municipalities, row + 1):
        _put(ws, i, 1, m.code)
        _put(ws, i, 2, m.name)
        _put(ws, i, 3, budget.municipality_caps.get(m.code), EURO)
    _widths(ws, {1: 18, 2: 55, 3: 16}, default=16)


# -- reading -------------------------------------------------------------------------------------------------
class _Refused(Exception):
    """A problem with the workbook: its message, and the sheet and cell it lies in when it lies in one."""

    def __init__(self, message: str, sheet: str | None = None, cell: str | None = None) -> None:
        super().__init__(message)
        self.message, self.sheet, self.cell = message, sheet, cell


class _Sheet:
    """One sheet's cells (computed values; formulas only to tell an uncomputed one from an empty cell)."""

    def __init__(self, name: str, values: Worksheet, formulas: Worksheet, w: Words) -> None:
        self.name, self.w = name, w
        if values.max_row > MOST_ROWS or values.max_column > MOST_COLUMNS:
            raise _Refused(t_("{rows} rows and {cols} columns, far more than a scenario template has",
                               rows=str(values.max_row), cols=str(values.max_column)), name)
        self.values = [list(r) for r in values.iter_rows(values_only=True)]
        self.formulas = {(c.row, c.column) for r in formulas.iter_rows() for c in r if c.data_type == "f"}

    def raw(self, row: int, col: int) -> Any:
        """A cell's value, None when empty (or only spaces); an uncomputed formula is refused."""
        cells = self.values[row - 1] if row <= len(self.values) else []
        value = cells[col - 1] if col <= len(cells) else None
        if isinstance(value, str):
            value = value.strip() or None
        if value is None and (row, col) in self.formulas:
            raise _Refused(t_("a formula without a computed value: open the workbook in Excel or "
                                    "LibreOffice, save it and load it again"), self.name, _cell(row, col))
        return value

    @property
    def rows(self) -> int:
        return len(self.values)

    def width(self, row: int) -> int:
        return len(self.values[row - 1]) if row <= len(self.values) else 0

    def sections(self) -> Iterator[tuple[int, int, str]]:
        """Every coded row below a heading row: (heading row, row, code in column A)."""
        heading = 0
        for row in range(1, self.rows + 1):
            first = self.raw(row, 1)
            if first is None:
                continue
            code = str(first).strip()
            if code.lower() == CODE:
                heading = row
            elif heading:
                yield heading, row, code


class _Reader:
    """Reads one workbook for one region; ``self.cells`` maps scenario field paths to the cell they came from."""

    def __init__(self, region: Region, label: str, w: Words) -> None:
        self.region, self.label, self.w = region, label, w
        self.cells: dict[str, tuple[str, str]] = {}
        self.book_words = w  # the language of the workbook, set once its sheets are known

    # -- messages ------------------------------------------------------------------------------------
    def error(self, refused: _Refused) -> PackError:
        message = refused.message
        if refused.sheet is not None and refused.cell is not None:
            return PackError(t_("{file}: sheet {sheet}, cell {cell}: {message}", file=self.label,
                                sheet=refused.sheet, cell=refused.cell, message=message))
        if refused.sheet is not None:
            return PackError(t_("{file}: sheet {sheet}: {message}", file=self.label, sheet=refused.sheet,
                                message=message))
        return PackError(Message("{file}: {message}", file=self.label, message=message))

    def at(self, path: str, sheet: _Sheet, row: int, col: int) -> None:
        self.cells[path] = (sheet.name, _cell(row, col))

    # -- cells -------------------------------------------------------------------------------------------
    def shown(self, value: Any) -> str:
        if isinstance(value, str):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            return self.book_words.number(value, 6)
        return str(value)

    def number(self, sheet: _Sheet, row: int, col: int, percent: bool = False) -> float | None:
        """A number cell, or a number typed as text the workbook's language writes it; None when empty. With
        ``percent``, text ending in ``%`` is read as a percentage (``48,21%``: 0.4821)."""
        raw = sheet.raw(row, col)
        if raw is None:
            return None
        where = (sheet.name, _cell(row, col))
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            if not math.isfinite(raw):
                raise _Refused(t_("'{text}' is not a finite number", text=str(raw)), *where)
            return float(raw)
        if not isinstance(raw, str):
            raise _Refused(t_("'{text}' is not a number", text=str(raw)), *where)
        if percent and raw.endswith("%") and raw[:-1].strip():
            return self.read_text(raw[:-1], raw, where) / 100
        return self.read_text(raw, raw, where)

    def read_text(self, text: str, raw: str, where: tuple[str, str]) -> float:
        """A number typed as text; refused with what is wrong (``raw``: the cell as typed)."""
        try:
            return self.book_words.read_number(text)
        except ValueError:
            pass
        other = Words("en" if self.book_words.lang == "nl" else "nl")
        try:
            other.read_number(text)
        except ValueError:
            try:
                finite = math.isfinite(float(text))
            except ValueError:
                finite = True
            if not finite:
                raise _Refused(t_("'{text}' is not a finite number", text=raw), *where) from None
            raise _Refused(t_("'{text}' is not a number", text=raw), *where) from None
        example = self.book_words.fixed(1500000.5, 2)
        if self.book_words.lang == "nl":
            message = t_("'{text}' is written the English way; this template reads numbers as Dutch writes "
                               "them: {example}", text=raw, example=example)
        else:
            message = t_("'{text}' is written the Dutch way; this template reads numbers as English writes "
                               "them: {example}", text=raw, example=example)
        raise _Refused(message, *where)

    def amount(self, sheet: _Sheet, row: int, col: int, negative: bool = False,
               percent: bool = False) -> float | None:
        value = self.number(sheet, row, col, percent)
        if value is not None and value < 0 and not negative:
            raise _Refused(t_("{text} is negative", text=self.shown(sheet.raw(row, col))), sheet.name,
                           _cell(row, col))
        return value

    def whole(self, sheet: _Sheet, row: int, col: int) -> int | None:
        value = self.amount(sheet, row, col)
        if value is None:
            return None
        if not value.is_integer():
            raise _Refused(t_("{text} is not a whole number", text=self.shown(sheet.raw(row, col))),
                           sheet.name, _cell(row, col))
        return int(value)

    def year(self, sheet: _Sheet, row: int, col: int) -> int | None:
        raw = sheet.raw(row, col)
        if raw is None:
            return None
        if isinstance(raw, int | float) and not isinstance(raw, bool) and float(raw).is_integer():
            return int(raw)
        text = self.shown(raw).strip()
        if not text.isdigit():
            raise _Refused(t_("'{text}' is not a year", text=text), sheet.name, _cell(row, col))
        return int(text)

    def text(self, sheet: _Sheet, row: int, col: int) -> str | None:
        raw = sheet.raw(row, col)
        if raw is None:
            return None
        if isinstance(raw, float) and raw.is_integer():
            return str(int(raw))
        return str(raw)

    def required(self, sheet: _Sheet, row: int, col: int) -> str:
        value = self.text(sheet, row, col)
        if value is None:
            raise _Refused(t_("this cell may not be empty"), sheet.name, _cell(row, col))
        return value

    def yes_no(self, sheet: _Sheet, row: int, col: int) -> bool:
        raw = sheet.raw(row, col)
        if isinstance(raw, bool):
            return raw
        text = self.shown(raw).strip().lower() if raw is not None else ""
        for lang in ("nl", "en"):
            yes, no = _yes_no(Words(lang))
            if text in (yes.lower(), "true", "1", "waar"):
                return True
            if text in (no.lower(), "false", "0", "onwaar"):
                return False
        yes, no = _yes_no(self.book_words)
        raise _Refused(t_("'{text}' is not {yes} or {no}", text=self.shown(raw) if raw is not None else "",
                                yes=yes, no=no), sheet.name, _cell(row, col))

    def cap(self, sheet: _Sheet, row: int, col: int) -> int | dict[int, int] | None:
        """A cap cell: a whole number, or steps "from 2026: 10; from 2028: 8" (in either language)."""
        raw = sheet.raw(row, col)
        if raw is None:
            return None
        if not isinstance(raw, str) or not re.search(r"[:;]", raw):
            return self.whole(sheet, row, col)
        steps: dict[int, int] = {}
        for part in raw.split(";"):
            step = _read_step(part)
            year, places = step if step else (0, part)
            value = None
            if step:
                try:
                    value = self.book_words.read_number(places)
                except ValueError:
                    value = None
            if value is None:
                example = _steps_example(self.book_words)
                raise _Refused(t_("'{text}' is neither a number nor steps such as '{example}'", text=raw,
                                        example=example), sheet.name, _cell(row, col))
            if value < 0 or not value.is_integer():
                message = (t_("{text} is negative", text=places) if value < 0 else
                           t_("{text} is not a whole number", text=places))
                raise _Refused(message, sheet.name, _cell(row, col))
            steps[year] = int(value)
        return steps

    def codes(self, sheet: _Sheet, known: dict[str, str], what: str) -> Iterator[tuple[int, int, str]]:
        """The coded rows of a sheet whose code is one of ``known`` (code -> what it is); a code met twice or an
        unknown code is refused, naming the cell."""
        seen: set[str] = set()
        for heading, row, code in sheet.sections():
            if code not in known:
                raise _Refused(self.unknown(code, known, what), sheet.name, _cell(row, 1))
            if code in seen and code != DISTRIBUTION:
                raise _Refused(t_("{code} appears twice in column A", code=code), sheet.name, _cell(row, 1))
            seen.add(code)
            yield heading, row, code

    def unknown(self, code: str, known: dict[str, str], what: str) -> Message:
        if re.fullmatch(GM_PATTERN, code):
            return t_("unknown municipality '{code}'; the region has {codes}", code=code,
                            codes=", ".join(m.code for m in self.region.municipalities))
        if what == "type":
            return t_("unknown provision type '{code}'; the region has {codes}", code=code,
                            codes=", ".join(t.code for t in self.region.provision_types))
        return t_("'{code}' is not a code of this sheet; use {codes}", code=code, codes=", ".join(known))

    def year_columns(self, sheet: _Sheet, heading: int, first: int) -> dict[int, int]:
        """The year of each column of a heading row from column ``first`` on (other headings are skipped)."""
        out: dict[int, int] = {}
        for col in range(first, sheet.width(heading) + 1):
            raw = sheet.raw(heading, col)
            if isinstance(raw, int | float) and not isinstance(raw, bool) and float(raw).is_integer():
                year = int(raw)
            elif isinstance(raw, str) and raw.isdigit():
                year = int(raw)
            else:
                continue
            if year in out.values():
                raise _Refused(t_("{code} appears twice in this row", code=str(year)), sheet.name,
                               _cell(heading, col))
            out[col] = year
        return out

    def check_years(self, sheet: _Sheet, heading: int, columns: dict[int, int], years: list[int]) -> None:
        """Every year column is one of the scenario's years, and every scenario year has a column."""
        for col, year in columns.items():
            if year not in years:
                raise _Refused(t_("year {year} is not one of the scenario's years ({years})", year=str(year),
                                        years=", ".join(map(str, years))), sheet.name, _cell(heading, col))
        for year in years:
            if year not in columns.values():
                raise _Refused(t_("no column for {year}, one of the scenario's years", year=str(year)),
                               sheet.name, _cell(heading, 1))


def _in(label: str, message: Message) -> Message:
    """A message about a file, naming it."""
    return Message("{file}: {message}", file=label, message=message)


def _load(data: bytes, label: str, w: Words) -> tuple[Workbook, Workbook]:
    """The workbook twice: computed values, and formulas (to tell an uncomputed formula from an empty cell)."""
    if not data.strip():
        raise PackError(_in(label, t_("the file is empty")))
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise PackError(_in(label, t_("not an Excel workbook (.xlsx); save it as an Excel workbook")))
    try:
        with warnings.catch_warnings():  # openpyxl warns of Excel features it drops; the reader needs none of them
            warnings.simplefilter("ignore")
            return (load_workbook(io.BytesIO(data), data_only=True),
                    load_workbook(io.BytesIO(data), data_only=False))
    except Exception:  # a zip that is no workbook fails in many ways inside openpyxl
        raise PackError(_in(label, t_("not an Excel workbook (.xlsx); save it as an Excel workbook"))) from None


def _language(sheets: list[str]) -> Words:
    """The language of a workbook: the one whose sheet names it has most of (Dutch on a tie)."""
    best = max(("nl", "en"), key=lambda lang: sum(n in sheets for n in sheet_names(Words(lang)).values()))
    return Words(best)


def read_template(region: Region, path: str | Path, words: Words | None = None, base: Scenario | None = None,
                  name: str | None = None) -> Scenario:
    """The scenario a filled-in template holds (see ``read_template_bytes``); errors name the file by its name."""
    path = Path(path)
    w = words or Words("en")
    label = path.name or str(path)
    if path.is_dir():
        raise PackError(_in(label, t_("a folder, not a file")))
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PackError(_in(label, t_("no such file"))) from None
    except OSError as exc:
        raise PackError(_in(label, t_("cannot read the file ({problem})",
                                           problem=exc.strerror or str(exc)))) from None
    return read_template_bytes(region, data, label, w, base, name)


def read_template_bytes(region: Region, data: bytes, label: str, words: Words | None = None,
                        base: Scenario | None = None, name: str | None = None) -> Scenario:
    """The scenario a filled-in template holds, laid over its base scenario and validated like a scenario file.

    ``base``: the scenario whose fields the workbook does not show (default: the one the workbook names);
    ``name``: the name the scenario must keep (a new version of a stored scenario). Messages are in the
    language of ``words`` (English by default, as every other error of a scenario file); a PackError names
    ``label``, and the sheet and cell at fault."""
    w = words or Words("en")
    values, formulas = _load(data, label, w)
    reader = _Reader(region, label, w)
    try:
        return _read(reader, values, formulas, base, name)
    except _Refused as refused:
        raise reader.error(refused) from None


def _read(reader: _Reader, values: Workbook, formulas: Workbook, base: Scenario | None,
          keep_name: str | None) -> Scenario:
    w, region = reader.w, reader.region
    reader.book_words = book = _language(values.sheetnames)
    names = sheet_names(book)
    if names["scenario"] not in values.sheetnames:
        raise _Refused(t_("not a scenario template: it has no sheet {sheet} (its sheets: {sheets})",
                           sheet=names["scenario"], sheets=", ".join(values.sheetnames)))
    for role in ROLES:
        if names[role] not in values.sheetnames:
            raise _Refused(t_("no sheet {sheet}; a scenario template has the sheets {sheets}", sheet=names[role],
                               sheets=", ".join(names.values())))
    sheets = {role: _Sheet(names[role], values[names[role]], formulas[names[role]], w) for role in ROLES}

    fields, base = _scenario_fields(reader, sheets["scenario"], base, keep_name)
    years: list[int] = fields["years"]
    demand = _demand(reader, sheets["demand"], years)
    key, shares = _key(reader, sheets["key"], years)
    caps = _caps(reader, sheets["caps"], years)
    budget = _budget(reader, sheets["budget"], years, base)

    # what the workbook shows replaces the base's fields; a key, shares or cap the same in every year as the
    # base's keeps the base's form (a step before the first year, say)
    if _in_force(key, years) == _in_force(base.key, years):
        key = base.key
    if _same_shares(shares, base.key_shares, years):
        shares = base.key_shares
    for code, per_type in caps.items():
        for t, cap in per_type.items():
            before = base.caps.get(code, {}).get(t)
            if before is not None and _in_force(cap, years) == _in_force(before, years):
                per_type[t] = before
    doc = base.model_dump(mode="json")
    for field in ("demand", "caps", "key_shares"):  # replaced whole: a row left empty removes its figures
        doc.pop(field, None)
    doc["budget"] = {k: v for k, v in doc["budget"].items() if k not in (*BUDGET_YEARLY, "distributions",
                                                                          "municipality_caps")}
    changes = {**fields, "demand": demand, "key": key, "key_shares": shares, "caps": caps, "budget": budget}
    doc = merge(doc, _json(changes))
    try:
        return parse_scenario(region, doc, reader.label)
    except PackError as exc:
        raise _placed(reader, exc) from None


def _json(value: Any) -> Any:
    """Mapping keys as text, as a scenario's JSON form has them."""
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json(v) for v in value]
    return value


def _placed(reader: _Reader, exc: PackError) -> PackError:
    """A validation error with the sheet and cell of the field it names, when the workbook showed that field."""
    found = exc.args[0] if exc.args else str(exc)
    inner = found.params.get("error") if isinstance(found, Message) else None
    rest = inner if isinstance(inner, str) else str(found).removeprefix(f"{reader.label}: ")
    path = str(rest).split(": ", 1)[0] if ": " in str(rest) else ""
    parts = re.sub(r"\[(\d+)\]", r".\1", path).split(".")
    while parts:
        place = reader.cells.get(".".join(parts))
        if place is not None:
            return reader.error(_Refused(rest, *place))
        parts.pop()
    return exc


def _same_shares(a: Any, b: Any, years: list[int]) -> bool:
    def per_year(shares: Any) -> list[Any]:
        if shares is None:
            return [None] * len(years)
        if all(isinstance(k, int) or str(k).isdigit() for k in shares):
            steps = {int(k): v for k, v in shares.items()}
            return [step_value(steps, y) for y in years]
        return [shares] * len(years)

    for x, y in zip(per_year(a), per_year(b), strict=True):
        if (x is None) != (y is None):
            return False
        if x is not None and y is not None and (set(x) != set(y) or any(
                abs(float(x[k]) - float(y[k])) > SAME_SHARE for k in x)):
            return False
    return True


def _scenario_fields(reader: _Reader, sheet: _Sheet, base: Scenario | None,
                     keep_name: str | None) -> tuple[dict[str, Any], Scenario]:
    region = reader.region
    rows: dict[str, int] = {}
    for _heading_row, row, code in reader.codes(sheet, dict.fromkeys(SCENARIO_ROWS, ""), "row"):
        rows[code] = row
    if "region" not in rows:
        raise _Refused(t_("no row '{code}' in column A: is this a scenario template?", code="region"), sheet.name)
    found = reader.text(sheet, rows["region"], 3)
    if found != region.code:
        raise _Refused(t_("this workbook is for region '{found}', not {region}", found=found or "",
                           region=region.code), sheet.name, _cell(rows["region"], 3))
    if base is None:
        base = _base(reader, sheet, rows.get("base"))
    fields: dict[str, Any] = {}
    for code in ("name", "title", "question"):
        if code in rows:
            fields[code] = reader.required(sheet, rows[code], 3)
            reader.at(code, sheet, rows[code], 3)
    if keep_name is not None and fields.get("name", keep_name) != keep_name:
        raise _Refused(t_("the workbook names scenario '{found}'; a new version of '{name}' keeps its name",
                           found=fields["name"], name=keep_name), sheet.name, _cell(rows["name"], 3))
    years = list(base.years)
    if "years" in rows:
        row = rows["years"]
        reader.at("years", sheet, row, 3)
        years = []
        for col in range(3, sheet.width(row) + 1):
            year = reader.year(sheet, row, col)
            if year is not None:
                reader.at(f"years.{len(years)}", sheet, row, col)
                years.append(year)
        if not years:
            raise _Refused(t_("this cell may not be empty"), sheet.name, _cell(row, 3))
    fields["years"] = years
    return fields, base


def _base(reader: _Reader, sheet: _Sheet, row: int | None) -> Scenario:
    """The base scenario the workbook names: a scenario of the region's pack, or a YAML/JSON file."""
    if row is None:
        raise _Refused(t_("no row '{code}' in column A: is this a scenario template?", code="base"), sheet.name)
    named = reader.text(sheet, row, 3)
    where = (sheet.name, _cell(row, 3))
    if named is None:
        raise _Refused(t_("no base scenario: name a scenario of the region's pack, or a YAML file"), *where)
    if named.lower().endswith((".xlsx", ".xlsm")):
        raise _Refused(t_("the base scenario is a scenario of the region's pack or a YAML file, not a workbook"),
                       *where)
    try:
        return load_pack_scenario(reader.region, named)
    except PackError as exc:
        raise _Refused(t_("the base scenario cannot be read: {problem}", problem=str(exc)), *where) from None


def _demand(reader: _Reader, sheet: _Sheet, years: list[int]) -> dict[str, dict[int, int]]:
    types = {t.code: t.label for t in reader.region.provision_types}
    demand: dict[str, dict[int, int]] = {}
    checked: set[int] = set()
    for heading, row, code in reader.codes(sheet, types, "type"):
        columns = reader.year_columns(sheet, heading, 3)
        if heading not in checked:
            reader.check_years(sheet, heading, columns, years)
            checked.add(heading)
        figures = {year: reader.whole(sheet, row, col) for col, year in columns.items()}
        if all(v is None for v in figures.values()):
            continue
        for col, year in columns.items():
            if figures[year] is None:
                raise _Refused(t_("no figure for {year}: give the demand of every year, or leave the whole "
                                          "row empty", year=str(year)), sheet.name, _cell(row, col))
            reader.at(f"demand.{code}.{year}", sheet, row, col)
        reader.at(f"demand.{code}", sheet, row, 1)
        demand[code] = {year: int(v) for year, v in figures.items() if v is not None}
    if not demand:
        raise _Refused(t_("no demand: fill in the places of at least one provision type"), sheet.name)
    return demand


def _key(reader: _Reader, sheet: _Sheet, years: list[int]) -> tuple[str | dict[int, str], Any]:
    """The key (a name, or steps) and the what-if shares (None, shares, or steps) of the Key sheet."""
    known = {"key": "", **{m.code: m.name for m in reader.region.municipalities}}
    key_steps: dict[int, str] = {}
    shares: dict[int, dict[str, float]] = {}
    heading_of: int | None = None
    key_row: int | None = None
    for heading, row, code in reader.codes(sheet, known, "row"):
        columns = reader.year_columns(sheet, heading, 3)
        if heading_of != heading:
            reader.check_years(sheet, heading, columns, years)
            heading_of = heading
            for col, year in columns.items():
                reader.at(f"key_shares.{year}", sheet, heading, col)
        if code == "key":
            key_row = row
            for col, year in columns.items():
                name = reader.text(sheet, row, col)
                if name is not None:
                    key_steps[year] = name
                    reader.at(f"key.{year}", sheet, row, col)
            continue
        for col, year in columns.items():
            value = reader.amount(sheet, row, col, percent=True)
            if value is not None:
                shares.setdefault(year, {})[code] = value
                reader.at(f"key_shares.{year}.{code}", sheet, row, col)
    if key_row is None:
        raise _Refused(t_("no row '{code}' in column A: is this a scenario template?", code="key"),
                       sheet.name)
    first = years[0]
    reader.at("key", sheet, key_row, 3)
    if not key_steps:
        raise _Refused(t_("no distribution key: name one of the region's keys ({keys}) in the first "
                                  "year's column", keys=", ".join(reader.region.keys)), sheet.name,
                       _cell(key_row, 3))
    for year, per in shares.items():  # shares typed as percentages without their sign (48,21 for 48,21 %)
        if 99.99 <= sum(per.values()) <= 100.01:
            shares[year] = {k: v / 100 for k, v in per.items()}
    key: str | dict[int, str] = key_steps[first] if list(key_steps) == [first] else key_steps
    if not shares:
        return key, None
    if list(shares) == [first]:
        for path in [p for p in reader.cells if p.startswith(f"key_shares.{first}")]:
            reader.cells[path.replace(f"key_shares.{first}", "key_shares", 1)] = reader.cells[path]
        return key, shares[first]
    return key, shares


def _caps(reader: _Reader, sheet: _Sheet, years: list[int]) -> dict[str, dict[str, Any]]:
    region = reader.region
    types = {t.code for t in region.provision_types}
    known = {m.code: m.name for m in region.municipalities}
    caps: dict[str, dict[str, Any]] = {}
    columns: dict[int, dict[int, str]] = {}
    for heading, row, code in reader.codes(sheet, known, "row"):
        if heading not in columns:
            columns[heading] = {}
            for col in range(3, sheet.width(heading) + 1):
                t = reader.text(sheet, heading, col)
                if t is None:
                    continue
                if t not in types:
                    raise _Refused(reader.unknown(t, dict.fromkeys(types, ""), "type"), sheet.name,
                                   _cell(heading, col))
                if t in columns[heading].values():
                    raise _Refused(t_("{code} appears twice in this row", code=t), sheet.name,
                                   _cell(heading, col))
                columns[heading][col] = t
        for col, t in columns[heading].items():
            cap = reader.cap(sheet, row, col)
            if cap is not None:
                caps.setdefault(code, {})[t] = cap
                reader.at(f"caps.{code}.{t}", sheet, row, col)
        reader.cells.setdefault(f"caps.{code}", (sheet.name, _cell(row, 1)))
    return caps


def _budget(reader: _Reader, sheet: _Sheet, years: list[int], base: Scenario) -> dict[str, Any]:
    region = reader.region
    known = {**dict.fromkeys((*BUDGET_SETTINGS, *BUDGET_YEARLY, DISTRIBUTION), ""),
             **{m.code: m.name for m in region.municipalities}}
    source_heading = reader.book_words._("source").lower()
    budget: dict[str, Any] = {}
    # a year the workbook does not show keeps the base's extra money and fixed costs
    yearly: dict[str, dict[int, float]] = {
        field: {y: v for y, v in getattr(base.budget, field).items() if y not in years} for field in BUDGET_YEARLY}
    distributions: list[dict[str, Any]] = []
    municipality_caps: dict[str, float] = {}
    checked: set[int] = set()
    for heading, row, code in reader.codes(sheet, known, "row"):
        path = f"budget.{code}"
        if code in BUDGET_SETTINGS:
            reader.at(path, sheet, row, 3)
            if code == "enabled":
                budget[code] = reader.yes_no(sheet, row, 3)
            elif code in ("payment_key", "historical_key"):
                budget[code] = reader.text(sheet, row, 3)
            elif code == "ingroeipad_start":
                budget[code] = reader.year(sheet, row, 3)
            elif (count := reader.whole(sheet, row, 3)) is not None:
                budget[code] = count
            continue
        if re.fullmatch(GM_PATTERN, code):
            cap = reader.amount(sheet, row, 3)
            if cap is not None:
                municipality_caps[code] = cap
                reader.at(f"budget.municipality_caps.{code}", sheet, row, 3)
            continue
        columns = reader.year_columns(sheet, heading, 4)
        if heading not in checked:
            reader.check_years(sheet, heading, columns, years)
            checked.add(heading)
        if code in BUDGET_YEARLY:
            reader.at(path, sheet, row, 1)
            for col, year in columns.items():
                value = reader.amount(sheet, row, col, negative=True)
                reader.at(f"{path}.{year}", sheet, row, col)
                if value is not None:
                    yearly[code][year] = value
            continue
        label, key = reader.text(sheet, row, 2), reader.text(sheet, row, 3)
        amounts = {}
        for col, year in columns.items():
            value = reader.amount(sheet, row, col)
            if value is not None:
                amounts[year] = value
        source_col = next((c for c in range(4, sheet.width(heading) + 1)
                           if str(sheet.raw(heading, c) or "").lower() == source_heading), None)
        source = reader.text(sheet, row, source_col) if source_col else None
        if label is None and key is None and not amounts and source is None:
            continue  # the empty row to fill in
        if label is None or key is None:
            raise _Refused(t_("money handed out needs a description (column B) and a key (column C)"),
                           sheet.name, _cell(row, 2 if label is None else 3))
        i = len(distributions)
        reader.at(f"budget.distributions.{i}", sheet, row, 1)
        reader.at(f"budget.distributions.{i}.label", sheet, row, 2)
        reader.at(f"budget.distributions.{i}.key", sheet, row, 3)
        for col, year in columns.items():
            reader.at(f"budget.distributions.{i}.amounts.{year}", sheet, row, col)
        distributions.append({"label": label, "key": key, "amounts": amounts, "source": source})
    for field in BUDGET_YEARLY:
        budget[field] = yearly[field]
    budget["distributions"] = distributions
    budget["municipality_caps"] = municipality_caps
    if "ingroeipad_years" not in budget:
        budget["ingroeipad_years"] = base.budget.ingroeipad_years
    return budget


def template_base(path: str | Path) -> str | None:
    """The base scenario a template names (None when the file is no readable template)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(Path(path).read_bytes()), data_only=True, read_only=True)
    except Exception:  # not a workbook: its reader will say so
        return None
    name = sheet_names(_language(book.sheetnames))["scenario"]
    if name not in book.sheetnames:
        return None
    for row in book[name].iter_rows(values_only=True):
        if row and row[0] == "base" and len(row) > 2 and row[2] is not None:
            return str(row[2]).strip()
    return None

