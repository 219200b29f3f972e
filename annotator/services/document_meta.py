"""Correct a document's title, country and year (e.g. a report page that did not say its year).

A document without a year drops out of every country-year table, so ``annotator documents``
flags it and the app asks for the year right after the import. One command, one undo step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from annotator.domain.changes import Changes
from annotator.domain.errors import ValidationError
from annotator.services.commands import Context, Outcome

if TYPE_CHECKING:
    from annotator.storage.store import Tx

MIN_YEAR, MAX_YEAR = 1900, 2200


def check_year(year: int | None) -> int | None:
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(f"year {year} is out of range ({MIN_YEAR}-{MAX_YEAR})")
    return year


@dataclass(slots=True)
class SetDocumentMeta:
    """Set ``year`` (and, when given, ``country`` and ``title``) of one document."""

    document_id: int
    year: int | None
    country: str | None = None
    title: str | None = None
    description: str = "set document year"

    def apply(self, tx: Tx, ctx: Context) -> Outcome:
        doc = tx.document(self.document_id)
        year = check_year(self.year)
        country = doc.country if self.country is None else (self.country.strip() or None)
        title = doc.title if self.title is None else (self.title.strip() or doc.title)
        tx.set_document_meta(doc.id, title=title[:500], country=country, year=year)
        inverse = SetDocumentMeta(doc.id, doc.year, doc.country or "", doc.title,
                                  f"undo {self.description}")
        return Outcome(Changes(documents={doc.id}), inverse, self.description, None,
                       [("document.meta", "document", doc.uuid,
                         {"year": year, "country": country, "title": title,
                          "was": {"year": doc.year, "country": doc.country,
                                  "title": doc.title}})])
