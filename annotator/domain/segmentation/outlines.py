"""Outline profiles (one per edition range) parsed from :mod:`.outline_data`, with lookups."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from annotator.domain.segmentation.matching import best_match, title_key, tokens
from annotator.domain.segmentation.outline_data import OUTLINE_TEXT

CLASSIC = ("2016-2018", "2019-2020", "2021", "2022", "2023")
NEW_2024 = "2024"


@dataclass(frozen=True, slots=True)
class OutlineItem:
    """One expected heading of an edition."""

    kind: str  # "section" | "subsection" | "subheading"
    section: int
    letter: str | None  # the subsection letter (own letter, or the parent's for subheadings)
    titles: tuple[str, ...]  # accepted wordings, the usual one first
    depth: int = 0  # 1 or 2 for subheadings
    mandatory: bool = False
    labels: tuple[str, ...] = ()


@dataclass(slots=True)
class Edition:
    """The outline of one edition range, in report order."""

    name: str
    items: list[OutlineItem] = field(default_factory=list)

    def in_section(self, number: int) -> list[OutlineItem]:
        return [i for i in self.items if i.section == number and i.kind != "section"]


_LINE = re.compile(
    r"^(?:S(?P<sec>\d)|(?P<letter>[a-h])\.|(?P<sub>>>?))(?P<star>\*?)\s+(?P<title>.+)$")


def _parse(text: str) -> dict[str, Edition]:
    editions: dict[str, Edition] = {}
    current: Edition | None = None
    section = 0
    letter: str | None = None
    for raw in text.strip().splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("@"):
            current = editions.setdefault(line[1:], Edition(line[1:]))
            section, letter = 0, None
            continue
        if current is None:
            raise ValueError(f"outline line outside an edition: {line!r}")
        if line.startswith("~"):
            last = current.items[-1]
            labels = tuple(x.strip() for x in line[1:].split(";") if x.strip())
            current.items[-1] = OutlineItem(last.kind, last.section, last.letter, last.titles,
                                            last.depth, last.mandatory, last.labels + labels)
            continue
        m = _LINE.match(line)
        if m is None:
            raise ValueError(f"bad outline line: {line!r}")
        titles = tuple(t.strip() for t in m["title"].split("|"))
        star = bool(m["star"])
        if m["sec"]:
            section, letter = int(m["sec"]), None
            current.items.append(OutlineItem("section", section, None, titles, 0, True))
        elif m["letter"]:
            letter = m["letter"]
            current.items.append(OutlineItem("subsection", section, letter, titles, 0, star))
        else:
            depth = len(m["sub"])
            current.items.append(OutlineItem("subheading", section, letter, titles, depth, star))
    return editions


EDITIONS: dict[str, Edition] = _parse(OUTLINE_TEXT)


def edition_for_year(year: int | None) -> str | None:
    """The profile name for a report year (``None`` when the year is unknown)."""
    if year is None:
        return None
    if year <= 2018:
        return "2016-2018"
    if year <= 2020:
        return "2019-2020"
    if year >= 2024:
        return NEW_2024
    return str(year)


class Vocabulary:
    """Heading titles of a group of editions, indexed by section number for quick matching."""

    def __init__(self, names: tuple[str, ...]) -> None:
        self.sections: dict[int, list[tuple[frozenset[str], str]]] = {}
        self.subsections: dict[int, list[tuple[frozenset[str], str]]] = {}
        self.subheadings: dict[int, list[tuple[frozenset[str], str]]] = {}
        self.subheading_depth: dict[tuple[int, str], int] = {}
        self.labels: set[str] = set()
        for name in names:
            for item in EDITIONS[name].items:
                table = {"section": self.sections, "subsection": self.subsections,
                         "subheading": self.subheadings}[item.kind]
                for title in item.titles:
                    entry = (tokens(title), title)
                    bucket = table.setdefault(item.section, [])
                    if entry not in bucket:
                        bucket.append(entry)
                    if item.kind == "subheading":
                        self.subheading_depth[(item.section, title_key(title))] = item.depth
                self.labels.update(title_key(label) for label in item.labels)

    def section_score(self, number: int, title: str) -> float:
        return best_match(title, self.sections.get(number, ()))[0]

    def subsection_score(self, number: int, title: str) -> float:
        return best_match(title, self.subsections.get(number, ()))[0]

    def misplaced_subsection(self, number: int, title: str) -> int | None:
        """The other section whose subsection titles ``title`` matches closely, if any."""
        for other, titles in self.subsections.items():
            if other != number and best_match(title, titles)[0] >= 0.8:
                return other
        return None

    def subheading(self, number: int, title: str) -> tuple[float, int]:
        """``(score, depth)`` of the closest known subheading of section ``number``."""
        score, known = best_match(title, self.subheadings.get(number, ()))
        depth = self.subheading_depth.get((number, title_key(known)), 1) if known else 1
        return score, depth


CLASSIC_VOCAB = Vocabulary(CLASSIC)
VOCAB_2024 = Vocabulary((NEW_2024,))
ALL_LABELS: frozenset[str] = frozenset(CLASSIC_VOCAB.labels | VOCAB_2024.labels)


def vocabulary(edition: str | None) -> Vocabulary:
    return VOCAB_2024 if edition == NEW_2024 else CLASSIC_VOCAB


def guess_edition(headings: list[tuple[str, int, str]]) -> str:
    """Pick the profile whose wording best fits ``(kind, section, title)`` headings.

    Used when the report year is unknown. Ties go to 2019-2020 (the first target edition).
    """
    best_name, best_score = "2019-2020", -1
    for name, edition in EDITIONS.items():
        known = {(i.kind, i.section, title_key(t)) for i in edition.items for t in i.titles}
        score = sum((kind, sec, title_key(title)) in known for kind, sec, title in headings)
        if score > best_score or (score == best_score and name == "2019-2020"):
            best_name, best_score = name, score
    return best_name
