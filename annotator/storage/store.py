"""The storage facade used by services: transactions (one user action = one transaction),
backups, integrity checks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import DBAPIError

from annotator.domain.errors import ProjectError
from annotator.domain.model import Coder
from annotator.domain.text import text_sha256
from annotator.storage import db_errors, migrate, search
from annotator.storage.engine import checkpoint, is_url, sqlite_backup
from annotator.storage.repo_codebook import CodebookRepo
from annotator.storage.repo_codings import CodingRepo
from annotator.storage.repo_documents import DocumentRepo
from annotator.storage.repo_people import PeopleRepo
from annotator.storage.repo_review import ReviewRepo
from annotator.storage.schema import codings, documents


class Tx(DocumentRepo, CodebookRepo, CodingRepo, PeopleRepo, ReviewRepo):
    """All repositories bound to one connection inside one transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def search_documents(self, query: str, limit: int = 500) -> list[int]:
        return search.matching_documents(self.conn, query, limit)


class Store:
    def __init__(self, engine: Engine, target: str | Path) -> None:
        self.engine = engine
        self.target = target

    # --- lifecycle --------------------------------------------------------------------------
    @classmethod
    def create(cls, target: str | Path) -> Store:
        return cls(migrate.create_database(target), target)

    @classmethod
    def open(cls, target: str | Path, backup_dir: Path | None = None) -> Store:
        def _backup() -> None:
            if backup_dir is not None and not is_url(target):
                stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
                sqlite_backup(Path(target), backup_dir / f"before-upgrade-{stamp}.annotator")

        return cls(migrate.open_database(target, backup=_backup), target)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def close(self) -> None:
        try:
            checkpoint(self.engine)
        finally:
            self.engine.dispose()

    def backup_to(self, dest: Path) -> Path:
        if not self.is_sqlite:
            raise ProjectError("backups of server projects are made on the server")
        checkpoint(self.engine)
        sqlite_backup(Path(self.target), dest)
        return dest

    # --- transactions -----------------------------------------------------------------------
    @contextmanager
    def begin(self) -> Iterator[Tx]:
        """One transaction; commits on success, rolls back on any error."""
        try:
            with self.engine.begin() as conn:
                yield Tx(conn)
        except DBAPIError as exc:
            raise db_errors.translate(exc) from exc

    read = begin

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
        """Problems found (empty when sound): SQLite checks plus domain invariants."""
        problems: list[str] = []
        with self.engine.connect() as conn:
            if self.is_sqlite:
                qc = conn.exec_driver_sql("PRAGMA quick_check").fetchall()
                if [r[0] for r in qc] != ["ok"]:
                    problems += [f"sqlite: {r[0]}" for r in qc]
                for r in conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall():
                    problems.append(f"broken reference in table {r[0]} row {r[1]}")
            rev = migrate.current_revision(self.engine)
            if rev != migrate.head_revision():
                problems.append(f"schema revision {rev} is not the current {migrate.head_revision()}")
            for did, title, txt, sha, chars in conn.execute(select(
                    documents.c.id, documents.c.title, documents.c.text, documents.c.sha256,
                    documents.c.chars)):
                if text_sha256(txt) != sha:
                    problems.append(f"document {did} ({title}): text does not match its hash")
                if len(txt) != chars:
                    problems.append(f"document {did} ({title}): length {len(txt)} != {chars}")
            q = (select(codings.c.id, codings.c.start, codings.c.end, documents.c.chars)
                 .join(documents, documents.c.id == codings.c.document_id)
                 .where((codings.c.end > documents.c.chars) | (codings.c.start < 0)
                        | (codings.c.end <= codings.c.start)))
            for cid, s, e, n in conn.execute(q):
                problems.append(f"coding {cid}: [{s}, {e}) outside its document (0..{n})")
        return problems

    def dump(self) -> dict[str, Any]:
        """Every table's rows, for tests that prove nothing changed."""
        from annotator.storage.schema import metadata

        out: dict[str, Any] = {}
        with self.engine.connect() as conn:
            for name, table in metadata.tables.items():
                out[name] = [tuple(r) for r in conn.execute(select(table).order_by(*table.primary_key))]
        return out

