"""Storage: PRAGMAs, transactions, refusal of bad files, migrations, append-only log, search."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.domain.errors import ProjectError, ValidationError
from annotator.domain.text import text_sha256
from annotator.storage import migrate
from annotator.storage.engine import make_engine
from annotator.storage.store import Store


def _doc(tx, text="héllo café world", title="t"):
    return tx.add_document(title=title, country=None, year=None, source_name="a.txt",
                           source_type="txt", text=text, sha256=text_sha256(text),
                           is_report=False, segs=[])


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.create(tmp_path / "p.annotator")
    yield s
    s.close()


@pytest.mark.sqlite_only("SQLite PRAGMAs (foreign_keys, WAL) of a project file")
def test_pragmas_on_every_connection(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_failed_action_rolls_back_everything(store: Store) -> None:
    before = store.dump()
    with pytest.raises(ValidationError):
        with store.begin() as tx:
            _doc(tx)
            tx.add_coder("a")
            tx.add_coder("a")  # refused: duplicate coder
    assert store.dump() == before


def test_foreign_keys_enforced(store: Store) -> None:
    with pytest.raises(ValidationError, match="broken reference"):
        with store.begin() as tx:
            tx.add_coding(document_id=99, start=0, end=1, code_id=1, coder_id=1)


def test_event_log_is_append_only(store: Store) -> None:
    with store.begin() as tx:
        tx.log("me", "x", "project", None, {})
    with pytest.raises(ValidationError, match="append-only"):
        with store.begin() as tx:
            tx.conn.exec_driver_sql("DELETE FROM events")


def test_document_text_is_immutable(store: Store) -> None:
    with store.begin() as tx:
        d = _doc(tx)
    with pytest.raises(ValidationError, match="immutable"):
        with store.begin() as tx:
            tx.conn.exec_driver_sql(f"UPDATE documents SET text='x' WHERE id={d.id}")
    with store.read() as tx:
        assert tx.document_text(d.id) == "héllo café world"


def test_search_is_diacritic_insensitive(store: Store) -> None:
    with store.begin() as tx:
        d = _doc(tx)
        _doc(tx, "nothing here", "other")
    with store.read() as tx:
        assert tx.search_documents("cafe") == [d.id]
        assert tx.search_documents("HELLO") == [d.id]
        assert tx.search_documents('"; DROP') == []


def test_check_reports_tampering(tmp_path: Path) -> None:
    s = Store.create(tmp_path / "p.annotator")
    with s.begin() as tx:
        d = _doc(tx)
    assert s.check() == []
    with s.engine.begin() as conn:
        conn.exec_driver_sql(f"UPDATE documents SET sha256='0' WHERE id={d.id}")
    assert any("hash" in p for p in s.check())
    s.close()


@pytest.mark.parametrize("content,msg", [
    (b"", "not a SQLite database"),
    (b"hello world" * 20, "not a SQLite database"),
])
def test_open_refuses_non_projects(tmp_path: Path, content: bytes, msg: str) -> None:
    f = tmp_path / "x.annotator"
    f.write_bytes(content)
    with pytest.raises(ProjectError, match=msg):
        Store.open(f)
    assert f.read_bytes() == content


def test_open_refuses_other_sqlite_databases(tmp_path: Path) -> None:
    f = tmp_path / "other.db"
    with sqlite3.connect(f) as c:
        c.execute("create table t(x)")
    before = f.read_bytes()
    with pytest.raises(ProjectError, match="another program"):
        Store.open(f)
    assert f.read_bytes() == before


def test_open_missing_and_folder(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="no such project"):
        Store.open(tmp_path / "nope.annotator")
    with pytest.raises(ProjectError, match="folder"):
        Store.open(tmp_path)


def test_create_refuses_existing(tmp_path: Path) -> None:
    f = tmp_path / "p.annotator"
    f.write_text("keep me")
    with pytest.raises(ProjectError, match="already exists"):
        Store.create(f)
    assert f.read_text() == "keep me"


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    s = Store.create(tmp_path / "p.annotator")
    with s.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num='9999'")
    s.close()
    with pytest.raises(ProjectError, match="newer version of annotator"):
        Store.open(tmp_path / "p.annotator")


def test_project_at_first_revision_upgrades_after_backup(tmp_path: Path) -> None:
    """A project created at the first schema revision opens, is backed up, and upgrades."""
    path = tmp_path / "old.annotator"
    engine = make_engine(path)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA application_id=1095650895")
        conn.commit()
    migrate.upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO project_meta VALUES ('uuid', 'u-1')")
        conn.exec_driver_sql(
            "INSERT INTO documents (uuid, title, source_name, source_type, sha256, chars, text, "
            "is_report, imported_at) VALUES ('d1', 'Old', 'a.txt', 'txt', 'x', 9, 'Café olé', 0,"
            " '2020-01-01 00:00:00')")
    engine.dispose()
    assert migrate.current_revision(make_engine(path)) == "0001"
    backups = tmp_path / "backups"
    s = Store.open(path, backup_dir=backups)
    assert migrate.current_revision(s.engine) == migrate.head_revision()
    with s.read() as tx:
        assert [d.title for d in tx.documents()] == ["Old"]
        assert tx.search_documents("cafe") == [1]  # index rebuilt for existing rows
    s.close()
    saved = list(backups.glob("*.annotator"))
    assert len(saved) == 1
    assert migrate.current_revision(make_engine(saved[0])) == "0001"


def test_fast_revision_lookup_agrees_with_alembic() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate._config())
    assert migrate.head_revision() == script.get_current_head()
    assert migrate.known_revisions() == {s.revision for s in script.walk_revisions()}
