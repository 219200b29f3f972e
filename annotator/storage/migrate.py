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

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from annotator.domain.errors import ProjectError
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

    cfg = _config()
    with engine.begin() as conn:
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
    try:
        rev = current_revision(engine)
    except Exception as exc:  # noqa: BLE001
        engine.dispose()
        raise ProjectError(f"{display_target(target)}: cannot be read "
                           f"({_reason(exc)})") from exc
    if rev is None:
        engine.dispose()
        raise ProjectError(f"{display_target(target)}: not an annotator project "
                           "(no schema version)")
    if rev not in known_revisions():
        engine.dispose()
        raise ProjectError(
            f"{display_target(target)}: was written by a newer version of annotator "
            f"(schema {rev}); update annotator to open it")
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
                    f"{display_target(target)}: the project needs a schema upgrade "
                    f"({rev} to {head_revision()}) that this login may not make; the "
                    "administrator opens it once with this version of annotator, then runs "
                    f"'annotator server init' ({_reason(exc)})") from exc
        else:
            mig = make_engine(target, foreign_keys=False)
            try:
                upgrade(mig)
            finally:
                mig.dispose()
            engine = make_engine(target)
    return engine
