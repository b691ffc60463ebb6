"""Storage for scenarios (versioned, never overwritten), runs and API tokens (SQLAlchemy 2).

SQLite by default; ``DATABASE_URL`` points at PostgreSQL instead.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint, create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker


def now() -> datetime:
    return datetime.now(UTC)


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


class Store:
    def __init__(self, url: str) -> None:
        args = {"check_same_thread": False} if url.startswith("sqlite") else {}
        self.engine = create_engine(url, connect_args=args, pool_pre_ping=True)
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
        """A new version of a scenario (version 1 when the name is new); nothing is ever overwritten."""
        with self.session() as s, s.begin():
            latest = s.scalar(select(ScenarioRow.version).where(ScenarioRow.region == region,
                                                                 ScenarioRow.name == name)
                              .order_by(ScenarioRow.version.desc()).limit(1))
            row = ScenarioRow(region=region, name=name, version=(latest or 0) + 1, doc=doc, note=note)
            s.add(row)
        return row

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

    def unfinished_runs(self) -> list[RunRow]:
        with self.session() as s:
            return list(s.scalars(select(RunRow).where(RunRow.status.in_(("queued", "running")))
                                  .order_by(RunRow.created_at)))
