"""Full-text search behind one small interface: FTS5 on SQLite, tsvector on PostgreSQL.

Neither gives character offsets, so this returns matching document ids only; the service layer
finds the hits in the canonical text.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

_WORD = re.compile(r"\w+", re.UNICODE)


def _terms(query: str) -> list[str]:
    return _WORD.findall(query)


def matching_documents(conn: Connection, query: str, limit: int = 500) -> list[int]:
    terms = _terms(query)
    if not terms:
        return []
    if conn.dialect.name == "sqlite":
        # Quote each term (no FTS syntax injection); prefix-match the last one (search-as-you-type).
        fts = " ".join(f'"{t}"' for t in terms[:-1]) + f' "{terms[-1]}"*'
        q = text("SELECT rowid FROM documents_fts WHERE documents_fts MATCH :q "
                 "ORDER BY rank LIMIT :n")
        return [r[0] for r in conn.execute(q, {"q": fts.strip(), "n": limit})]
    q = text("SELECT id FROM documents WHERE to_tsvector('simple', annotator_fold(text)) @@ "
             "plainto_tsquery('simple', annotator_fold(:q)) LIMIT :n")
    return [r[0] for r in conn.execute(q, {"q": " ".join(terms), "n": limit})]
