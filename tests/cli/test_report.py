"""``regio report``: the council report of a result folder, as PDF or HTML; a wrong folder is one line."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def result_dir(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("mvs")
    assert runner.invoke(app, ["solve", "mvs", "--no-explain", "--out", str(out)]).exit_code == 0
    return out


def test_report_writes_a_pdf_and_html(result_dir):
    made = runner.invoke(app, ["report", str(result_dir)])
    assert made.exit_code == 0, made.output
    assert made.output.strip() == f"{result_dir / 'rapport.pdf'} geschreven"
    reader = PdfReader(result_dir / "rapport.pdf")
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Wie betaalt wie" in text and "Vlaardingen" in text
    # vrouwenopvang stays per municipality: its wijken are not in the report
    assert "alleen per gemeente getoond (vertrouwelijke adressen)" in text
    english = runner.invoke(app, ["report", str(result_dir), "--format", "html", "--out",
                                  str(result_dir / "report.html"), "--lang", "en"])
    assert english.exit_code == 0, english.output
    assert "Who pays whom" in (result_dir / "report.html").read_text(encoding="utf-8")


def test_a_folder_without_a_result_is_one_line(tmp_path):
    wrong = runner.invoke(app, ["report", str(tmp_path)])
    assert wrong.exit_code == 2 and "Traceback" not in wrong.output
    assert wrong.output.strip() == (f"regio: fout: {tmp_path}: hier staat geen result.json; maak er een met "
                                    "`regio solve REGIO --out MAP`")
    (tmp_path / "result.json").write_text("{not json", encoding="utf-8")
    broken = runner.invoke(app, ["report", str(tmp_path), "--lang", "en"])
    assert broken.exit_code == 2 and broken.output.startswith(f"regio: error: {tmp_path / 'result.json'}: not a "
                                                              "result file")
