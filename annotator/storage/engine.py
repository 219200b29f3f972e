"""Engine factory: SQLite PRAGMAs and explicit transactions, or PostgreSQL; backups; checkpoints."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from annotator.storage import write_lock

#: PRAGMA application_id: marks a SQLite file as an annotator project ("ANNO").
APPLICATION_ID = 0x414E4E4F

#: libpq settings for team-server connections (see docs/team-server.md).
PG_CONNECT_ARGS: dict[str, Any] = {
    "connect_timeout": 5, "application_name": "annotator", "options": "-c timezone=UTC",
    "keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5, "keepalives_count": 3,
}


def is_url(target: str | Path) -> bool:
    return "://" in str(target)


def display_target(target: str | Path) -> str:
    """A project file path, or a database URL with its password masked (for messages)."""
    if not is_url(target):
        return str(target)
    try:
        return make_url(str(target)).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - not a URL SQLAlchemy understands; show no part of it
        return "the database URL"


def make_engine(target: str | Path, *, foreign_keys: bool = True) -> Engine:
    """Create an engine for a project file path or a database URL.

    SQLite follows the SQLAlchemy recipe for Python 3.11: the driver's own transaction handling is
    switched off, PRAGMAs run in the connect hook, and we emit BEGIN ourselves, so DDL is
    transactional and ``foreign_keys``/``journal_mode`` really apply.
    """
    if is_url(target):
        url = make_url(str(target))
        if url.drivername in ("postgresql", "postgres"):
            url = url.set(drivername="postgresql+psycopg")
        connect_args: dict[str, Any] = {}
        if url.get_backend_name() == "postgresql":
            # Fail fast when the server is unreachable, notice a dead network within ~25 s and
            # read times in UTC; settings given in the URL win.
            connect_args = {k: v for k, v in PG_CONNECT_ARGS.items() if k not in url.query}
        return create_engine(url, pool_pre_ping=True, future=True, connect_args=connect_args)
    path = Path(target)
    engine = create_engine(f"sqlite:///{path}", future=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _rec: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cur.execute(f"PRAGMA busy_timeout={write_lock.BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode=WAL")
        # FULL: every commit (one user action) is synced to disk, so a power cut loses nothing
        # that was reported as saved.
        cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Writers take the lock up front and wait for it (BEGIN IMMEDIATE); readers defer.
        write_lock.begin(conn)

    return engine


def sqlite_backup(src: Path, dest: Path) -> None:
    """Copy a SQLite project through the SQLite backup API (safe while it is open)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(dest.suffix + ".part")
    s = d = None
    try:
        s = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
        d = sqlite3.connect(tmp)
        s.backup(d)
        d.close()
        d = None
        tmp.replace(dest)
    finally:  # a full disk or a vanished folder leaves no half-written copy behind
        for c in (d, s):
            if c is not None:
                c.close()
        tmp.unlink(missing_ok=True)
        for suffix in ("-journal", "-wal", "-shm"):
            Path(str(tmp) + suffix).unlink(missing_ok=True)


def checkpoint(engine: Engine) -> None:
    """Fold the WAL into the main file (before copies and on close)."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.commit()
