"""Training data for the shipped model: paragraphs of saved Country Report pages, labelled by
the report's own outline (the project's HTML importer and structure recognition do the work).

Reading ~1,200 pages takes minutes, so the labelled paragraphs are cached as one gzip'd JSON
file per source archive/folder in a cache folder outside the repository.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from annotator.domain.suggest.outline_labels import label_paragraphs
from annotator.services.exchange.templates import load_template

CACHE_FORMAT = 3
TEMPLATES = ("country-reports-2021", "country-reports-2019")
#: The outline's own code labels where the 2019 template words a topic differently.
LABEL_2019 = {"6 › Racial or ethnic": "6 › Minorities",
              "1.e › Transnational repression": "1.e › Reprisal abroad",
              "6 › Antisemitism": "6 › Anti-Semitism"}


def outline_aliases() -> dict[str, list[str]]:
    """Older names of the ``country-reports-2021`` codes (by uuid): the 2019 wording."""
    new, old = load_template(TEMPLATES[0]), load_template(TEMPLATES[1])
    by_label = {n.label: n.name for n in old}
    out: dict[str, list[str]] = {}
    for node in new:
        name = by_label.get(LABEL_2019.get(node.label, node.label))
        if name and name != node.name:
            out[node.uuid] = [name]
    return out


def template_codes(label: str) -> dict[str, str]:
    """``{template id: code uuid}`` of an outline label (``"1.c › Prisons"``) in each shipped
    outline codebook that has it."""
    out = {}
    for template in TEMPLATES:
        want = label if template == TEMPLATES[0] else LABEL_2019.get(label, label)
        node = next((n for n in load_template(template) if n.label == want), None)
        if node is not None:
            out[template] = node.uuid
    return out


@dataclass(frozen=True, slots=True)
class LabelledReport:
    """One report: its year, its file stem, and its body paragraphs in order as
    ``(text without headings, code uuid)``."""

    year: int
    name: str
    paragraphs: tuple[tuple[str, str], ...]


def _read_one(args: tuple[str, str, int]) -> LabelledReport | None:
    from annotator.services.importing.pipeline import prepare

    path, template, year = args
    try:
        prep = prepare(path)
    except Exception:  # noqa: BLE001 - a page that does not import is just left out
        return None
    book = load_template(template)
    paras = label_paragraphs(prep.text, prep.segments, book,
                             outline_aliases() if template == TEMPLATES[0] else None)
    return LabelledReport(year, Path(path).stem,
                          tuple((prep.text[p.body_start:p.end], p.code_uuid) for p in paras))


def html_files(root: Path, years: range | None = None) -> list[tuple[Path, int]]:
    """``(page, year)`` for ``root/<year>/<country>.html``, sorted by year then name."""
    out = []
    for year_dir in sorted(root.iterdir()):
        if year_dir.is_dir() and year_dir.name.isdigit():
            year = int(year_dir.name)
            if years is None or year in years:
                out += [(p, year) for p in sorted(year_dir.glob("*.html"))]
    return out


def read_reports(files: list[tuple[Path, int]], template: str = "country-reports-2021",
                 workers: int = 2, progress: Callable[[int, int], None] | None = None
                 ) -> list[LabelledReport]:
    """Labelled paragraphs of every page (pages that fail to import are skipped)."""
    jobs = [(str(p), template, y) for p, y in files]
    results: Iterator[LabelledReport | None]
    out: list[LabelledReport] = []
    if workers <= 1:
        results = map(_read_one, jobs)
        for i, rep in enumerate(results):
            if rep is not None and rep.paragraphs:
                out.append(rep)
            if progress:
                progress(i + 1, len(jobs))
        return out
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        for i, rep in enumerate(pool.map(_read_one, jobs, chunksize=4)):
            if rep is not None and rep.paragraphs:
                out.append(rep)
            if progress:
                progress(i + 1, len(jobs))
    return out


def unpack_series(archive: Path, cache_dir: Path) -> Path:
    """Unpack the whole series archive into ``cache_dir`` once; returns the ``html`` folder."""
    from annotator.services.series_archive import unpack

    return unpack(archive, cache_dir) / "html"


def cached_reports(html_root: Path, cache_dir: Path, template: str = "country-reports-2021",
                   workers: int = 2, progress: Callable[[int, int], None] | None = None
                   ) -> list[LabelledReport]:
    """:func:`read_reports` of every page under ``html_root``, cached in ``cache_dir`` (keyed
    by the pages' names and sizes, the template and the annotator version)."""
    from annotator import __version__

    files = html_files(html_root)
    key = hashlib.sha256(json.dumps(
        [CACHE_FORMAT, template, __version__,
         [(str(p.relative_to(html_root)), p.stat().st_size) for p, _ in files]]).encode()
    ).hexdigest()[:16]
    cache = cache_dir / f"labelled-{template}-{key}.json.gz"
    if cache.exists():
        data = json.loads(gzip.decompress(cache.read_bytes()))
        return [LabelledReport(r[0], r[1], tuple((t, c) for t, c in r[2])) for r in data]
    reports = read_reports(files, template, workers, progress)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(f".tmp{os.getpid()}")
    tmp.write_bytes(gzip.compress(json.dumps(
        [[r.year, r.name, [list(p) for p in r.paragraphs]] for r in reports]).encode(), 6))
    tmp.replace(cache)
    return reports
