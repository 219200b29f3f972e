"""The Country Reports series archive (``html/<year>/<country>.html`` in one ``.tar.xz``),
unpacked into a cache folder on demand, never into the repository.

One implementation for everyone who reads the series (the model training, the benchmarks, the
series tests): members are written one at a time through a private temporary name and then
renamed, so two processes unpacking the same page never see half a file; a page already in the
cache (with the expected size, when the caller knows it) is not unpacked again. Member names
are checked as :func:`tarfile.data_filter` does: nothing is written outside the cache folder.
"""

from __future__ import annotations

import os
import tarfile
from collections.abc import Iterable
from pathlib import Path


def unpack(archive: Path, cache_dir: Path, members: Iterable[str] | None = None,
           sizes: dict[str, int] | None = None) -> Path:
    """Unpack ``members`` of ``archive`` (every file when ``None``) under ``cache_dir``;
    ``sizes`` (member → bytes) tells which cached files are complete. Returns ``cache_dir``.
    Raises FileNotFoundError naming members the archive does not hold."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    marker = cache_dir / f".unpacked-{archive.stat().st_size}"
    if members is None and marker.exists():
        return cache_dir
    sizes = sizes or {}

    def have(name: str) -> bool:
        p = cache_dir / name
        return p.is_file() and (name not in sizes or p.stat().st_size == sizes[name])

    wanted = None if members is None else {m for m in members if not have(m)}
    if wanted is None or wanted:
        with tarfile.open(archive, "r:xz") as tar:
            for info in tar:
                if not info.isfile() or (wanted is not None and info.name not in wanted):
                    continue
                if wanted is None and have(info.name):
                    continue
                tarfile.data_filter(info, str(cache_dir))  # refuses names leaving the folder
                _write_atomically(tar, info, cache_dir / info.name)
                if wanted is not None:
                    wanted.discard(info.name)
                    if not wanted:
                        break
    if wanted:
        raise FileNotFoundError(f"not in the series archive: {sorted(wanted)[:3]}")
    if members is None:
        marker.write_text("ok")
    return cache_dir


def _write_atomically(tar: tarfile.TarFile, info: tarfile.TarInfo, dest: Path) -> None:
    src = tar.extractfile(info)
    if src is None:
        raise FileNotFoundError(info.name)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.part")
    with src, tmp.open("wb") as out:
        out.write(src.read())
    os.replace(tmp, dest)
