"""Codings as spans ``(coder, start, end, category)`` on a continuum, held column-wise.

Offsets are half-open ``[start, end)`` code points (the project rule). :class:`SpanTable` stores
spans as numpy columns so that span statistics never loop over Python tuples; build it once with
:func:`span_table` (from tuples) or :meth:`SpanTable.from_arrays` and pass it to every function.
Also: vectorised interval helpers (union, overlapping pairs) shared by the span statistics.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from annotator.domain.errors import ValidationError


@dataclass(frozen=True, eq=False)
class SpanTable:
    """Columns of spans; ``coder``/``category`` index into ``coders``/``categories``."""

    coder: np.ndarray
    start: np.ndarray
    end: np.ndarray
    category: np.ndarray
    coders: tuple[Hashable, ...]
    categories: tuple[Hashable, ...]

    def __post_init__(self) -> None:
        cols = [np.asarray(getattr(self, n)) for n in ("coder", "start", "end", "category")]
        if len({c.shape for c in cols}) != 1 or cols[0].ndim != 1:
            raise ValidationError("span columns must be 1-D arrays of equal length")
        for name, col in zip(("coder", "start", "end", "category"), cols, strict=True):
            if col.size and not np.issubdtype(col.dtype, np.integer):
                raise ValidationError(f"span column {name!r} must hold integers")
            col = col.astype(np.int64, copy=False)
            col.setflags(write=False)
            object.__setattr__(self, name, col)
        object.__setattr__(self, "coders", tuple(self.coders))
        object.__setattr__(self, "categories", tuple(self.categories))
        if self.coder.size:
            bad = np.nonzero(self.end <= self.start)[0]
            if bad.size:
                i = int(bad[0])
                raise ValidationError(f"span [{self.start[i]}, {self.end[i]}) is empty or reversed")
            if self.coder.min() < 0 or self.coder.max() >= len(self.coders):
                raise ValidationError("span coder index out of range")
            if self.category.min() < 0 or self.category.max() >= len(self.categories):
                raise ValidationError("span category index out of range")

    def __len__(self) -> int:
        return int(self.start.size)

    @classmethod
    def from_arrays(cls, coder: Sequence[Hashable] | np.ndarray, start: Any, end: Any,
                    category: Sequence[Hashable] | np.ndarray) -> SpanTable:
        """Build from parallel columns of labels and offsets (labels may be any hashables)."""
        cod, coders = _encode_labels(coder)
        cat, cats = _encode_labels(category)
        return cls(cod, _ints(start, "start"), _ints(end, "end"), cat, coders, cats)

    def where(self, mask: np.ndarray) -> SpanTable:
        """The spans selected by a boolean mask (labels kept)."""
        return SpanTable(self.coder[mask], self.start[mask], self.end[mask], self.category[mask],
                         self.coders, self.categories)

    def coder_index(self, coder: Hashable) -> int:
        """Index of a coder label, or -1 when that coder has no spans."""
        try:
            return self.coders.index(coder)
        except ValueError:
            return -1

    def category_index(self, category: Hashable) -> int:
        """Index of a category label, or -1 when no span has it."""
        try:
            return self.categories.index(category)
        except ValueError:
            return -1

    def intervals(self, coder: Hashable, category: Hashable | None = None
                  ) -> tuple[np.ndarray, np.ndarray]:
        """(starts, ends) of one coder's spans, optionally of one category, sorted by start."""
        mask = self.coder == self.coder_index(coder)
        if category is not None:
            mask &= self.category == self.category_index(category)
        order = np.argsort(self.start[mask], kind="stable")
        return self.start[mask][order], self.end[mask][order]


def _ints(col: Any, name: str) -> np.ndarray:
    arr = np.asarray(col)
    if arr.size and not np.issubdtype(arr.dtype, np.integer):
        if np.issubdtype(arr.dtype, np.floating) and np.all(arr == np.round(arr)):
            return arr.astype(np.int64)
        raise ValidationError(f"span {name} offsets must be integers")
    return arr.astype(np.int64)


