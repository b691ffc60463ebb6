"""A result as an Excel workbook for the working group: the allocation with names and codes, the fair shares
per year, money and who pays whom, the explanation, and the assumptions and sources.

Sheet names, headings and texts are in the reader's language (``models.i18n.Words``); numbers are number
cells (euros with a euro format), so Excel in any locale shows them in its own way.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from models import CBS_CREDIT, Result
from models.i18n import Words
from optimiser.report import wording
from optimiser.report.tables import status_text

EURO = '"€" #,##0.00'
WHOLE_EURO = '"€" #,##0'
SHARE = "0.00"
#: the widest column, in characters; longer texts wrap
WIDEST = 60
#: the media type of a workbook
MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet(book: Workbook, title: str, headers: list[str], rows: list[list[object]],
           formats: dict[int, str] | None = None) -> Worksheet:
    """A sheet with a bold, frozen header row, number formats per column and readable widths."""
    ws = book.create_sheet(title)
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for row in rows:
        ws.append(row)
    for col, fmt in (formats or {}).items():
        for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
            cell.number_format = fmt
    for i, header in enumerate(headers, 1):
        longest = max([len(str(header)), *(len(str(r[i - 1])) for r in rows if len(r) >= i and r[i - 1] is not None)])
        ws.column_dimensions[get_column_letter(i)].width = min(WIDEST, max(10, longest + 2))
        if longest + 2 > WIDEST:  # long texts (explanations, sources) wrap inside the column
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    return ws


def workbook(result: Result, w: Words) -> Workbook:
    """The workbook of a result (pass a redacted result for readers without the confidential detail)."""
    names, labels = result.names, result.labels
    worded = wording.worded(result, w)
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    _sheet(book, w._("Allocation"),
           [w._("year"), w._("municipality code"), w._("municipality"), w._("wijk code"), w._("wijk"),
            w._("type code"), w._("type"), w._("places"), w._("new places"), w._("sites")],
           [[a.year, a.municipality, names.get(a.municipality, a.municipality), a.wijk or "",
             names.get(a.wijk, a.wijk) if a.wijk else "", a.type, labels.get(a.type, a.type), a.places,
             a.new_places, a.sites] for a in result.allocation])
    _sheet(book, w._("Fair share"),
           [w._("year"), w._("municipality code"), w._("municipality"), w._("type code"), w._("type"),
            w._("places"), w._("fair share"), w._("fair share, whole places"), w._("difference")],
           [[r.year, r.municipality, names.get(r.municipality, r.municipality), r.type, labels.get(r.type, r.type),
             r.places, r.quota, r.target, r.gap] for r in result.fair_share],
           {7: SHARE, 9: SHARE})
    _sheet(book, w._("Money"),
           [w._("year"), w._("cost"), w._("of which places"), w._("capital cost"), w._("co-financing used"),
            w._("grants"), w._("extra"), w._("fixed costs"), w._("handed out"), w._("available"),
            w._("headroom")],
           [[y, b.cost, b.running_cost, b.capital_cost, b.cofinancing, b.grants, b.extra, b.fixed_costs,
             b.distributed, b.available, b.headroom] for y, b in sorted(result.budget_years.items())],
           dict.fromkeys(range(2, 12), EURO))
    _sheet(book, w._("Payments"),
           [w._("year"), w._("municipality code"), w._("municipality"), w._("cost of its places"), w._("pays"),
            w._("receives"), w._("transfer (> 0 pays the others)")],
           [[r.year, r.municipality, names.get(r.municipality, r.municipality), r.hosted_cost, r.pays + r.pays_out,
             r.receives, r.transfer] for r in result.budget],
           dict.fromkeys(range(4, 8), EURO))
    _sheet(book, w._("Transfers"),
           [w._("year"), w._("from"), w._("to"), w._("amount")],
           [[t.year, names.get(t.payer, t.payer), names.get(t.recipient, t.recipient), t.amount]
            for t in result.transfers],
           {4: EURO})
    explanation: list[list[object]] = [[b.text] for b in worded.binding]
    if result.unexplained_rules:
        explanation.append([wording.untested(result, w)])
    if worded.diagnosis is not None:
        explanation.append([worded.diagnosis.message])
    if not explanation:
        explanation.append([w._("No rule was found that shapes the plan.")])
    _sheet(book, w._("Explanation"), [w._("rules that shape the plan, and what relaxing each would gain")],
           explanation)
    sources: list[list[object]] = [[w._("modelling choice"), c] for c in result.modelling_choices]
    sources.append([w._("source"), CBS_CREDIT])
    sources.append([w._("computed by"), f"{result.solver_version}, {status_text(result.status, w)}"])
    _sheet(book, w._("Assumptions and sources"), [w._("kind"), w._("text")], sources)
    return book


def write_workbook(result: Result, path: Path, w: Words) -> Path:
    """Write the workbook of a result to ``path``."""
    workbook(result, w).save(path)
    return path
