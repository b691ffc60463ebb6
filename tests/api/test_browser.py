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


@pytest.fixture()
def page(server, browser):
    context = browser.new_context()
    page = context.new_page()
    base, token = server
    page.goto(f"{base}/ui")
    page.fill("#token", token)
    page.click("button[type=submit]")
    page.click("text=DWO")
    page.click("text=bewerken en doorrekenen")
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
    workbook_link = page.get_attribute("text=Excel", "href")
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
