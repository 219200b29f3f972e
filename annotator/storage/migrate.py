"""Create, open and upgrade project databases (Alembic, run from code).

Opening an older project backs it up, then upgrades it in one transaction with foreign keys off
(SQLite batch migrations would otherwise cascade-delete child rows). A project written by a newer
version of annotator is refused.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import re
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from annotator.domain.errors import DamagedProjectError, ProjectError
from annotator.storage import notices
from annotator.storage.engine import (
    APPLICATION_ID,
    checkpoint,
    display_target,
    is_url,
    make_engine,
)

if TYPE_CHECKING:
    from alembic.config import Config

SCRIPT_LOCATION = str(Path(__file__).resolve().parent / "migrations")
VERSIONS = Path(SCRIPT_LOCATION) / "versions"
SQLITE_MAGIC = b"SQLite format 3\x00"
# Revisions are numbered "0001", "0002", ... and each file is named "<revision>_<slug>.py", so
# the head is known without importing Alembic (which costs ~0.2 s on every CLI call). A test
# checks this agrees with Alembic's own view.
_REV_FILE = re.compile(r"^(\d{4})_\w+\.py$")


def _config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", SCRIPT_LOCATION)
    return cfg


def known_revisions() -> set[str]:
    return {m.group(1) for f in VERSIONS.iterdir() if (m := _REV_FILE.match(f.name))}


def head_revision() -> str:
    return max(known_revisions())


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run migrations up to ``revision`` in a single transaction."""
    from alembic import command

    from annotator.storage.write_lock import WRITE

    cfg = _config()
    # a writer from its first statement (BEGIN IMMEDIATE on SQLite, see write_lock): it waits
    # for another program's write instead of reading first and failing on the stale read; two
    # programs upgrading the same old project take turns, and the second finds nothing to do
    with engine.connect() as conn:
        conn.execution_options(**{WRITE: True})
        with conn.begin():
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            if conn.dialect.name == "sqlite":
                bad = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if bad:
                    raise ProjectError(f"migration would break {len(bad)} references; aborted")


def _reason(exc: Exception) -> str:
    """The driver's first line for database errors (says *why*: refused, no such database,
    bad password), else the exception's class name."""
    if isinstance(exc, DBAPIError) and exc.orig is not None and str(exc.orig).strip():
        return str(exc.orig).strip().splitlines()[0]
    return exc.__class__.__name__


def check_sqlite_file(path: Path) -> None:
    """Refuse files that are not annotator projects, with a message naming the file."""
    if not path.exists():
        raise ProjectError(f"{path}: no such project file")
    if path.is_dir():
        raise ProjectError(f"{path}: is a folder, not a project file")
    with path.open("rb") as fh:
        head = fh.read(100)
    if len(head) < 100 or not head.startswith(SQLITE_MAGIC):
        raise ProjectError(f"{path}: not an annotator project (not a SQLite database)")
    app_id = int.from_bytes(head[68:72], "big")
    if app_id != APPLICATION_ID:
        raise ProjectError(f"{path}: not an annotator project (a SQLite database of another program)")


def create_database(target: str | Path) -> Engine:
    """Create a new, empty project at ``target`` (a file path or a database URL)."""
    if not is_url(target):
        path = Path(target)
        if path.exists():
            raise ProjectError(f"{path}: already exists; choose another name")
        if not path.parent.exists():
            raise ProjectError(f"{path}: folder {path.parent} does not exist")
        engine = make_engine(path)
        with engine.connect() as conn:
            conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
            conn.commit()
    else:
        engine = make_engine(target)
        try:
            with engine.connect() as conn:
                taken = inspect(conn).has_table("project_meta")
        except DBAPIError as exc:
            engine.dispose()
            raise ProjectError(f"{display_target(target)}: cannot be reached "
                               f"({_reason(exc)})") from exc
        if taken:
            engine.dispose()
            raise ProjectError(f"{display_target(target)}: already holds an annotator project")
    try:
        upgrade(engine)
        with engine.begin() as conn:
            now = datetime.now(UTC).isoformat()
            import uuid

            for key, value in (("uuid", str(uuid.uuid4())), ("created_at", now),
                               ("name", Path(str(target)).stem)):
                conn.execute(text("INSERT INTO project_meta(key, value) VALUES (:k, :v)"),
                             {"k": key, "v": value})
        # Fold the WAL into the file now: the header (application_id) must be on disk for
        # a second window or process to recognise the project while this one is open.
        checkpoint(engine)
    except Exception:
        engine.dispose()
        if not is_url(target):
            for suffix in ("", "-wal", "-shm"):
                Path(str(target) + suffix).unlink(missing_ok=True)
        raise
    return engine


