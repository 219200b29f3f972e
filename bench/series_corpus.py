"""The 2016–2021 Country Reports series (``../shared/corpus/series``), unpacked on demand.

The archive is unpacked into a cache folder, never the repository: ``$ANNOTATOR_CACHE/series``
when set, else the user cache folder (platformdirs). Only the members asked for are unpacked;
a file already there (same size as in the manifest) is not unpacked again. Used by
``bench/bench_series.py`` and the series tests.
"""

from __future__ import annotations

import os
import tarfile
from pathlib import Path

from bench._harness import CORPUS

SERIES = CORPUS / "series"
ARCHIVE = SERIES / "state-dept-html-2016-2021.tar.xz"
MANIFEST = SERIES / "MANIFEST.tsv"


def available() -> str | None:
    """Why the series cannot be used (``None`` when it can)."""
    if not ARCHIVE.is_file() or not MANIFEST.is_file():
        return f"series archive not found at {ARCHIVE} (set ANNOTATOR_SHARED)"
    return None


def cache_dir() -> Path:
    env = os.environ.get("ANNOTATOR_CACHE")
    if env:
        root = Path(env)
    else:
        from platformdirs import user_cache_dir

        root = Path(user_cache_dir("annotator", appauthor=False))
    out = root / "series"
    out.mkdir(parents=True, exist_ok=True)
    return out


def manifest() -> dict[tuple[int, str], int]:
    """(year, country slug) -> size in bytes."""
    out = {}
    for line in MANIFEST.read_text(encoding="utf-8").splitlines()[1:]:
        year, country, size, _sha = line.split("\t")
        out[(int(year), country)] = int(size)
    return out


def member(year: int, country: str) -> str:
    return f"html/{year}/{country}.html"


def unpack(wanted: list[tuple[int, str]]) -> dict[tuple[int, str], Path]:
    """Paths of the wanted pages, unpacking those not yet in the cache (one pass)."""
    sizes = manifest()
    root = cache_dir()
    paths = {w: root / member(*w) for w in wanted}
    missing = {member(*w) for w, p in paths.items()
               if not (p.is_file() and p.stat().st_size == sizes.get(w, -1))}
    if missing:
        with tarfile.open(ARCHIVE, "r:xz") as tar:
            for info in tar:
                if info.name in missing and info.isfile():
                    _write_atomically(tar, info, root / info.name)
                    missing.discard(info.name)
                    if not missing:
                        break
    if missing:
        raise FileNotFoundError(f"not in the series archive: {sorted(missing)[:3]}")
    return paths


def _write_atomically(tar: tarfile.TarFile, info: tarfile.TarInfo, dest: Path) -> None:
    """Unpack one page via a private temporary name, then rename: two test workers
    unpacking the same page never see half a file."""
    src = tar.extractfile(info)
    if src is None:
        raise FileNotFoundError(info.name)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.part")
    with src, tmp.open("wb") as out:
        out.write(src.read())
    os.replace(tmp, dest)


def countries_with(years: list[int]) -> list[str]:
    """Countries with a report in every one of ``years``, sorted."""
    sizes = manifest()
    by_country: dict[str, set[int]] = {}
    for (y, c) in sizes:
        by_country.setdefault(c, set()).add(y)
    return sorted(c for c, ys in by_country.items() if set(years) <= ys)
