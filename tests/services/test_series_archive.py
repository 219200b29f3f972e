"""The series archive unpacker: on demand, atomic, nothing outside the cache folder."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from annotator.services.series_archive import unpack


def _archive(path: Path, files: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:xz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_members_on_demand_then_everything(tmp_path: Path) -> None:
    arc = _archive(tmp_path / "s.tar.xz", {"html/2019/a.html": b"<p>a</p>",
                                           "html/2020/a.html": b"<p>aa</p>",
                                           "html/2020/b.html": b"<p>b</p>"})
    cache = tmp_path / "cache"
    root = unpack(arc, cache, ["html/2020/a.html"])
    assert (root / "html/2020/a.html").read_bytes() == b"<p>aa</p>"
    assert not (root / "html/2019/a.html").exists()
    # a truncated page (size known) is unpacked again; a complete one is left alone
    (root / "html/2020/a.html").write_bytes(b"<p>")
    unpack(arc, cache, ["html/2020/a.html"], {"html/2020/a.html": 9})
    assert (root / "html/2020/a.html").read_bytes() == b"<p>aa</p>"
    unpack(arc, cache)
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html")) == [
        "html/2019/a.html", "html/2020/a.html", "html/2020/b.html"]
    assert not list(root.rglob("*.part"))


def test_a_missing_member_is_named(tmp_path: Path) -> None:
    arc = _archive(tmp_path / "s.tar.xz", {"html/2019/a.html": b"a"})
    with pytest.raises(FileNotFoundError, match="html/2021/zz.html"):
        unpack(arc, tmp_path / "cache", ["html/2021/zz.html"])


def test_nothing_is_written_outside_the_cache(tmp_path: Path) -> None:
    arc = _archive(tmp_path / "s.tar.xz", {"../escaped.html": b"x", "html/ok.html": b"y"})
    with pytest.raises(tarfile.FilterError):
        unpack(arc, tmp_path / "cache")
    assert not (tmp_path / "escaped.html").exists()
