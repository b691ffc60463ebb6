"""Service settings from the environment (``REGIO_*``; ``DATABASE_URL`` as the README documents it)."""

import os
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from models.errors import refusal
from models.i18n import Message, t_

ENV_PREFIX = "REGIO_"


class SettingsError(ValueError):
    """A setting from the environment has a wrong value; the message names the variable in one line."""


class Settings(BaseSettings):
    """Service settings. ``Settings()`` reads the environment; keyword arguments (tests) take precedence."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, populate_by_name=True, extra="ignore")

    data_dir: Path = Field(Path("regio-data"), description="where the SQLite database lives")
    database_url: str = Field("", validation_alias=AliasChoices("REGIO_DATABASE_URL", "DATABASE_URL"),
                              description="SQLAlchemy URL, e.g. postgresql+psycopg://...; empty: SQLite")
    workers: int = Field(2, ge=1, description="worker processes for solves (local, or the local Dask cluster)")
    executor: Literal["local", "dask"] = Field(
        "local", description="where solves run: worker processes of this service, or Dask distributed")
    scheduler: str | None = Field(
        None, description="a Dask scheduler's address (tcp://HOST:PORT) for executor dask; none: a cluster of "
                          "`workers` processes on this machine")
    max_waiting_runs: int = Field(10, ge=1, description="runs a region may have queued or running at once")
    run_time_limit: float = Field(120.0, gt=0, description="seconds per solver stage at most")
    max_body_bytes: int = Field(1 << 20, gt=0,
                                validation_alias=AliasChoices("REGIO_MAX_BODY_BYTES", "REGIO_MAX_BODY"),
                                description="larger request bodies get 413")
    log_format: Literal["text", "json"] = Field("text", description="the logs: plain lines, or JSON lines")
    admin_token: str | None = Field(None, description="a token for all regions, added on start-up")

    @field_validator("scheduler")
    @classmethod
    def _scheduler_needs_dask(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value and info.data.get("executor") != "dask":
            raise ValueError(t_("a scheduler address needs REGIO_EXECUTOR=dask"))
        return value

    def url(self) -> str:
        if self.database_url:
            return self.database_url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{self.data_dir / 'regio.sqlite'}"


def variable_names(field: str) -> list[str]:
    """The environment variables that set a field, the preferred one first."""
    alias = Settings.model_fields[field].validation_alias
    if isinstance(alias, AliasChoices):
        return [str(choice) for choice in alias.choices]
    return [f"{ENV_PREFIX}{field.upper()}"]


def _variable(loc: str) -> str:
    """The variable the user set for an error location (a field name or one of its aliases)."""
    for field in Settings.model_fields:
        names = variable_names(field)
        if loc == field or loc in names:
            present = {name.upper() for name in os.environ}
            return next((name for name in names if name.upper() in present), names[0])
    return loc


def load_settings() -> Settings:
    """Settings from the environment; a wrong value raises SettingsError naming the variable."""
    try:
        return Settings()
    except ValidationError as exc:
        parts = []
        for e in exc.errors():
            name = _variable(str(e["loc"][0])) if e.get("loc") else "settings"
            value = e.get("input")
            shown = t_(" (value: {value})", value=repr(value)) if isinstance(value, str | int | float) else ""
            parts.append(Message("{name}: {why}{shown}", name=name, why=refusal(e), shown=shown))
        joined = Message("; ".join(f"{{p{i}}}" for i in range(len(parts))), **{f"p{i}": p for i, p in enumerate(parts)})
        raise SettingsError(joined) from None
