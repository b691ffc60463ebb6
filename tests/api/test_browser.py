"""The forms in a real browser: Playwright driving Debian's Chromium against the service on loopback."""

from __future__ import annotations

import io
import socket
import threading
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

CHROMIUM = Path("/usr/bin/chromium")
playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from api.config import Settings
    from api.main import create_app

    tmp = tmp_path_factory.mktemp("browser")
    app = create_app(Settings(data_dir=tmp, database_url="", workers=1, run_time_limit=60))
    token = app.state.store.create_token("dwo", "dwo")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}", token
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


def open_dwo_form(page, base: str, token: str) -> None:
    """Log in with the token and open the form of DWO's scenario, as a working group does."""
    page.goto(f"{base}/ui")
    page.fill("#token", token)
    page.click("button[type=submit]")
    page.click("text=DWO")
    page.click("text=bewerken en doorrekenen")


@pytest.fixture()
def page(server, browser):
    context = browser.new_context()
    page = context.new_page()
    open_dwo_form(page, *server)
    yield page
    context.close()


def test_fill_the_dwo_form_run_and_read_the_result(page):
    page.fill("#cap__GM1783__bt", "30")
    page.fill("#extra__2024", "250.000")  # Dutch for 250 thousand
    page.fill("#note", "Westland hoogstens 30 plekken BT")
    page.click("#save-run")
    page.wait_for_selector("#result-table", timeout=120_000)
    assert page.get_attribute("#status", "data-status") == "done" and page.inner_text("#status") == "klaar"
    rows = page.locator("#result-table tr").all_inner_texts()
    westland_bt = [r for r in rows if r.startswith("Beschermd Thuis\t") and "Westland" in r]
    assert westland_bt and westland_bt[0].split("\t")[2] == "30"
    # why this number: the form on the result page answers for one municipality and type
    page.select_option("#gemeente", "GM1926")
    page.select_option("#voorziening", "bw")
    page.click("text=Leg uit")
    why = page.wait_for_selector("#why", timeout=60_000)
    assert why.inner_text().startswith("Pijnacker-Nootdorp krijgt in 2026 0 plekken Beschermd Wonen, 3,5 onder")
    assert "telt minimaal 20 plekken" in why.inner_text()
    # the workbook and the council report, fetched as the browser's links fetch them (with its login)
    workbook_link = page.get_attribute("#workbook", "href")
    xlsx = page.request.get(page.url.split("/ui/")[0] + workbook_link, headers={"Accept-Language": "nl-NL"})
    assert xlsx.ok
    book = load_workbook(io.BytesIO(xlsx.body()))
    assert book.sheetnames[0] == "Verdeling"
    money = [[c for c in row] for row in book["Geld"].iter_rows(values_only=True)]
    assert any(row[0] == 2024 and 250_000 in row for row in money), money[:3]  # "250.000" read as 250,000
    report_link = page.get_attribute("#report", "href")
    pdf = page.request.get(page.url.split("/ui/")[0] + report_link, headers={"Accept-Language": "nl-NL"})
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages).split())
    assert "Plekken per gemeente" in text, text[:3000]
    # Westland holds 20 BT places today and, capped at 30, 30 in each year: 13.35 below its fair share
    assert "Beschermd Thuis Westland 20 30 30 30 30 43,35 -13,35" in text


def test_validation_message_next_to_the_field(page):
    page.fill("#demand__bt__2024", "veel")
    page.click("#save-run")
    message = page.wait_for_selector("#error-demand__bt__2024")
    assert "geen getal" in message.inner_text()
    assert page.input_value("#demand__bt__2024") == "veel"  # nothing the user typed is lost


def test_fill_the_excel_template_and_load_it(page, tmp_path):
    from tests.workbooks import fill

    with page.expect_download() as download:
        page.click("#template-download")
    path = tmp_path / "spreiding.xlsx"
    download.value.save_as(path)
    fill(path, "Vraag", {("bt", 2026): 140})
    fill(path, "Maxima", {("GM1783", "bt"): 30})
    page.set_input_files("#workbook", str(path))
    page.click("#upload-run")
    page.wait_for_selector("#result-table", timeout=120_000)
    assert page.get_attribute("#status", "data-status") == "done" and page.inner_text("#status") == "klaar"
    rows = page.locator("#result-table tr").all_inner_texts()
    bt = [r.split("\t") for r in rows if r.startswith("Beschermd Thuis\t")]
    assert sum(int(r[2]) for r in bt) == 140  # the demand of 2026 as filled in
    assert [r[2] for r in bt if r[1] == "Westland"] == ["30"]


