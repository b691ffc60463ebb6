"""Storage for scenarios (versioned, never overwritten), runs and API tokens (SQLAlchemy 2).

SQLite by default; ``DATABASE_URL`` points at PostgreSQL instead.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import threading
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    func,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

log = logging.getLogger(__name__)


def now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    """A stored moment with its time zone: SQLite keeps none, and every moment is stored in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


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
    #: SHA-256 of the token, looked up through its unique index (a 192-bit random token needs no slow KDF)
    lookup: Mapped[str | None] = mapped_column(String(64), unique=True, index=True, nullable=True)
    #: a token of the first release: salted scrypt, checked once and then given its lookup
    salt: Mapped[str | None] = mapped_column(String(64), nullable=True)
    digest: Mapped[str | None] = mapped_column(String(128), index=True, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class SessionRow(Base):
    """A login of the forms: the cookie's value is known only by its SHA-256; it ends at ``expires_at``."""

    __tablename__ = "sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lookup: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    token_id: Mapped[int] = mapped_column(ForeignKey("tokens.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


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
    created_by: Mapped[str | None] = mapped_column(String(200), nullable=True)  # the token's label


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
    #: the worker solving it (host:pid), written by the one conditional update that claims it
    claimed_by: Mapped[str | None] = mapped_column(String(120), nullable=True)
    #: the last sign of life of that worker; a running run without one for LEASE_S is taken as abandoned
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


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


#: database connections a service process keeps open (and as many more at a peak)
POOL_SIZE = 20
#: the largest id the integer columns hold on every database (PostgreSQL's INTEGER)
MAX_ID = 2**31 - 1
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: the revision the first release's tables are (its databases have no Alembic version table)
FIRST_RELEASE = "r0001"
#: a PostgreSQL advisory lock key: services starting together migrate one after the other
MIGRATION_LOCK = 727_274_001
MIGRATING = threading.Lock()


@contextmanager
def _file_lock(engine: Engine) -> Iterator[None]:
    """An exclusive lock on ``<database file>.lock`` for a SQLite file (where the system has flock), else none."""
    path = engine.url.database if engine.dialect.name == "sqlite" else None
    try:
        import fcntl
    except ImportError:  # no flock on this system
        path = None
    if not path or path == ":memory:":
        yield
        return
    with open(f"{path}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def migrate(engine: Engine) -> None:
    """Bring the database to the newest revision (Alembic); a database of the first release is taken as its
    revision first. Runs on every start; nothing happens when the database is current."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # Alembic's context is global to the process: one migration at a time in it (services in one process, tests);
    # services starting together on one SQLite file take turns through a lock file beside it
    with MIGRATING, _file_lock(engine), engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        config.attributes["connection"] = connection
        tables = inspect(connection).get_table_names()
        if "alembic_version" not in tables and "scenarios" in tables:
            log.info("database of the first release: taken as revision %s", FIRST_RELEASE)
            command.stamp(config, FIRST_RELEASE)
        command.upgrade(config, "head")


def drop_everything(engine: Engine) -> None:
    """Every table of the service, the migrations' own included (tests start from an empty database)."""
    found = MetaData()
    found.reflect(engine)  # what the database holds, also tables of a newer or older revision
    found.drop_all(engine)


class Store:
    def __init__(self, url: str, migrated: bool = False) -> None:
        """The database at ``url``, migrated to the newest revision unless the caller knows it is
        (``migrated``: a worker process of a service that has migrated it)."""
        sqlite = url.startswith("sqlite")
        args = {"check_same_thread": False, "timeout": 30} if sqlite else {}
        # as many kept connections as requests served at once (a connection opened and closed per request
        # halved the reads); a server connection may have been dropped since its last use, a file cannot
        self.engine = create_engine(url, connect_args=args, pool_size=POOL_SIZE, max_overflow=POOL_SIZE,
                                    pool_pre_ping=not sqlite)
        #: SQLite has no row locks: this process's new versions are written one at a time (another process on
        #: the same file still meets the unique version and gets VersionConflict)
        self.writing: AbstractContextManager[Any] = nullcontext()
        if url.startswith("sqlite"):
            event.listen(self.engine, "connect", _sqlite_waits)
            self.writing = threading.Lock()
        if not migrated:
            migrate(self.engine)
        self.session = sessionmaker(self.engine, expire_on_commit=False)
        #: sessions for single reads: on a server no BEGIN and ROLLBACK around them (two round trips fewer); a
        #: file's transactions cost nothing to speak of, its isolation switches more
        self.reading = self.session if sqlite else sessionmaker(
            self.engine.execution_options(isolation_level="AUTOCOMMIT"), expire_on_commit=False)

    # -- tokens ----------------------------------------------------------------------------------------
    @staticmethod
    def _scrypt(token: str, salt: str) -> str:
        return hashlib.scrypt(token.encode(), salt=bytes.fromhex(salt), n=2**12, r=8, p=1).hex()

    @staticmethod
    def _lookup(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def create_token(self, label: str, region: str | None) -> str:
        """A new random token for a region (None: admin); only its hash is stored."""
        token = secrets.token_urlsafe(24)
        self.ensure_token(token, label, region)
        return token

    def ensure_token(self, token: str, label: str, region: str | None) -> None:
        """Add a token unless it is there (services starting together on one database add it once)."""
        key = self._lookup(token)
        try:
            with self.session() as s, s.begin():
                if s.scalar(select(TokenRow.id).where(TokenRow.lookup == key)) is None:
                    s.add(TokenRow(label=label, region=region, lookup=key))
        except IntegrityError:  # another service added it at the same moment
            if self.check_token(token) is None:
                raise

    def check_token(self, token: str) -> TokenRow | None:
        """The token's row when it is known and not revoked: one indexed lookup. A token of the first release
        (salted scrypt) is checked against the rows of that kind, once: then it gets its lookup too."""
        key = self._lookup(token)
        with self.reading() as s:
            row = s.scalar(select(TokenRow).where(TokenRow.lookup == key))
        if row is not None:
            return row if row.revoked_at is None else None
        with self.session() as s, s.begin():
            row = s.scalar(select(TokenRow).where(TokenRow.lookup == key))
            if row is None:
                for old in s.scalars(select(TokenRow).where(TokenRow.lookup.is_(None), TokenRow.salt.is_not(None))):
                    if old.digest and old.salt and hmac.compare_digest(old.digest, self._scrypt(token, old.salt)):
                        old.lookup, old.salt, old.digest = key, None, None
                        row = old
                        break
        return row if row is not None and row.revoked_at is None else None

    def tokens(self) -> list[TokenRow]:
        with self.session() as s:
            return list(s.scalars(select(TokenRow).order_by(TokenRow.id)))

    def revoke_token(self, token_id: int) -> TokenRow | None:
        """Revoke a token by its id: from then on it opens nothing; the row stays for the record."""
        with self.session() as s, s.begin():
            row = s.get(TokenRow, token_id)
            if row is not None and row.revoked_at is None:
                row.revoked_at = now()
        return row

    def rotate_token(self, token_id: int) -> tuple[TokenRow, str] | None:
        """A new token with the same label and region in one step with revoking the old one."""
        token = secrets.token_urlsafe(24)
        with self.session() as s, s.begin():
            old = s.get(TokenRow, token_id)
            if old is None or old.revoked_at is not None:
                return None
            old.revoked_at = now()
            new = TokenRow(label=old.label, region=old.region, lookup=self._lookup(token))
            s.add(new)
        return new, token

    def open_session(self, token: TokenRow, hours: float) -> str:
        """A new login session for a checked token; the value for the cookie (only its hash is stored)."""
        value = secrets.token_urlsafe(32)
        with self.session() as s, s.begin():
            s.add(SessionRow(lookup=self._lookup(value), token_id=token.id,
                             expires_at=now() + timedelta(hours=hours)))
        return value

    def session_token(self, value: str) -> TokenRow | None:
        """The token of a live session (not expired, its token not revoked), or None."""
        with self.reading() as s:
            row = s.scalar(select(SessionRow).where(SessionRow.lookup == self._lookup(value)))
            if row is None or _aware(row.expires_at) <= now():
                return None
            token = s.get(TokenRow, row.token_id)
        return token if token is not None and token.revoked_at is None else None

    def close_session(self, value: str) -> None:
        with self.session() as s, s.begin():
            row = s.scalar(select(SessionRow).where(SessionRow.lookup == self._lookup(value)))
            if row is not None:
                s.delete(row)

    # -- scenarios -------------------------------------------------------------------------------------
    def add_scenario(self, region: str, name: str, doc: dict[str, Any], note: str | None = None,
                     author: str | None = None) -> ScenarioRow:
        """A new version of a scenario (version 1 when the name is new); nothing is ever overwritten. Two saves
        of the same next version: the second raises VersionConflict naming the version saved meanwhile."""
        try:
            with self.writing, self.session() as s, s.begin():
                latest = self._latest(s, region, name)
                row = ScenarioRow(region=region, name=name, version=(latest.version if latest else 0) + 1, doc=doc,
                                  note=note, created_by=author)
                s.add(row)
        except IntegrityError:
            with self.session() as s:
                latest = self._latest(s, region, name)
            if latest is None:
                raise
            raise VersionConflict(name, latest.version, latest.id) from None
        return row

    def seed_scenario(self, region: str, name: str, doc: dict[str, Any], note: str) -> bool:
        """Version 1 of a scenario unless the scenario is there; False when it was (services starting together
        on one database seed it once)."""
        try:
            with self.writing, self.session() as s, s.begin():
                if self._latest(s, region, name) is not None:
                    return False
                s.add(ScenarioRow(region=region, name=name, version=1, doc=doc, note=note))
        except IntegrityError:  # another service saved version 1 at the same moment
            return False
        return True

    @staticmethod
    def _latest(session: Session, region: str, name: str) -> ScenarioRow | None:
        return session.scalar(select(ScenarioRow).where(ScenarioRow.region == region, ScenarioRow.name == name)
                              .order_by(ScenarioRow.version.desc()).limit(1))

    def scenario(self, scenario_id: int) -> ScenarioRow | None:
        with self.reading() as s:
            return s.get(ScenarioRow, scenario_id)

    def scenarios(self, region: str | None = None, name: str | None = None) -> list[ScenarioRow]:
        with self.reading() as s:
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
        with self.reading() as s:
            return s.get(RunRow, run_id)

    def runs(self, region: str | None = None) -> list[RunRow]:
        with self.reading() as s:
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

    def claim_run(self, run_id: str, worker: str) -> bool:
        """Take a queued run for a worker, atomically: of all services and workers sharing the database, exactly
        one claim succeeds (a cancelled, running or ended run is not taken)."""
        moment = now()
        with self.session() as s, s.begin():
            taken = s.execute(update(RunRow).where(RunRow.id == run_id, RunRow.status == "queued").values(
                status="running", progress=0.05, started_at=moment, heartbeat_at=moment, claimed_by=worker))
        return bool(getattr(taken, "rowcount", 0) == 1)

    def finish_run(self, run_id: str, worker: str, result: dict[str, Any], message: str | None) -> str | None:
        """Store a solved run's result, by the worker that claimed it and only while its claim holds (a run queued
        again and claimed by another worker meanwhile is not written twice): ``done``, or ``cancelled`` for a run a
        user stopped, which keeps its best plan so far; None when the claim was lost."""
        moment = now()
        with self.session() as s, s.begin():
            done = s.execute(update(RunRow).where(
                RunRow.id == run_id, RunRow.claimed_by == worker, RunRow.status == "running").values(
                status="done", progress=1.0, finished_at=moment, result=result, message=message))
            if getattr(done, "rowcount", 0) == 1:
                return "done"
            kept = s.execute(update(RunRow).where(
                RunRow.id == run_id, RunRow.claimed_by == worker, RunRow.status == "cancelled").values(
                progress=1.0, result=result, message="cancelled by a user; the best plan found until then is kept"))
            return "cancelled" if getattr(kept, "rowcount", 0) == 1 else None

    def beat(self, run_id: str) -> None:
        """The worker solving a run is alive."""
        with self.session() as s, s.begin():
            s.execute(update(RunRow).where(RunRow.id == run_id, RunRow.status == "running").values(
                heartbeat_at=now()))

    def abandoned_runs(self, lease_s: float) -> list[RunRow]:
        """Runs left running by a worker that has given no sign of life for ``lease_s`` seconds (its service or
        machine stopped), and runs marked running without a worker at all."""
        limit = now() - timedelta(seconds=lease_s)
        with self.session() as s:
            running = list(s.scalars(select(RunRow).where(RunRow.status == "running")))
        return [r for r in running if r.heartbeat_at is None or _aware(r.heartbeat_at) < limit]

    def waiting_longer(self, seconds: float) -> list[RunRow]:
        """Queued runs created more than ``seconds`` ago."""
        limit = now() - timedelta(seconds=seconds)
        with self.session() as s:
            queued = list(s.scalars(select(RunRow).where(RunRow.status == "queued")))
        return [r for r in queued if _aware(r.created_at) < limit]

    def requeue(self, run_id: str, message: str) -> bool:
        """Put an abandoned running run back in the queue; False when another service did so first."""
        with self.session() as s, s.begin():
            done = s.execute(update(RunRow).where(RunRow.id == run_id, RunRow.status == "running").values(
                status="queued", progress=0.0, message=message, claimed_by=None, heartbeat_at=None))
        return bool(getattr(done, "rowcount", 0) == 1)

    def waiting(self, region: str) -> int:
        """How many runs of a region are queued or running."""
        with self.session() as s:
            return s.scalar(select(func.count()).select_from(RunRow).where(
                RunRow.region == region, RunRow.status.in_(("queued", "running")))) or 0

    def unfinished_runs(self) -> list[RunRow]:
        with self.session() as s:
            return list(s.scalars(select(RunRow).where(RunRow.status.in_(("queued", "running")))
                                  .order_by(RunRow.created_at)))
