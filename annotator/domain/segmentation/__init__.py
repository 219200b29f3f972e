"""Recover the outline of a human-rights country report (sections, subsections, subheadings,
inline labels, paragraphs) from its canonical text, optionally helped by HTML heading hints.

Pure Python: no I/O, no services. Entry point: :func:`segment`.
"""

from annotator.domain.segmentation.segmenter import segment
from annotator.domain.segmentation.structure import Hint, HintLike, Structure

__all__ = ["Hint", "HintLike", "Structure", "segment"]