def _encode_labels(labels: Sequence[Hashable] | np.ndarray
                   ) -> tuple[np.ndarray, tuple[Hashable, ...]]:
    arr = np.asarray(labels)
    if arr.dtype != object and arr.ndim == 1:
        uniq, inv = np.unique(arr, return_inverse=True)
        return inv.astype(np.int64), tuple(uniq.tolist())
    mapping: dict[Hashable, int] = {}
    try:
        codes = [mapping.setdefault(x, len(mapping)) for x in list(labels)]
    except TypeError as exc:
        raise ValidationError(f"coder and category labels must be hashable: {exc}") from None
    return np.asarray(codes, dtype=np.int64), tuple(mapping)


def span_table(spans: SpanTable | Iterable[Sequence[Any]]) -> SpanTable:
    """Accept a :class:`SpanTable` or an iterable of ``(coder, start, end, category)``."""
    if isinstance(spans, SpanTable):
        return spans
    if isinstance(spans, (str, bytes)) or not isinstance(spans, Iterable):
        raise ValidationError("spans must be a list of (coder, start, end, category)")
    coders: dict[Hashable, int] = {}
    cats: dict[Hashable, int] = {}
    rows: list[tuple[int, int, int, int]] = []
    for i, sp in enumerate(spans):
        try:
            coder, start, end, category = sp
        except (TypeError, ValueError):
            raise ValidationError(f"span {i} is not (coder, start, end, category)") from None
        if isinstance(start, bool) or isinstance(end, bool) or not (
                isinstance(start, (int, np.integer)) and isinstance(end, (int, np.integer))):
            raise ValidationError(f"span {i}: start and end must be integers")
        try:
            rows.append((coders.setdefault(coder, len(coders)), int(start), int(end),
                         cats.setdefault(category, len(cats))))
        except TypeError as exc:
            raise ValidationError(f"span {i}: coder and category must be hashable "
                                  f"({exc})") from None
    arr = np.asarray(rows, dtype=np.int64).reshape(-1, 4)
    return SpanTable(arr[:, 0], arr[:, 1], arr[:, 2], arr[:, 3], tuple(coders), tuple(cats))


def check_continuum(continuum: Any) -> tuple[int, int]:
    """Validate ``(begin, end)``; an empty continuum (end == begin) is allowed."""
    try:
        begin, end = continuum
    except (TypeError, ValueError):
        raise ValidationError("continuum must be a (begin, end) pair") from None
    for v in (begin, end):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
            raise ValidationError("continuum bounds must be integers")
    if end < begin:
        raise ValidationError(f"continuum [{begin}, {end}) is reversed")
    return int(begin), int(end)


def check_inside(table: SpanTable, begin: int, end: int) -> None:
    """Refuse spans reaching outside ``[begin, end)``."""
    if len(table) == 0:
        return
    bad = np.nonzero((table.start < begin) | (table.end > end))[0]
    if bad.size:
        i = int(bad[0])
        raise ValidationError(f"span [{table.start[i]}, {table.end[i]}) lies outside the continuum "
                              f"[{begin}, {end})")


def merge_overlaps(starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Union of intervals: overlapping ones are merged; touching ones stay separate."""
    if starts.size == 0:
        return starts, ends
    order = np.lexsort((ends, starts))
    s, e = starts[order], ends[order]
    reach = np.maximum.accumulate(e)
    new = np.ones(s.size, dtype=bool)
    new[1:] = s[1:] >= reach[:-1]
    first = np.nonzero(new)[0]
    return s[first], np.maximum.reduceat(e, first)


def overlap_pairs(a_start: np.ndarray, a_end: np.ndarray, b_start: np.ndarray, b_end: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i, j) with [a_i) and [b_j) sharing at least one position.

    Sort-and-search: the candidates for a_i are the b's starting in [a_start - longest b, a_end).
    """
    if a_start.size == 0 or b_start.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    order = np.argsort(b_start, kind="stable")
    bs, be = b_start[order], b_end[order]
    longest = int((be - bs).max())
    lo = np.searchsorted(bs, a_start - longest, side="left")
    hi = np.searchsorted(bs, a_end, side="left")
    n = hi - lo
    ia = np.repeat(np.arange(a_start.size), n)
    offs = np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
    jb = np.repeat(lo, n) + offs
    hit = be[jb] > a_start[ia]
    return ia[hit], order[jb[hit]]
