"""Label the paragraphs of a Country Report by its own outline, as codes of an outline codebook.

A report's headings (``ES``, sections ``1``–``7``, lettered subsections, subheadings) say which
part of the report each paragraph belongs to. The codebooks ``country-reports-2021`` and
``-2019`` name those parts, so every body paragraph gets the code of the innermost heading that
the codebook knows:

* a section maps by number (code label ``ES``, ``S1`` … ``S7``);
* a subsection maps by title among the section's codes, then by its letter (``1.c``);
* a subheading or inline label maps by title among the codes under its parent heading's code,
  and, for the older combined subsections (2016–2018 "2.d Freedom of Movement, Internally
  Displaced Persons, Protection of Refugees …"), among the section's other subsections;
  otherwise it inherits its parent's code.

Pure functions over segments and a codebook; the importer provides the segments.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from annotator.domain.codebook import Codebook, CodeNode
from annotator.domain.model import Segment
from annotator.domain.segmentation.matching import overlap, tokens

HEADING_KINDS = ("section", "subsection", "subheading")
_CHILD_MATCH = 0.5
_SIBLING_MATCH = 0.6


@dataclass(frozen=True, slots=True)
class LabelledParagraph:
    """A body paragraph with its outline code. ``body_start`` skips an inline label
    ("Physical Conditions: …"), so that ``text[body_start:end]`` has no heading words."""

    start: int
    end: int
    body_start: int
    code_uuid: str


Aliases = Mapping[str, Sequence[str]]


def _best(title: str, candidates: Sequence[CodeNode], threshold: float,
          aliases: Aliases) -> CodeNode | None:
    toks = tokens(title)
    best: tuple[float, CodeNode | None] = (0.0, None)
    for node in candidates:
        for name in (node.name, *aliases.get(node.uuid, ())):
            score = overlap(toks, tokens(name))
            if score > best[0]:
                best = (score, node)
    return best[1] if best[0] >= threshold else None


def _section_code(book: Codebook, path: str) -> CodeNode | None:
    want = "ES" if path == "ES" else f"S{path}"
    for node in book.roots():
        if node.label == want:
            return node
    return None


def _heading_code(book: Codebook, seg: Segment, parent: CodeNode | None,
                  section: CodeNode | None, aliases: Aliases) -> CodeNode | None:
    if seg.kind == "section":
        return _section_code(book, seg.path)
    if parent is None:
        return None
    kids = [n for n in book.children(parent.uuid) if n.codable]
    if seg.kind == "subsection":
        hit = _best(seg.title, kids, _SIBLING_MATCH, aliases)
        if hit is None:
            hit = next((n for n in kids if n.label == seg.path), None)
        return hit or parent
    hit = _best(seg.title, kids, _CHILD_MATCH, aliases)
    if hit is None and section is not None and parent.uuid != section.uuid:
        siblings = [n for n in book.children(section.uuid) if n.codable and n.uuid != parent.uuid]
        hit = _best(seg.title, siblings, _SIBLING_MATCH, aliases)
    return hit or parent


def heading_codes(segments: Sequence[Segment], book: Codebook,
                  aliases: Aliases | None = None) -> list[tuple[Segment, str]]:
    """``(heading, code uuid)`` for every section, subsection, subheading and inline label
    that maps onto a code, in document order. ``aliases`` gives other names of a code (by
    uuid), e.g. its older wording."""
    aliases = aliases or {}
    heads = sorted((s for s in segments if s.kind in (*HEADING_KINDS, "label")),
                   key=lambda s: (s.start, s.level))
    out: list[tuple[Segment, str]] = []
    stack: list[tuple[Segment, CodeNode]] = []  # open headings with their codes
    for seg in heads:
        while stack and not (stack[-1][0].start <= seg.start < stack[-1][0].end
                             and stack[-1][0].level < seg.level):
            stack.pop()
        parent = stack[-1][1] if stack else None
        section = stack[0][1] if stack else None
        if seg.kind != "section" and parent is None:
            continue
        node = _heading_code(book, seg, parent, section, aliases)
        if node is None:
            continue
        stack.append((seg, node))
        out.append((seg, node.uuid))
    return out


def _label_prefix(text: str, start: int, end: int, title: str) -> int:
    """Offset after an inline label ``title`` (and its colon) at ``start``, else ``start``."""
    n = len(title)
    if title and text[start:start + n] == title:
        pos = start + n
        while pos < end and text[pos] in ":.-–— \t":
            pos += 1
        return pos
    return start


def label_paragraphs(text: str, segments: Sequence[Segment], book: Codebook,
                     aliases: Aliases | None = None) -> list[LabelledParagraph]:
    """Every body paragraph inside a coded part of the report, with its code.

    Heading paragraphs (section, subsection and subheading titles) are left out, and inline
    labels are cut from the front of their paragraph, so the result is the report as a user
    would paste it: without its headings.
    """
    coded = heading_codes(segments, book, aliases)
    heading_starts = {s.start for s, _ in coded if s.kind in HEADING_KINDS}
    heading_starts |= {s.start for s in segments if s.kind in HEADING_KINDS}
    labels = {s.start: s.title for s, _ in coded if s.kind == "label"}
    paragraphs = sorted((s for s in segments if s.kind == "paragraph"), key=lambda s: s.start)
    out: list[LabelledParagraph] = []
    j = 0
    open_: list[tuple[Segment, str]] = []
    for para in paragraphs:
        if para.start in heading_starts:
            continue
        while j < len(coded) and coded[j][0].start <= para.start:
            open_.append(coded[j])
            j += 1
        inside = [(s, c) for s, c in open_ if s.start <= para.start and para.end <= s.end]
        if not inside:
            continue
        code = max(inside, key=lambda sc: (sc[0].start, sc[0].level))[1]
        body = para.start
        if para.start in labels:
            body = _label_prefix(text, para.start, para.end, labels[para.start])
        if body < para.end:
            out.append(LabelledParagraph(para.start, para.end, body, code))
    return out
