"""Project: the unit of work every front end (GUI, CLI, tests) goes through."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from annotator import paths
from annotator.domain.errors import ProjectError, ValidationError
from annotator.domain.model import Coder, DocumentInfo, Segment
from annotator.services.commands import Command, Context, Outcome
from annotator.storage.engine import is_url
from annotator.storage.store import Store, Tx

KEEP_BACKUPS = 10


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
        backup_dir = paths.backups_dir() / "upgrades"
        project = cls(Store.open(target, backup_dir=backup_dir), target)
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

    def backup(self) -> Path | None:
        """Rolling backup through the SQLite backup API into the user's data folder (server
        projects are backed up on the server: ``None``)."""
        if not self.store.is_sqlite:
            return None
        folder = paths.backups_dir() / self.uuid
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        dest = self.store.backup_to(folder / f"{self.name}-{stamp}.annotator")
        for old in sorted(folder.glob("*.annotator"))[:-KEEP_BACKUPS]:
            old.unlink(missing_ok=True)
        return dest

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
        """Run one user action in one transaction (the autosave) and log it."""
        ctx = Context(self._coder)
        with self.store.begin() as tx:
            outcome = cmd.apply(tx, ctx)
            for action, etype, euuid, payload in outcome.log:
                tx.log(ctx.actor, action, etype, euuid, payload)
        for listener in list(self.listeners):
            listener(outcome)
        return outcome

    # --- coders -----------------------------------------------------------------------------
    @property
    def coder(self) -> Coder | None:
        return self._coder

    def use_coder(self, name: str, *, create: bool = True, role: str = "coder") -> Coder:
        with self.store.begin() as tx:
            coder = tx.coder_by_name(name.strip())
            if coder is None:
                if not create:
                    raise ValidationError(f"no coder named {name!r}")
                coder = tx.add_coder(name, role=role)
                tx.log(name, "coder.add", "coder", coder.uuid, {"name": coder.name})
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
