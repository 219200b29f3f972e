"""Issue 11, backups you can restore: listing (time, size, why), restoring to a new file (never
over an existing one without --force, which keeps the old file beside it), a copy before crash
recovery, and a foreign or stale ``-wal`` that is never replayed."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from annotator.services import backups
from annotator.services.project import Project
from annotator.storage import walguard

from tests.storage.damage_helpers import make_project, run  # noqa: E402

pytestmark = pytest.mark.sqlite_only("backups and write-ahead logs of a SQLite project file")
REPO = Path(__file__).resolve().parents[2]


def _docs(path: Path) -> list[str]:
    with Project.open(path, backup=False) as p:
        return [d.title for d in p.documents()]


def test_backups_are_listed_with_time_size_and_why(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = make_project(tmp_path / "p.annotator")
    assert run(capsys, "backups", path)[1].startswith("no backups of")
    for _ in range(2):
        with Project.open(path):
            pass
    rc, out, _ = run(capsys, "backups", path)
    assert rc == 0 and out.count("routine, on opening for a change") == 2, out
    assert "annotator restore" in out
    listed = json.loads(run(capsys, "backups", path, "--json")[1])
    assert [b["why"] for b in listed] == ["open", "open"]
    assert listed[0]["time"] > listed[1]["time"] and listed[0]["size"] > 0


def test_routine_backups_roll_but_rescue_copies_stay(tmp_path: Path) -> None:
    path = make_project(tmp_path / "p.annotator")
    assert backups.copy_file_backup(path, "before-repair") is not None
    for _ in range(backups.KEEP + 2):
        with Project.open(path):
            pass
    kinds = [b.why for b in backups.list_backups(path)]
    assert kinds.count("open") == backups.KEEP and kinds.count("before-repair") == 1


def test_restore_to_a_new_file_and_never_over_one_without_force(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = make_project(tmp_path / "p.annotator")
    with Project.open(path):
        pass
    sqlite3.connect(path).execute("PRAGMA foreign_keys=OFF").connection.close()
    con = sqlite3.connect(path)
    con.execute("DROP TABLE events")
    con.commit()
    con.close()
    damaged = path.read_bytes()
    newest = backups.newest(path)
    assert newest is not None
    out = tmp_path / "restored.annotator"
    rc, text, err = run(capsys, "restore", path, newest.path.name, "--out", out)
    assert rc == 0 and "restored" in text, err
    assert _docs(out) == ["doc 0", "doc 1"]
    assert run(capsys, "check", out)[0] == 0
    # over an existing file: refused, nothing changed
    rc, text, err = run(capsys, "restore", path, "newest")
    assert rc == 1 and "already exists" in err and "--force" in err
    assert path.read_bytes() == damaged
    # with --force: restored in place, the damaged file kept beside it
    rc, text, err = run(capsys, "restore", path, "newest", "--force")
    assert rc == 0 and "kept as" in text, err
    kept = [f for f in tmp_path.iterdir() if ".damaged-" in f.name]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged
    assert run(capsys, "check", path)[0] == 0


def test_restore_refuses_unknown_backups(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    path = make_project(tmp_path / "p.annotator")
    rc, _, err = run(capsys, "restore", path, "nope.annotator", "--out", tmp_path / "n.annotator")
    assert rc == 1 and "no such backup" in err
    rc, _, err = run(capsys, "restore", path, "newest", "--out", tmp_path / "n.annotator")
    assert rc == 1 and "no backups" in err


CRASH = textwrap.dedent("""
    import os, sys
    from annotator.services.project import Project
    from annotator.services.codebook_commands import AddCode
    p = Project.open(sys.argv[1], backup=False)
    p.use_coder("carol")
    p.execute(AddCode(sys.argv[2]))
    os._exit(137)  # a crash: the work sits in the -wal
