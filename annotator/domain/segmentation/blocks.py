"""Block-level recognisers: title line, boilerplate, headings and inline labels (plain text rules).

Every function looks at the text of one blank-line separated block (already trimmed).
See reference/report-structure.md §8 for the rules these implement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotator.domain.segmentation.matching import title_key
from annotator.domain.segmentation.outlines import ALL_LABELS

_TITLE = re.compile(
    r"^\s*(\d{4})\s+Country\s+Reports?\s+on\s+Human\s+Rights\s+Practices\s*:\s*(\S.*?)\s*$",
    re.IGNORECASE,
)
_ES = re.compile(r"^executive\s+summary\s*[:.]?$", re.IGNORECASE)
_SECTION = re.compile(r"^Section\s*([1-7])\s*\.\s*(\S.*?)\s*$")
_SECTION_MARKER = re.compile(r"^Section\s*([1-7])\s*\.?$")
_LETTERED = re.compile(r"^([a-h])\.\s+(\S.{2,200})$")
_ENDNOTE = re.compile(r"^Endnote\b.{0,100}$", re.IGNORECASE)
_LABEL = re.compile(r"^([A-Z][^.:;?!\n]{1,130}?):\s+\S")
_BAD_HEADING_END = re.compile(r"[?!;,]$")
_BOILERPLATE = re.compile(
    r"^(?:Human Rights Reports|Edit Your Custom Report|0[1-3] / Select .*"
    r"|U\.S\. Department of State|The Lessons of 1989: Freedom and Our Future"
    r"|View report by:.*|On This Page|Read a Section(?:: .*)?"
    r"|(?:[^→\n]+→\s*)+)$"
)
_READ_A_SECTION = re.compile(r"^Read a Section(?:: .*)?$")
_TITLE_CASE_EXCEPTIONS = frozenset({"before", "with", "against", "including"})
_WORD_STRIP = "()[],/“”\"'’‘"
MAX_HEADING_CHARS = 300


@dataclass(frozen=True, slots=True)
class Numbered:
    """A numbered heading: ``number`` (section digit or subsection letter) and the title."""

    number: str
    title: str
    title_offset: int  # where the title starts inside the block text


def parse_title(text: str) -> tuple[int, str] | None:
    """``(year, country)`` from a report title line, else ``None``."""
    m = _TITLE.match(text)
    if m is None or "\n" in text:
        return None
    return int(m.group(1)), m.group(2)


def looks_like_country(text: str) -> bool:
    """A bare country name used as a title (e.g. the seed's ``Kazakhstan``)."""
    words = text.split()
    return (
        0 < len(words) <= 8
        and len(text) <= 80
        and "\n" not in text
        and text[0].isupper()
        and not any(ch.isdigit() for ch in text)
        and text[-1] not in ".:;?!"
    )


def is_boilerplate(text: str) -> bool:
    """True when every line of the block is known page chrome."""
    return all(_BOILERPLATE.match(line.strip()) for line in text.split("\n"))


def is_section_nav(text: str) -> bool:
    """A "Read a Section: X" block (the line after it is sub-report navigation)."""
    return _READ_A_SECTION.match(text) is not None


def heading_like(text: str) -> bool:
    """One short line that does not read like a sentence fragment."""
    return (
        "\n" not in text
        and len(text) <= MAX_HEADING_CHARS
        and _BAD_HEADING_END.search(text) is None
    )


def is_executive_summary(text: str) -> bool:
    return _ES.match(text) is not None


def match_section(text: str) -> Numbered | None:
    """``Section N. Title`` on one line."""
    if "\n" in text or len(text) > MAX_HEADING_CHARS:
        return None
    m = _SECTION.match(text)
    if m is None:
        return None
    return Numbered(m.group(1), m.group(2), m.start(2))


def match_section_marker(text: str) -> int | None:
    """A bare ``Section N.`` line (its title is on the next block)."""
    m = _SECTION_MARKER.match(text)
    return int(m.group(1)) if m else None


def match_lettered(text: str) -> Numbered | None:
    """``a. Title`` on one line, heading-like."""
    if not heading_like(text):
        return None
    m = _LETTERED.match(text)
    if m is None:
        return None
    return Numbered(m.group(1), m.group(2), m.start(2))


def is_endnote(text: str) -> bool:
    """Back matter such as ``Endnote: Note on Sourcing``."""
    return "\n" not in text and _ENDNOTE.match(text) is not None


def _title_case(label: str) -> bool:
    for word in label.split():
        core = word.strip(_WORD_STRIP)
        if len(core) > 3 and core[0].isalpha() and not core[0].isupper():
            if core.lower() not in _TITLE_CASE_EXCEPTIONS:
                return False
    return True


def match_label(text: str) -> str | None:
    """The inline topic label opening a paragraph (``Label: text``), or ``None``."""
    m = _LABEL.match(text)
    if m is None:
        return None
    label = m.group(1).strip()
    words = len(label.split())
    if title_key(label) in ALL_LABELS:
        return label if words <= 20 else None
    if words > 12 or not _title_case(label):
        return None
    if label.isupper() and words == 1:  # "ANNOUNCEMENT:", "NOTE:" open notices, not topics
        return None
    return label
