"""What the segmenter returns, and the heading hints it accepts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from annotator.domain.model import Segment
from annotator.domain.text import Span


class HintLike(Protocol):
    """Anything with code-point ``start``/``end`` and an HTML-like ``level`` (h1 = 1)."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def level(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Hint:
    """A block the source markup marked as a heading (domain twin of importing's HeadingHint)."""

    start: int
    end: int
    level: int
    css_class: str = ""


@dataclass(frozen=True)
class Structure:
    """The recovered outline of one document.

    ``segments`` are the headings in document order (kind ``section``, ``subsection``,
    ``subheading`` or ``label``); ``paragraphs`` are all blank-line separated blocks (kind
    ``paragraph``, level 5, path = 1-based number, empty title). ``boilerplate`` lists the blocks
    recognised as page chrome (kept in the text, never inside a segment when trailing).
    ``year_source`` says where ``year`` came from: ``"title"`` (the report title line),
    ``"wording"`` (edition-specific heading/label wording; confirm with the user) or ``None``.
    ``inferred_cues`` maps the path of each inferred heading to the cue that placed it.
    """

    title: str | None
    country: str | None
    year: int | None
    is_report: bool
    segments: list[Segment] = field(default_factory=list)
    paragraphs: list[Segment] = field(default_factory=list)
    edition: str | None = None
    year_source: str | None = None
    boilerplate: list[Span] = field(default_factory=list)
    inferred_cues: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def by_path(self, path: str) -> Segment | None:
        """The heading segment with ``path``, or ``None``."""
        for seg in self.segments:
            if seg.path == path:
                return seg
        return None
