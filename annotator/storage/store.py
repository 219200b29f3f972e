"""The storage facade used by services: transactions (one user action = one transaction),
backups, integrity checks."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import DBAPIError

from annotator.domain.errors import ProjectError
from annotator.domain.model import Coder
from annotator.storage import db_errors, migrate, notices, search, walguard, write_lock
from annotator.storage.engine import checkpoint, is_url, sqlite_backup
from annotator.storage.repo_codebook import CodebookRepo
from annotator.storage.repo_codings import CodingRepo
from annotator.storage.repo_documents import DocumentRepo
from annotator.storage.repo_people import PeopleRepo
from annotator.storage.repo_proposals import ProposalRepo
from annotator.storage.repo_review import ReviewRepo


class Tx(DocumentRepo, CodebookRepo, CodingRepo, PeopleRepo, ReviewRepo, ProposalRepo):
    """All repositories bound to one connection inside one transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def search_documents(self, query: str, limit: int = 500) -> list[int]:
        return search.matching_documents(self.conn, query, limit)


class Store:
    def __init__(self, engine: Engine, target: str | Path) -> None:
        self.engine = engine
        self.target = target
        if not is_url(target):
            walguard.note_open(Path(target))  # its -wal is live: never probe or move it
        #: ``callable(seconds_waited | None)`` told while a write waits for another program.
        self.wait_listeners: list[write_lock.OnWait] = []

    # --- lifecycle --------------------------------------------------------------------------
    @classmethod
    def create(cls, target: str | Path) -> Store:
        return cls(migrate.create_database(target), target)

    @classmethod
    def open(cls, target: str | Path, backup_dir: Path | None = None) -> Store:
        def _backup() -> None:
            if backup_dir is not None and not is_url(target):
                stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
                name = f"{Path(target).stem}-{stamp}.before-upgrade.annotator"
                try:
                    sqlite_backup(Path(target), backup_dir / name)
                except (OSError, sqlite3.Error) as exc:
                    raise ProjectError(
                        f"{target}: needs a schema upgrade, but the backup taken first could "
                        f"not be written to {backup_dir} ({notices.reason(exc)}); free some "
                        "space and open it again (nothing was changed)") from exc

        return cls(migrate.open_database(target, backup=_backup), target)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def close(self) -> None:
        """Fold the WAL into the file and let go of it. Never raises: everything committed is
        already safe in the WAL, so a failed checkpoint (full disk, read-only folder) is a
        warning, said once, and the next open finishes the job."""
        try:
            checkpoint(self.engine)
        except (DBAPIError, OSError, sqlite3.Error) as exc:
            notices.warn_once(
                f"checkpoint:{self.target}",
                f"{self.target}: could not fold the write-ahead log into the project "
                f"({notices.reason(exc)}); your work is saved in {Path(str(self.target)).name}"
                "-wal and is folded in at the next open")
        finally:
            try:
                self.engine.dispose()
            except (DBAPIError, OSError, sqlite3.Error):  # pragma: no cover - close never fails
                pass
            if not is_url(self.target) and not getattr(self, "_noted_closed", False):
                self._noted_closed = True
                walguard.note_closed(Path(self.target))

    def backup_to(self, dest: Path) -> Path:
        """Copy the project to ``dest`` (via ``dest.part``, never left behind). Raises
        ``OSError``/``ProjectError`` on failure; callers that must go on use
        :func:`annotator.services.backups.make_backup`, which turns it into a warning."""
        if not self.is_sqlite:
            raise ProjectError("backups of server projects are made on the server")
        try:
            checkpoint(self.engine)
        except (DBAPIError, sqlite3.Error):
            pass  # the backup API copies the WAL's committed pages too
        sqlite_backup(Path(self.target), dest)
        return dest

    # --- transactions -----------------------------------------------------------------------
    @contextmanager
    def begin(self) -> Iterator[Tx]:
        """One write transaction; commits on success, rolls back on any error. On SQLite it
        takes the write lock up front and waits for it (see :mod:`.write_lock`); the hooks in
        :attr:`wait_listeners` hear about the wait."""
        with self._transaction(write=True) as tx:
            yield tx

    @contextmanager
    def read(self) -> Iterator[Tx]:
        """A read transaction (deferred: it never waits for writers)."""
        with self._transaction(write=False) as tx:
            yield tx

    def _on_wait(self, waited: float | None) -> None:
        for listener in list(self.wait_listeners):
            listener(waited)

    @contextmanager
    def _transaction(self, *, write: bool) -> Iterator[Tx]:
        try:
            with self.engine.connect() as conn:
                if write:
                    conn.execution_options(**{write_lock.WRITE: True,
                                              write_lock.ON_WAIT: self._on_wait})
                with conn.begin():
                    yield Tx(conn)
        except DBAPIError as exc:
            raise db_errors.translate(exc) from exc

    def linked_coder(self) -> Coder | None:
        """On a team server, the coder the connecting login acts as (``None`` elsewhere)."""
        if self.is_sqlite:
            return None
        from annotator.storage.pg_security import linked_coder

        with self.read() as tx:
            return linked_coder(tx.conn)

    def ping(self) -> bool:
        """True when the database answers (always for a SQLite file that is open). A server
        connection that died is replaced on the next action (pre-ping), so this recovers."""
        if self.is_sqlite:
            return True
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
            return True
        except DBAPIError:
            return False

    # --- integrity --------------------------------------------------------------------------
    def check(self) -> list[str]:
        """Problems found (empty when sound): SQLite's own checks, the schema, references and
        the project's invariants (see :mod:`annotator.storage.integrity`)."""
        from annotator.storage import integrity

        if self.is_sqlite:
            return [f.message for f in integrity.check_file(Path(self.target))]
        from annotator.storage.pg_security import security_problems

        with self.engine.connect() as conn:
            return ([f.message for f in integrity.check_connection(conn)]
                    + security_problems(conn))  # team policies older than this annotator

    def dump(self) -> dict[str, Any]:
        """Every table's rows, for tests that prove nothing changed."""
        from annotator.storage.schema import metadata

        out: dict[str, Any] = {}
        with self.engine.connect() as conn:
            for name, table in metadata.tables.items():
                out[name] = [tuple(r) for r in conn.execute(select(table).order_by(*table.primary_key))]
        return out

