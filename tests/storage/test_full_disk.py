"""Issue 11, full disk: no traceback anywhere; committed work is reported as committed; a failed
checkpoint or backup is one warning and work goes on; no ``.part`` file is left behind.

Fault injection at each point is the main mechanism (it runs everywhere); one test repeats the
story on a real 2 MB tmpfs where the machine lets the test mount one (root)."""

from __future__ import annotations

import errno
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from annotator import paths
from annotator.domain.errors import ProjectError
from annotator.services import backups
from annotator.services.coding_commands import ApplyCode
from annotator.services.project import Project
from annotator.storage import db_errors, engine, notices

from tests.storage.damage_helpers import make_project, run  # noqa: E402

pytestmark = pytest.mark.sqlite_only("full-disk behaviour of a SQLite project file")

REPO = Path(__file__).resolve().parents[2]
DISK_FULL = "database or disk is full"


@pytest.fixture(autouse=True)
def _fresh_notices() -> None:
    notices.reset()


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "annotator.warnings"]


@pytest.mark.parametrize("error", [
    sqlite3.OperationalError(DISK_FULL),
    OperationalError("PRAGMA wal_checkpoint(TRUNCATE)", {}, sqlite3.OperationalError(DISK_FULL)),
    OSError(errno.ENOSPC, "No space left on device"),
], ids=["sqlite3", "sqlalchemy", "oserror"])
def test_failed_checkpoint_on_close_is_one_warning(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
        error: Exception) -> None:
    path = make_project(tmp_path / "p.annotator")

    def full(_engine: object) -> None:
        raise error

    monkeypatch.setattr("annotator.storage.store.checkpoint", full)
    caplog.set_level(logging.WARNING, logger="annotator.warnings")
    for _ in range(3):
        p = Project.open(path, backup=False)
        p.use_coder("bob")
        p.close()  # never raises
    said = _warnings(caplog)
    assert len(said) == 1, said
    assert "the disk is full" in said[0] and "-wal" in said[0]
    with Project.open(path, backup=False) as p:  # nothing committed was lost
        assert {c.name for c in p.coders()} >= {"alice", "bob"}


def test_cli_reports_a_committed_import_as_committed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_project(tmp_path / "p.annotator")
    src = tmp_path / "new.txt"
    src.write_text("A new report about detention.\n", encoding="utf-8")

    def full(_engine: object) -> None:
        raise OperationalError("PRAGMA", {}, sqlite3.OperationalError(DISK_FULL))

    monkeypatch.setattr("annotator.storage.store.checkpoint", full)
    rc, out, err = run(capsys, "import", path, src)
    assert rc == 0 and "imported" in out, (out, err)
    assert "Traceback" not in err and err.count("annotator: warning:") == 1, err
    for cmd in ("documents", "check"):
        rc, out, err = run(capsys, cmd, path)
        assert rc == 0 and "Traceback" not in err, (cmd, out, err)
    assert "new" in run(capsys, "documents", path)[1]


def test_a_write_refused_for_lack_of_space_is_one_clear_line() -> None:
    exc = OperationalError("INSERT", {}, sqlite3.OperationalError(DISK_FULL))
    err = db_errors.translate(exc)
    assert isinstance(err, ProjectError) and "disk" in str(err) and "full" in str(err)
    assert "not saved" in str(err)


class _FullBackupTarget:
    """``sqlite3`` as seen by ``sqlite_backup``: the copy writes part of the file, then the
    disk is full."""

    Error = sqlite3.Error

    @staticmethod
    def connect(*args: object, **kwargs: object) -> object:
        real = sqlite3.connect(*args, **kwargs)  # type: ignore[arg-type]
        if "mode=ro" not in str(args[0]):
            return real

        class Source:
            def backup(self, dest: sqlite3.Connection) -> None:
                real.backup(dest, pages=1)
                raise sqlite3.OperationalError(DISK_FULL)

            def close(self) -> None:
                real.close()

        return Source()


def test_backup_on_a_full_disk_warns_once_and_leaves_no_part_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    path = make_project(tmp_path / "p.annotator")
    monkeypatch.setattr(engine, "sqlite3", _FullBackupTarget)
    caplog.set_level(logging.WARNING, logger="annotator.warnings")
    for i in range(2):
        with Project.open(path) as p:  # opening for a change takes a backup: it fails
            assert p.backup() is None
            p.use_coder("bob")
            doc = p.documents()[0].id
            with p.read() as tx:
                code = next(c for c in tx.codes() if c.name == "Detention")
            p.execute(ApplyCode(doc, 300 + i * 10, 305 + i * 10, code.uuid))
    said = _warnings(caplog)
    assert len(said) == 1 and "could not back up" in said[0], said
    assert not list(paths.backups_dir().rglob("*.part*"))
    assert not list(paths.backups_dir().rglob("*.annotator"))
    with Project.open(path, backup=False) as p, p.read() as tx:
        assert len(tx.codings()) == 8


