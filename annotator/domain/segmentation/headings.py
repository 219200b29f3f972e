"""Find the outline headings among the blocks of a document (before any inference)."""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.domain.segmentation import blocks as rec
from annotator.domain.segmentation.outlines import Vocabulary

SECTION_MATCH = 0.6  # token overlap needed for a section or lettered subsection title
SUBHEADING_MATCH = 0.8  # ... for an unlettered subheading from the closed list
SUBHEADING_MAX_CHARS = 160  # longer than any known subheading


@dataclass(slots=True)
class Block:
    """One blank-line separated block: ``[start, end)`` in the text and its content."""

    index: int
    start: int
    end: int
    text: str
    hint_level: int | None = None


@dataclass(slots=True)
class Heading:
    """A heading found in (or inferred for) the text; kinds as in :class:`Segment` plus
    ``"es"`` (executive summary) and ``"endmatter"`` (e.g. an endnote after Section 7)."""

    kind: str
    block: int  # first block of the heading (inferred: first block of the topic)
    start: int
    title: str
    section: int = 0
    letter: str | None = None
    rank: int = 1  # nesting rank among subheadings (1 = directly under a (sub)section)
    inferred: bool = False
    cue: str = ""
    last_block: int = -1  # last block of the heading itself (two blocks for a split section)
    hint_level: int | None = None


@dataclass(slots=True)
class Found:
    """Result of :func:`find_headings`."""

    headings: list[Heading] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _subheading_rank(prev: Heading | None, block: Block, depth: int, known: bool) -> int:
    """Known subheadings nest by their outline depth; unknown ones by their markup level."""
    if known or block.hint_level is None or prev is None or prev.hint_level is None:
        return depth
    return max(1, prev.rank + (block.hint_level - prev.hint_level))


def find_headings(
    blocks: list[Block],
    skip: set[int],
    vocab: Vocabulary,
    trust_sections: bool,
) -> Found:
    """Walk the blocks once and classify headings.

    ``skip`` holds blocks that cannot be headings (title line, boilerplate). Section titles
    must resemble a known one unless ``trust_sections`` (the report title line was found) or
    the block carries a markup hint.
    """
    found = Found()
    section = 0  # current section number; 99 after back matter
    letter = ""
    seen_es = False
    last_sub: Heading | None = None
    i = 0
    n = len(blocks)
    while i < n:
        b = blocks[i]
        i += 1
        if b.index in skip:
            continue
        text = b.text
        hinted = b.hint_level is not None
        if "\n" not in text and len(text) <= rec.MAX_HEADING_CHARS:
            if rec.is_executive_summary(text) and section == 0 and not seen_es:
                found.headings.append(Heading("es", b.index, b.start, text, last_block=b.index,
                                              hint_level=b.hint_level))
                seen_es = True
                continue
            sec = rec.match_section(text)
            marker = rec.match_section_marker(text) if sec is None else None
            nxt = blocks[i] if marker is not None and i < n else None
            if nxt is not None and rec.heading_like(nxt.text) and nxt.index not in skip:
                sec = rec.Numbered(str(marker), nxt.text, -1)
            if sec is not None:
                number = int(sec.number)
                ok = (hinted or trust_sections
                      or vocab.section_score(number, sec.title) >= SECTION_MATCH)
                if ok and number <= section:
                    found.warnings.append(f"Section {number} out of order at offset {b.start}")
                elif ok:
                    h = Heading("section", b.index, b.start, sec.title, section=number,
                                last_block=b.index, hint_level=b.hint_level)
                    if sec.title_offset < 0 and nxt is not None:  # "Section N." + title block
                        h.last_block = nxt.index
                        i += 1
                    found.headings.append(h)
                    section, letter, last_sub = number, "", None
                    continue
            if section and rec.is_endnote(text):
                found.headings.append(Heading("endmatter", b.index, b.start, text, section=99,
                                              last_block=b.index, hint_level=b.hint_level))
                section, letter, last_sub = 99, "", None
                continue
        if not section or section == 99:
            if hinted and seen_es and section == 0 and rec.heading_like(text):
                found.headings.append(Heading("subheading", b.index, b.start, text,
                                              last_block=b.index, hint_level=b.hint_level))
            continue
        lettered = rec.match_lettered(text)
        if lettered is not None and lettered.number >= letter:
            score = vocab.subsection_score(section, lettered.title)
            other = None if score >= SECTION_MATCH else vocab.misplaced_subsection(section,
                                                                                   lettered.title)
            if hinted or score >= SECTION_MATCH or other is not None:
                if lettered.number == letter:
                    found.warnings.append(f"Repeated letter {section}.{letter} at offset {b.start}")
                if other is not None:
                    found.warnings.append(f"Subsection {lettered.number}. {lettered.title!r} of "
                                          f"Section {other} appears in Section {section}")
                found.headings.append(Heading("subsection", b.index, b.start, lettered.title,
                                              section=section, letter=lettered.number,
                                              last_block=b.index, hint_level=b.hint_level))
                letter, last_sub = lettered.number, None
                continue
        if hinted or (len(text) <= SUBHEADING_MAX_CHARS and rec.heading_like(text)):
            title = text.rstrip()
            score, depth = vocab.subheading(section, title.rstrip(":."))
            known = score >= SUBHEADING_MATCH
            if known or hinted:
                h = Heading("subheading", b.index, b.start, title, section=section,
                            letter=letter or None, last_block=b.index, hint_level=b.hint_level)
                h.rank = _subheading_rank(last_sub, b, depth, known)
                found.headings.append(h)
                last_sub = h
    return found
