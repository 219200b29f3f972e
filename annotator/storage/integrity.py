"""``annotator check``: what is wrong with a project, and ``--repair``: what can be rebuilt.

The check never raises. It reports SQLite's own findings page by page (``PRAGMA
integrity_check``), every table, column, index, trigger or full-text index the schema revision
should have and does not, broken references (a coding whose code, coder or document is gone),
a ``-wal`` that does not belong to the file, and the project's own invariants (text hashes,
codings inside their documents).

The repair only rebuilds what holds no data of its own, so nothing is lost: the full-text
index, triggers, indexes, the schema marker and the project's metadata keys (and a dropped
table, recreated empty, so the project opens again; its rows come back only from a backup).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, select, text

from annotator.domain.text import text_sha256
from annotator.storage import migrate, notices, walguard
from annotator.storage.engine import APPLICATION_ID, is_url
from annotator.storage.schema import codings, documents

#: How many lines of SQLite's own report are shown at most.
MAX_SQLITE_LINES = 200

# Foreign keys: (child table, column) -> what the row is called and what it points at.
_REF_WORDS = {"codes": "code", "coders": "coder", "documents": "document",
              "codebook_versions": "codebook version"}
_ROW_WORDS = {"codings": "coding", "segments": "segment", "memos": "memo", "codes": "code",
              "assignments": "assignment", "adjudications": "adjudication",
              "proposals": "proposal"}


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str  # sqlite | file | wal | schema | table | column | index | trigger | fts | meta
    #           | reference | text | coding
    message: str
    repairable: bool = False

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "message": self.message, "repairable": self.repairable}


# --- what a revision should have -----------------------------------------------------------------
_MASTER: dict[str, dict[str, tuple[str, str, str]]] = {}


def expected_objects(revision: str) -> dict[str, tuple[str, str, str]]:
    """``name -> (type, table, sql)`` of every table, index and trigger a SQLite project at
    ``revision`` has (built once in memory; FTS shadow tables and automatic indexes left out)."""
    if revision not in _MASTER:
        from annotator.storage.engine import make_engine

        eng = make_engine(":memory:")
        try:
            migrate.upgrade(eng, revision)
            with eng.connect() as conn:
                rows = conn.exec_driver_sql(
                    "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL"
                ).fetchall()
        finally:
            eng.dispose()
        _MASTER[revision] = {name: (kind, tbl, sql) for kind, name, tbl, sql in rows
                             if not _is_shadow(name)}
    return _MASTER[revision]


def _is_shadow(name: str) -> bool:
    return name.startswith("documents_fts_") and name not in (
        "documents_fts_ai", "documents_fts_ad", "documents_fts_au")


def _present(conn: Connection) -> dict[str, tuple[str, str]]:
    rows = conn.exec_driver_sql("SELECT type, name, tbl_name FROM sqlite_master "
                                "WHERE sql IS NOT NULL").fetchall()
    return {name: (kind, tbl) for kind, name, tbl in rows}


# --- checking ----------------------------------------------------------------------------
def read_only_engine(path: Path, *, ignore_wal: bool = False) -> Engine:
    """An engine that never writes to ``path`` (``ignore_wal``: read the file alone)."""
    mode = "mode=ro&immutable=1" if ignore_wal else "mode=ro"
    uri = f"{path.resolve().as_uri()}?{mode}"
    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True,
                                                                        check_same_thread=False))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _rec: Any) -> None:
        dbapi_conn.isolation_level = None

    return engine


def check_file(path: Path) -> list[Finding]:
    """Every problem of the project file at ``path`` (empty when sound). Never raises."""
    if not path.exists():
        return [Finding("file", f"{path}: no such project file")]
    try:
        with path.open("rb") as fh:
            head = fh.read(100)
    except OSError as exc:
        return [Finding("file", f"{path}: cannot be read ({exc.strerror or exc})")]
    if len(head) < 100 or not head.startswith(migrate.SQLITE_MAGIC):
        return [Finding("file", "the file is not a SQLite database (its first page is "
                                "damaged, or it is another kind of file)")]
    if int.from_bytes(head[68:72], "big") != APPLICATION_ID:
        return [Finding("file", "the file is a SQLite database of another program, or its "
                                "first page is damaged")]
    findings: list[Finding] = []
    ignore_wal = False
    if walguard.pending_wal(path) is not None and not walguard.is_live(path):
        verdict = walguard.verify(path)
        if not verdict.belongs:
            ignore_wal = True
            findings.append(Finding(
                "wal", f"suspicious write-ahead log {path.name}-wal: {verdict.reason}; it was "
                       "left alone and the file was checked without it (opening the project "
                       "moves it aside)"))
    if not ignore_wal and notices.disk_nearly_full(path):
        try:
            probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
            probe.close()
        except sqlite3.Error as exc:
            ignore_wal = True
            findings.append(Finding("disk", f"the disk holding the project is full, so SQLite "
                                            f"cannot open it normally ({exc}); it was checked "
                                            "without its write-ahead log. Free some space"))
    engine = read_only_engine(path, ignore_wal=ignore_wal)
    try:
        with engine.connect() as conn:
            findings += check_connection(conn)
    except Exception as exc:  # noqa: BLE001 - the check reports, it never crashes
        findings.append(Finding("sqlite", f"the check stopped: {_first_line(exc)}"))
    finally:
        engine.dispose()
    return findings


def _first_line(exc: BaseException) -> str:
    msg = str(getattr(exc, "orig", None) or exc).strip()
    return msg.splitlines()[0] if msg else exc.__class__.__name__


def check_connection(conn: Connection) -> list[Finding]:
    """Every problem visible through ``conn`` (SQLite or PostgreSQL). Each step is guarded,
    so one broken table does not hide the others' findings."""
    findings: list[Finding] = []
    sqlite = conn.dialect.name == "sqlite"
    steps = [_sqlite_pages, _schema, _references, _invariants] if sqlite else \
        [_server_schema, _invariants]
    for step in steps:
        try:
            findings += step(conn)
        except Exception as exc:  # noqa: BLE001
            if step is _sqlite_pages:  # not even the table of contents can be read
                return [Finding("sqlite", f"SQLite cannot read the file's list of tables "
                                          f"({_first_line(exc)}); it cannot be checked page "
                                          "by page or repaired, only restored from a backup")]
            findings.append(Finding("sqlite" if sqlite else "schema",
                                    f"{step.__name__.strip('_').replace('_', ' ')}: could not be "
                                    f"checked ({_first_line(exc)})"))
            _rollback(conn)
    return findings


