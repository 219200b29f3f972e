"""Codings whose code or coder no longer exists (a damaged or hand-edited project).

Foreign keys prevent this in normal use; when it happens anyway, every listing, export and view
shows such a coding under a placeholder named ``(missing code)`` / ``(missing coder)`` instead
of failing. Finding them walks the codings indexes once per distinct value (a "loose index
scan"), so the cost is a few hundred index probes, not a pass over every coding.
"""

from __future__ import annotations

from sqlalchemy import Connection

from annotator.domain.model import Code, Coder

MISSING_CODE = "(missing code)"
MISSING_CODER = "(missing coder)"

_SCAN = """WITH RECURSIVE d(v) AS (
    SELECT min({col}) FROM codings
    UNION ALL SELECT (SELECT min({col}) FROM codings WHERE {col} > d.v) FROM d
    WHERE d.v IS NOT NULL)
SELECT v FROM d WHERE v IS NOT NULL AND v NOT IN (SELECT id FROM {parent})"""


def missing_ids(conn: Connection, column: str, parent: str) -> list[int]:
    """Values of ``codings.<column>`` with no row in ``parent`` (``code_id``/``codes``,
    ``coder_id``/``coders``)."""
    return [r[0] for r in conn.exec_driver_sql(_SCAN.format(col=column, parent=parent))]


def missing_codes(conn: Connection) -> list[Code]:
    return [Code(id=i, uuid=f"missing-code-{i}", name=MISSING_CODE, codable=False,
                 deprecated=True, position=1_000_000 + i)
            for i in missing_ids(conn, "code_id", "codes")]


def missing_coders(conn: Connection) -> list[Coder]:
    return [Coder(id=i, uuid=f"missing-coder-{i}", name=f"{MISSING_CODER} {i}")
            for i in missing_ids(conn, "coder_id", "coders")]


def missing_code_records(conn: Connection) -> dict[str, dict[str, object]]:
    """The placeholders as full code rows keyed by uuid (the shape of ``code_records``)."""
    from datetime import UTC, datetime

    from annotator.storage.schema import codes

    now = datetime.now(UTC)
    out: dict[str, dict[str, object]] = {}
    for c in missing_codes(conn):
        rec: dict[str, object] = {col.name: None for col in codes.columns}
        rec.update(id=c.id, uuid=c.uuid, name=c.name, label="", definition="", inclusion="",
                   exclusion="", examples="", atypical_examples="", color=c.color,
                   shortcut=None, codable=False, position=c.position, deprecated=True,
                   attributes=[], created_at=now, modified_at=now, version=1,
                   parent_uuid=None)
        rec.pop("parent_id", None)
        out[c.uuid] = rec
    return out
