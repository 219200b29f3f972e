"""NVivo-style agreement per character: Cohen's kappa on the 2 x 2 table of characters.

For one category and two coders A and B, every character of the continuum is coded by both, by
A only, by B only, or by neither (a coder's overlapping spans are unioned). Then (NVivo help,
"Coding Comparison query"): PA = (both + neither) / TU, EF = (|A| |B| + (TU-|A|)(TU-|B|)) / TU,
kappa = (both + neither - EF) / (TU - EF). When TU = EF (both coders coded nothing, or both
everything) kappa is reported as 1 with a note, as NVivo does.

The counts come from interval unions (sort + running maximum), never from per-character masks.
Several continua (documents laid end to end) give one row each, plus the pooled kappa (one table
summed over continua) and the length-weighted mean of per-continuum kappas.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Any

import numpy as np

from annotator.domain.agreement.bootstrap import bootstrap_cells
from annotator.domain.agreement.results import AgreementResult
from annotator.domain.agreement.spans import SpanTable, check_continuum, merge_overlaps, span_table
from annotator.domain.errors import ValidationError

_CI_NOTE = "the interval treats characters as independent units, so it is optimistic"
_SAME = "both coders coded nothing (or everything): kappa reported as 1, as NVivo does"


def _kappa(both: float, only_a: float, only_b: float, neither: float
           ) -> tuple[float | None, float | None, float | None, str | None]:
    """(kappa, PA, p_e, note) for one 2 x 2 character table."""
    tu = both + only_a + only_b + neither
    if tu <= 0:
        return None, None, None, "undefined: the continuum is empty"
    n_a, n_b = both + only_a, both + only_b
    ta = both + neither
    ef = (n_a * n_b + (tu - n_a) * (tu - n_b)) / tu
    if tu - ef <= 1e-9 * tu:
        return 1.0, ta / tu, ef / tu, _SAME
    return (ta - ef) / (tu - ef), ta / tu, ef / tu, None


def _continua(continuum: Any) -> tuple[np.ndarray, np.ndarray, bool]:
    """(begins, ends, single) for one ``(begin, end)`` pair or a sequence of pairs."""
    try:
        single = len(continuum) == 2 and all(isinstance(v, (int, np.integer)) for v in continuum)
    except TypeError:
        raise ValidationError("continuum must be (begin, end) or a list of such pairs") from None
    pairs = [check_continuum(continuum)] if single else [check_continuum(c) for c in continuum]
    if not pairs:
        raise ValidationError("no continuum given")
    b = np.asarray([p[0] for p in pairs], dtype=np.int64)
    e = np.asarray([p[1] for p in pairs], dtype=np.int64)
    if np.any(b[1:] < e[:-1]):
        raise ValidationError("continua must be sorted and must not overlap")
    return b, e, single


def _locate(table: SpanTable, begins: np.ndarray, ends: np.ndarray) -> None:
    if len(table) == 0:
        return
    cid = np.searchsorted(begins, table.start, side="right") - 1
    ok = (cid >= 0) & (table.end <= ends[np.maximum(cid, 0)])
    if not np.all(ok):
        i = int(np.nonzero(~ok)[0][0])
        raise ValidationError(f"span [{table.start[i]}, {table.end[i]}) does not lie inside one "
                              "continuum")


def _union_lengths(s: np.ndarray, e: np.ndarray, begins: np.ndarray) -> np.ndarray:
    ms, me = merge_overlaps(s, e)
    cid = np.searchsorted(begins, ms, side="right") - 1
    return np.bincount(cid, weights=(me - ms).astype(np.float64), minlength=begins.size)


def character_kappa_from_counts(both: int, only_a: int, only_b: int, neither: int,
                                ci: bool = False, n_boot: int = 1000,
                                seed: int | None = 0) -> AgreementResult:
    """Per-character kappa and percent agreement from the four character counts."""
    cells = np.asarray([[both, only_a], [only_b, neither]], dtype=np.float64)
    if not np.all(np.isfinite(cells)) or np.any(cells < 0):
        raise ValidationError("character counts must be non-negative")
    return _result(cells, {}, ci, n_boot, seed)


def _result(cells: np.ndarray, details: dict[str, Any], ci: bool, n_boot: int,
            seed: int | None) -> AgreementResult:
    (both, only_a), (only_b, neither) = cells.tolist()
    value, pa, pe, note = _kappa(both, only_a, only_b, neither)
    details = {**details, "both": int(both), "only_a": int(only_a), "only_b": int(only_b),
               "neither": int(neither), "percent_agreement": pa,
               "definition": "Cohen's kappa on per-character presence (NVivo coding comparison)"}
    bounds = None
    if ci and value is not None:
        bounds, info = bootstrap_cells(lambda d: _kappa(*d.ravel().tolist())[0], cells, n_boot,
                                       seed)
        details.update(info, ci_note=_CI_NOTE)
    return AgreementResult("character_kappa", value, pa, pe, "agreement", int(cells.sum()),
                           note=note, ci=bounds, details=details)


def character_kappa(spans: SpanTable | Iterable[Sequence[Any]], continuum: Any,
                    coders: Sequence[Hashable], category: Hashable, ci: bool = False,
                    n_boot: int = 1000, seed: int | None = 0) -> AgreementResult:
    """NVivo-compatible kappa of coders ``(a, b)`` for one category over the continuum.

    ``continuum`` is ``(begin, end)`` or a sorted list of such pairs (e.g. documents laid end to
    end). ``value`` is the pooled kappa; ``observed`` is the percent agreement (PA) and
    ``expected`` EF / TU. ``details["per_continuum"]`` lists each continuum's counts, PA and kappa,
    and ``details["kappa_mean_weighted"]`` their length-weighted mean.
    """
    table = span_table(spans)
    begins, ends, single = _continua(continuum)
    try:
        a, b = coders
    except (TypeError, ValueError):
        raise ValidationError("coders must be a pair (a, b)") from None
    if a == b:
        raise ValidationError("the two coders must differ")
    k = table.category_index(category)
    sel = table.category == k
    ma = sel & (table.coder == table.coder_index(a))
    mb = sel & (table.coder == table.coder_index(b))
    if k < 0:
        ma = mb = np.zeros(len(table), dtype=bool)
    _locate(table.where(ma | mb), begins, ends)
    n_a = _union_lengths(table.start[ma], table.end[ma], begins)
    n_b = _union_lengths(table.start[mb], table.end[mb], begins)
    n_u = _union_lengths(table.start[ma | mb], table.end[ma | mb], begins)
    both = n_a + n_b - n_u
    only_a, only_b = n_a - both, n_b - both
    neither = (ends - begins) - n_u
    details: dict[str, Any] = {"coders": [a, b], "category": category}
    if not single:
        rows, num, den = [], 0.0, 0.0
        for i in range(begins.size):
            kap, pa, _, note = _kappa(both[i], only_a[i], only_b[i], neither[i])
            rows.append({"begin": int(begins[i]), "end": int(ends[i]), "both": int(both[i]),
                         "only_a": int(only_a[i]), "only_b": int(only_b[i]),
                         "neither": int(neither[i]), "percent_agreement": pa, "kappa": kap,
                         "note": note})
            if kap is not None:
                num += kap * float(ends[i] - begins[i])
                den += float(ends[i] - begins[i])
        details["per_continuum"] = rows
        details["kappa_mean_weighted"] = num / den if den > 0 else None
    cells = np.asarray([[both.sum(), only_a.sum()], [only_b.sum(), neither.sum()]])
    return _result(cells, details, ci, n_boot, seed)
