"""Exact memo records for merging coding packages (insert or overwrite by uuid, delete).

Codings, codes, coders and versions already have exact put/restore helpers on
:class:`annotator.storage.store.Tx`; memos had none, so the team merge writes them here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert, select, update

from annotator.storage.schema import coders, memos

if TYPE_CHECKING:
    from annotator.storage.store import Tx

_MEMO_COLUMNS = ("uuid", "target_type", "target_uuid", "coder_id", "title", "text",
                 "created_at", "modified_at", "version")


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
