"""Bad input in the reader's language: Dutch by default (numbers as Dutch writes them), English with
``--lang en`` or ``REGIO_LANG=en``; always one line and exit code 2."""

from __future__ import annotations

import pytest
import yaml
from typer.testing import CliRunner

from cli import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def _no_language_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REGIO_LANG", raising=False)


def _line(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    return lines[0]


def _scenario(tmp_path, demand) -> str:
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump({"name": "s", "title": "t", "question": "q", "years": [2024],
                                    "demand": {"bw": {2024: demand}}}), encoding="utf-8")
    return str(path)


def test_an_unknown_region_in_dutch_and_in_english():
    assert _line(["solve", "nergens"]) == ("regio: fout: onbekende regio 'nergens'; bekende regio's: dwo, "
                                           "maastricht-heuvelland, midden-ijssel, mvs")
    assert _line(["solve", "nergens", "--lang", "en"]) == (
        "regio: error: unknown region 'nergens'; known regions: dwo, maastricht-heuvelland, midden-ijssel, mvs")


def test_an_absurd_number_is_written_the_dutch_way(tmp_path):
    s = _scenario(tmp_path, 2_000_000)
    assert _line(["solve", "mvs", "--scenario", s]) == (
        "regio: fout: s.yaml: demand.bw.2024: 2.000.000 ligt boven het aannemelijke maximum van 1.000.000 plekken")
    assert _line(["solve", "mvs", "--scenario", s, "--lang", "en"]) == (
        "regio: error: s.yaml: demand.bw.2024: 2,000,000 is above the plausible maximum of 1,000,000 places")


def test_pydantic_refusals_read_in_dutch(tmp_path):
    s = _scenario(tmp_path, "veel")
    assert _line(["solve", "mvs", "--scenario", s]) == (
        "regio: fout: s.yaml: demand.bw.2024: moet een geheel getal zijn (waarde: 'veel')")


def test_regio_lang_asks_for_english(tmp_path, monkeypatch):
    monkeypatch.setenv("REGIO_LANG", "en")
    assert _line(["solve", "mvs", "--scenario", _scenario(tmp_path, -5)]) == (
        "regio: error: s.yaml: demand.bw.2024: -5 is negative")
    assert _line(["solve", "mvs", "--scenario", _scenario(tmp_path, -5), "--lang", "nl"]) == (
        "regio: fout: s.yaml: demand.bw.2024: -5 is negatief")
