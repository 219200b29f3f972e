"""What a source's selection positions count, and turning them into code points.

REFI-QDA counts positions in Unicode code points of the source text as written. Not every
program does: NVivo (a .NET program) counts UTF-16 units, so every position after an emoji or
another character outside the Basic Multilingual Plane is off by one per such character; and
QualCoder's "MAXQDA line endings" export writes CRLF text but counts positions on the text
with LF line ends. A *reading* names one way of counting (unit × line ends), and
:func:`decide` picks the reading for one source:

1. ``--positions codepoints|utf16`` fixes the unit (line ends are still decided below);
2. otherwise the exporting program named in the project file (``<Project origin=…>``) gives
   the expected unit (NVivo: UTF-16 units; our own files are code points, no questions
   asked), and the readings of earlier sources of the same file carry over;
3. boundary evidence overrides that expectation only when it is decisive: people select
   words and lines, so under the right reading nearly every selection starts and ends on a
   word or line boundary, and under a wrong one most do not. Positions that fall outside the
   text, inside a surrogate pair or between CR and LF count against a reading, and so does a
   selection whose name (many programs store the quoted text there) does not match its text.

Readings that give the same positions for every selection are the same to us; nothing is
reported for them. Every conversion is reported, per source, with its evidence.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from annotator.domain.text import Utf16Index

MODES = ("auto", "codepoints", "utf16")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
#: characters that glue to the one before them (joiners, variation selectors, skin tones, tags)
_GLUE = re.compile("[\u200d\ufe00-\ufe0f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f]")
#: programs whose habit is known (lower-case substring of <Project origin> -> unit)
HABITS = (("nvivo", "utf16"), ("qualcoder", "codepoints"))
_NAME_WEIGHT = 4  # a matching (or clashing) selection name counts like two boundaries
_INVALID_WEIGHT = 4


@dataclass(frozen=True, slots=True)
class Reading:
    unit: str  # "codepoints" | "utf16"
    lf: bool = False  # counted on the text with LF line ends although the file has CRLF

    def label(self) -> str:
        unit = "UTF-16 units" if self.unit == "utf16" else "code points"
        return unit + (" on the text with LF line ends (the file has CRLF)" if self.lf else "")


PLAIN = Reading("codepoints")


class Converter:
    """A position under one reading -> a code-point offset into the raw text (or ``None``
    when the position cannot exist under that reading)."""

    def __init__(self, raw: str, reading: Reading) -> None:
        self.length = len(raw)
        self.reading = reading
        base = raw
        self._nl: list[int] = []
        if reading.lf:
            self._nl = [m.start() - i for i, m in enumerate(re.finditer("\r\n", raw))]
            base = raw.replace("\r\n", "\n")
        self._base_length = len(base)
        self._u16 = Utf16Index(base) if reading.unit == "utf16" else None

    def __call__(self, p: int) -> int | None:
        if self._u16 is not None:
            try:
                p = self._u16.to_codepoint(p)
            except ValueError:  # outside the text, or inside a surrogate pair
                return None
        elif not 0 <= p <= self._base_length:
            return None
        return p + bisect.bisect_left(self._nl, p) if self._nl else p


def _edge(text: str, i: int) -> bool:
    """Is ``i`` a word or line boundary (not inside a word, a CRLF pair or a glued cluster)?"""
    if i <= 0 or i >= len(text):
        return True
    a, b = text[i - 1], text[i]
    if a == "\r" and b == "\n":
        return False
    if a == "\u200d" or _GLUE.match(b) or unicodedata.combining(b):
        return False
    return not (a.isalnum() and b.isalnum())


def _name_hint(name: str | None) -> str | None:
    hint = " ".join((name or "").split()).rstrip("…").rstrip(".").strip()
    return hint[:40] if len(hint) >= 8 else None


@dataclass(slots=True)
class Evidence:
    """How one reading fares on a source's selections."""

    spans: list[tuple[int, int] | None]
    on_boundaries: int = 0  # selections whose start and end are both boundaries
    edges: int = 0
    names_matched: int = 0
    names_clashing: int = 0
    invalid: int = 0

    @property
    def score(self) -> int:
        return (self.edges + _NAME_WEIGHT * (self.names_matched - self.names_clashing)
                - _INVALID_WEIGHT * self.invalid)


