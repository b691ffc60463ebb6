"""The result workbook: Dutch sheets by default, number cells, totals that match the result."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from models import CBS_CREDIT
from models.i18n import Words
from optimiser.report import wording
from optimiser.report.excel import workbook
from optimiser.solving import solve_scenario
from tests.factories import tiny_region, tiny_scenario

SHEETS_NL = ["Verdeling", "Eerlijk aandeel", "Geld", "Bijdragen", "Verrekening", "Uitleg", "Aannames en bronnen"]


def reopened(book):
    buffer = io.BytesIO()
    book.save(buffer)
    return load_workbook(io.BytesIO(buffer.getvalue()))


def test_the_workbook_of_a_result():
    # the tiny optimum with the budget on and Astad paying by the key: 48 BW places a year
    region = tiny_region()
    scenario = tiny_scenario(budget={"enabled": True, "payment_key": "objectief"}, solver={"explain_time": 30})
    result = solve_scenario(region, scenario)
    book = reopened(workbook(result, Words("nl")))
    assert book.sheetnames == SHEETS_NL
    rows = list(book["Verdeling"].iter_rows(values_only=True))
    assert rows[0] == ("jaar", "gemeentecode", "gemeente", "wijkcode", "wijk", "code voorziening", "voorziening",
                       "plekken", "nieuwe plekken", "locaties")
    for year in result.years:
        in_book = sum(r[7] for r in rows[1:] if r[0] == year and r[5] == "bw")
        assert in_book == sum(a.places for a in result.allocation if a.year == year and a.type == "bw")
    assert {(r[1], r[2]) for r in rows[1:]} == {("GM0001", "Astad"), ("GM0002", "Bdorp")}
    money = book["Geld"]
    assert money["B2"].value == result.budget_years[2024].cost and money["B2"].number_format == '"€" #,##0.00'
    pays = list(book["Bijdragen"].iter_rows(values_only=True))[1:]
    assert round(sum(r[6] for r in pays if r[0] == 2024), 2) == 0  # transfers between municipalities net out
    assert [r[0] for r in book["Uitleg"].iter_rows(values_only=True)][1:] == [b.text for b in result.binding]
    sources = [r[1] for r in book["Aannames en bronnen"].iter_rows(values_only=True)]
    assert CBS_CREDIT in sources
    for sheet in book:  # a bold header row that stays in view, columns wide enough to read
        assert sheet.freeze_panes == "A2" and all(cell.font.b for cell in sheet[1])
    assert book["Verdeling"].column_dimensions["C"].width == len("gemeente") + 2
    longest = max(book["Uitleg"].iter_rows(min_row=2, max_col=1), key=lambda row: len(row[0].value))[0]
    assert len(longest.value) > 60 and longest.alignment.wrap_text  # wraps inside the widest column
    assert book["Uitleg"].column_dimensions["A"].width == 60
    assert sources[-1].endswith(", optimaal")  # how the solve ended, in Dutch


def test_english_on_request():
    result = solve_scenario(tiny_region(), tiny_scenario(solver={"explain": False}))
    book = reopened(workbook(result, Words("en")))
    assert book.sheetnames == ["Allocation", "Fair share", "Money", "Payments", "Transfers", "Explanation",
                               "Assumptions and sources"]
    assert book["Explanation"]["A2"].value == "No rule was found that shapes the plan."


def test_an_infeasible_result_gives_a_workbook_with_its_diagnosis():
    # no municipality may host a BW place, 48 are needed: nothing to allocate, the diagnosis explains why
    scenario = tiny_scenario(caps={"GM0001": {"bw": 0}, "GM0002": {"bw": 0}}, solver={"explain": False})
    result = solve_scenario(tiny_region(), scenario)
    assert result.diagnosis is not None
    book = reopened(workbook(result, Words("nl")))
    assert book["Verdeling"].max_row == 1  # the header only
    explanation = [r[0] for r in book["Uitleg"].iter_rows(min_row=2, values_only=True)]
    assert explanation[-1] == wording.worded(result, Words("nl")).diagnosis.message
    assert explanation[-1].startswith("Geen verdeling voldoet aan alle regels. De minste regels om te versoepelen: ")
    assert "48 plekken Beschermd wonen" in explanation[-1]
    sources = [r[1] for r in book["Aannames en bronnen"].iter_rows(min_row=2, values_only=True)]
    assert sources[-1].endswith(", geen plan voldoet aan alle regels")
