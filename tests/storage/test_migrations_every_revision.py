"""Issue 11, migrations: a project made at every earlier schema revision (found from the
migration scripts, so a new revision is covered without editing this test), with data, upgrades
to the newest with its data intact; a marker behind the real tables is repaired; a marker that
matches no revision gets a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.errors import DamagedProjectError, ProjectError
from annotator.services.project import Project
from annotator.storage import migrate
from annotator.storage.engine import APPLICATION_ID, make_engine

from tests.storage.damage_helpers import make_project, run  # noqa: E402

pytestmark = pytest.mark.sqlite_only("schema upgrades of SQLite project files")

EARLIER = sorted(migrate.known_revisions())[:-1]

# Rows every revision since 0001 can hold (the 0001 tables keep their columns).
SEED = [
    "INSERT INTO project_meta VALUES ('uuid', 'u-old'), ('name', 'old'), "
    "('created_at', '2020-01-01T00:00:00+00:00')",
    "INSERT INTO coders (id, uuid, name, role, is_gold, created_at) VALUES "
    "(1, 'c1', 'alice', 'owner', 0, '2020-01-01 00:00:00')",
    "INSERT INTO documents (id, uuid, title, source_name, source_type, sha256, chars, text, "
    "is_report, imported_at) VALUES (1, 'd1', 'Old report', 'a.txt', 'txt', "
    "'{sha}', {chars}, '{text}', 0, '2020-01-01 00:00:00')",
    "INSERT INTO codes (id, uuid, name, attributes, created_at, modified_at) VALUES "
    "(1, 'k1', 'Detention', '[]', '2020-01-01 00:00:00', '2020-01-01 00:00:00')",
    "INSERT INTO codings (id, uuid, document_id, code_id, coder_id, start, \"end\", memo, "
    "attributes, created_at, modified_at) VALUES (1, 'g1', 1, 1, 1, 0, 6, 'a memo', '{{}}', "
    "'2020-01-01 00:00:00', '2020-01-01 00:00:00')",
    "INSERT INTO events (uuid, at, actor, action, entity_type, entity_uuid, payload) VALUES "
    "('e1', '2020-01-01 00:00:00', 'alice', 'coding.add', 'coding', 'g1', '{{}}')",
]
TEXT = "Police detained protesters in Almaty; café owners were beaten."


def _project_at(path: Path, revision: str) -> None:
    from annotator.domain.text import text_sha256

    engine = make_engine(path)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
            conn.commit()
        migrate.upgrade(engine, revision)
        with engine.begin() as conn:
            for sql in SEED:
                conn.exec_driver_sql(sql.format(sha=text_sha256(TEXT), chars=len(TEXT),
                                                text=TEXT))
    finally:
        engine.dispose()


def test_every_earlier_revision_is_covered() -> None:
    assert EARLIER and EARLIER[0] == "0001"
    assert len(EARLIER) == len(migrate.known_revisions()) - 1


@pytest.mark.parametrize("revision", EARLIER)
def test_a_project_at_an_earlier_revision_upgrades_with_its_data(
        tmp_path: Path, revision: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / f"r{revision}.annotator"
    _project_at(path, revision)
    assert migrate.current_revision(make_engine(path)) == revision
    with Project.open(path) as p:
        assert migrate.current_revision(p.store.engine) == migrate.head_revision()
        assert [d.title for d in p.documents()] == ["Old report"]
        assert p.text(1) == TEXT
        assert [c.name for c in p.coders()] == ["alice"]
        with p.read() as tx:
            [coding] = tx.codings()
            assert (coding.start, coding.end, coding.memo) == (0, 6, "a memo")
            assert [c.name for c in tx.codes()] == ["Detention"]
            assert len(tx.events()) == 1
            assert tx.meta()["uuid"] == "u-old"
        assert [h.document_id for h in p.search("cafe")] == [1]  # search index built
    assert run(capsys, "check", path)[0] == 0
    upgrades = [f for f in path.parent.parent.rglob("*.before-upgrade.annotator")] + \
        [f for f in _backups().rglob("*.before-upgrade.annotator")]
    assert upgrades, "a backup is taken before the upgrade"


def _backups() -> Path:
    from annotator import paths

    return paths.backups_dir()


def test_an_upgrade_waits_for_another_programs_write(tmp_path: Path) -> None:
    """Another program writes while the upgrade starts: the upgrade takes the write lock before
    it reads anything, so it waits and then runs, instead of failing on a stale read."""
    import sqlite3
    import threading
    import time

    path = tmp_path / "old.annotator"
    _project_at(path, EARLIER[-1])
    holding, done = threading.Event(), threading.Event()

    def other_program() -> None:
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO coders (uuid, name, role, is_gold, created_at) VALUES "
                   "('c2', 'bob', 'coder', 0, '2020-01-02 00:00:00')")
        holding.set()
        time.sleep(0.4)
        db.execute("COMMIT")
        db.close()
        done.set()

    t = threading.Thread(target=other_program)
    t.start()
    assert holding.wait(10)
    engine = make_engine(path)
    try:
        migrate.upgrade(engine)
        assert done.is_set()  # it waited for the other program
        assert migrate.current_revision(engine) == migrate.head_revision()
    finally:
        engine.dispose()
        t.join()
    with Project.open(path, backup=False) as p:
        assert sorted(c.name for c in p.coders()) == ["alice", "bob"]


@pytest.mark.parametrize("marker", EARLIER)
def test_a_marker_behind_its_tables_is_repaired_on_open(
        tmp_path: Path, marker: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = make_project(tmp_path / "p.annotator")
    engine = make_engine(path)
    migrate.stamp(engine, marker)  # "table assignments already exists" before this fix
    engine.dispose()
    for cmd in ("documents", "codings", "check"):
        rc, out, err = run(capsys, cmd, path)
        assert rc == 0 and "Traceback" not in err, (cmd, out, err)
    assert migrate.current_revision(make_engine(path)) == migrate.head_revision()


@pytest.mark.parametrize("marker", ["abcd", "0002x", ""])
def test_a_marker_matching_no_revision_gets_a_clear_message(
        tmp_path: Path, marker: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = make_project(tmp_path / "p.annotator")
    engine = make_engine(path)
    migrate.stamp(engine, marker)
    engine.dispose()
    with pytest.raises(DamagedProjectError, match="matches no known revision"):
        Project.open(path, backup=False)
    rc, out, err = run(capsys, "documents", path)
    assert rc == 1 and "matches no known revision" in err and "annotator restore" in err.replace(
        "No backup of it was found", "annotator restore"), err
    rc, out, err = run(capsys, "check", path, "--repair")
    assert rc == 0 and "schema marker set to" in out, (out, err)
    assert run(capsys, "documents", path)[0] == 0


def test_a_newer_marker_asks_for_an_update(tmp_path: Path) -> None:
    path = make_project(tmp_path / "p.annotator")
    engine = make_engine(path)
    migrate.stamp(engine, "9999")
    engine.dispose()
    with pytest.raises(ProjectError, match="newer version of annotator"):
        Project.open(path, backup=False)


def test_tables_matching_no_revision_are_refused_without_change(tmp_path: Path) -> None:
    path = make_project(tmp_path / "p.annotator")
    engine = make_engine(path)
    migrate.stamp(engine, EARLIER[-1])
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE assignments_extra (a)")
        conn.exec_driver_sql("DROP TABLE adjudications")
    engine.dispose()
    with pytest.raises(DamagedProjectError, match="upgrade from"):
        Project.open(path, backup=False)
    assert migrate.current_revision(make_engine(path)) == EARLIER[-1]
