"""Codebook exchange: a 2,000-code codebook, 5 levels deep, written as REFI-QDA and read back.

The GUI tree timings (render ≤ 200 ms, filter ≤ 30 ms per keystroke) live with the GUI code.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator

from annotator.domain.codebook import Codebook, CodeNode, stable_uuid
from annotator.domain.codebook_colors import child_color, palette_color
from annotator.domain.model import AttributeDef
from bench._harness import Result

# 4 roots × 4 × 4 × 5 × 5 = 4 + 16 + 64 + 320 + 1600 = 2,004 codes; the last 4 are dropped.
FAN_OUT = (4, 4, 4, 5, 5)
TARGET = 2000
SCORE = AttributeDef("score", "ordinal", ("0 frequent", "1 occasional", "2 none"),
                     "Score this passage supports.")


def make_codebook(target: int = TARGET) -> Codebook:
    """A synthetic codebook with realistic text fields (definitions, criteria, attributes)."""
    nodes: list[CodeNode] = []

    def grow(parent: CodeNode | None, level: int, prefix: str) -> None:
        for i in range(FAN_OUT[level]):
            if len(nodes) >= target:
                return
            path = f"{prefix}/{i}"
            color = palette_color(i) if parent is None else child_color(parent.color, i)
            node = CodeNode(
                uuid=stable_uuid("bench", path), name=f"Code {path.strip('/')}",
                parent_uuid=parent.uuid if parent else None, position=i, color=color,
                codable=level > 0, label=f"L{level}-{i}",
                definition=f"Passages about topic {path}. " * 4,
                inclusion="Reports of the practice, its frequency and the victims.",
                exclusion="Passages about neighbouring topics; use the sibling codes.",
                attributes=(SCORE,) if level == len(FAN_OUT) - 1 else ())
            nodes.append(node)
            if level + 1 < len(FAN_OUT):
                grow(node, level + 1, path)

    grow(None, 0, "")
    return Codebook(name="Benchmark codebook", version="1", nodes=tuple(nodes))


def _best_and_median(fn: object, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def run() -> Iterator[Result]:
    from annotator.services.exchange.qdc import export_qdc, import_qdc

    book = make_codebook()
    depth = max(d for d, _ in book.walk_with_depth()) + 1
    data = export_qdc(book)
    _, export_median = _best_and_median(lambda: export_qdc(book), 3)
    result = import_qdc(data)
    assert len(result.codebook) == len(book) and not result.warnings, result.warnings
    _, import_median = _best_and_median(lambda: import_qdc(data), 5)
    extra = {"codes": len(book), "depth": depth, "bytes": len(data)}
    yield Result("codebook.import_qdc_2000", import_median, "s", 1.0, extra=extra)
    yield Result("codebook.export_qdc_2000", export_median, "s", None, extra=extra,
                 informational="no target for export; the import of the same file has one")