def test_a_wrong_workbook_shows_its_message(page, tmp_path):
    path = tmp_path / "notities.xlsx"
    path.write_text("geen werkboek", encoding="utf-8")
    page.set_input_files("#workbook", str(path))
    page.click("#upload-run")
    message = page.wait_for_selector("#upload-error")
    assert "notities.xlsx: geen Excel-werkboek (.xlsx)" in message.inner_text()


# -- accessibility, the map, keyboard use, comparing and copying -------------------------------------------
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
           "resultTypes": ["violations"]}


def audit(page) -> list[str]:
    """The critical and serious WCAG 2.1 AA violations axe finds on the page, each with the elements it names."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page, options=WCAG_AA).response["violations"]
    return [f"{page.url}: {v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
            for v in found if v["impact"] in ("critical", "serious")]


def run_scenario(page, caps: dict[str, str]) -> str:
    """Fill caps in the scenario form on the page, save and run; the run page's address when it is done."""
    for field, value in caps.items():
        page.fill(f"#{field}", value)
    page.click("#save-run")
    page.wait_for_selector("#result-table", timeout=120_000)
    return str(page.url)


@pytest.fixture(scope="module")
def three_runs(server, browser):
    """Three runs of the first version of DWO's scenario (as the pack has it, whatever other tests saved),
    solved through the form: as it is, Westland's BT capped at 30 and at 35."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    base, token = server
    open_dwo_form(page, base, token)
    latest = page.url.rsplit("/", 1)[1]
    history = page.request.get(f"{base}/v1/scenarios/{latest}/history", headers={"Authorization": f"Bearer {token}"})
    form = f"{base}/ui/scenario/{history.json()[0]['id']}"
    urls = []
    for cap in ("", "30", "35"):
        page.goto(form)
        urls.append(run_scenario(page, {"cap__GM1783__bt": cap}))
    yield context, page, urls
    context.close()


def test_every_page_passes_an_accessibility_audit(server, browser, three_runs, tmp_path):
    context, page, urls = three_runs
    base, _ = server
    problems: list[str] = []
    anonymous = browser.new_context()
    login = anonymous.new_page()
    login.goto(f"{base}/ui")
    problems += audit(login)
    login.fill("#token", "fout")
    login.click("button[type=submit]")
    login.wait_for_selector("#login-error")
    problems += audit(login)
    anonymous.close()
    for address in ("/ui", "/ui/regio/dwo", "/ui/run/nope"):
        page.goto(base + address)
        problems += audit(page)
    page.goto(f"{base}/ui/regio/dwo")
    page.click("text=bewerken en doorrekenen")
    problems += audit(page)
    page.fill("#demand__bt__2024", "veel")  # the form with an error tied to its field
    page.click("#save-run")
    page.wait_for_selector("#error-demand__bt__2024")
    assert page.get_attribute("#demand__bt__2024", "aria-describedby") == "error-demand__bt__2024"
    problems += audit(page)
    page.goto(urls[1])
    page.wait_for_selector("#kaart path.leaflet-interactive")
    problems += audit(page)
    page.goto(f"{base}/ui/vergelijk?" + "&".join(f"run={u.rsplit('/', 1)[1]}" for u in urls))
    problems += audit(page)
    assert problems == []


def test_the_run_page_tells_its_status_without_reloading(server, browser):
    """A run page opened while the run waits: the status is told in the live region and the result appears,
    with no navigation in between."""
    base, token = server

    context = browser.new_context()
    page = context.new_page()
    open_dwo_form(page, base, token)
    page.click("#save-run")
    page.wait_for_url("**/ui/run/**")
    assert page.locator('meta[http-equiv="refresh"]').count() == 0
    assert page.get_attribute("#voortgang", "aria-live") == "polite"
    navigations: list[str] = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))
    page.wait_for_selector("#result-table", timeout=120_000)
    assert navigations == [] and page.inner_text("#status") == "klaar"
    context.close()


def test_the_map_to_explore(three_runs, tmp_path):
    _context, page, urls = three_runs
    page.goto(urls[1])
    page.wait_for_selector("#kaart path.leaflet-interactive")
    assert page.title().startswith("Spreiding") or "(versie" in page.title()
    assert "Berekening" not in page.inner_text("h1") and "(versie" in page.inner_text("h1")
    scripts = page.eval_on_selector_all("script[src], link[rel=stylesheet]",
                                        "els => els.map(e => e.src || e.href)")
    assert scripts and all("/ui/static/" in s for s in scripts), scripts  # Leaflet from the service, no CDN
    assert page.locator("#kaart path.leaflet-interactive").count() >= 28 + 1  # 28 wijken and new places
    legend = page.inner_text("#kaart .legend")
    assert "Draagkrachtgebruik" in legend and "Beschermd Thuis" in legend
    # hovering a wijk names it with its figures, in Dutch numbers
    page.hover("#kaart path.leaflet-interactive >> nth=3")
    tip = page.wait_for_selector(".leaflet-tooltip").inner_text()
    assert "draagkracht:" in tip and " % gebruikt" in tip
    page.locator("#kaart").scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "kaart.png"), full_page=False)


def test_three_runs_side_by_side(three_runs, server, tmp_path):
    _context, page, urls = three_runs
    base, _ = server
    page.goto(f"{base}/ui/regio/dwo")
    for u in urls:
        page.check(f"#kies-{u.rsplit('/', 1)[1]}")
    page.click("#compare-runs")
    page.wait_for_selector("#differences")
    headings = page.locator("#differences tr >> nth=0").inner_text().split("\t")
    assert len(headings) == 4 + 3 + 1 and all("(versie" in h for h in headings[4:7]), headings
    rows = [r.split("\t") for r in page.locator("#differences tr").all_inner_texts()[1:]]
    westland = [r for r in rows if r[0] == "Westland" and r[1] == "totaal gemeente" and r[2] == "Beschermd Thuis"
                and r[3] == "2026"]
    # the region page lists the newest first: in the order they were saved, uncapped, at 30 and at 35
    version = [int(h.split("(versie ")[1].split(")")[0]) for h in headings[4:7]]
    assert [[r[4 + i] for i in sorted(range(3), key=version.__getitem__)] + [r[7]] for r in westland] == [
        ["43", "30", "35", "13"]]
    chart = page.request.get(base + page.get_attribute("#compare-chart", "src"))
    assert chart.ok and chart.body()[:4] == b"\x89PNG"
    page.screenshot(path=str(tmp_path / "vergelijking.png"), full_page=True)


def test_keyboard_only_fill_and_run(server, browser):
    """The scenario form with the keyboard alone: tab to a field, type, tab on to the button, press Enter."""
    base, token = server
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/ui")
    page.focus("#token")
    page.keyboard.type(token)
    page.keyboard.press("Enter")
    page.wait_for_selector("text=DWO")
    page.focus("a[href='/ui/regio/dwo']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/ui/regio/dwo")
    page.focus("#scenarios a")
    page.keyboard.press("Enter")
    page.wait_for_selector("#scenario-form")

    def tab_to(element_id: str, limit: int = 400) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == element_id:
                return
        raise AssertionError(f"{element_id} cannot be reached with Tab")

    tab_to("cap__GM1783__bt")
    page.keyboard.press("Control+A")
    page.keyboard.type("30")
    tab_to("note")
    page.keyboard.type("met het toetsenbord")
    tab_to("save-run")
    page.keyboard.press("Enter")
    page.wait_for_selector("#result-table", timeout=120_000)
    rows = page.locator("#result-table tr").all_inner_texts()
    assert [r.split("\t")[2] for r in rows if r.startswith("Beschermd Thuis\t") and "Westland" in r] == ["30"]
    context.close()


def test_copy_as_a_new_scenario(page):
    page.fill("#copy-name", "westland-variant")
    page.fill("#copy-title", "Westland-variant")
    page.click("#copy-scenario")
    page.wait_for_selector("#scenario-form")
    assert page.inner_text("h1").startswith("Westland-variant") and "(versie 1)" in page.inner_text("h1")
    assert page.input_value("#cap__GM1783__bt") == page.input_value("#cap__GM1783__bt")
    # the same name again is refused with its reason, next to the field
    page.fill("#copy-name", "westland-variant")
    page.fill("#copy-title", "nog een")
    page.click("#copy-scenario")
    assert "er is al een scenario met de naam westland-variant" in page.wait_for_selector("#copy-error").inner_text()
