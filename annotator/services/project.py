"""Project: the unit of work every front end (GUI, CLI, tests) goes through."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from annotator.domain.errors import DamagedProjectError, ProjectError, ValidationError
from annotator.domain.model import Coder, DocumentInfo, Segment
from annotator.services.commands import Command, Context, Outcome
from annotator.storage import db_errors
from annotator.storage.engine import is_url
from annotator.storage.store import Store, Tx

#: How many times an action lost to a transient race runs again (see Project.execute).
RETRIES = 3


@dataclass(frozen=True, slots=True)
class SearchHit:
    document_id: int
    title: str
    start: int
    end: int
    before: str
    match: str
    after: str


class Project:
    def __init__(self, store: Store, target: str | Path) -> None:
        self.store = store
        self.target = target
        self._coder: Coder | None = None
        self.listeners: list = []  # callables(Outcome) notified after each execute

    # --- lifecycle --------------------------------------------------------------------------
    @classmethod
    def create(cls, target: str | Path) -> Project:
        return cls(Store.create(target), target)

    @classmethod
    def open(cls, target: str | Path, *, backup: bool = True) -> Project:
        from annotator.services import backups

        backup_dir = None
        if not is_url(target):
            backups.guard_wal(Path(target))  # crash recovery: a copy first; a foreign log: aside
            backup_dir = backups.folder_for(target)
        try:
            store = Store.open(target, backup_dir=backup_dir)
        except DamagedProjectError as exc:
            raise DamagedProjectError(backups.damaged_message(target, str(exc))) from exc
        project = cls(store, target)
        if backup and project.store.is_sqlite:
            project.backup()
        # On a team server the login decides who is coding (see docs/team-server.md).
        project._coder = project.store.linked_coder()
        return project

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def name(self) -> str:
        return Path(str(self.target)).stem if not is_url(self.target) else str(self.target)

    @property
    def uuid(self) -> str:
        with self.store.read() as tx:
            return tx.meta().get("uuid", "unknown")

    def backup(self, why: str = "open") -> Path | None:
        """A backup through the SQLite backup API into the user's data folder (see
        :mod:`annotator.services.backups`); ``None`` for server projects, or (with a warning,
        said once) when the copy fails: a backup never stops the user's work."""
        from annotator.services import backups

        return backups.make_backup(self, why)

    def is_connected(self) -> bool:
        """False while a team server cannot be reached (for a banner; a SQLite project is
        always connected). Actions then fail with a ProjectError and nothing is queued."""
        return self.store.ping()

    # --- transactions -----------------------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[Tx]:
        with self.store.read() as tx:
            yield tx

    def execute(self, cmd: Command) -> Outcome:
        """Run one user action in one transaction (the autosave) and log it.

        A transaction lost to a race that says nothing about the data (a deadlock or
        serialization failure on a server, a lock on SQLite) was rolled back whole, so the
        action runs again, at most :data:`RETRIES` times, with a growing pause."""
        ctx = Context(self._coder)
        for attempt in range(RETRIES + 1):
            try:
                with self.store.begin() as tx:
                    outcome = cmd.apply(tx, ctx)
                    for action, etype, euuid, payload in outcome.log:
                        tx.log(ctx.actor, action, etype, euuid, payload)
                break
            except db_errors.RETRYABLE:
                if attempt == RETRIES:
                    raise
                time.sleep(random.uniform(0.01, 0.05) * 2 ** attempt)
        for listener in list(self.listeners):
            listener(outcome)
        return outcome

    # --- coders -----------------------------------------------------------------------------
    @property
    def coder(self) -> Coder | None:
        return self._coder

    def use_coder(self, name: str, *, create: bool = True, role: str = "coder") -> Coder:
        """Act as the coder ``name`` (created when new). Two programs starting at once may
        both try to create the coder: the loser finds the winner's coder and uses it."""
        with self.read() as tx:
            coder = tx.coder_by_name(name.strip())
        if coder is None:
            if not create:
                raise ValidationError(f"no coder named {name!r}")
            try:
                with self.store.begin() as tx:  # takes the write lock first, then looks again
                    coder = tx.coder_by_name(name.strip())
                    if coder is None:
                        coder = tx.add_coder(name, role=role)
                        tx.log(name, "coder.add", "coder", coder.uuid, {"name": coder.name})
            except (ValidationError, *db_errors.RETRYABLE):
                with self.read() as tx:  # created by another program in the meantime
                    coder = tx.coder_by_name(name.strip())
                if coder is None:
                    raise
        self._coder = coder
        return coder

    def coders(self) -> list[Coder]:
        with self.read() as tx:
            return tx.coders()

    # --- documents --------------------------------------------------------------------------
    def documents(self) -> list[DocumentInfo]:
        with self.read() as tx:
            return tx.documents()

    def document(self, ref: int | str) -> DocumentInfo:
        """A document by id, or by a unique part of its title."""
        docs = self.documents()
        if isinstance(ref, int) or str(ref).isdigit():
            for d in docs:
                if d.id == int(ref):
                    return d
            raise ProjectError(f"no document with id {ref}")
        hits = [d for d in docs if str(ref).lower() in d.title.lower()]
        if len(hits) != 1:
            raise ProjectError(f"{len(hits)} documents match {ref!r}; use the id")
        return hits[0]

    def text(self, document_id: int) -> str:
        with self.read() as tx:
            return tx.document_text(document_id)

    def outline(self, document_id: int) -> list[Segment]:
        with self.read() as tx:
            tx.document(document_id)
            return tx.segments(document_id, kinds=("section", "subsection", "subheading", "label"))

    def paragraphs(self, document_id: int) -> list[Segment]:
        with self.read() as tx:
            return tx.segments(document_id, kinds=("paragraph",))

    # --- search -----------------------------------------------------------------------------
    def search(self, query: str, *, context: int = 60, limit: int = 1000) -> list[SearchHit]:
        """Project-wide search: FTS finds documents, the canonical text gives exact offsets."""
        from annotator.services.find import find_in_text

        hits: list[SearchHit] = []
        with self.read() as tx:
            for doc_id in tx.search_documents(query):
                doc = tx.document(doc_id)
                text = tx.document_text(doc_id)
                for s, e in find_in_text(text, query):
                    hits.append(SearchHit(doc_id, doc.title, s, e,
                                          text[max(0, s - context):s].replace("\n", " "),
                                          text[s:e], text[e:e + context].replace("\n", " ")))
                    if len(hits) >= limit:
                        return hits
        return hits
