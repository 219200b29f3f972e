"""Report body of a saved state.gov Country Reports page (corpus/README.md, "Conversion").

Rules: title from the ``report-header__headline`` h1 (title, country and year also from the
page's other evidence, see :mod:`.html_report_meta`); body from ``section.report__main`` up to
the ``report-nav__modal-header`` h2; each h1–h6, p, li, td, th, blockquote is one paragraph
(whitespace collapsed, NBSP as space, script/style/svg dropped); a ``report-toc-section`` marker
("Section 1.") is joined with the following title block; nothing else changes.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree, html

from annotator.domain.text import canonical_text
from annotator.services.importing.base import Extracted, HeadingHint
from annotator.services.importing.html_report_meta import report_meta

BLOCK_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "th", "blockquote"})
SKIPPED_TAGS = ("script", "style", "svg")
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


def _classes(el: html.HtmlElement) -> list[str]:
    return (el.get("class") or "").split()


def _has_class(el: html.HtmlElement, name: str) -> bool:
    return name in _classes(el)


def find_parts(doc: html.HtmlElement) -> tuple[html.HtmlElement, html.HtmlElement,
                                                html.HtmlElement | None] | None:
    """``(headline h1, report__main section, end marker or None)`` of a state.gov page."""
    heads = doc.xpath('//h1[contains(concat(" ", normalize-space(@class), " "),'
                      ' " report-header__headline ")]')
    mains = doc.xpath('//section[contains(concat(" ", normalize-space(@class), " "),'
                      ' " report__main ")]')
    if not heads or not mains:
        return None
    ends = doc.xpath('//h2[contains(concat(" ", normalize-space(@class), " "),'
                     ' " report-nav__modal-header ")]')
    return heads[0], mains[0], ends[0] if ends else None


def block_text(el: html.HtmlElement) -> str:
    """The collapsed text of one block (the skipped tags were removed from the tree already)."""
    return " ".join("".join(el.itertext()).split())


def _document_order(start: html.HtmlElement, stop: html.HtmlElement | None
                    ) -> Iterator[html.HtmlElement]:
    """Elements from ``start`` (inclusive) in document order; without ``stop``, ``start``'s
    subtree only. Stops before ``stop``."""
    for el in start.iter():
        if el is stop:
            return
        yield el
    if stop is None:
        return
    node: html.HtmlElement | None = start
    while node is not None:
        for sib in node.itersiblings():
            for el in sib.iter():
                if el is stop:
                    return
                yield el
        node = node.getparent()


def extract_report(doc: html.HtmlElement) -> Extracted | None:
    """The report text with heading hints, or ``None`` when ``doc`` is not a state.gov report."""
    parts = find_parts(doc)
    if parts is None:
        return None
    h1, main, end = parts
    meta = report_meta(doc, h1)  # before scripts go: the JSON-LD is one
    etree.strip_elements(doc, *SKIPPED_TAGS, with_tail=False)
    title = canonical_text(block_text(h1))
    paragraphs: list[tuple[str, int | None, str]] = []  # (text, heading level, css class)
    if title:
        paragraphs.append((title, 1, h1.get("class") or ""))
    marker: str | None = None
    outer: html.HtmlElement | None = None  # a block nested in it is part of its text
    for el in _document_order(main, end):
        tag = el.tag
        if not isinstance(tag, str) or tag not in BLOCK_TAGS:
            continue
        if outer is not None and _is_inside(el, outer):
            continue
        outer = el
        text = canonical_text(block_text(el))
        if not text:
            continue
        if _has_class(el, "report-toc-section"):
            marker = text if marker is None else f"{marker} {text}"
            continue
        level = _HEADINGS.get(tag)
        css = el.get("class") or ""
        if marker is not None:
            text, marker = f"{marker} {text}", None
            level = level or 3
        paragraphs.append((text, level, css))
    if marker is not None:
        paragraphs.append((marker, 4, "report-toc-section"))
    result = _assemble(paragraphs, meta.title or title or None)
    result.country, result.year = meta.country, meta.year
    result.warnings += meta.notes
    return result


def _is_inside(el: html.HtmlElement, outer: html.HtmlElement) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent is outer:
            return True
        parent = parent.getparent()
    return False


def _assemble(paragraphs: list[tuple[str, int | None, str]], title: str | None) -> Extracted:
    parts: list[str] = []
    hints: list[HeadingHint] = []
    pos = 0
    for text, level, css in paragraphs:
        if level is not None:
            hints.append(HeadingHint(pos, pos + len(text), level, css))
        parts.append(text)
        pos += len(text) + 2
    body = "\n\n".join(parts) + "\n" if parts else ""
    return Extracted(text=body, source_type="html", title=title, headings=hints)
