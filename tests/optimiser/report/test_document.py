"""The council report: the PDF of each seed region read back — its Dutch headings, the figures of the
result, every modelling choice flagged, the CBS credit — and English on request."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from data import load_region, load_scenario
from models import Region, Result, Scenario
from models.i18n import Words
from optimiser.report.document import html, pdf
from optimiser.report.wording import worded
from optimiser.solving import solve_scenario

SEEDS = ["dwo", "maastricht-heuvelland", "midden-ijssel", "mvs"]


@pytest.fixture(scope="module", params=SEEDS)
def solved(request: pytest.FixtureRequest) -> tuple[Region, Scenario, Result]:
    region = load_region(request.param)
    scenario = load_scenario(region)
    quick = scenario.model_copy(update={"solver": scenario.solver.model_copy(update={"explain": False})})
    return region, scenario, solve_scenario(region, quick)


def _text(document: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(document))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), " ".join(text.split())


def test_the_pdf_holds_the_question_the_figures_and_the_sources(solved):
    region, scenario, result = solved
    w = Words("nl")
    pages, text = _text(pdf(worded(result, w), region, scenario, w))
    assert pdf(worded(result, w), region, scenario, w)[:5] == b"%PDF-"
    assert 3 <= pages <= 20
    assert f"Rapport: {scenario.title}" in text and "De vraag" in text
    assert " ".join(scenario.question.split())[:60] in text
    assert "Plekken per gemeente: nu, per jaar en het eerlijk aandeel aan het eind" in text
    assert "Bron: CBS (CC BY 4.0)" in text and "Kaart" in text
    # each modelling choice is in the report, flagged (in the assumptions and again in the sources)
    assert text.count("modelkeuze") >= 2 * len(result.modelling_choices) > 0
    # the places of the first municipality of the first type, today and in each year
    first = result.fair_share[0]
    row = [r.places for r in result.fair_share if (r.type, r.municipality) == (first.type, first.municipality)]
    today = region.current_places(first.type)[first.municipality]
    figures = " ".join(str(n) for n in [today, *row])
    assert re.search(rf"{re.escape(result.names[first.municipality])} {figures} ", text), figures
    for t in result.transfers:  # who pays whom, to the cent
        assert f"{result.names[t.payer]} {result.names[t.recipient]} {w.euro(t.amount, cents=True)}" in text


def test_english_on_request_has_no_dutch_headings(solved):
    region, scenario, result = solved
    w = Words("en")
    _, text = _text(pdf(worded(result, w), region, scenario, w))
    assert f"Report: {scenario.title}" in text and "The question" in text
    assert "Places per municipality: today, each year, and the fair share at the end" in text
    assert "Plekken per gemeente" not in text and "De vraag" not in text and "Kaart" not in text


def test_the_html_report_embeds_its_map(solved):
    region, scenario, result = solved
    page = html(worded(result, Words()), region, scenario)
    assert page.startswith("<!doctype html>") and 'lang="nl"' in page
    assert page.count("data:image/png;base64,") == 1
