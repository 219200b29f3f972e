"""Reliability data (units x coders) encoded once as integer category codes.

Every raw-data statistic accepts a list of rows, a 2-D numpy array or a :class:`ReliabilityData`;
encode once with :func:`reliability_data` when several statistics run on the same data.
Missing values are ``None`` (and float NaN). ``order`` is the full category list (the codebook's
value list, in order): it fixes the number of categories q, keeps unused values, and gives the
positions used by ordered levels and kappa weights.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from annotator.domain.agreement.patterns import RatingPatterns, group_rows, value_counts
from annotator.domain.errors import ValidationError

MISSING = -1


@dataclass(frozen=True, eq=False)
class ReliabilityData:
    """``codes[u, r]`` is the index into ``categories`` given by coder r to unit u (-1 = missing).

    ``ordered`` is True when ``categories`` has a meaningful order (explicit ``order``, sortable
    observed values, or booleans).
    """

    codes: np.ndarray
    categories: tuple[Hashable, ...]
    ordered: bool = True

    def __post_init__(self) -> None:
        codes = np.asarray(self.codes)
        if codes.ndim != 2:
            raise ValidationError("reliability data must be a units x coders matrix")
        if codes.size and not np.issubdtype(codes.dtype, np.integer):
            raise ValidationError("category codes must be integers")
        if codes.size and (codes.min() < MISSING or codes.max() >= len(self.categories)):
            raise ValidationError("category code out of range")
        target = np.dtype(code_dtype(len(self.categories)))
        if codes.dtype.kind == "i" and codes.dtype.itemsize <= target.itemsize:
            target = codes.dtype
        codes = codes.astype(target, copy=True)  # our own read-only copy (cheap: small ints)
        codes.setflags(write=False)
        object.__setattr__(self, "codes", codes)
        object.__setattr__(self, "categories", tuple(self.categories))

    @property
    def n_units(self) -> int:
        return int(self.codes.shape[0])

    @property
    def n_coders(self) -> int:
        return int(self.codes.shape[1])

    @property
    def n_categories(self) -> int:
        return len(self.categories)

    @cached_property
    def patterns(self) -> RatingPatterns:
        """Distinct rows with their frequencies; statistics run on these, weighted."""
        return group_rows(self.codes, self.n_categories)

    @cached_property
    def pattern_counts(self) -> np.ndarray:
        """``pattern_counts[p, k]`` = coders who chose category k in pattern p (float64)."""
        return value_counts(self.patterns.codes, self.n_categories)

    @property
    def counts(self) -> np.ndarray:
        """``counts[u, k]`` = number of coders who put unit u in category k (float64)."""
        return self.pattern_counts[self.patterns.of_unit]

    @cached_property
    def memo(self) -> dict[str, Any]:
        """Scratch space where statistics keep derived arrays shared between calls."""
        return {}

    def select_coders(self, columns: Sequence[int]) -> ReliabilityData:
        """The same data restricted to some coder columns (categories kept).

        When this data set's rating patterns are known, the subset's patterns are derived from
        them (a few rows) instead of re-scanning every unit.
        """
        cols = list(columns)
        sub = ReliabilityData(self.codes[:, cols], self.categories, self.ordered)
        if "patterns" in self.__dict__:
            parent = self.patterns
            small = group_rows(parent.codes[:, cols], self.n_categories)
            sub.__dict__["patterns"] = RatingPatterns(
                small.codes, np.bincount(small.of_unit, weights=parent.weight,
                                         minlength=small.size),
                small.of_unit.take(parent.of_unit))
        return sub

    def numeric_values(self) -> np.ndarray:
        """The categories as floats; refused when a category is not a real number."""
        bad = [c for c in self.categories
               if not isinstance(c, numbers.Real) or not math.isfinite(float(c))]
        if bad:
            raise ValidationError(f"this level needs numeric values; got {bad[0]!r}")
        return np.asarray([float(c) for c in self.categories], dtype=np.float64)

    def require_order(self, what: str) -> None:
        if not self.ordered:
            raise ValidationError(f"{what} needs ordered categories: pass order=[...] "
                                  "(the observed values cannot be sorted)")


def _is_missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def _order_map(order: Iterable[Hashable]) -> tuple[tuple[Hashable, ...], dict[Hashable, int]]:
    cats = tuple(order)
    try:
        mapping = {c: i for i, c in enumerate(cats)}
    except TypeError as exc:
        raise ValidationError(f"categories must be hashable: {exc}") from None
    if len(mapping) != len(cats):
        raise ValidationError("order lists a category twice")
    if any(_is_missing(c) for c in cats):
        raise ValidationError("order must not contain None/NaN (they mean 'missing')")
    return cats, mapping


def _sorted_or_seen(seen: dict[Hashable, int]) -> tuple[tuple[Hashable, ...], bool]:
    cats = list(seen)
    try:
        return tuple(sorted(cats)), True  # type: ignore[type-var]
    except TypeError:
        return tuple(cats), False


def code_dtype(q: int) -> type[np.signedinteger[Any]]:
    """The smallest signed integer type holding codes 0..q-1 and -1 (less memory traffic)."""
    return np.int8 if q < 127 else np.int16 if q < 32_000 else np.int32


def _small_int_index(vals: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """``np.unique(vals, return_inverse=True)`` in O(n) for integer values in a small range."""
    lo, hi = vals.min(), vals.max()
    if not (np.isfinite(lo) and np.isfinite(hi)) or float(hi) - float(lo) > 4096:
        return None
    if np.issubdtype(vals.dtype, np.floating):
        if lo < -(2**31) or hi >= 2**31:
            return None
        k = vals.astype(np.int32)
        if not np.array_equal(k, vals):
            return None
    else:
        k = vals
    ilo, span = int(lo), int(hi) - int(lo) + 1
    if ilo:
        k = k - ilo
    if span <= 16:  # a few comparison passes beat a bincount over a fresh int64 copy
        present = np.asarray([bool(np.any(k == j)) for j in range(span)])
    else:
        present = np.bincount(k.astype(np.intp), minlength=span) > 0
    rank = (np.cumsum(present) - 1).astype(np.int32)
    uniq = (np.flatnonzero(present) + ilo).astype(vals.dtype)
    return uniq, rank.take(k)


def _from_array(arr: np.ndarray, order: Sequence[Hashable] | None) -> ReliabilityData:
    if arr.dtype == bool:
        if order is None:
            return ReliabilityData(arr.view(np.int8), (False, True), True)
        arr = arr.view(np.int8)
    if not (np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)):
        raise ValidationError(f"unsupported array dtype {arr.dtype}")
    missing = np.isnan(arr) if np.issubdtype(arr.dtype, np.floating) else None
    if missing is not None and not missing.any():
        missing = None
    vals = arr.ravel() if missing is None else arr[~missing]
    found = _small_int_index(vals) if vals.size else None
    if found is None:
        uniq, inv = np.unique(vals, return_inverse=True)
        found = uniq, inv.ravel()
    uniq, inv = found
    values = uniq.tolist()
    if order is not None:
        cats, mapping = _order_map(order)
        ordered = True
    else:
        cats, ordered = tuple(values), True
        mapping = {c: i for i, c in enumerate(cats)}
    dtype = code_dtype(len(cats))
    try:
        code_of = np.asarray([mapping[v] for v in values], dtype=dtype)
    except KeyError as exc:
        raise ValidationError(f"value {exc.args[0]!r} is not in the given order") from None
    known = code_of.take(inv) if values else np.zeros(0, dtype=dtype)
    if missing is None:
        return ReliabilityData(known.reshape(arr.shape), cats, ordered)
    codes = np.full(arr.shape, MISSING, dtype=dtype)
    codes[~missing] = known
    return ReliabilityData(codes, cats, ordered)


def _from_rows(rows: Sequence[Any], order: Sequence[Hashable] | None) -> ReliabilityData:
    width: int | None = None
    flat: list[Any] = []
    for i, row in enumerate(rows):
        if isinstance(row, (str, bytes)) or not isinstance(row, Iterable):
            raise ValidationError(f"row {i} is not a sequence of values (one per coder)")
        vals = list(row)
        if width is None:
            width = len(vals)
        elif len(vals) != width:
            raise ValidationError(f"row {i} has {len(vals)} values, expected {width} "
                                  "(one per coder)")
        flat.extend(vals)
    if order is not None:
        cats, mapping = _order_map(order)
        ordered = True
    else:
        mapping = {}
    out = np.empty(len(flat), dtype=np.int32)
    try:
        for j, v in enumerate(flat):
            if _is_missing(v):
                out[j] = MISSING
            elif order is not None:
                out[j] = mapping[v]
            else:
                out[j] = mapping.setdefault(v, len(mapping))
    except KeyError as exc:
        raise ValidationError(f"value {exc.args[0]!r} is not in the given order") from None
    except TypeError as exc:
        raise ValidationError(f"categories must be hashable: {exc}") from None
    if order is None:
        cats, ordered = _sorted_or_seen(mapping)
        if ordered:
            pos = {c: i for i, c in enumerate(cats)}
            remap = np.asarray([pos[c] for c in mapping], dtype=np.int32)
            known = out >= 0
            out[known] = remap[out[known]]
    codes = out.reshape(len(rows), width or 0)
    return ReliabilityData(codes, cats, ordered)


def reliability_data(data: Any, order: Sequence[Hashable] | None = None) -> ReliabilityData:
    """Encode a units x coders matrix (``None``/NaN = missing) as :class:`ReliabilityData`.

    Without ``order`` the categories are the observed values, sorted when they can be
    (booleans always give ``(False, True)``). With ``order``, every value must be listed in it.
    """
    if isinstance(data, ReliabilityData):
        if order is None or tuple(order) == data.categories:
            return data
        cats, mapping = _order_map(order)
        try:
            remap = np.asarray([mapping[c] for c in data.categories] + [MISSING], dtype=np.int32)
        except KeyError as exc:
            raise ValidationError(f"value {exc.args[0]!r} is not in the given order") from None
        return ReliabilityData(remap[data.codes], cats, True)
    if isinstance(data, np.ndarray) and data.dtype != object:
        if data.ndim != 2:
            raise ValidationError("reliability data must be a 2-D units x coders matrix")
        return _from_array(data, order)
    if isinstance(data, np.ndarray):
        if data.ndim != 2:
            raise ValidationError("reliability data must be a 2-D units x coders matrix")
        data = data.tolist()
    if isinstance(data, (str, bytes)) or not isinstance(data, Iterable):
        raise ValidationError("reliability data must be a list of rows (units x coders)")
    return _from_rows(list(data), order)
