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
        codes = codes.astype(np.int64, copy=False)
        if codes.size and (codes.min() < MISSING or codes.max() >= len(self.categories)):
            raise ValidationError("category code out of range")
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
    def counts(self) -> np.ndarray:
        """``counts[u, k]`` = number of coders who put unit u in category k (float64)."""
        n, q = self.codes.shape[0], self.n_categories
        if q * self.n_coders <= 32:  # few cells: one comparison pass per (category, coder)
            out = np.zeros((n, q))
            for k in range(q):
                for col in self.codes.T:
                    out[:, k] += col == k
            return out
        flat = self.codes + (np.arange(n) * q)[:, None]
        flat = np.where(self.codes >= 0, flat, n * q)  # missing values go to a spare bin
        c = np.bincount(flat.ravel(), minlength=n * q + 1)[:-1]
        return c.reshape(n, q).astype(np.float64)

    @cached_property
    def n_values(self) -> np.ndarray:
        """Number of values (non-missing codes) per unit, as float64."""
        return (self.codes >= 0).astype(np.float64) @ np.ones(self.n_coders)

    @cached_property
    def memo(self) -> dict[str, Any]:
        """Scratch space where statistics keep derived arrays shared between calls."""
        return {}

    def select_coders(self, columns: Sequence[int]) -> ReliabilityData:
        """The same data restricted to some coder columns (categories kept)."""
        return ReliabilityData(self.codes[:, list(columns)], self.categories, self.ordered)

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


def _unique(vals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(vals, return_inverse=True)``, in O(n) for integer-valued data in a small range."""
    if vals.size:
        lo, hi = vals.min(), vals.max()
        small = float(hi) - float(lo) <= max(1024, 4 * vals.size)
        if small and (np.issubdtype(vals.dtype, np.integer) or np.array_equal(vals, np.floor(vals))):
            shifted = (vals - lo).astype(np.int64)
            present = np.bincount(shifted) > 0
            rank = np.cumsum(present) - 1
            uniq = (np.flatnonzero(present) + lo).astype(vals.dtype)
            return uniq, rank[shifted]
    return np.unique(vals, return_inverse=True)


def _from_array(arr: np.ndarray, order: Sequence[Hashable] | None) -> ReliabilityData:
    if arr.dtype == bool:
        if order is None:
            return ReliabilityData(arr.astype(np.int64), (False, True), True)
        arr = arr.astype(np.int64)
    if not (np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)):
        raise ValidationError(f"unsupported array dtype {arr.dtype}")
    missing = np.isnan(arr) if np.issubdtype(arr.dtype, np.floating) else np.zeros(arr.shape, bool)
    uniq, inv = _unique(arr[~missing])
    values = uniq.tolist()
    if order is not None:
        cats, mapping = _order_map(order)
        ordered = True
    else:
        cats, ordered = tuple(values), True
        mapping = {c: i for i, c in enumerate(cats)}
    try:
        code_of = np.asarray([mapping[v] for v in values], dtype=np.int64)
    except KeyError as exc:
        raise ValidationError(f"value {exc.args[0]!r} is not in the given order") from None
    codes = np.full(arr.shape, MISSING, dtype=np.int64)
    codes[~missing] = code_of[inv.ravel()] if values else 0
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
            raise ValidationError(f"row {i} has {len(vals)} values, expected {width} (one per coder)")
        flat.extend(vals)
    if order is not None:
        cats, mapping = _order_map(order)
        ordered = True
    else:
        mapping = {}
    out = np.empty(len(flat), dtype=np.int64)
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
            remap = np.asarray([cats.index(c) for c in mapping], dtype=np.int64)
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
            remap = np.asarray([mapping[c] for c in data.categories] + [MISSING], dtype=np.int64)
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