""")


def _crash(path: Path, code: str) -> None:
    proc = subprocess.run([sys.executable, "-c", CRASH, str(path), code], cwd=REPO,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, check=False,
                          capture_output=True, text=True)
    assert proc.returncode == 137, proc.stderr
    assert walguard.pending_wal(path) is not None


def test_crash_recovery_copies_the_project_and_its_wal_first(tmp_path: Path) -> None:
    path = make_project(tmp_path / "p.annotator")
    _crash(path, "Censorship")
    with Project.open(path, backup=False) as p, p.read() as tx:  # replayed: nothing lost
        assert "Censorship" in {c.name for c in tx.codes()}
    saved = [b for b in backups.list_backups(path) if b.why == "crash-recovery"]
    assert len(saved) == 1
    assert walguard.wal_path(saved[0].path).exists()
    with Project.open(saved[0].path, backup=False) as p, p.read() as tx:  # the copy replays too
        assert "Censorship" in {c.name for c in tx.codes()}


def test_a_live_wal_is_left_alone(tmp_path: Path) -> None:
    path = make_project(tmp_path / "p.annotator")
    with Project.open(path, backup=False) as p:
        p.use_coder("dan")  # writes: the WAL is live
        assert backups.guard_wal(path) is None
    assert not backups.list_backups(path)


def _foreign_wal(tmp_path: Path, path: Path) -> None:
    other = tmp_path / "other.db"
    code = textwrap.dedent(f"""
        import os, sqlite3
        c = sqlite3.connect({str(other)!r})
        c.execute("PRAGMA journal_mode=WAL")
        c.execute("PRAGMA application_id=7")
        c.execute("CREATE TABLE notes(a)")
        c.execute("INSERT INTO notes VALUES (1)")
        c.commit()
        os._exit(0)
    """)
    subprocess.run([sys.executable, "-c", code], check=True)
    shutil.copy(str(other) + "-wal", walguard.wal_path(path))


def test_a_foreign_wal_is_never_replayed(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    path = make_project(tmp_path / "p.annotator")
    before = path.read_bytes()
    _foreign_wal(tmp_path, path)
    rc, out, err = run(capsys, "check", path)
    assert rc == 1 and "suspicious write-ahead log" in out and "another program" in out, out
    assert path.read_bytes() == before and walguard.pending_wal(path)  # check changed nothing
    rc, out, err = run(capsys, "documents", path)  # a read-only command
    assert rc == 0 and "doc 0" in out, err
    assert "did not belong to it" in err and err.count("warning") == 1
    assert walguard.pending_wal(path) is None
    aside = [f for f in backups.folder_for(path).iterdir() if f.name.endswith(".annotator-wal")]
    assert len(aside) == 1
    assert run(capsys, "check", path)[0] == 0


def test_a_stale_wal_of_another_project_is_not_replayed(tmp_path: Path) -> None:
    a = make_project(tmp_path / "a.annotator")
    b = make_project(tmp_path / "b.annotator")
    _crash(b, "Only in b")
    shutil.copy(walguard.wal_path(b), walguard.wal_path(a))
    verdict = walguard.verify(a)
    # b's log rewrote b's metadata page? Then it is refused outright; if not, replaying it
    # must at least leave a sound file that is still project a.
    if verdict.belongs:
        with Project.open(a, backup=False) as p:
            assert p.store.check() == []
    else:
        with Project.open(a, backup=False) as p, p.read() as tx:
            assert "Only in b" not in {c.name for c in tx.codes()}
    assert walguard.project_uuid_of(a) != walguard.project_uuid_of(b)


def test_a_burst_of_backups_keeps_the_last_one_of_earlier_days(tmp_path: Path) -> None:
    path = make_project(tmp_path / "p.annotator")
    folder = backups.folder_for(path)
    folder.mkdir(parents=True, exist_ok=True)
    for day in ("20261101", "20261102", "20261102"):  # older, sound backups
        stamp = f"{day}T1200000000{len(list(folder.iterdir())):02d}"
        shutil.copy(path, folder / f"p-{stamp}.open.annotator")
    for _ in range(backups.KEEP + 3):  # then many today (e.g. a damaged file, every command)
        with Project.open(path):
            pass
    days = {b.when.date().isoformat() for b in backups.list_backups(path)}
    assert {"2026-11-01", "2026-11-02"} <= days
    assert len(backups.list_backups(path)) == backups.KEEP + 2
