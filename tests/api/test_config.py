"""Settings from the environment: defaults, the documented DATABASE_URL, and one readable line for a wrong value."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.config import Settings, SettingsError, load_settings
from cli import app as cli_app

VARIABLES = ("REGIO_DATA_DIR", "REGIO_DATABASE_URL", "DATABASE_URL", "REGIO_WORKERS", "REGIO_RUN_TIME_LIMIT",
             "REGIO_MAX_BODY_BYTES", "REGIO_MAX_BODY", "REGIO_ADMIN_TOKEN")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_defaults_and_variables(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    defaults = load_settings()
    assert (defaults.data_dir, defaults.database_url, defaults.workers) == (Path("regio-data"), "", 2)
    assert (defaults.run_time_limit, defaults.max_body_bytes, defaults.admin_token) == (120.0, 1 << 20, None)
    monkeypatch.setenv("REGIO_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("REGIO_WORKERS", "3")
    monkeypatch.setenv("REGIO_RUN_TIME_LIMIT", "7.5")
    monkeypatch.setenv("REGIO_MAX_BODY", "5000")
    monkeypatch.setenv("REGIO_ADMIN_TOKEN", "geheim")
    settings = load_settings()
    assert (settings.data_dir, settings.workers, settings.run_time_limit) == (tmp_path, 3, 7.5)
    assert (settings.max_body_bytes, settings.admin_token) == (5000, "geheim")
    assert settings.url() == f"sqlite:///{tmp_path / 'regio.sqlite'}"


def test_plain_database_url_as_documented(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://regio@db/regio")
    assert load_settings().url() == "postgresql+psycopg://regio@db/regio"
    monkeypatch.setenv("REGIO_DATABASE_URL", "postgresql+psycopg://regio@other/regio")
    assert load_settings().database_url == "postgresql+psycopg://regio@other/regio"


def test_keyword_arguments_win(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("REGIO_WORKERS", "5")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://regio@db/regio")
    settings = Settings(data_dir=tmp_path, database_url="", workers=1)
    assert (settings.workers, settings.database_url) == (1, "")


@pytest.mark.parametrize(("name", "value", "message"), [
    ("REGIO_WORKERS", "abc", "REGIO_WORKERS: Input should be a valid integer, unable to parse string as an integer "
                             "(value: 'abc')"),
    ("REGIO_WORKERS", "0", "REGIO_WORKERS: Input should be greater than or equal to 1 (value: '0')"),
    ("REGIO_RUN_TIME_LIMIT", "-1", "REGIO_RUN_TIME_LIMIT: Input should be greater than 0 (value: '-1')"),
    ("REGIO_MAX_BODY", "1MB", "REGIO_MAX_BODY: Input should be a valid integer, unable to parse string as an "
                              "integer (value: '1MB')"),
])
def test_a_wrong_value_names_the_variable(monkeypatch: pytest.MonkeyPatch, name: str, value: str,
                                          message: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert str(caught.value) == message


def test_serve_prints_one_line_and_exits_2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGIO_WORKERS", "abc")
    result = CliRunner().invoke(cli_app, ["serve", "--create-token", "dwo"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert lines == ["regio: fout: REGIO_WORKERS: moet een geheel getal zijn (waarde: 'abc')"]
    monkeypatch.setenv("REGIO_LANG", "en")
    english = CliRunner().invoke(cli_app, ["serve", "--create-token", "dwo"])
    assert english.output.strip().splitlines() == [
        "regio: error: REGIO_WORKERS: Input should be a valid integer, unable to parse string as an integer "
        "(value: 'abc')"]
    assert "Traceback" not in result.output
