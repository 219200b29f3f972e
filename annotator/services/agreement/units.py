"""Units of analysis per document: paragraphs, report sections, sentences or whole documents.

Units are sorted, non-overlapping ``(start, end)`` code-point intervals of one document.
Text outside every unit (headings between paragraphs, a report's title page) is not compared.
"""

from __future__ import annotations

from collections.abc import Sequence

from annotator.domain.model import Segment
from annotator.domain.section_index import SectionIndex
from annotator.domain.sentences import sentence_spans

Bound = tuple[str, str, int, int, int]  # kind, path, start, end, level (a stored segment)
Unit = tuple[int, int, str]  # start, end, label

SECTION_KINDS = ("section", "subsection")


def paragraph_units(bounds: Sequence[Bound]) -> list[Unit]:
    """Stored paragraphs (overlaps, which importers never produce, are cut off)."""
    out: list[Unit] = []
    for _, path, s, e, _ in bounds:
        if out and s < out[-1][1]:
            s = out[-1][1]
        if e > s:
            out.append((s, e, f"¶ {path}"))
    return out


def section_units(bounds: Sequence[Bound]) -> list[Unit]:
    """The finest layer of report sections and subsections: each stretch of text belongs to the
    innermost (sub)section containing it; the opening of a section before its first subsection is
    a unit of its own (labelled with the section's path)."""
    segs = [Segment(kind, path, "", s, e, False, level) for kind, path, s, e, level in bounds
            if e > s]
    if not segs:
        return []
    index = SectionIndex(segs, kinds=None)  # the one "innermost section" rule
    cuts = sorted({p for seg in segs for p in (seg.start, seg.end)})
    out: list[Unit] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        inner = index.at(a)
        if inner is None:
            continue
        label = f"§ {inner.path}"
        if out and out[-1][2] == label and out[-1][1] == a:
            out[-1] = (out[-1][0], b, label)
        else:
            out.append((a, b, label))
    return out


def sentence_units(text: str, paragraphs: Sequence[Bound]) -> list[Unit]:
    """Sentences, split inside the stored paragraphs (or blank-line blocks when there are none)."""
    blocks = [(s, e) for _, _, s, e, _ in paragraphs] or None
    return [(sp.start, sp.end, f"sentence {i + 1}")
            for i, sp in enumerate(sentence_spans(text, blocks))]


def document_units(length: int) -> list[Unit]:
    return [(0, length, "whole document")] if length > 0 else []
