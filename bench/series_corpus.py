"""The 2016–2021 Country Reports series (``../shared/corpus/series``), unpacked on demand.

The archive is unpacked into a cache folder, never the repository: ``$ANNOTATOR_CACHE/series``
when set, else the user cache folder (platformdirs). Only the members asked for are unpacked;
a file already there (same size as in the manifest) is not unpacked again. Used by
``bench/bench_series.py`` and the series tests.
"""

from __future__ import annotations

import os
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
    from annotator.services.series_archive import unpack as unpack_members

    sizes = {member(*k): v for k, v in manifest().items()}
    root = unpack_members(ARCHIVE, cache_dir(), [member(*w) for w in wanted], sizes)
    return {w: root / member(*w) for w in wanted}


def countries_with(years: list[int]) -> list[str]:
    """Countries with a report in every one of ``years``, sorted."""
    sizes = manifest()
    by_country: dict[str, set[int]] = {}
    for (y, c) in sizes:
        by_country.setdefault(c, set()).add(y)
    return sorted(c for c, ys in by_country.items() if set(years) <= ys)
