"""The report for the council: one document (HTML, or PDF by WeasyPrint) with the question, the modelling
choices, the tables per municipality and year, the map, money and transfers, the explanation and the sources.

It draws the same sections as the terminal report (``optimiser.report.tables``), in the reader's language.
"""

from __future__ import annotations

import base64
import logging
import re
import tempfile
from datetime import date
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from data.texts import pack_text
from models import CBS_CREDIT, Region, Result, Scenario
from models.i18n import Words, t_
from optimiser.report.maps import drawable, render_map
from optimiser.report.tables import heading, sections

log = logging.getLogger(__name__)

#: the media type of the PDF report
PDF = "application/pdf"
_TEMPLATES = Environment(loader=PackageLoader("optimiser.report", "templates"), autoescape=select_autoescape())


def _map(region: Region, result: Result, w: Words) -> str | None:
    """The result's map as base64 PNG; None when there is nothing to draw (no boundaries, no allocation)."""
    try:
        drawable(result)
        with tempfile.TemporaryDirectory() as tmp:
            path = render_map(region, result, Path(tmp) / "kaart.png", w)
            return base64.b64encode(path.read_bytes()).decode("ascii")
    except ValueError as exc:
        log.info("report without a map: %s", exc)
        return None


def _css_text(text: str) -> Markup:
    """A text for a CSS string (the page footer): no quotes, backslashes or markup."""
    return Markup(re.sub(r"[\"\\<>\n]", " ", text))


def html(result: Result, region: Region, scenario: Scenario | None, words: Words | None = None) -> str:
    """The report as one self-contained HTML page (the map embedded), in the language of ``words``."""
    w = words or Words()
    title = w._("Report: {title}", title=scenario.title) if scenario else w._("Report: scenario {name}",
                                                                               name=result.scenario)
    parts = sections(result, region, w)
    choices = next((s for s in parts if s.kind == "choices"), None)
    sources = [*(f"{w._('modelling choice')}: {c}" for c in result.modelling_choices), CBS_CREDIT,
               w._("Computed by {solver}", solver=result.solver_version)]
    return _TEMPLATES.get_template("report.html").render(
        lang=w.lang, words=w, title=title, heading=heading(result, region, w),
        made=w._("Made on {day} with regio.", day=date.today().isoformat()),
        question=pack_text(region.code, scenario.question, w) if scenario else w._(
            "(the scenario's question is not known)"),
        source=scenario.source if scenario else None, choices=choices,
        sections=[s for s in parts if s.kind != "choices"], map=_map(region, result, w), sources=sources,
        footer=_css_text(f"{region.name} — {title}"), page_word=_css_text(w._("page")))


def pdf(result: Result, region: Region, scenario: Scenario | None, words: Words | None = None) -> bytes:
    """The report as PDF (A4 landscape). A ValueError names what is missing when WeasyPrint cannot load the
    system libraries it draws with (Pango)."""
    try:
        from weasyprint import HTML
    except OSError as exc:  # WeasyPrint is installed but Pango is not
        raise ValueError(t_("a PDF needs the Pango library (Debian: apt install libpango-1.0-0 libpangoft2-1.0-0); "
                            "the HTML report works without it ({error})", error=str(exc).splitlines()[0])) from None
    document: bytes = HTML(string=html(result, region, scenario, words)).write_pdf()
    return document
