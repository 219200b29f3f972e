"""Copy every row of one project database into another (SQLite ⇄ PostgreSQL), unchanged.

Rows keep their ids, uuids, texts, JSON and timestamps; the event log is copied as it is. Times
are written as aware UTC values, so neither SQLite (which stores wall-clock text) nor a server
session time zone can shift them. On PostgreSQL the id sequences are moved past the copied ids.
The caller supplies both connections and owns the transactions (one on the target).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, DateTime, Table, func, inspect, select, text

from annotator.domain.errors import ValidationError
from annotator.storage.schema import codes, metadata, project_meta

BATCH = 5000
#: Tables that are not project data (schema bookkeeping, SQLite search index).
_INFRASTRUCTURE = ("alembic_version", "sqlite_sequence")
_INFRA_PREFIXES = ("documents_fts", "sqlite_stat")

Progress = Callable[[str, int], None]


def unknown_tables(conn: Connection) -> list[str]:
    """Tables this version of annotator does not know (their rows could not be copied)."""
    names = inspect(conn).get_table_names()
    return sorted(n for n in names if n not in metadata.tables and n not in _INFRASTRUCTURE
                  and not n.startswith(_INFRA_PREFIXES))


def row_counts(conn: Connection) -> dict[str, int]:
    return {t.name: int(conn.execute(select(func.count()).select_from(t)).scalar() or 0)
            for t in metadata.sorted_tables}


def content_rows(conn: Connection) -> int:
    """Rows in every table except the project's own metadata (0 for a new project)."""
    return sum(n for name, n in row_counts(conn).items() if name != project_meta.name)


def copy_rows(src: Connection, dst: Connection, *, progress: Progress | None = None
              ) -> dict[str, int]:
    """Copy all rows from ``src`` into ``dst`` (whose tables must be empty except
    ``project_meta``, which is replaced). Returns rows copied per table. ``src`` must be a
    transaction that has not run a statement yet (PostgreSQL: it becomes a snapshot)."""
    if src.dialect.name == "postgresql":  # one consistent snapshot while others keep coding
        src.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
    extra = unknown_tables(src)
    if extra:
        raise ValidationError(f"the source has tables this version does not know "
                              f"({', '.join(extra)}); update annotator first")
    if content_rows(dst):
        raise ValidationError("the target already holds project data; copy into a new, "
                              "empty project")
    dst.execute(project_meta.delete())
    counts: dict[str, int] = {}
    for table in metadata.sorted_tables:
        n = 0
        for batch in _batches(src, table):
            dst.execute(table.insert(), batch)
            n += len(batch)
            if progress is not None:
                progress(table.name, n)
        counts[table.name] = n
    if dst.dialect.name == "postgresql":
        _move_sequences(dst)
    return counts


def _batches(src: Connection, table: Table) -> Iterator[list[dict[str, Any]]]:
    times = [c.name for c in table.columns if isinstance(c.type, DateTime)]
    if table is codes:
        rows = _parents_first([dict(r._mapping) for r in src.execute(
            select(codes).order_by(codes.c.id))])
        for i in range(0, len(rows), BATCH):
            yield [_utc_times(r, times) for r in rows[i:i + BATCH]]
        return
    result = src.execution_options(yield_per=BATCH).execute(
        select(table).order_by(*table.primary_key.columns))
    for part in result.partitions(BATCH):
        yield [_utc_times(dict(r._mapping), times) for r in part]


def _utc_times(row: dict[str, Any], names: list[str]) -> dict[str, Any]:
    for name in names:
        v = row.get(name)
        if isinstance(v, datetime):
            row[name] = v.replace(tzinfo=UTC) if v.tzinfo is None else v.astimezone(UTC)
    return row


def _parents_first(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Codes ordered so that every parent precedes its children (a code may have been moved
    under one created after it)."""
    children: dict[int | None, list[dict[str, Any]]] = {}
    for r in rows:
        children.setdefault(r["parent_id"], []).append(r)
    out: list[dict[str, Any]] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        r = stack.pop()
        out.append(r)
        stack.extend(reversed(children.get(r["id"], [])))
    if len(out) != len(rows):
        raise ValidationError("the source codebook has codes whose parents are missing")
    return out


def _move_sequences(conn: Connection) -> None:
    for table in metadata.sorted_tables:
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or pk[0].name != "id":
            continue
        seq = conn.execute(text("SELECT pg_get_serial_sequence(:t, 'id')"),
                           {"t": table.name}).scalar()
        if seq:
            conn.execute(text(f"SELECT setval(:s, COALESCE((SELECT max(id) FROM {table.name}), "
                              "0) + 1, false)"), {"s": seq})
