"""Reading and writing codebook files by extension, atomically."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from annotator.domain.codebook import Codebook
from annotator.domain.errors import InputError, ValidationError
from annotator.services.exchange import codebook_io
from annotator.services.exchange.codebook_io import (
    read_codebook, render_codebook, write_codebook,
)
from annotator.services.exchange.codebook_publish import Example


@pytest.mark.parametrize("ext", [".qdc", ".csv", ".json"])
def test_exchange_formats_round_trip_through_files(rich: Codebook, tmp_path: Path,
                                                   ext: str) -> None:
    path = tmp_path / f"my codebook{ext}"
    warnings = write_codebook(rich, path)
    assert (ext == ".json") == (warnings == [])
    result = read_codebook(path)
    assert result.codebook.nodes == rich.nodes
    assert result.codebook.name == ("Rich" if ext == ".json" else "my codebook")
    assert read_codebook(path, name="Given").codebook.name == "Given"
    assert list(tmp_path.iterdir()) == [path]  # no temporary files left behind


@pytest.mark.parametrize("ext", [".md", ".html", ".htm", ".docx"])
def test_publishable_formats_are_written(rich: Codebook, tmp_path: Path, ext: str) -> None:
    path = tmp_path / f"codebook{ext}"
    ex = {rich.nodes[1].uuid: [Example("A passage.", "Doc", "1.c")]}
    assert write_codebook(rich, path, ex, date=dt.date(2024, 1, 2)) == []
    assert path.stat().st_size > 500
    if ext != ".docx":
        text = path.read_text(encoding="utf-8")
        assert "2024-01-02" in text and "A passage." in text
    with pytest.raises(InputError, match="cannot import codebooks"):
        read_codebook(path)


def test_passages_are_reported_as_lost_in_exchange_formats(rich: Codebook) -> None:
    _, warnings = render_codebook(rich, "json", {rich.nodes[1].uuid: [Example("x", "d")]})
    assert warnings == ["coded passages are only included in .md, .html and .docx exports, "
                        "not in .json"]


def test_unknown_extensions_are_refused(rich: Codebook, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot export codebooks as .txt"):
        write_codebook(rich, tmp_path / "x.txt")
    (tmp_path / "x.xml").write_text("<a/>")
    with pytest.raises(InputError, match=r"x.xml: cannot import codebooks from .xml"):
        read_codebook(tmp_path / "x.xml")


def test_missing_file_and_reader_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="nothere.qdc: cannot read the file"):
        read_codebook(tmp_path / "nothere.qdc")
    bad = tmp_path / "broken.qdc"
    bad.write_bytes(b"<CodeBook")
    with pytest.raises(ValidationError, match="^broken.qdc: REFI-QDA codebook is not"):
        read_codebook(bad)


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(
        rich: Codebook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "codebook.json"
    target.write_text("previous content")
    os.chmod(target, 0o640)

    def boom(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(codebook_io.os, "replace", boom)
    with pytest.raises(InputError, match="No space left on device"):
        write_codebook(rich, target)
    assert target.read_text() == "previous content"
    assert list(tmp_path.iterdir()) == [target]
    monkeypatch.undo()
    write_codebook(rich, target)
    assert target.stat().st_mode & 0o777 == 0o640  # permissions of the old file are kept


def test_invalid_codebook_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="at least one code"):
        write_codebook(Codebook("empty"), tmp_path / "e.qdc")
    assert list(tmp_path.iterdir()) == []
