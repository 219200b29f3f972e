"""Structure recovery benchmarks (issue 2): HTML extraction and segmentation of the 35 reports.

Each figure is the median of three runs over files already read into memory.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from bench._harness import CORPUS, Result

TXT = CORPUS / "state-dept"
HTML = CORPUS / "state-dept-html"
LARGEST = "2020/turkey"


def _median_seconds(fn: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def run() -> Iterator[Result]:
    if not TXT.exists() or not HTML.exists():
        yield Result.failed("segmentation.corpus",
                            f"corpus not found at {CORPUS} (set ANNOTATOR_SHARED)")
        return
    from annotator.domain.segmentation import segment
    from annotator.services.importing.html import HtmlImporter

    texts = [p.read_text(encoding="utf-8") for p in sorted(TXT.rglob("*.txt"))]
    pages = [(p, p.read_bytes()) for p in sorted(HTML.rglob("*.html"))]
    importer = HtmlImporter()
    extracted = [importer.extract(p, data) for p, data in pages]
    seed = (CORPUS / "seed" / "kazakhstan-2019-excerpt.txt").read_text(encoding="utf-8")

    yield Result("segmentation.txt35.seconds",
                 _median_seconds(lambda: [segment(t) for t in texts]), "s", 1.0,
                 extra={"mb": round(sum(len(t.encode()) for t in texts) / 1e6, 2)})
    yield Result("segmentation.html35_extract.seconds",
                 _median_seconds(lambda: [importer.extract(p, d) for p, d in pages]), "s", 2.0,
                 extra={"mb": round(sum(len(d) for _, d in pages) / 1e6, 2)})
    yield Result("segmentation.html35_segment_with_hints.seconds",
                 _median_seconds(lambda: [segment(e.text, e.headings) for e in extracted]),
                 "s", 1.0)
    yield Result("segmentation.seed_with_recovery.seconds",
                 _median_seconds(lambda: segment(seed)), "s", 0.1)
    path = HTML / f"{LARGEST}.html"
    data = path.read_bytes()

    def largest() -> None:
        ex = importer.extract(path, data)
        segment(ex.text, ex.headings)

    yield Result("segmentation.largest_report_html.seconds", _median_seconds(largest), "s", 1.0)
