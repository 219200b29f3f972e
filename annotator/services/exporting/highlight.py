"""Shared by the coded-document exports: number the codings and cut the text into runs that
carry the set of codings covering them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from annotator.domain.codebook_colors import MISSING_CODE_COLOR
from annotator.services.exporting.data import ExportData
from annotator.storage.exchange_queries import CodingRow

_HEX = re.compile(r"#[0-9A-Fa-f]{6}")
FALLBACK = MISSING_CODE_COLOR


def safe_color(value: str | None) -> str:
    """``#RRGGBB`` (upper case); anything else becomes grey (colours end up in CSS/XML)."""
    return value.upper() if value and _HEX.fullmatch(value) else FALLBACK


def tint(color: str, strength: float) -> str:
    """Mix ``color`` with white; ``strength`` 1 keeps the colour, 0 gives white."""
    c = safe_color(color)
    rgb = [int(c[i:i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(255 - (255 - v) * strength) for v in rgb]
    return "#" + "".join(f"{v:02X}" for v in mixed)


@dataclass(frozen=True, slots=True)
class Mark:
    """One coding as shown in a coded document: its number, colour and labels."""

    number: int
    coding: CodingRow
    color: str
    code_path: str
    coder: str


@dataclass(frozen=True, slots=True)
class LegendEntry:
    code_path: str
    color: str
    count: int


def marks_for(data: ExportData, codings: Sequence[CodingRow]) -> list[Mark]:
    ordered = sorted(codings, key=lambda c: (c.start, -c.end, c.id))
    return [Mark(i + 1, c, safe_color(data.codes[c.code_id].color), data.code_paths[c.code_id],
                 data.coders[c.coder_id].name) for i, c in enumerate(ordered)]


def legend(data: ExportData, marks: Sequence[Mark]) -> list[LegendEntry]:
    """Codes used in the document, in codebook order."""
    counts: dict[int, int] = {}
    for m in marks:
        counts[m.coding.code_id] = counts.get(m.coding.code_id, 0) + 1
    return [LegendEntry(data.code_paths[cid], safe_color(data.codes[cid].color), counts[cid])
            for cid in data.code_order if cid in counts]


def runs(length: int, marks: Sequence[Mark],
         breaks: Sequence[int] = ()) -> list[tuple[int, int, tuple[Mark, ...]]]:
    """Cut ``[0, length)`` at every coding boundary (and at ``breaks``); each piece lists the
    marks covering it, outermost (earliest, longest) first."""
    points = {0, length, *(b for b in breaks if 0 < b < length)}
    for m in marks:
        points.add(max(0, min(length, m.coding.start)))
        points.add(max(0, min(length, m.coding.end)))
    cuts = sorted(points)
    starting: dict[int, list[Mark]] = {}
    for m in marks:
        starting.setdefault(m.coding.start, []).append(m)
    active: list[Mark] = []
    out: list[tuple[int, int, tuple[Mark, ...]]] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        active = [m for m in active if m.coding.end > a] + starting.get(a, [])
        out.append((a, b, tuple(active)))
    return out
