"""Open a ``.qdpx`` (a zip) without trusting it.

Refused outright: member names that climb out of the archive (``../``, absolute paths, drive
letters), more than :data:`MAX_MEMBERS` members, a declared total above :data:`MAX_TOTAL`
bytes, and members that inflate more than :data:`MAX_RATIO` times. Reads are also capped while
they stream, since the sizes in a zip directory can lie.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

from annotator.domain.errors import InputError

MAX_TOTAL = 1024 ** 3  # 1 GB uncompressed
#: One member (project.qde, a source text) is read into memory whole: keep it well under 1 GB.
MAX_MEMBER = 128 * 1024 ** 2
MAX_RATIO = 200
MAX_MEMBERS = 100_000
_RATIO_FLOOR = 1024 * 1024  # tiny members may compress very well; judge ratios above 1 MB
_DRIVE = re.compile(r"^[A-Za-z]:")


class QdpxRejected(InputError):
    """The file cannot be imported at all (nothing was changed)."""


def unsafe_member(name: str) -> bool:
    """True for names that would land outside the archive folder if extracted."""
    if not name or "\x00" in name or name.startswith(("/", "\\")) or _DRIVE.match(name):
        return True
    parts = re.split(r"[\\/]", name)
    return any(p == ".." for p in parts)


class QdpxArchive:
    """A checked zip; members are looked up case-insensitively (some tools write
    ``Sources/`` or ``Project.qde``)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            self._zip = zipfile.ZipFile(self.path)
        except FileNotFoundError:
            raise QdpxRejected(f"{self.path}: no such file") from None
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise QdpxRejected(f"{self.path}: not a .qdpx file (not a readable zip archive: "
                               f"{exc})") from None
        infos = self._zip.infolist()
        if len(infos) > MAX_MEMBERS:
            raise QdpxRejected(f"{self.path}: the archive has {len(infos):,} members "
                               f"(at most {MAX_MEMBERS:,} are accepted)")
        total = 0
        self._by_name: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            if unsafe_member(info.filename):
                raise QdpxRejected(f"{self.path}: refused: the archive contains the path "
                                   f"{info.filename!r}, which points outside the archive "
                                   "(a 'zip slip' attack)")
            total += info.file_size
            if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(
                    info.compress_size, 1):
                raise QdpxRejected(f"{self.path}: refused: {info.filename!r} would expand "
                                   f"{info.file_size // max(info.compress_size, 1):,} times "
                                   f"(more than {MAX_RATIO}:1, a 'zip bomb')")
            if info.is_dir():
                continue
            key = posixpath.normpath(info.filename.replace("\\", "/")).lower()
            self._by_name.setdefault(key, info)
        if total > MAX_TOTAL:
            raise QdpxRejected(f"{self.path}: refused: the archive would expand to "
                               f"{total / 1024 ** 3:.1f} GB (the limit is "
                               f"{MAX_TOTAL // 1024 ** 3} GB)")
        self._read_total = 0

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> QdpxArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def find(self, name: str) -> str | None:
        """The member's real name for ``name`` (case-insensitive), or ``None``."""
        info = self._by_name.get(posixpath.normpath(name.replace("\\", "/")).lower())
        return info.filename if info else None

    def names(self) -> list[str]:
        return [i.filename for i in self._by_name.values()]

    def read(self, name: str) -> bytes:
        """The bytes of member ``name`` (as given by :meth:`find`), refusing bombs."""
        info = self._zip.getinfo(name)
        if info.file_size > MAX_MEMBER:
            raise QdpxRejected(f"{self.path}: refused: {name!r} would unpack to "
                               f"{info.file_size // 1024 ** 2:,} MB (the limit for one member "
                               f"is {MAX_MEMBER // 1024 ** 2} MB)")
        limit = info.file_size  # counted as it streams: a header that lies is caught below
        chunks: list[bytes] = []
        size = 0
        try:
            with self._zip.open(info) as member:
                while chunk := member.read(1 << 20):
                    size += len(chunk)
                    self._read_total += len(chunk)
                    if size > limit or self._read_total > MAX_TOTAL:
                        raise QdpxRejected(f"{self.path}: refused: {name!r} expands beyond its "
                                           "declared size (a 'zip bomb')")
                    chunks.append(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
            raise QdpxRejected(f"{self.path}: {name!r} cannot be read ({exc})") from None
        if size > _RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
            raise QdpxRejected(f"{self.path}: refused: {name!r} expands more than "
                               f"{MAX_RATIO}:1 (a 'zip bomb')")
        return b"".join(chunks)
