"""``segment(text, hints)``: recover the Country Reports outline from a canonical text."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from annotator.domain.model import Segment
from annotator.domain.segmentation import blocks as rec
from annotator.domain.segmentation.assemble import assemble
from annotator.domain.segmentation.headings import Block, Heading, find_headings
from annotator.domain.segmentation.matching import title_key
from annotator.domain.segmentation.outline_data import YEAR_MARKERS
from annotator.domain.segmentation.outlines import (
    CLASSIC_VOCAB,
    EDITIONS,
    VOCAB_2024,
    Vocabulary,
    edition_for_year,
    guess_edition,
    vocabulary,
)
from annotator.domain.segmentation.recovery import recover
from annotator.domain.segmentation.structure import HintLike, Structure
from annotator.domain.text import Span, paragraph_spans

_TITLE_SEARCH_BLOCKS = 6
PARAGRAPH_LEVEL = 5  # below every outline level (1–4): sorts after the headings at its start
_YEAR_KEYS = {year: frozenset(title_key(m) for m in marks) for year, marks in YEAR_MARKERS.items()}


def _spans(text: str) -> list[Span]:
    """Blank-line separated blocks; single lines when the text has no blank line at all."""
    spans = paragraph_spans(text)
    if len(spans) == 1 and "\n" in text[spans[0].start:spans[0].end]:
        spans, pos = [], 0
        for line in text.split("\n"):
            lead, stop = len(line) - len(line.lstrip()), len(line.rstrip())
            if stop > lead:
                spans.append(Span(pos + lead, pos + stop))
            pos += len(line) + 1
    return spans


def _blocks(text: str, hints: Sequence[HintLike] | None) -> list[Block]:
    spans = _spans(text)
    result = [Block(i, s.start, s.end, text[s.start:s.end]) for i, s in enumerate(spans)]
    if hints:
        starts = [s.start for s in spans]
        for hint in hints:
            k = bisect.bisect_right(starts, hint.start) - 1
            if 0 <= k < len(result) and hint.start < result[k].end:
                old = result[k].hint_level
                result[k].hint_level = hint.level if old is None else min(old, hint.level)
    return result


def _find_title(blocks: list[Block], boiler: set[int]) -> tuple[int | None, int | None, str | None]:
    """``(block, year, country)`` of the report title line among the first blocks."""
    for b in blocks[:_TITLE_SEARCH_BLOCKS]:
        if b.index in boiler:
            continue
        parsed = rec.parse_title(b.text)
        if parsed is not None:
            return b.index, parsed[0], parsed[1]
        if rec.is_executive_summary(b.text) or rec.match_section(b.text):
            break
    return None, None, None


def _boilerplate(blocks: list[Block]) -> set[int]:
    found: set[int] = set()
    for b in blocks:
        if rec.is_boilerplate(b.text):
            found.add(b.index)
        elif b.index - 1 in found and rec.is_section_nav(blocks[b.index - 1].text) and (
            rec.looks_like_country(b.text) or rec.is_boilerplate(b.text)
        ):
            found.add(b.index)  # the sub-report link under "Read a Section: X"
    return found


def _wording_year(headings: list[Heading], labels: dict[int, str]) -> int | None:
    """2019 or 2020 from edition-specific wording, when the votes are not tied."""
    keys = [title_key(h.title) for h in headings] + list(labels.values())
    votes = {year: sum(k in marks for k in keys) for year, marks in _YEAR_KEYS.items()}
    if votes[2019] == votes[2020]:
        return None
    return 2019 if votes[2019] > votes[2020] else 2020


def _labels(blocks: list[Block], skip: set[int], first: int) -> dict[int, str]:
    found: dict[int, str] = {}
    for b in blocks[first:]:
        if b.index not in skip:
            label = rec.match_label(b.text)
            if label is not None:
                found[b.index] = label
    return found


def segment(text: str, hints: Sequence[HintLike] | None = None) -> Structure:
    """Recover the structure of ``text`` (canonical). ``hints`` mark heading blocks (HTML).

    Any object with ``start``, ``end`` and ``level`` attributes works as a hint (for example
    :class:`annotator.services.importing.base.HeadingHint` or :class:`.structure.Hint`).
    """
    blocks = _blocks(text, hints)
    paragraphs = [Segment("paragraph", str(b.index + 1), "", b.start, b.end, False,
                          PARAGRAPH_LEVEL) for b in blocks]
    boiler = _boilerplate(blocks)
    title_block, year, country = _find_title(blocks, boiler)
    skip = set(boiler)
    if title_block is not None:
        skip.add(title_block)
    else:  # a block the markup calls the page title (h1) is not an outline heading either
        skip.update(b.index for b in blocks[:1] if b.hint_level == 1)
    edition = edition_for_year(year)
    found = find_headings(blocks, skip, vocabulary(edition) if edition else _union_vocab(blocks),
                          trust_sections=title_block is not None)
    headings = found.headings
    n_sections = sum(h.kind == "section" for h in headings)
    has_es = any(h.kind == "es" for h in headings)
    is_report = title_block is not None or n_sections >= 2 or (has_es and n_sections >= 1)
    trailing = _trailing_start(blocks, boiler)
    boilerplate = [Span(blocks[k].start, blocks[k].end) for k in sorted(boiler)]
    if not is_report:
        return Structure(None, None, None, False, [], paragraphs, boilerplate=boilerplate)
    title = blocks[title_block].text if title_block is not None else None
    first_heading = headings[0].block if headings else len(blocks)
    if title_block is None and first_heading > 0 and 0 not in boiler \
            and rec.looks_like_country(blocks[0].text):
        title = country = blocks[0].text  # a bare country name, as in a "custom report" scrape
        skip.add(0)
    first_outline = headings[0].block if headings else len(blocks)
    labels = _labels(blocks, skip | {h.block for h in headings}, first_outline)
    year_source = "title" if year is not None else None
    if edition is None:
        edition = guess_edition([(h.kind, h.section, h.title) for h in headings] +
                                [("label", 0, lab) for lab in labels.values()])
    if year is None and edition == "2019-2020":
        year = _wording_year(headings, {k: title_key(v) for k, v in labels.items()})
        year_source = "wording" if year is not None else None
    if edition == "2019-2020":
        wording = 1 if year == 2020 else 0
        label_keys = {k: title_key(v) for k, v in labels.items()}
        headings = headings + recover(blocks, headings, label_keys, EDITIONS[edition], wording,
                                      trailing - 1)
    segments, cues = assemble(blocks, headings, labels, trailing - 1)
    return Structure(title=title, country=country, year=year, is_report=True, segments=segments,
                     paragraphs=paragraphs, edition=edition, year_source=year_source,
                     boilerplate=boilerplate, inferred_cues=cues, warnings=found.warnings)


def _trailing_start(blocks: list[Block], boiler: set[int]) -> int:
    """Index of the first block of the trailing boilerplate run (``len(blocks)`` if none)."""
    k = len(blocks)
    while k > 0 and (k - 1) in boiler:
        k -= 1
    return k


def _union_vocab(blocks: list[Block]) -> Vocabulary:
    """The 2024 vocabulary when the text uses the 2024 section titles, else the classic one."""
    for b in blocks:
        sec = rec.match_section(b.text)
        if sec is not None and VOCAB_2024.section_score(int(sec.number), sec.title) == 1.0 \
                and CLASSIC_VOCAB.section_score(int(sec.number), sec.title) < 1.0:
            return VOCAB_2024
    return CLASSIC_VOCAB

