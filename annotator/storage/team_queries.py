"""Exact memo records for merging coding packages (insert or overwrite by uuid, delete).

Codings, codes, coders and versions already have exact put/restore helpers on
:class:`annotator.storage.store.Tx`; memos had none, so the team merge writes them here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import String, delete, insert, select, type_coerce, update

from annotator.storage.schema import codebook_versions, coders, codes, codings, memos

if TYPE_CHECKING:
    from annotator.storage.store import Tx

_MEMO_COLUMNS = ("uuid", "target_type", "target_uuid", "coder_id", "title", "text",
                 "created_at", "modified_at", "version")


def coding_tuples(tx: Tx) -> list[tuple[Any, ...]]:
    """Every coding as a plain tuple, quickly (no per-row type conversion):

    ``(uuid, document_id, coder_id, code_uuid, version_uuid, start, end, memo, attributes,
    created_at, modified_at, version)``. ``attributes`` may be JSON text or a dict and the
    times ISO text or datetimes, depending on the database driver.
    """
    c = codings.c
    q = (select(c.uuid, c.document_id, c.coder_id, codes.c.uuid, codebook_versions.c.uuid,
                c.start, c.end, c.memo, type_coerce(c.attributes, String),
                type_coerce(c.created_at, String), type_coerce(c.modified_at, String),
                c.version)
         .join(codes, codes.c.id == c.code_id)
         .outerjoin(codebook_versions, codebook_versions.c.id == c.codebook_version_id))
    return [tuple(r) for r in tx.conn.execute(q).fetchall()]


_INSERT_COLUMNS = ("uuid", "document_id", "code_id", "coder_id", "start", "end", "memo",
                   "attributes", "codebook_version_id", "created_at", "modified_at", "version")


def insert_codings(tx: Tx, rows: Sequence[dict[str, Any]]) -> None:
    """Insert many codings with given identities and times, quickly.

    Each row has the keys of ``_INSERT_COLUMNS``; times are UTC text in the form
    ``YYYY-MM-DD HH:MM:SS.ffffff``. On SQLite the rows go straight to the driver (that text is
    how SQLite stores them); elsewhere through SQLAlchemy.
    """
    if not rows:
        return
    if tx.conn.dialect.name == "sqlite":
        cols = ", ".join(f'"{c}"' for c in _INSERT_COLUMNS)
        marks = ", ".join("?" for _ in _INSERT_COLUMNS)
        payload = [tuple(json.dumps(r[c]) if c == "attributes" else r[c]
                         for c in _INSERT_COLUMNS) for r in rows]
        tx.conn.exec_driver_sql(f"INSERT INTO codings ({cols}) VALUES ({marks})", payload)
        return

    def when(text: str) -> datetime:
        return datetime.fromisoformat(text).replace(tzinfo=UTC)

    tx.conn.execute(insert(codings), [{**r, "created_at": when(r["created_at"]),
                                       "modified_at": when(r["modified_at"])} for r in rows])


def memo_records(tx: Tx) -> list[dict[str, Any]]:
    """Every memo as a full row plus ``coder_uuid`` (None for memos without a coder)."""
    q = (select(memos, coders.c.uuid.label("coder_uuid"))
         .outerjoin(coders, coders.c.id == memos.c.coder_id).order_by(memos.c.id))
    return [dict(r._mapping) for r in tx.conn.execute(q)]


def put_memo_record(tx: Tx, rec: dict[str, Any]) -> None:
    """Make the memo ``rec["uuid"]`` exactly ``rec`` (columns as the table's; insert or
    overwrite)."""
    values = {k: rec[k] for k in _MEMO_COLUMNS if k in rec}
    n = tx.conn.execute(update(memos).where(memos.c.uuid == rec["uuid"])
                        .values(**values)).rowcount
    if not n:
        tx.conn.execute(insert(memos).values(**values))


def delete_memos(tx: Tx, uuids: Iterable[str]) -> None:
    items = list(uuids)
    for i in range(0, len(items), 500):
        tx.conn.execute(delete(memos).where(memos.c.uuid.in_(items[i:i + 500])))
