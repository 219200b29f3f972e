"""Exports are written completely or not at all, with a one-line reason on failure."""

from __future__ import annotations

import errno
import gc
import os
import zipfile
from pathlib import Path

import pytest

from annotator.services.exporting import atomic
from annotator.services.exporting.atomic import ExportError
from annotator.services.exporting.dispatch import FORMATS, run_export
from annotator.services.project import Project


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != "keep.txt")


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


def test_unwritable_folder(project: Project, tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):  # running as root: the mode does not stop us
            def refuse(*args: object, **kwargs: object) -> object:
                raise PermissionError(errno.EACCES, "Permission denied")
            monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
        with pytest.raises(ExportError) as info:
            run_export(project, "codings-csv", folder / "out.csv")
    finally:
        folder.chmod(0o755)
    message = str(info.value)
    assert message == f"cannot write {folder / 'out.csv'}: permission denied"
    assert "\n" not in message
    assert list(folder.iterdir()) == []


def test_missing_folder(project: Project, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="the folder does not exist"):
        run_export(project, "codings-csv", tmp_path / "nope" / "out.csv")


def test_target_that_is_a_folder(project: Project, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="it is a folder"):
        run_export(project, "codings-csv", tmp_path)


class _FullDisk:
    """A file object that fails like a full disk after a few bytes."""

    def __init__(self, real: object) -> None:
        self.real = real
        self.written = 0

    def write(self, data: object) -> int:
        self.written += len(data)  # type: ignore[arg-type]
        if self.written > 50:
            raise OSError(errno.ENOSPC, "No space left on device")
        return self.real.write(data)  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self.real, name)


@pytest.mark.parametrize("fmt", ["codings-csv", "evidence", "coded-html"])
def test_full_disk_on_text_exports(project: Project, out_dir: Path,
                                   monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    keep = out_dir / "keep.txt"
    keep.write_text("x")
    target = out_dir / "out.file"
    target.write_text("previous export")
    real_open = open
    monkeypatch.setattr(atomic, "open", lambda *a, **k: _FullDisk(real_open(*a, **k)),
                        raising=False)
    with pytest.raises(ExportError) as info:
        run_export(project, fmt, target)
    assert str(info.value) == f"cannot write {target}: the disk is full"
    assert target.read_text() == "previous export"  # the old file is untouched
    assert _leftovers(out_dir) == ["out.file"]  # no temporary file left behind


# openpyxl's streaming writer complains when its zip write fails; that is expected here.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("fmt", ["qdpx", "codings-xlsx", "coded-docx"])
def test_full_disk_on_zip_exports(project: Project, out_dir: Path,
                                  monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "writestr", full)
    target = out_dir / "out.bin"
    with pytest.raises(ExportError, match="the disk is full$"):
        run_export(project, fmt, target)
    gc.collect()  # let openpyxl's abandoned writers complain inside this test
    assert list(out_dir.iterdir()) == []


def test_every_format_writes_a_file(project: Project, out_dir: Path) -> None:
    for fmt in FORMATS:
        out = out_dir / f"out-{fmt}"
        run_export(project, fmt, out)
        assert out.stat().st_size > 0, fmt
        assert oct(out.stat().st_mode & 0o777) == oct(0o644)
    assert len(list(out_dir.iterdir())) == len(FORMATS)  # no temporary files