def evidence(raw: str, selections: Sequence[tuple[int, int, str | None]],
             reading: Reading) -> Evidence:
    convert = Converter(raw, reading)
    ev = Evidence([])
    for start, end, name in selections:
        s, e = convert(start), convert(end)
        if s is None or e is None or not s < e:
            ev.spans.append(None)
            ev.invalid += 1
            continue
        ev.spans.append((s, e))
        ok = _edge(raw, s) + _edge(raw, e)
        ev.edges += ok
        ev.on_boundaries += ok == 2
        hint = _name_hint(name)
        if hint is not None:
            if " ".join(raw[s:e].split()).startswith(hint):
                ev.names_matched += 1
            else:
                ev.names_clashing += 1
    return ev


def habit(origin: str) -> str | None:
    """The unit the exporting program is known to count in, if it is known."""
    low = (origin or "").lower()
    return next((unit for key, unit in HABITS if key in low), None)


@dataclass(slots=True)
class Decision:
    reading: Reading
    converter: Converter
    decisive: bool  # the evidence alone singles this reading out
    message: str | None = None  # a conversion to report
    warning: str | None = None  # a doubt to report
    counts: dict[Reading, Evidence] = field(default_factory=dict)


def _why(prior_reason: str, chose_prior: bool) -> str:
    return prior_reason if chose_prior else "the boundary evidence"


def decide(raw: str, selections: Sequence[tuple[int, int, str | None]], *, origin: str = "",
           mode: str = "auto", earlier: Reading | None = None, name: str = "") -> Decision:
    """The reading for one source's ``(start, end, name)`` selections; see the module text."""
    if mode not in MODES:
        raise ValueError(f"unknown positions mode {mode!r}; use one of {', '.join(MODES)}")
    if mode == "auto" and "annotator" in (origin or "").lower():
        return Decision(PLAIN, Converter(raw, PLAIN), False)  # our own files: code points
    astral = _ASTRAL.search(raw) is not None
    crlf = "\r\n" in raw
    # UTF-16 units and code points are the same without astral characters.
    every = ("codepoints", "utf16") if astral else ("codepoints",)
    units = every if mode == "auto" else tuple(u for u in every if u == mode) or ("codepoints",)
    lfs = (False, True) if crlf else (False,)
    readings = [Reading(u, lf) for u in every for lf in lfs]
    candidates = [r for r in readings if r.unit in units]
    expected_unit = habit(origin) if mode == "auto" else mode
    if earlier is not None and (mode == "auto" or earlier.unit == mode):
        prior, reason = earlier, "as the file's earlier sources"
    else:
        prior = Reading(expected_unit or "codepoints")
        reason = (f"as --positions {mode} asks" if mode != "auto" else
                  f"{origin.split()[0] if origin else 'the exporting program'} counts this way"
                  if expected_unit else "REFI-QDA's rule")
    if prior not in candidates:
        prior = Reading(prior.unit if prior.unit in units else units[0], prior.lf and crlf)
    if len(readings) == 1 or not selections:
        return Decision(prior, Converter(raw, prior), False)
    counts = {r: evidence(raw, selections, r) for r in readings}
    n = len(selections)
    margin = max(2, (2 * n) // 10)

    def ranked(pool: list[Reading]) -> list[Reading]:
        return sorted(pool, key=lambda r: (-counts[r].score, r != prior, r != PLAIN, r.lf))

    best = ranked(candidates)[0]
    if counts[best].spans == counts[prior].spans:
        chosen = prior
    elif counts[best].score - counts[prior].score >= margin:
        chosen = best
    else:
        chosen = prior
    mine = counts[chosen]
    decisive = chosen == best and all(
        mine.score - counts[r].score >= margin for r in readings
        if counts[r].spans != mine.spans)
    decision = Decision(chosen, Converter(raw, chosen), decisive, counts=counts)
    plain = counts[PLAIN]
    if mine.spans != plain.spans:
        decision.message = (
            f"source {name!r}: positions read as {chosen.label()} and converted to code points "
            f"({_why(reason, chosen == prior)}; {mine.on_boundaries} of {n} selection(s) start "
            f"and end on word or line boundaries read this way, {plain.on_boundaries} as code "
            "points)")
    rival = ranked(readings)[0]
    if counts[rival].spans != mine.spans and counts[rival].score > mine.score:
        decision.warning = (
            f"source {name!r}: positions were read as {chosen.label()} ({reason}), but "
            f"{counts[rival].on_boundaries} of {n} selection(s) fall on word or line boundaries "
            f"when read as {rival.label()} against {mine.on_boundaries}; check the codings "
            "(annotator import … --positions codepoints|utf16 decides the unit)")
    return decision
