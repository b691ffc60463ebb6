"""``regio why``: the answer in Dutch (English on request), and a wrong question in one line before any solve."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from cli import app
from tests.cli.test_errors import one_line_error, write_pack, write_scenario

runner = CliRunner()


def test_why_answers_in_dutch_and_in_english(tmp_path):
    pack = write_pack(tmp_path / "p")
    scenario = write_scenario(tmp_path / "s.yaml", caps={"GM0002": {"bw": 0}}, solver={"explain": False})
    result = runner.invoke(app, ["why", str(pack), "Bdorp", "bw", "--scenario", str(scenario)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Bdorp krijgt in 2026 0 plekken Beschermd wonen, 24 onder het eerlijke aandeel van 24.",
        "  - het scenario begrenst Bdorp op 0 plekken Beschermd wonen",
        "  - Astad heeft 48 plekken, 24 boven haar aandeel",
        "Met één plek meer hier heeft het scenario geen plan; daarvoor is nodig: het plafond uit het scenario van "
        "0 plekken Beschermd wonen in Bdorp: 20 plekken meer in 2026."]
    english = runner.invoke(app, ["why", str(pack), "GM0002", "Beschermd wonen", "--year", "2024", "--scenario",
                                  str(scenario), "--lang", "en", "--json"])
    assert english.exit_code == 0, english.output
    answer = json.loads(english.output)
    assert (answer["year"], answer["places"], answer["fair_share"]) == (2024, 0, 24.0)
    assert answer["text"].splitlines()[0] == ("Bdorp gets 0 Beschermd wonen places in 2024, 24 below its fair share "
                                              "of 24.")


def test_a_wrong_municipality_type_or_year_is_one_line(tmp_path):
    pack = write_pack(tmp_path / "p")
    s = ["--scenario", str(write_scenario(tmp_path / "s.yaml"))]
    assert one_line_error(runner.invoke(app, ["why", str(pack), "Rotterdam", "bw", *s])) == (
        "regio: fout: gemeente: 'Rotterdam' hoort niet bij tiny; kies een van GM0001 (Astad), GM0002 (Bdorp)")
    assert "type: 'xx' is not a type" in one_line_error(
        runner.invoke(app, ["why", str(pack), "Astad", "xx", *s, "--lang", "en"]))
    assert "jaar: 1999 is geen jaar" in one_line_error(
        runner.invoke(app, ["why", str(pack), "Astad", "bw", "--year", "1999", *s]))
