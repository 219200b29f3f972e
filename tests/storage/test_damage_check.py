"""Issue 11, damaged projects: ``annotator check`` never crashes and says what is wrong (page by
page, every missing table/trigger/index/FTS, dangling references, a suspicious WAL), names the
newest backup; ``check --repair`` rebuilds what holds no data; dangling codings show as
"(missing code)" everywhere."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator.services.project import Project
from annotator.storage import integrity

from tests.storage.damage_helpers import make_project, run  # noqa: E402

pytestmark = pytest.mark.sqlite_only("damage to a SQLite project file")


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("pristine") / "p.annotator")


@pytest.fixture
def project(pristine: Path, tmp_path: Path) -> Path:
    path = tmp_path / "p.annotator"
    shutil.copy(pristine, path)
    with Project.open(path):  # a routine backup exists, so messages can name it
        pass
    return path


def _sql(path: Path, *statements: str) -> None:
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys=OFF")
    for s in statements:
        con.execute(s)
    con.commit()
    con.close()


def _page_of(path: Path, table: str) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                           (table,)).fetchone()[0]
    finally:
        con.close()


def _corrupt_page(path: Path, page: int) -> None:
    with path.open("r+b") as fh:
        fh.seek((page - 1) * 4096 + 8)
        fh.write(b"\xde\xad" * 300)


def test_a_sound_project_is_ok(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, err = run(capsys, "check", project)
    assert rc == 0 and out.startswith("ok: 2 documents"), (out, err)


DAMAGE = {
    "events dropped": (["DROP TABLE events"], ["table events is missing",
                                               "trigger events_no_update on events is missing"]),
    "fts dropped": (["DROP TABLE documents_fts"], ["full-text search index (documents_fts) is "
                                                   "missing"]),
    "project_meta dropped": (["DROP TABLE project_meta"], ["table project_meta is missing"]),
    "triggers removed": (["DROP TRIGGER events_no_update", "DROP TRIGGER events_no_delete"],
                         ["trigger events_no_update on events is missing",
                          "trigger events_no_delete on events is missing"]),
    "index dropped": (["DROP INDEX ix_codings_code"], ["index ix_codings_code on codings is "
                                                       "missing"]),
    "fts out of step": (["DROP TRIGGER documents_fts_ai",
                         "INSERT INTO documents (uuid, title, source_name, source_type, sha256, "
                         "chars, text, is_report, imported_at) SELECT 'x', 'x', s, t, sha256, "
                         "chars, text, 0, imported_at FROM (SELECT source_name s, source_type t,"
                         " * FROM documents LIMIT 1)"],
                        ["out of step with the documents (1 missing"]),
    "marker removed": (["DELETE FROM alembic_version"], ["schema marker (table alembic_version) "
                                                         "is missing or empty"]),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_check_reports_and_repair_rebuilds(project: Path, capsys: pytest.CaptureFixture[str],
                                           damage: str) -> None:
    statements, expected = DAMAGE[damage]
    _sql(project, *statements)
    rc, out, err = run(capsys, "check", project)
    assert rc == 1 and "Traceback" not in err, err
    for e in expected:
        assert e in out, out
    assert "The newest backup is " in out and "annotator restore" in out, out
    assert "--repair" in out
    rc, out, err = run(capsys, "check", project, "--repair")
    assert rc == 0, (out, err)
    assert "repaired: " in out and "backup taken first" in out and "ok: " in out, out
    with Project.open(project, backup=False) as p:  # the project works again
        assert len(p.documents()) >= 2
        assert p.search("police")
        with p.read() as tx:
            assert len(tx.codings()) == 6


def test_repaired_metadata_keeps_the_uuid_its_backups_know(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from annotator.storage.walguard import project_uuid_of

    uuid = project_uuid_of(project)
    _sql(project, "DROP TABLE project_meta")
    assert run(capsys, "check", project, "--repair")[0] == 0
    assert project_uuid_of(project) == uuid


def test_corrupted_pages_are_reported_page_by_page(project: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    events, index = _page_of(project, "events"), _page_of(project, "ix_codings_code")
    _corrupt_page(project, events)
    _corrupt_page(project, index)
    rc, out, err = run(capsys, "check", project, "--json")
    assert rc == 1 and "Traceback" not in err, err
    report = json.loads(out)
    pages = [m for m in report["problems"] if m.startswith("sqlite: page ")]
    assert any(f"page {events}:" in m for m in pages), report
    assert any(f"page {index}:" in m for m in pages), report
    assert report["newest_backup"] and "annotator restore" in report["restore_hint"]
    # a command that meets the damage: one line naming the newest backup and the command
    rc, out, err = run(capsys, "log", project)
    assert rc == 1 and len(err.strip().splitlines()) == 1, err
    assert "damaged" in err and "annotator restore" in err


def test_an_unreadable_table_of_contents_still_gets_a_report(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _corrupt_page(project, 1 + 1)  # the first page after the header page
    with project.open("r+b") as fh:  # and the schema on page 1, past the 100-byte header
        fh.seek(120)
        fh.write(b"\xff" * 2000)
    rc, out, err = run(capsys, "check", project)
    assert rc == 1 and "Traceback" not in err and "problem:" in out, (out, err)
    rc, out, err = run(capsys, "documents", project)
    assert rc == 1 and "Traceback" not in err and "annotator restore" in err, err


@pytest.mark.parametrize("what", ["not sqlite", "other program", "empty"])
def test_files_that_are_no_project_are_reported(tmp_path: Path, what: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "x.annotator"
    if what == "not sqlite":
        f.write_bytes(b"hello" * 100)
    elif what == "other program":
        con = sqlite3.connect(f)
        con.execute("CREATE TABLE t(a)")
        con.commit()
        con.close()
    else:
        f.write_bytes(b"")
    rc, out, err = run(capsys, "check", f)
    assert rc == 1 and "problem:" in out and "Traceback" not in err, (out, err)


def test_a_coding_pointing_at_a_missing_code(project: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    _sql(project, "DELETE FROM codes WHERE name = 'Torture'")
    rc, out, err = run(capsys, "check", project)
    assert rc == 1 and "refers to a missing code (code_id" in out, out
    rc, out, err = run(capsys, "codings", project)
    assert rc == 0 and "(missing code)" in out and "Detention" in out, (out, err)
    rc, out, err = run(capsys, "codings", project, "--json")
    assert sum(r["code"] == "(missing code)" for r in json.loads(out)) == 3
    for fmt in ("codings-csv", "codings-xlsx", "qdpx", "matrix-code-document", "coded-html"):
        dest = tmp_path / f"out-{fmt}"
        rc, out, err = run(capsys, "export", project, "--format", fmt, "--out", dest)
        assert rc == 0 and dest.exists(), (fmt, err)
    assert "(missing code)" in (tmp_path / "out-codings-csv").read_text(encoding="utf-8-sig")
    rc, out, err = run(capsys, "check", project, "--repair")
    assert rc == 1 and "nothing here can be rebuilt" in out


def test_a_coding_pointing_at_a_missing_coder_or_document(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _sql(project, "DELETE FROM coders WHERE name = 'alice'",
         "DROP TRIGGER documents_fts_ad", "DELETE FROM documents WHERE id = 2")
    rc, out, err = run(capsys, "check", project)
    assert "refers to a missing coder" in out and "refers to a missing document" in out, out
    rc, out, err = run(capsys, "codings", project)
    assert rc == 0 and "(missing coder)" in out, (out, err)


def test_store_check_agrees_with_the_file_check(project: Path) -> None:
    _sql(project, "DROP TRIGGER events_no_delete")
    with Project.open(project, backup=False) as p:
        assert p.store.check() == [f.message for f in integrity.check_file(project)]
        assert any("events_no_delete" in m for m in p.store.check())
