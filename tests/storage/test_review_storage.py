"""Revision 0003: assignments and adjudication records; upgrading a 0002 project."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.errors import ValidationError
from annotator.domain.text import text_sha256
from annotator.storage import migrate
from annotator.storage.engine import make_engine
from annotator.storage.store import Store


def _doc(tx, text="Some text here."):  # type: ignore[no-untyped-def]
    return tx.add_document(title="t", country=None, year=None, source_name="a.txt",
                           source_type="txt", text=text, sha256=text_sha256(text),
                           is_report=False, segs=[])


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.create(tmp_path / "p.annotator")
    yield s
    s.close()


def test_project_at_0002_upgrades_to_0003(tmp_path: Path) -> None:
    path = tmp_path / "old.annotator"
    engine = make_engine(path)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA application_id=1095650895")
        conn.commit()
    migrate.upgrade(engine, "0002")
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO project_meta VALUES ('uuid', 'u-2')")
        conn.exec_driver_sql(
            "INSERT INTO documents (uuid, title, source_name, source_type, sha256, chars, text, "
            "is_report, imported_at) VALUES ('d1', 'Old', 'a.txt', 'txt', 'x', 3, 'abc', 0,"
            " '2020-01-01 00:00:00')")
        conn.exec_driver_sql("INSERT INTO coders (uuid, name, role, is_gold, created_at) "
                             "VALUES ('c1', 'ann', 'coder', 0, '2020-01-01 00:00:00')")
    engine.dispose()
    s = Store.open(path, backup_dir=tmp_path / "backups")
    assert migrate.current_revision(s.engine) == migrate.head_revision() >= "0003"
    with s.begin() as tx:
        tx.put_assignment(1, 1, blind=True)
        tx.put_adjudication({"document_id": 1, "start": 0, "end": 3, "code_uuid": "x",
                             "decision": "reject", "sources": [], "gold_coding_uuids": [],
                             "decided_by": "ann"})
    with s.read() as tx:
        assert tx.assignment(1, 1)["blind"] is True
        assert [r["decision"] for r in tx.adjudications()] == ["reject"]
    assert not [p for p in s.check() if "hash" not in p]  # the fake row has a fake hash
    s.close()


def test_assignment_is_unique_per_document_and_coder(store: Store) -> None:
    with store.begin() as tx:
        d = _doc(tx)
        c = tx.add_coder("ann")
        tx.put_assignment(d.id, c.id, blind=True)
        tx.put_assignment(d.id, c.id, blind=False, done=True)  # overwrites
    with store.read() as tx:
        rows = tx.assignments()
    assert len(rows) == 1 and rows[0]["blind"] is False and rows[0]["done"] is True
    with pytest.raises(ValidationError, match="duplicate"):
        with store.begin() as tx:
            tx.conn.exec_driver_sql(
                f"INSERT INTO assignments (document_id, coder_id, blind, done, assigned_at) "
                f"VALUES ({d.id}, {c.id}, TRUE, FALSE, '2020-01-01')")


def test_deleting_a_document_removes_its_assignments_and_records(store: Store) -> None:
    with store.begin() as tx:
        d = _doc(tx)
        c = tx.add_coder("ann")
        tx.put_assignment(d.id, c.id)
        tx.put_adjudication({"document_id": d.id, "start": 0, "end": 4, "code_uuid": "x",
                             "decision": "union", "sources": [], "gold_coding_uuids": [],
                             "decided_by": "ann"})
        tx.delete_document(d.id)
    with store.read() as tx:
        assert tx.assignments() == [] and tx.adjudications() == []


def test_adjudication_record_outlives_its_coder(store: Store) -> None:
    with store.begin() as tx:
        d = _doc(tx)
        c = tx.add_coder("ann")
        tx.put_assignment(d.id, c.id)
        src = [{"coder": "ann", "coder_uuid": c.uuid, "coding_uuid": "k", "start": 0, "end": 4,
                "code_uuid": "x"}]
        tx.put_adjudication({"uuid": "a1", "document_id": d.id, "start": 0, "end": 4,
                             "code_uuid": "x", "decision": "accept:ann", "sources": src,
                             "gold_coding_uuids": [], "decided_by": "judge"})
        tx.delete_coder(c.id)
    with store.read() as tx:
        assert tx.coder_by_name("ann") is None
        assert tx.assignments() == []
        assert tx.adjudication("a1")["sources"][0]["coder"] == "ann"