def _rollback(conn: Connection) -> None:
    try:
        conn.rollback()
    except Exception:  # noqa: BLE001
        pass


_PAGE = re.compile(r"^(?:On tree )?page (\d+)\b[^:]*:\s*(.*)$", re.IGNORECASE)


def _sqlite_pages(conn: Connection) -> list[Finding]:
    """SQLite's own report, one finding per damaged page (with how many of its cells)."""
    rows = [r[0] for r in conn.exec_driver_sql(
        f"PRAGMA integrity_check({MAX_SQLITE_LINES})").fetchall()]
    if rows == ["ok"]:
        return []
    lines = [ln.strip() for r in rows for ln in str(r).splitlines()
             if ln.strip() and not ln.startswith("***")]
    pages: dict[int, list[str]] = {}
    other: list[str] = []
    for ln in lines:
        m = _PAGE.match(ln)
        if m:
            pages.setdefault(int(m.group(1)), []).append(m.group(2))
        else:
            other.append(ln)
    out = [Finding("sqlite", f"sqlite: page {n}: {msgs[0]}"
                             + (f" (and {len(msgs) - 1} more on this page)" if len(msgs) > 1
                                else "")) for n, msgs in sorted(pages.items())]
    seen: set[str] = set()
    for ln in other:
        if ln not in seen:
            seen.add(ln)
            out.append(Finding("sqlite", f"sqlite: {ln}"))
    return out


def _marker(conn: Connection) -> str | None:
    try:
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    except Exception:  # noqa: BLE001 - a missing table is reported by the caller
        _rollback(conn)
        return None


