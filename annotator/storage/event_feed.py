"""Reading the event log as a change feed, and waiting for new events.

The feed is keyed by ``events.id``. On PostgreSQL ids come from a sequence and transactions
commit in any order, so a reader may see id 12 before id 11 is committed; callers therefore
re-ask for ids they skipped (see :mod:`annotator.services.live`). :class:`EventWaiter` blocks
until the server announces new events (``LISTEN annotator_events``, sent by a trigger from
revision 0004) or a timeout passes; on SQLite it just sleeps.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, or_, select

from annotator.domain.changes import Changes
from annotator.storage.rows import utc
from annotator.storage.schema import adjudications, codes, codings, documents, events

CHANNEL = "annotator_events"
_CODEBOOK_TYPES = ("code", "codebook", "codebook_version")
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class EventRow:
    id: int
    at: datetime | None
    actor: str
    action: str
    entity_type: str
    entity_uuid: str | None
    payload: dict[str, Any]


def last_event_id(conn: Connection) -> int:
    return int(conn.execute(select(func.max(events.c.id))).scalar() or 0)


def event_ids_after(conn: Connection, after_id: int) -> list[int]:
    return [i for (i,) in conn.execute(select(events.c.id).where(events.c.id > after_id))]


def events_after(conn: Connection, after_id: int, also: Sequence[int] = (),
                 limit: int = 5000) -> list[EventRow]:
    """Events with ``id > after_id`` (at most ``limit``, oldest first) plus those of ``also``."""
    cond = events.c.id > after_id
    if also:
        cond = or_(cond, events.c.id.in_(list(also)))
    q = select(events).where(cond).order_by(events.c.id).limit(limit)
    return [EventRow(r.id, utc(r.at), r.actor, r.action, r.entity_type, r.entity_uuid,
                     dict(r.payload or {})) for r in conn.execute(q)]


def _chunks(values: Iterable[Any]) -> Iterable[list[Any]]:
    items = list(dict.fromkeys(values))
    for i in range(0, len(items), _CHUNK):
        yield items[i:i + _CHUNK]


def coding_places(conn: Connection, uuids: Iterable[str]) -> dict[str, tuple[int, int, int]]:
    """uuid → (coding id, document id, code id) for the codings that still exist."""
    out: dict[str, tuple[int, int, int]] = {}
    for chunk in _chunks(uuids):
        q = select(codings.c.uuid, codings.c.id, codings.c.document_id, codings.c.code_id).where(
            codings.c.uuid.in_(chunk))
        out.update({u: (i, d, c) for u, i, d, c in conn.execute(q)})
    return out


def adjudication_documents(conn: Connection, uuids: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for chunk in _chunks(uuids):
        q = select(adjudications.c.uuid, adjudications.c.document_id).where(
            adjudications.c.uuid.in_(chunk))
        out.update({u: d for u, d in conn.execute(q)})
    return out


def ids_by_uuid(conn: Connection, table: str, uuids: Iterable[str]) -> dict[str, int]:
    """uuid → id in ``codes`` or ``documents``."""
    t = {"codes": codes, "documents": documents}[table]
    out: dict[str, int] = {}
    for chunk in _chunks(uuids):
        out.update({u: i for u, i in conn.execute(select(t.c.uuid, t.c.id).where(
            t.c.uuid.in_(chunk)))})
    return out


def logged_documents(conn: Connection, entity_uuids: Iterable[str]) -> dict[str, int]:
    """entity uuid → the document named in an earlier event about it (for deleted entities,
    whose rows can no longer say where they were)."""
    out: dict[str, int] = {}
    for chunk in _chunks(entity_uuids):
        q = (select(events.c.entity_uuid, events.c.payload).where(
            events.c.entity_uuid.in_(chunk)).order_by(events.c.id))
        for uuid, payload in conn.execute(q):
            doc = (payload or {}).get("document")
            if isinstance(doc, int):
                out[uuid] = doc
    return out


def all_ids(conn: Connection) -> tuple[set[int], set[int]]:
    """(every document id, every code id), for a full refresh."""
    return ({i for (i,) in conn.execute(select(documents.c.id))},
            {i for (i,) in conn.execute(select(codes.c.id))})


def changes_for(conn: Connection, rows: Sequence[EventRow]) -> tuple[Changes, bool]:
    """What ``rows`` changed, as ids the views refresh, and whether to reload everything."""
    ch = Changes()
    if not rows:
        return ch, False
    coding_uuids: set[str] = set()
    adjudication_uuids: set[str] = set()
    code_uuids: set[str] = set()
    doc_uuids: set[str] = set()
    full = all_coded = False
    for r in rows:
        doc = r.payload.get("document")
        if isinstance(doc, int):
            ch.coded_documents.add(doc)
        docs = r.payload.get("documents")
        if isinstance(docs, list):
            ch.documents.update(d for d in docs if isinstance(d, int))
        if r.entity_type == "coding" and r.entity_uuid:
            coding_uuids.add(r.entity_uuid)
        elif r.entity_type == "adjudication" and r.entity_uuid:
            adjudication_uuids.add(r.entity_uuid)
        elif r.entity_type in _CODEBOOK_TYPES:
            ch.codebook = all_coded = True  # names and colours of highlights may change
            if r.entity_type == "code" and r.entity_uuid:
                code_uuids.add(r.entity_uuid)
        elif r.entity_type == "coder":
            ch.coders = True
        elif r.entity_type == "memo":
            ch.memos = True
        elif r.entity_type == "document" and r.action != "document.import":
            if r.entity_uuid:
                doc_uuids.add(r.entity_uuid)
        else:
            full = True  # imports, merges and anything unknown: reload everything
        code = r.payload.get("code")
        if isinstance(code, str):
            code_uuids.add(code)
    places = coding_places(conn, coding_uuids)
    for cid, doc_id, code_id in places.values():
        ch.codings.add(cid)
        ch.coded_documents.add(doc_id)
        ch.codes.add(code_id)
    adjudicated = adjudication_documents(conn, adjudication_uuids)
    ch.coded_documents.update(adjudicated.values())
    gone = (coding_uuids - places.keys()) | (adjudication_uuids - adjudicated.keys())
    found = logged_documents(conn, gone) if gone else {}
    ch.coded_documents.update(found.values())
    all_coded = all_coded or bool(gone - found.keys())
    ch.codes.update(ids_by_uuid(conn, "codes", code_uuids).values())
    ch.documents.update(ids_by_uuid(conn, "documents", doc_uuids).values())
    if full or all_coded:
        doc_ids, code_ids = all_ids(conn)
        ch.coded_documents |= doc_ids
        if full:
            ch.documents |= doc_ids
            ch.codes |= code_ids
            ch.codebook = ch.coders = ch.memos = True
    return ch, full


class EventWaiter:
    """Blocks until new events are announced (PostgreSQL) or a timeout passes.

    It holds its own connection, outside the pool, opened on first use and reopened after a
    failure. ``close()`` may be called from another thread; a pending ``wait`` then returns
    at its timeout and the connection is closed by the waiting thread.
    """

    def __init__(self, engine: Engine) -> None:
        self._listen = engine.dialect.name == "postgresql"
        self._url = engine.url
        self._conn: Any = None
        self._closed = threading.Event()
        self._busy = threading.Lock()

    def wait(self, timeout: float) -> bool:
        """True when new events were announced within ``timeout`` seconds."""
        if self._closed.is_set():
            return False
        if not self._listen:
            self._closed.wait(timeout)
            return False
        with self._busy:
            got = self._wait(timeout)
            if self._closed.is_set():
                self._drop()
            return got

    def _wait(self, timeout: float) -> bool:
        import psycopg

        try:
            if self._conn is None:
                self._conn = psycopg.connect(self._conninfo(), autocommit=True,
                                             connect_timeout=max(2, int(timeout) + 1))
                self._conn.execute(f"LISTEN {CHANNEL}")
            return any(True for _ in self._conn.notifies(timeout=timeout, stop_after=1))
        except psycopg.Error:
            self._drop()
            self._closed.wait(timeout)
            return False

    def close(self) -> None:
        """Stop waiting; the connection closes now, or when a running ``wait`` returns."""
        self._closed.set()
        if self._busy.acquire(blocking=False):
            try:
                self._drop()
            finally:
                self._busy.release()

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except Exception:  # noqa: BLE001 - already broken; nothing to save
                pass

    def _conninfo(self) -> str:
        url = self._url.set(drivername="postgresql")
        return url.render_as_string(hide_password=False)
