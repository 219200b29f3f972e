"""``annotator import`` and ``text`` with hostile input (issue 11): one line per refusal, names
with escapes, empty folders, no terminal control characters on a terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.fixture
def project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    f = tmp_path / "p.annotator"
    assert run(capsys, "new", str(f))[0] == 0
    return f


def test_each_refusal_is_printed_once(project: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    rc, out, err = run(capsys, "import", str(project), str(bad))
    assert rc == 1
    assert err.count("bad.docx") == 1 and err.count("\n") == 1, err
    assert err.startswith("annotator: error: ")
    assert out.strip() == "0 imported, 0 duplicates skipped, 1 failed"


def cli(*argv: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "annotator", *argv], capture_output=True,
                          check=False)


@pytest.fixture
def file_project(tmp_path: Path) -> Path:
    """A project file made by another process (so a project file on every test backend)."""
    f = tmp_path / "file.annotator"
    assert cli("new", str(f)).returncode == 0
    return f


def test_names_print_with_escapes_and_no_traceback(file_project: Path, tmp_path: Path) -> None:
    project = file_project
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9.txt")).write_bytes(b"A text about a cafe.\n")
    (folder / "new\nline.txt").write_bytes(b"\x00" * 50)
    proc = cli("import", str(project), str(folder))
    out, err = proc.stdout.decode(), proc.stderr.decode()
    assert "Traceback" not in err
    assert proc.returncode == 1
    assert "imported 1: caf\ufffd (" in out
    assert err.splitlines() == [f"annotator: error: {folder}/new\\nline.txt: binary file, not text"]


def test_an_empty_folder_is_an_error(project: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    rc, _out, err = run(capsys, "import", str(project), str(tmp_path / "empty"))
    assert rc == 1
    assert err == f"annotator: error: no importable files in {tmp_path / 'empty'}\n"


def _on_terminal(*argv: str) -> bytes:
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "annotator", *argv], stdout=follower,
                            stderr=subprocess.PIPE)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks)


def test_text_never_emits_terminal_controls_on_a_terminal(file_project: Path,
                                                          tmp_path: Path) -> None:
    project = file_project
    hostile = "\x1b]0;owned\x07\x1b[2J\x9b31m " + "Plain words about the report. " * 5
    f = tmp_path / "controls.txt"
    f.write_text(hostile, encoding="utf-8")
    assert cli("import", str(project), str(f)).returncode == 0
    shown = _on_terminal("text", str(project), "1")
    assert b"\x1b" not in shown and b"\x07" not in shown and "\x9b".encode() not in shown
    assert b"\\x1b]0;owned\\x07\\x1b[2J\\x9b31m Plain words" in shown
    shown = _on_terminal("search", str(project), "owned")
    assert b"\x1b" not in shown and b"\\x1b]0;" in shown
    # a pipe gets the exact text
    piped = cli("text", str(project), "1")
    assert piped.returncode == 0 and piped.stdout.decode().startswith(hostile)
