"""Helpers for the tests of the scenario template: find a cell by its row code and column heading, fill it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

SHEETS_NL = {"scenario": "Scenario", "demand": "Vraag", "key": "Sleutel", "caps": "Maxima", "budget": "Budget"}
SHEETS_EN = {"scenario": "Scenario", "demand": "Demand", "key": "Key", "caps": "Caps", "budget": "Budget"}


def coordinate(ws: Worksheet, code: str, heading: Any) -> str:
    """The cell in the row whose column A is ``code`` and the column headed ``heading`` in the heading row
    (column A: ``code``) above it; ``heading`` may be a column letter."""
    rows = list(ws.iter_rows())
    header: tuple[Any, ...] = ()
    for row in rows:
        first = row[0].value
        if first == "code":
            header = tuple(c.value for c in row)
        elif first == code:
            if isinstance(heading, str) and heading.isalpha() and heading.isupper() and len(heading) <= 2:
                return f"{heading}{row[0].row}"
            return row[header.index(heading)].coordinate
    raise AssertionError(f"no row {code!r} in sheet {ws.title}")


def fill(path: Path, sheet: str, changes: dict[tuple[str, Any], Any], out: Path | None = None) -> Path:
    """Set cells by (row code, column heading) in one sheet and save (to ``out``, else in place)."""
    book = load_workbook(path)
    ws = book[sheet]
    for (code, heading), value in changes.items():
        ws[coordinate(ws, code, heading)] = value
    book.save(out or path)
    return out or path
