"""The importer interface.

An importer turns the bytes of one file into an :class:`Extracted` document: raw text plus what
the markup said about headings. The pipeline (``pipeline.py``) canonicalises the text, recovers
the report structure and hands the result to storage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from annotator.domain.errors import InputError

MAX_FILE_BYTES = 50 * 1024 * 1024
#: More blank-line separated paragraphs than this are refused: every paragraph is a stored
#: segment, and the limit keeps an import of any file within 1 GB of memory.
MAX_PARAGRAPHS = 200_000
#: Markup elements (HTML tags, Word XML elements) a file may hold; each costs memory when parsed.
MAX_MARKUP_ELEMENTS = 1_000_000


@dataclass(frozen=True, slots=True)
class HeadingHint:
    """A block the source markup marks as a heading; offsets are code points into ``text``."""

    start: int
    end: int
    level: int  # 1 = h1 ... 6 = h6 (HTML); Word heading levels for .docx
    css_class: str = ""


@dataclass(slots=True)
class Extracted:
    """What an importer returns. ``text`` is already canonical (see domain.text.canonical_text)."""

    text: str
    source_type: str  # "txt" | "md" | "html" | "docx" | "pdf" | ...
    title: str | None = None
    headings: list[HeadingHint] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: what the file's metadata says (e.g. a report page's links), used where the text is silent
    country: str | None = None
    year: int | None = None


class Importer(Protocol):
    """One file type. ``extensions`` are lower-case with the dot, e.g. ``(".txt",)``."""

    extensions: tuple[str, ...]

    def extract(self, path: Path, data: bytes) -> Extracted:
        """Parse ``data`` (the file's bytes). Raise :class:`ImportFailed` with a reason."""
        ...


class ImportFailed(InputError):
    """Raised by importers; the pipeline prefixes the file name."""
