"""The result of an agreement computation: rows of statistics plus the words to read them by."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from annotator.domain.agreement import AgreementResult
from annotator.services.agreement.request import AgreementRequest

#: Customary thresholds for alpha (Krippendorff 2004): reliable, and tentative conclusions.
GOOD, TENTATIVE = 0.800, 0.667


def grade(value: float | None) -> str:
    """``"good"`` (>= .800), ``"tentative"`` (.667-.800), ``"poor"`` or ``"undefined"``."""
    if value is None:
        return "undefined"
    if value >= GOOD:
        return "good"
    if value >= TENTATIVE:
        return "tentative"
    return "poor"


@dataclass(frozen=True)
class StatRow:
    """One line of a report: a code, a hierarchy level, the pooled total, a document or a pair.

    ``results`` maps statistic names (``"alpha"``, ``"kappa"``...) to engine results.
    ``marked`` is how many units (characters at character level) each coder marked present.
    Pooled rows stack ``n_codes`` code rows: ``n_units`` then counts code x unit ratings.
    """

    key: str
    label: str
    kind: str  # "code" | "level" | "overall" | "document" | "pair"
    results: dict[str, AgreementResult]
    n_units: int
    marked: dict[str, int] = field(default_factory=dict)
    depth: int = 0
    code_uuid: str | None = None
    color: str | None = None
    aggregated: bool = False  # a parent row: present where any code below it is
    document_id: int | None = None
    coders: tuple[str, ...] = ()
    n_codes: int = 1  # pooled rows: how many code rows were stacked

    def value(self, stat: str) -> float | None:
        r = self.results.get(stat)
        return None if r is None else r.value

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "kind": self.kind, "depth": self.depth,
                "code_uuid": self.code_uuid, "aggregated": self.aggregated,
                "document_id": self.document_id, "coders": list(self.coders),
                "n_units": self.n_units, "n_codes": self.n_codes, "marked": dict(self.marked),
                "results": {k: r.to_dict() for k, r in self.results.items()}}


@dataclass(frozen=True)
class AgreementReport:
    request: AgreementRequest
    coders: tuple[str, ...]
    unit: str
    statistics: tuple[str, ...]
    documents: list[dict[str, Any]]
    excluded: list[dict[str, Any]]
    codes: list[StatRow]
    levels: list[StatRow]
    overall: StatRow
    per_document: list[StatRow]
    pairwise: list[StatRow]
    reading: list[str]
    definitions: dict[str, str]
    notes: list[str]
    n_units: int
    seconds: float = 0.0

    def code(self, ref: str) -> StatRow:
        """The row of a code, by uuid or path."""
        for row in self.codes:
            if ref in (row.code_uuid, row.label):
                return row
        raise KeyError(ref)

    def pair(self, a: str, b: str) -> StatRow | None:
        for row in self.pairwise:
            if set(row.coders) == {a, b}:
                return row
        return None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (what ``annotator agreement --json`` prints)."""
        req = asdict(self.request)
        return {"request": req, "coders": list(self.coders), "unit": self.unit,
                "statistics": list(self.statistics), "n_units": self.n_units,
                "documents": self.documents, "excluded": self.excluded,
                "codes": [r.to_dict() for r in self.codes],
                "levels": [r.to_dict() for r in self.levels],
                "overall": self.overall.to_dict(),
                "per_document": [r.to_dict() for r in self.per_document],
                "pairwise": [r.to_dict() for r in self.pairwise],
                "reading": self.reading, "definitions": self.definitions, "notes": self.notes,
                "seconds": round(self.seconds, 4)}