def test_stale_part_files_are_removed_on_the_next_run(tmp_path: Path) -> None:
    path = make_project(tmp_path / "p.annotator")
    folder = backups.folder_for(path)
    folder.mkdir(parents=True, exist_ok=True)
    stale = folder / "p-20200101T000000000000.open.annotator.part"
    fresh = folder / "p-20990101T000000000000.open.annotator.part"  # another process, now
    for f in (stale, fresh):
        f.write_bytes(b"half a copy")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    with Project.open(path):  # a run that writes
        pass
    assert not stale.exists() and fresh.exists()


XLSX_SCRIPT = textwrap.dedent("""
    import errno, sys, zipfile
    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")
    zipfile.ZipFile.writestr = full
    zipfile.ZipFile.write = full
    from annotator.cli import main
    sys.exit(main(sys.argv[1:]))
""")


@pytest.mark.parametrize("suffix", ["xlsx", "docx", "qdpx"])
def test_export_on_a_full_disk_is_one_line(tmp_path: Path, suffix: str) -> None:
    path = make_project(tmp_path / "p.annotator")
    out = tmp_path / f"out.{suffix}"
    proc = subprocess.run([sys.executable, "-c", XLSX_SCRIPT, "export", str(path), "--out",
                           str(out)], capture_output=True, text=True, cwd=REPO, check=False,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert proc.returncode == 1, proc.stderr
    assert lines == [f"annotator: error: cannot write {out}: the disk is full"], proc.stderr
    assert not [f for f in tmp_path.iterdir() if ".part" in f.name] and not out.exists()


# --- the same on a real, small, full file system ------------------------------------------------
@pytest.fixture
def tiny_disk(tmp_path: Path) -> Path:
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a 2 MB tmpfs needs root; the fault-injection tests above cover "
                    "the same points")
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mnt)],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({proc.stderr.strip()}); the fault-injection "
                    "tests above cover the same points")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], check=False)


def _cli(*argv: object, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "annotator", *map(str, argv)],
                          capture_output=True, text=True, cwd=REPO, check=False,
                          env={**os.environ, "ANNOTATOR_HOME": str(home),
                               "PYTHONPATH": str(REPO)})


def test_on_a_real_full_tmpfs(tiny_disk: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    path = make_project(tiny_disk / "p.annotator")
    texts = tmp_path / "texts"
    texts.mkdir()
    for i in range(6):
        (texts / f"r{i}.txt").write_text(f"Report {i}: police detained people. " * 4000)
    filler = tiny_disk / "filler"
    free = shutil.disk_usage(tiny_disk).free
    filler.write_bytes(b"\0" * max(0, free - 420_000))
    imp = _cli("import", path, texts, home=home)
    assert "Traceback" not in imp.stderr, imp.stderr
    imported = [ln for ln in imp.stdout.splitlines() if ln.startswith("imported ")]
    for cmd in ("documents", "check"):
        res = _cli(cmd, path, "--json", home=home)
        assert res.returncode == 0 and "Traceback" not in res.stderr, (cmd, res.stderr)
        assert res.stderr.count("warning") <= 1, res.stderr
    import json

    docs = json.loads(_cli("documents", path, "--json", home=home).stdout)
    assert len(docs) == 2 + len(imported)  # what was reported imported is there
    xlsx = _cli("export", path, "--out", tiny_disk / "out.xlsx", home=home)
    assert "Traceback" not in xlsx.stderr and "Exception ignored" not in xlsx.stderr
    if xlsx.returncode:
        assert xlsx.stderr.strip().splitlines()[-1].endswith("the disk is full"), xlsx.stderr
    # The backups folder on the full disk: writes still work, one warning, no .part left.
    filler.unlink()
    home2 = tiny_disk / "home"
    (tiny_disk / "fill2").write_bytes(b"\0" * max(0, shutil.disk_usage(tiny_disk).free - 8192))
    local = make_project(tmp_path / "q.annotator")
    for _ in range(2):
        res = _cli("code", local, 1, 0, 5, "Detention", "--coder", "bob", home=home2)
        assert res.returncode == 0 and "Traceback" not in res.stderr, res.stderr
        assert res.stderr.count("annotator: warning:") <= 1, res.stderr
    assert not list(home2.rglob("*.part*"))


def test_a_project_on_a_completely_full_tmpfs_says_so(tiny_disk: Path, tmp_path: Path) -> None:
    path = tiny_disk / "p.annotator"
    shutil.copy(make_project(tmp_path / "p.annotator"), path)
    (tiny_disk / "filler").write_bytes(b"\0" * shutil.disk_usage(tiny_disk).free)
    home = tmp_path / "home"
    docs = _cli("documents", path, home=home)
    assert docs.returncode == 1 and docs.stderr.count("\n") == 1, docs.stderr
    assert "the disk is full" in docs.stderr
    check = _cli("check", path, home=home)
    assert "Traceback" not in check.stderr and "disk holding the project is full" in check.stdout
