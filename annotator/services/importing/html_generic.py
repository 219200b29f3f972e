"""Text of an arbitrary HTML page: one paragraph per block element, headings as hints."""

from __future__ import annotations

from lxml import html

from annotator.domain.text import canonical_text
from annotator.services.importing.base import Extracted, HeadingHint

_BLOCKS = frozenset(
    "address article aside blockquote body caption dd details div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table "
    "tbody td tfoot th thead tr ul".split()
)
_SKIP = frozenset(
    "script style svg noscript template head title iframe object embed canvas math select "
    "option textarea button".split()
)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BREAK = "\uffff"  # stands for <br> while whitespace is collapsed (a noncharacter)


def _clean(raw: str) -> str:
    """Collapse whitespace, keep the line breaks ``<br>`` made, drop empty lines."""
    lines = (" ".join(line.split()) for line in raw.split(_BREAK))
    return "\n".join(line for line in lines if line)


class _Collector:
    def __init__(self) -> None:
        self.buffer: list[str] = []
        self.paragraphs: list[tuple[str, int | None, str]] = []

    def flush(self, level: int | None = None, css: str = "") -> None:
        text = canonical_text(_clean("".join(self.buffer)))
        self.buffer.clear()
        if text:
            self.paragraphs.append((text, level, css))

    def walk(self, el: html.HtmlElement) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP or not tag:
            return
        if tag == "br":
            self.buffer.append(_BREAK)
            return
        if tag == "pre":
            self.flush()
            self.buffer.append(el.text_content().replace(_BREAK, "\ufffd").replace("\n", _BREAK))
            self.flush()
            return
        block = tag in _BLOCKS
        if block:
            self.flush()
        if el.text:
            self.buffer.append(el.text.replace(_BREAK, "\ufffd"))
        for child in el:
            self.walk(child)
            if child.tail:
                self.buffer.append(child.tail.replace(_BREAK, "\ufffd"))
        if block:
            self.flush(_HEADINGS.get(tag), el.get("class") or "")


def extract_generic(doc: html.HtmlElement) -> Extracted:
    """Body text as blank-line separated blocks; ``<title>`` (else the first h1) as title."""
    bodies = doc.xpath("//body")
    collector = _Collector()
    collector.walk(bodies[0] if bodies else doc)
    collector.flush()
    title_nodes = doc.xpath("//title") or doc.xpath("//h1")
    title = canonical_text(" ".join(title_nodes[0].text_content().split())) if title_nodes else ""
    parts: list[str] = []
    hints: list[HeadingHint] = []
    pos = 0
    for text, level, css in collector.paragraphs:
        if level is not None:
            hints.append(HeadingHint(pos, pos + len(text), level, css))
        parts.append(text)
        pos += len(text) + 2
    body = "\n\n".join(parts) + "\n" if parts else ""
    return Extracted(text=body, source_type="html", title=title or None, headings=hints)
