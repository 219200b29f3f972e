"""The result object every agreement statistic returns, and the chance-correction helper."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

Kind = Literal["agreement", "disagreement", "score"]

# p_e this close to 1 means "chance explains everything": the coefficient is undefined.
_EPS = 1e-12


@dataclass(frozen=True)
class AgreementResult:
    """One computed statistic.

    ``value`` is the coefficient, or ``None`` when it is undefined for these data; ``note`` then
    says why (never a silent NaN). ``kind`` tells how to read ``observed``/``expected``:
    ``"agreement"`` (p_o, p_e of a kappa-type coefficient), ``"disagreement"`` (D_o, D_e of an
    alpha) or ``"score"`` (no chance term, e.g. F1). ``n_units`` counts the units that entered the
    computation (pairable units, characters, segments...). ``ci`` is a bootstrap interval when
    requested. ``details`` holds statistic-specific extras; ``per_category`` holds sub-results.
    """

    statistic: str
    value: float | None
    observed: float | None
    expected: float | None
    kind: Kind
    n_units: int
    note: str | None = None
    ci: tuple[float, float] | None = None
    details: Mapping[str, Any] = field(default_factory=dict)
    per_category: Mapping[Hashable, AgreementResult] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("value", "observed", "expected"):
            v = getattr(self, name)
            if v is None:
                continue
            v = float(v)
            if math.isnan(v):
                raise ValueError(f"{self.statistic}: {name} is NaN (internal error)")
            object.__setattr__(self, name, v)
        object.__setattr__(self, "n_units", int(self.n_units))
        if self.ci is not None:
            object.__setattr__(self, "ci", (float(self.ci[0]), float(self.ci[1])))
        object.__setattr__(self, "details", MappingProxyType(dict(self.details)))
        object.__setattr__(self, "per_category", MappingProxyType(dict(self.per_category)))

    @property
    def defined(self) -> bool:
        """True when the coefficient has a value."""
        return self.value is not None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (categories become strings when they are not JSON scalars)."""
        out: dict[str, Any] = {
            "statistic": self.statistic,
            "value": self.value,
            "observed": self.observed,
            "expected": self.expected,
            "kind": self.kind,
            "n_units": self.n_units,
            "note": self.note,
            "ci": list(self.ci) if self.ci is not None else None,
            "details": jsonable(dict(self.details)),
        }
        if self.per_category:
            out["per_category"] = {_key(k): r.to_dict() for k, r in self.per_category.items()}
        return out


def _key(k: Hashable) -> str:
    return k if isinstance(k, str) else str(k)


def jsonable(obj: Any) -> Any:
    """Convert numpy scalars/arrays, tuples and odd keys into plain JSON types."""
    if obj is None or isinstance(obj, (bool, str)):
        return obj
    if isinstance(obj, int):
        return int(obj)
    if isinstance(obj, float):
        return None if math.isnan(obj) else float(obj)
    if isinstance(obj, Mapping):
        return {_key(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in obj]
    tolist = getattr(obj, "tolist", None)  # numpy scalar or array
    if callable(tolist):
        return jsonable(tolist())
    return str(obj)


def chance_corrected(p_o: float, p_e: float) -> tuple[float | None, str | None]:
    """(p_o - p_e) / (1 - p_e), or ``(None, reason)`` when p_e is 1."""
    if 1.0 - p_e <= _EPS:
        return None, ("undefined: chance agreement is 1 (a single category is used by everyone, "
                      "so agreement cannot be told apart from chance)")
    return (p_o - p_e) / (1.0 - p_e), None


def alpha_from(d_o: float, d_e: float, scale: float = 0.0) -> tuple[float | None, str | None]:
    """1 - D_o / D_e, or ``(None, reason)`` when D_e is 0.

    "0" is judged relative to the data, never in absolute terms (values of 1e-7 are as good as
    values of 1): D_e counts as 0 when it is below 1e-12 of ``scale`` (the largest difference
    d^2 between two values that occur) or of D_o. D_e is exactly 0 when a single value occurs.
    """
    if d_e <= 0.0 or d_e <= _EPS * max(abs(d_o), scale):
        return None, ("undefined: expected disagreement is 0 (only one value occurs), "
                      "so reliability cannot be assessed")
    return 1.0 - d_o / d_e, None


def undefined(statistic: str, kind: Kind, n_units: int, note: str,
              **details: Any) -> AgreementResult:
    """A result without a value, carrying the reason."""
    return AgreementResult(statistic, None, None, None, kind, n_units, note=note, details=details)