def _schema(conn: Connection) -> list[Finding]:
    findings: list[Finding] = []
    rev = _marker(conn)
    known = migrate.known_revisions()
    target = rev if rev in known else None
    if rev is None:
        findings.append(Finding("schema", "the schema marker (table alembic_version) is "
                                          "missing or empty", repairable=True))
    elif rev not in known:
        findings.append(Finding("schema", f"the schema marker {rev!r} matches no known "
                                          f"revision (0001..{migrate.head_revision()})",
                                repairable=not (rev.isdigit() and rev > migrate.head_revision())))
    elif rev != migrate.head_revision():
        findings.append(Finding("schema", f"schema revision {rev} is not the current "
                                          f"{migrate.head_revision()} (opening the project "
                                          "upgrades it)"))
    if target is None:
        target = migrate.head_revision()
    want = expected_objects(target)
    have = _present(conn)
    for name, (kind, tbl, _sql) in sorted(want.items(), key=lambda kv: _order(kv[1][0])):
        if name == "alembic_version" and rev is None:
            continue
        if name in have:
            continue
        if kind == "table" and name == "documents_fts":
            findings.append(Finding("fts", "the full-text search index (documents_fts) is "
                                           "missing", repairable=True))
        elif kind == "table":
            findings.append(Finding("table", f"table {name} is missing (recreated empty by "
                                             "--repair; its rows are only in a backup)",
                                    repairable=True))
        elif tbl in have or tbl in want:
            findings.append(Finding(kind, f"{kind} {name} on {tbl} is missing",
                                    repairable=True))
    for name, (kind, _tbl, _sql) in want.items():
        if kind == "table" and name in have and name != "documents_fts":
            cols = {r[1] for r in conn.exec_driver_sql(f'PRAGMA table_info("{name}")')}
            need = set(migrate.revision_shapes()[target].get(name, ()))
            for col in sorted(need - cols):
                findings.append(Finding("column", f"table {name} has no column {col}"))
    if "documents_fts" in have and "documents" in have:
        findings += _fts(conn)
    if "project_meta" in have:
        keys = {r[0] for r in conn.exec_driver_sql("SELECT key FROM project_meta")}
        for key in ("uuid",):  # name and created_at are informative only
            if key not in keys:
                findings.append(Finding("meta", f"project metadata has no {key!r}",
                                        repairable=True))
    return findings


def _order(kind: str) -> int:
    return {"table": 0, "index": 1, "trigger": 2}.get(kind, 3)


def _fts(conn: Connection) -> list[Finding]:
    try:
        indexed = {r[0] for r in conn.exec_driver_sql("SELECT id FROM documents_fts_docsize")}
    except Exception as exc:  # noqa: BLE001
        _rollback(conn)
        return [Finding("fts", f"the full-text search index cannot be read "
                               f"({_first_line(exc)})", repairable=True)]
    ids = {r[0] for r in conn.exec_driver_sql("SELECT id FROM documents")}
    if indexed != ids:
        return [Finding("fts", f"the full-text search index is out of step with the documents "
                               f"({len(ids - indexed)} missing, {len(indexed - ids)} extra)",
                        repairable=True)]
    return []


def _references(conn: Connection) -> list[Finding]:
    findings: list[Finding] = []
    fks: dict[tuple[str, int], tuple[str, str]] = {}
    for row in conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall():
        table, rowid, parent, fkid = row[0], row[1], row[2], row[3]
        if (table, fkid) not in fks:
            info = conn.exec_driver_sql(f'PRAGMA foreign_key_list("{table}")').fetchall()
            for r in info:
                fks[(table, r[0])] = (r[3], r[2])  # (from column, parent table)
        col = fks.get((table, fkid), ("?", parent))[0]
        value = conn.exec_driver_sql(f'SELECT "{col}" FROM "{table}" WHERE rowid = ?',
                                     (rowid,)).scalar() if col != "?" else None
        what = _ROW_WORDS.get(table, f"row of {table}")
        findings.append(Finding("reference", f"{what} {rowid} refers to a missing "
                                             f"{_REF_WORDS.get(parent, parent)} "
                                             f"({col} {value})"))
    return findings


def _server_schema(conn: Connection) -> list[Finding]:
    rev = _marker(conn)
    if rev != migrate.head_revision():
        return [Finding("schema", f"schema revision {rev} is not the current "
                                  f"{migrate.head_revision()}")]
    return []


