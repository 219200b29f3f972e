"""What the user asks for: coders, unit of analysis, statistics, codes, documents."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from annotator.domain.errors import ValidationError

#: Units of analysis, finest first.
UNITS = ("character", "sentence", "paragraph", "section", "document")
UNIT_NOUNS = {"character": ("character", "characters"), "sentence": ("sentence", "sentences"),
              "paragraph": ("paragraph", "paragraphs"), "section": ("section", "sections"),
              "document": ("document", "documents")}

#: Statistics on the units x coders presence matrix of each code.
UNIT_STATS = ("alpha", "kappa", "pi", "fleiss", "ac1", "bp", "percent")
#: Statistics on the coded passages themselves (always over the characters of the documents).
SPAN_STATS = ("alpha_u", "char_kappa")
STATISTICS = UNIT_STATS + SPAN_STATS
DEFAULT_STATISTICS = ("alpha", "kappa", "percent")

STAT_LABELS = {
    "alpha": "Krippendorff's α", "kappa": "Cohen's κ", "pi": "Scott's π", "fleiss": "Fleiss' κ",
    "ac1": "Gwet's AC1", "bp": "Brennan-Prediger κ", "percent": "% agreement",
    "alpha_u": "αU (unitizing)", "char_kappa": "κ per character",
}
#: Short column headers (tables, CSV).
STAT_SHORT = {"alpha": "alpha", "kappa": "kappa", "pi": "pi", "fleiss": "Fleiss", "ac1": "AC1",
              "bp": "BP", "percent": "% agree", "alpha_u": "alpha-U", "char_kappa": "char kappa"}

RULES = ("any", "majority")


def stat_label(stat: str, n_coders: int) -> str:
    """The name shown for a statistic, given how many coders are compared."""
    if n_coders > 2 and stat == "kappa":
        return "Conger's κ"
    if n_coders > 2 and stat == "pi":
        return "Fleiss' κ (π)"
    if n_coders > 2 and stat == "char_kappa":
        return "κ per character (mean of pairs)"
    return STAT_LABELS[stat]


def _names(values: Iterable[str] | str, what: str) -> tuple[str, ...]:
    if isinstance(values, str):
        values = values.split(",")
    out = tuple(v.strip() for v in values if v and v.strip())
    if len(set(out)) != len(out):
        raise ValidationError(f"a {what} is listed twice")
    return out


@dataclass(frozen=True)
class AgreementRequest:
    """An agreement computation.

    ``codes`` are code uuids or paths (each with everything below it); empty means every code
    the coders used. ``documents`` are document ids; empty means every document all coders
    worked on. ``rule``: ``"any"`` (a code applied anywhere in a unit makes it present) or
    ``"majority"`` (the coder's passages must cover at least half of the unit's characters).
    """

    coders: tuple[str, ...]
    unit: str = "paragraph"
    statistics: tuple[str, ...] = DEFAULT_STATISTICS
    codes: tuple[str, ...] = ()
    documents: tuple[int, ...] = ()
    rule: str = "any"
    ci: bool = False
    n_boot: int = 1000
    seed: int = 0
    per_document: bool = True
    pairwise: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "coders", _names(self.coders, "coder"))
        object.__setattr__(self, "statistics", _names(self.statistics, "statistic"))
        object.__setattr__(self, "codes", tuple(self.codes))
        object.__setattr__(self, "documents", tuple(int(d) for d in self.documents))
        if len(self.coders) < 2:
            raise ValidationError("agreement needs at least two coders (e.g. --coders a,b)")
        if self.unit not in UNITS:
            raise ValidationError(f"unknown unit {self.unit!r}; use one of {', '.join(UNITS)}")
        bad = [s for s in self.statistics if s not in STATISTICS]
        if bad:
            raise ValidationError(f"unknown statistic {bad[0]!r}; use any of "
                                  f"{', '.join(STATISTICS)}")
        if not self.statistics:
            raise ValidationError("choose at least one statistic")
        if self.rule not in RULES:
            raise ValidationError(f"unknown presence rule {self.rule!r}; use any or majority")
        if self.n_boot < 2:
            raise ValidationError("the bootstrap needs at least 2 replicates")

    @property
    def unit_stats(self) -> tuple[str, ...]:
        return tuple(s for s in self.statistics if s in UNIT_STATS)

    @property
    def span_stats(self) -> tuple[str, ...]:
        return tuple(s for s in self.statistics if s in SPAN_STATS)

    def with_(self, **changes: Any) -> AgreementRequest:
        """A copy with some choices changed."""
        return replace(self, **changes)
