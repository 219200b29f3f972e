"""Markdown import (``.md``, ``.markdown``): the text is kept as written.

Only ATX headings (``# Title`` ... ``###### Title``) are interpreted: each becomes a
:class:`HeadingHint` whose span covers the heading's words, without the ``#`` marks. Lines inside
fenced code blocks are never headings. Setext headings (underlined with ``===``) are not hints.
"""

from __future__ import annotations

import re
from pathlib import Path

from annotator.domain.text import canonical_text
from annotator.services.importing.base import Extracted, HeadingHint, ImportFailed
from annotator.services.importing.plain_text import decode_text, require_text

# Up to three spaces of indent, 1-6 '#', then whitespace (or end of line), the content, and an
# optional closing run of '#' that is preceded by whitespace.
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))??(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


class MarkdownImporter:
    """Markdown files; ATX headings become heading hints."""

    extensions: tuple[str, ...] = (".md", ".markdown")

    def extract(self, path: Path, data: bytes) -> Extracted:
        if not data:
            raise ImportFailed("file is empty")
        decoded = decode_text(data)
        text = canonical_text(decoded.text)
        require_text(text)
        headings = atx_headings(text)
        title = next((text[h.start:h.end] for h in headings if h.level == 1), None)
        return Extracted(text=text, source_type="md", title=title, headings=headings,
                         warnings=decoded.warnings)


def atx_headings(text: str) -> list[HeadingHint]:
    """ATX headings of a canonical text, skipping fenced code blocks."""
    hints: list[HeadingHint] = []
    fence: str | None = None
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        opener = _FENCE.match(line)
        if fence is not None:
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence) \
                    and not line[opener.end():].strip():
                fence = None
            continue
        if opener:
            fence = opener.group(1)
            continue
        m = _ATX.match(line)
        if m and m.group(2):
            hints.append(HeadingHint(start + m.start(2), start + m.end(2), len(m.group(1))))
    return hints
