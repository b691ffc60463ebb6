"""No page or report mixes languages: the Dutch pages, terminal report and workbook of each seed region's
result hold no English, and the English report holds no Dutch headings.

Each rendered text is scanned for words that only English uses (``the``, ``places``, ``unmet``...), after
the names a region gives (municipalities, wijken, provision types, buildings, titles) and codes are taken out:
those are the region's own words, whatever their language."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from data import load_region, load_scenario
from models import Region, Result
from models.i18n import Words
from optimiser.report.excel import workbook
from optimiser.report.terminal import render
from optimiser.report.wording import worded
from optimiser.solving import solve_scenario
from tests.api.utils import sends_csrf

SEEDS = ["dwo", "maastricht-heuvelland", "midden-ijssel", "mvs"]

#: words a Dutch text never holds (checked one by one against Dutch homographs: no "is", "in", "of", "per", "gap",
#: "plan")
ENGLISH = frozenset("""
    the and with which would should could their there this that these those from into than when where while
    places place municipality municipalities year years cost costs demand unmet surplus rule rules relax relaxing
    none not no or to by total fair share shares key keys cap caps site sites new today done queued running failed
    cancelled optimal headroom grant grants transfer transfers pays hosts empty limit time found meets every
    each more less fewer least largest smallest closer further cause why gets below above
    """.split())
#: Dutch words that mark a heading or label left in Dutch in an English text
DUTCH = frozenset("""
    plekken gemeente gemeenten voorziening nieuw totaal verschil eerlijk aandeel kosten uitkeringen ruimte betaalt
    huisvest verrekening geen niet regels versoepel jaar vraag leeg oorzaak
    """.split())


#: what a text names rather than says: code spans, options, CBS codes, dotted and snake_case identifiers, the
#: licence
OWN = re.compile(r"`[^`]*`|--[\w-]+|\b[A-Z]{2}\d{4,8}\b|\b[\w-]*[A-Za-z_][\w-]*(?:\.[\w-]+)+\b|\b\w+_\w+\b"
                 r"|CC BY 4\.0")


class _Text(HTMLParser):
    """The text a reader sees on a page (no scripts, styles or attribute values)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def page_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(parser.parts)


def _names(region: Region, result: Result) -> list[str]:
    """The region's own words, longest first: names, labels, buildings, grant labels, the solver's name."""
    scenario = load_scenario(region, result.scenario)
    words = [*result.names.values(), *result.labels.values(), region.name, scenario.title, scenario.question,
             *(b.building for b in result.buildings), *(g.label for g in result.grants),
             *(d.label for d in result.distributions), result.solver_version]
    return sorted({w for w in words if w}, key=len, reverse=True)


def foreign(text: str, names: list[str], marks: frozenset[str]) -> list[str]:
    """The lines of ``text`` that hold one of ``marks`` once the region's own words and codes are out."""
    found = []
    for line in text.splitlines():
        bare = line
        for name in names:
            bare = bare.replace(name, " ")
        bare = OWN.sub(" ", bare)
        words = {w.lower() for w in re.findall(r"[A-Za-z]+", bare)}
        if marks is ENGLISH:  # a number with a decimal point ("72.98") is written the English way
            words |= {f"number {n}" for n in re.findall(r"(?<![\d.,])\d+\.\d{1,2}(?![\d.])", bare)}
        hits = {w for w in words if w in marks or w.startswith("number ")}
        if hits:
            found.append(f"{sorted(hits)}: {line.strip()}")
    return found


@pytest.fixture(scope="module")
def solved() -> dict[str, tuple[Region, Result]]:
    """Each seed region's default scenario, solved as `regio solve` solves it (explanations included)."""
    out = {}
    for code in SEEDS:
        region = load_region(code)
        out[code] = (region, solve_scenario(region, load_scenario(region)))
    return out


@pytest.mark.parametrize("code", SEEDS)
def test_the_terminal_report_is_dutch_and_english_on_request(solved, code):
    region, result = solved[code]
    names = _names(region, result)
    assert foreign(render(worded(result, Words("nl")), region, Words("nl"), width=400), names, ENGLISH) == []
    english = render(worded(result, Words("en")), region, Words("en"), width=400)
    assert foreign(english, names, DUTCH) == []


@pytest.mark.parametrize("code", SEEDS)
def test_the_workbook_is_dutch(solved, code):
    region, result = solved[code]
    book = workbook(worded(result, Words("nl")), Words("nl"))
    cells = "\n".join(str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row
                      if isinstance(c, str))
    assert foreign("\n".join(book.sheetnames) + "\n" + cells, _names(region, result), ENGLISH) == []


def test_the_pages_are_dutch(app: FastAPI, tokens: dict[str, str], solved) -> None:
    with TestClient(app) as client:
        sends_csrf(client)
        store = app.state.store
        client.post("/ui/login", data={"token": tokens["admin"]})
        for code in SEEDS:
            region, result = solved[code]
            names = _names(region, result)
            row = store.scenarios(code, result.scenario)[-1]
            run = store.add_run(code, row.id)
            store.update_run(run.id, status="done", progress=1.0, finished_at=datetime.now(UTC),
                             result=result.model_dump(mode="json"))
            other = store.add_run(code, row.id)
            store.update_run(other.id, status="done", progress=1.0, finished_at=datetime.now(UTC),
                             result=result.model_dump(mode="json"))
            for path in ("/ui", f"/ui/regio/{code}", f"/ui/scenario/{row.id}", f"/ui/run/{run.id}",
                         f"/ui/vergelijk?run={run.id}&run={other.id}"):
                page = client.get(path)
                assert page.status_code == 200, path
                assert foreign(page_text(page.text), names, ENGLISH) == [], path