def _invariants(conn: Connection) -> list[Finding]:
    findings: list[Finding] = []
    for did, title, txt, sha, chars in conn.execute(select(
            documents.c.id, documents.c.title, documents.c.text, documents.c.sha256,
            documents.c.chars)):
        if text_sha256(txt) != sha:
            findings.append(Finding("text", f"document {did} ({title}): text does not match "
                                            "its hash"))
        if len(txt) != chars:
            findings.append(Finding("text", f"document {did} ({title}): length {len(txt)} != "
                                            f"{chars}"))
    q = (select(codings.c.id, codings.c.start, codings.c.end, documents.c.chars)
         .join(documents, documents.c.id == codings.c.document_id)
         .where((codings.c.end > documents.c.chars) | (codings.c.start < 0)
                | (codings.c.end <= codings.c.start)))
    for cid, s, e, n in conn.execute(q):
        findings.append(Finding("coding", f"coding {cid}: [{s}, {e}) outside its document "
                                          f"(0..{n})"))
    from annotator.storage.repo_proposals import proposal_problems

    findings += [Finding("proposal", m) for m in proposal_problems(conn)]
    return findings


# --- repairing ---------------------------------------------------------------------------
def repair_file(path: Path, *, new_uuid: str | None = None) -> list[str]:
    """Rebuild what holds no data of its own; returns what was done (one line each). The
    caller has taken a backup. ``new_uuid``: the uuid to give a project whose metadata lost
    it (e.g. read from its newest backup)."""
    from annotator.storage.engine import make_engine

    if is_url(str(path)):
        return []
    done: list[str] = []
    engine = make_engine(path, foreign_keys=False)
    try:
        rev = _marker_of(engine)
        if rev is None or rev not in migrate.known_revisions():
            actual = migrate.infer_revision(engine) or _guess_revision(engine)
            migrate.stamp(engine, actual)
            done.append(f"schema marker set to {actual} (the revision the tables match)")
            rev = actual
        want = expected_objects(rev)
        with engine.begin() as conn:
            have = _present(conn)
            for name, (kind, _tbl, sql) in sorted(want.items(), key=lambda kv: _order(kv[1][0])):
                if name in have or name == "alembic_version":
                    continue
                if name == "documents_fts":
                    continue  # rebuilt below
                conn.exec_driver_sql(sql)
                done.append(f"recreated {kind} {name}" + (" (empty)" if kind == "table" else ""))
            fts_bad = "documents_fts" not in have or _fts(conn)
            if fts_bad:
                conn.exec_driver_sql("DROP TABLE IF EXISTS documents_fts")
                conn.exec_driver_sql(want["documents_fts"][2])
                conn.exec_driver_sql("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")
                done.append("rebuilt the full-text search index")
            done += _repair_meta(conn, path, new_uuid)
        from annotator.storage.engine import checkpoint

        checkpoint(engine)
    finally:
        engine.dispose()
    return done


def _marker_of(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return _marker(conn)


def _guess_revision(engine: Engine) -> str:
    """The newest revision that agrees with every table the file still has (some tables may
    have been dropped)."""
    with engine.connect() as conn:
        names = [r[0] for r in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()]
        cols = {t: {r[1] for r in conn.exec_driver_sql(f'PRAGMA table_info("{t}")')}
                for t in names if t != "alembic_version" and not t.startswith(
                    ("sqlite_", "documents_fts"))}
    for rev, shape in sorted(migrate.revision_shapes().items(), reverse=True):
        if all(t in shape and c == set(shape[t]) for t, c in cols.items()):
            return rev
    return migrate.head_revision()


def _repair_meta(conn: Connection, path: Path, new_uuid: str | None) -> list[str]:
    import uuid as uuidlib
    from datetime import UTC, datetime

    keys = {r[0] for r in conn.exec_driver_sql("SELECT key FROM project_meta")}
    first_event = None
    try:
        first_event = conn.exec_driver_sql("SELECT min(at) FROM events").scalar()
    except Exception:  # noqa: BLE001
        first_event = None
    values = {"uuid": new_uuid or str(uuidlib.uuid4()), "name": path.stem,
              "created_at": str(first_event or datetime.now(UTC).isoformat())}
    done = []
    for key, value in values.items():
        if key not in keys:
            conn.execute(text("INSERT INTO project_meta(key, value) VALUES (:k, :v)"),
                         {"k": key, "v": value})
            done.append(f"project metadata: restored {key!r} ({value})")
    return done