def open_database(target: str | Path, backup: "callable | None" = None) -> Engine:  # type: ignore[valid-type]
    """Open an existing project; upgrade it (after ``backup()``) when it is behind."""
    if not is_url(target):
        check_sqlite_file(Path(target))
    engine = make_engine(target)
    where = display_target(target)
    try:
        rev = current_revision(engine)
    except Exception as exc:  # noqa: BLE001
        engine.dispose()
        reason = _reason(exc)
        low = reason.lower()
        if "disk is full" in low or "no space" in low or (
                "i/o error" in low and not is_url(target) and notices.disk_nearly_full(target)):
            raise ProjectError(f"{where}: cannot be opened: the disk is full (SQLite needs "
                               "a little room beside the file); free some space") from exc
        if is_url(target) or not any(m in low for m in ("malformed", "not a database",
                                                         "corrupt")):
            raise ProjectError(f"{where}: cannot be read ({reason})") from exc
        raise DamagedProjectError(f"{where}: cannot be read ({reason}); the file is "
                                  "damaged") from exc
    if rev is None:
        engine.dispose()
        if is_url(target):
            raise ProjectError(f"{where}: not an annotator project (no schema version)")
        raise DamagedProjectError(f"{where}: the project's schema marker (alembic_version) is "
                                  "missing; 'annotator check --repair' can restore it")
    if rev not in known_revisions():
        engine.dispose()
        if rev.isdigit() and len(rev) == 4 and rev > head_revision():
            raise ProjectError(
                f"{where}: was written by a newer version of annotator "
                f"(schema {rev}); update annotator to open it")
        raise DamagedProjectError(
            f"{where}: its schema marker {rev!r} matches no known revision of annotator "
            f"(0001..{head_revision()}); 'annotator check --repair' can restore it")
    if rev != head_revision():
        if backup is not None:
            backup()
        engine.dispose()
        if is_url(target):
            engine = make_engine(target)
            try:
                upgrade(engine)
            except DBAPIError as exc:  # a team login may not change the schema
                engine.dispose()
                raise ProjectError(
                    f"{where}: the project needs a schema upgrade "
                    f"({rev} to {head_revision()}) that this login may not make; the "
                    "administrator opens it once with this version of annotator, then runs "
                    f"'annotator server init' ({_reason(exc)})") from exc
        else:
            _upgrade_file(Path(target), rev)
            engine = make_engine(target)
    return engine


def _upgrade_file(path: Path, rev: str) -> None:
    """Upgrade a project file from ``rev``. A marker behind the real schema (the tables of a
    later revision already exist) is moved to the revision the tables match, then upgraded."""
    mig = make_engine(path, foreign_keys=False)
    try:
        try:
            upgrade(mig)
            return
        except Exception as exc:  # noqa: BLE001 - DDL on tables already there fails variously
            failure = exc
        actual = infer_revision(mig)
        if actual is None or actual == rev or actual not in known_revisions():
            raise DamagedProjectError(
                f"{path}: the schema upgrade from {rev} to {head_revision()} failed "
                f"({_reason(failure)}); the tables match no known revision, so the file is "
                "damaged (nothing was changed)") from failure
        stamp(mig, actual)
        try:
            upgrade(mig)
        except Exception as exc:  # noqa: BLE001
            raise DamagedProjectError(
                f"{path}: the schema upgrade from {actual} to {head_revision()} failed "
                f"({_reason(exc)}); nothing was changed") from exc
    finally:
        mig.dispose()


def stamp(engine: Engine, revision: str) -> None:
    """Set the schema marker (``alembic_version``) to ``revision`` without running anything."""
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS alembic_version ("
                             "version_num VARCHAR(32) NOT NULL, "
                             "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))")
        conn.exec_driver_sql("DELETE FROM alembic_version")
        conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:r)"),
                     {"r": revision})


def _shape(conn: Connection) -> dict[str, frozenset[str]]:
    """Tables (with their columns) and triggers, without bookkeeping and FTS shadow tables."""
    insp = inspect(conn)
    out = {t: frozenset(c["name"] for c in insp.get_columns(t))
           for t in insp.get_table_names()
           if t != "alembic_version" and not t.startswith(("sqlite_", "documents_fts"))}
    if conn.dialect.name == "sqlite":
        out["<fts>"] = frozenset(r[0] for r in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE name LIKE 'documents_fts%' "
            "AND type = 'table' AND sql LIKE 'CREATE VIRTUAL%'"))
    return out


def revision_shapes() -> dict[str, dict[str, frozenset[str]]]:
    """The shape of a SQLite project at every known revision (built in memory, cached)."""
    global _SHAPES
    if _SHAPES is None:
        shapes = {}
        for rev in sorted(known_revisions()):
            eng = make_engine(":memory:")
            try:
                upgrade(eng, rev)
                with eng.connect() as conn:
                    shapes[rev] = _shape(conn)
            finally:
                eng.dispose()
        _SHAPES = shapes
    return _SHAPES


_SHAPES: dict[str, dict[str, frozenset[str]]] | None = None


def infer_revision(engine: Engine) -> str | None:
    """The known revision whose tables and columns the SQLite database has (``None``: none)."""
    with engine.connect() as conn:
        shape = _shape(conn)
    for rev, want in sorted(revision_shapes().items(), reverse=True):
        if want == shape:
            return rev
    return None
