"""Storage for scenarios (versioned, never overwritten), runs and API tokens (SQLAlchemy 2).

SQLite by default; ``DATABASE_URL`` points at PostgreSQL instead.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import uuid
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    select,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker


def now() -> datetime:
    return datetime.now(UTC)


def _mended(value: Any) -> Any:
    """``value`` with every lone surrogate in its texts (keys too) replaced by U+FFFD."""
    if isinstance(value, str):
        return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in value) if _lone(value) else value
    if isinstance(value, dict):
        return {_mended(k): _mended(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_mended(v) for v in value]
    return value


def _lone(text: str) -> bool:
    return any(0xD800 <= ord(c) <= 0xDFFF for c in text)


class Base(DeclarativeBase):
    pass


class TokenRow(Base):
    __tablename__ = "tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(String(200))
    region: Mapped[str | None] = mapped_column(String(64), nullable=True)  # None: admin, all regions
    salt: Mapped[str] = mapped_column(String(64))
    digest: Mapped[str] = mapped_column(String(128), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class ScenarioRow(Base):
    __tablename__ = "scenarios"
    __table_args__ = (UniqueConstraint("region", "name", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer)
    doc: Mapped[dict[str, Any]] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class RunRow(Base):
    __tablename__ = "runs"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
    region: Mapped[str] = mapped_column(String(64), index=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenarios.id"))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    message: Mapped[str | None] = mapped_column(Text, nullable=True)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class VersionConflict(Exception):
    """Another version of the scenario was saved between reading the latest and writing the next."""

    def __init__(self, name: str, version: int, scenario_id: int) -> None:
        super().__init__(name, version, scenario_id)
        self.name, self.version, self.scenario_id = name, version, scenario_id


def _sqlite_waits(dbapi_connection: Any, _record: Any) -> None:
    # concurrent writers wait for each other (up to 30 s) instead of failing with "database is locked";
    # WAL lets readers go on while one writes
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout = 30000")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


class Store:
    def __init__(self, url: str) -> None:
        args = {"check_same_thread": False, "timeout": 30} if url.startswith("sqlite") else {}
        self.engine = create_engine(url, connect_args=args, pool_pre_ping=True)
        #: SQLite has no row locks: this process's new versions are written one at a time (another process on
        #: the same file still meets the unique version and gets VersionConflict)
        self.writing: AbstractContextManager[Any] = nullcontext()
        if url.startswith("sqlite"):
            event.listen(self.engine, "connect", _sqlite_waits)
            self.writing = threading.Lock()
        Base.metadata.create_all(self.engine)
        self.session = sessionmaker(self.engine, expire_on_commit=False)

    # -- tokens ----------------------------------------------------------------------------------------
    @staticmethod
    def _digest(token: str, salt: str) -> str:
        return hashlib.scrypt(token.encode(), salt=bytes.fromhex(salt), n=2**12, r=8, p=1).hex()

    def create_token(self, label: str, region: str | None) -> str:
        """A new random token for a region (None: admin); only its salted scrypt hash is stored."""
        token = secrets.token_urlsafe(24)
        self.ensure_token(token, label, region)
        return token

    def ensure_token(self, token: str, label: str, region: str | None) -> None:
        salt = secrets.token_hex(16)
        with self.session() as s, s.begin():
            s.add(TokenRow(label=label, region=region, salt=salt, digest=self._digest(token, salt)))

    def check_token(self, token: str) -> TokenRow | None:
        with self.session() as s:
            for row in s.scalars(select(TokenRow)):
                if hmac.compare_digest(row.digest, self._digest(token, row.salt)):
                    return row
        return None

    # -- scenarios -------------------------------------------------------------------------------------
    def add_scenario(self, region: str, name: str, doc: dict[str, Any], note: str | None = None) -> ScenarioRow:
        """A new version of a scenario (version 1 when the name is new); nothing is ever overwritten. Two saves
        of the same next version: the second raises VersionConflict naming the version saved meanwhile."""
        try:
            with self.writing, self.session() as s, s.begin():
                latest = self._latest(s, region, name)
                row = ScenarioRow(region=region, name=name, version=(latest.version if latest else 0) + 1, doc=doc,
                                  note=note)
                s.add(row)
        except IntegrityError:
            with self.session() as s:
                latest = self._latest(s, region, name)
            if latest is None:
                raise
            raise VersionConflict(name, latest.version, latest.id) from None
        return row

    @staticmethod
    def _latest(session: Session, region: str, name: str) -> ScenarioRow | None:
        return session.scalar(select(ScenarioRow).where(ScenarioRow.region == region, ScenarioRow.name == name)
                              .order_by(ScenarioRow.version.desc()).limit(1))

    def scenario(self, scenario_id: int) -> ScenarioRow | None:
        with self.session() as s:
            return s.get(ScenarioRow, scenario_id)

    def scenarios(self, region: str | None = None, name: str | None = None) -> list[ScenarioRow]:
        with self.session() as s:
            q = select(ScenarioRow).order_by(ScenarioRow.region, ScenarioRow.name, ScenarioRow.version)
            if region:
                q = q.where(ScenarioRow.region == region)
            if name:
                q = q.where(ScenarioRow.name == name)
            return list(s.scalars(q))

    # -- runs ------------------------------------------------------------------------------------------
    def add_run(self, region: str, scenario_id: int) -> RunRow:
        with self.session() as s, s.begin():
            row = RunRow(region=region, scenario_id=scenario_id)
            s.add(row)
        return row

    def run(self, run_id: str) -> RunRow | None:
        with self.session() as s:
            return s.get(RunRow, run_id)

    def runs(self, region: str | None = None) -> list[RunRow]:
        with self.session() as s:
            q = select(RunRow).order_by(RunRow.created_at.desc())
            if region:
                q = q.where(RunRow.region == region)
            return list(s.scalars(q))

    def update_run(self, run_id: str, **fields: Any) -> RunRow | None:
        with self.session() as s, s.begin():
            row = s.get(RunRow, run_id)
            if row is None:
                return None
            if row.status == "cancelled" and fields.get("status") in ("running", "done", "failed"):
                return row  # a cancelled run stays cancelled
            for k, v in fields.items():
                setattr(row, k, v)
        return row

    def repair_text(self) -> int:
        """Replace lone UTF-16 surrogates, which no page or answer can encode, in stored scenario texts by U+FFFD
        (an earlier release stored them from JSON such as ``"\\ud800"``); the number of versions repaired."""
        repaired = 0
        with self.session() as s, s.begin():
            for row in s.scalars(select(ScenarioRow)):
                doc, note = _mended(row.doc), _mended(row.note)
                if doc != row.doc or note != row.note:
                    row.doc, row.note = doc, note
                    repaired += 1
        return repaired

    def unfinished_runs(self) -> list[RunRow]:
        with self.session() as s:
            return list(s.scalars(select(RunRow).where(RunRow.status.in_(("queued", "running")))
                                  .order_by(RunRow.created_at)))
