"""Commands on a document's outline: confirm (and optionally rename) an inferred heading."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from annotator.domain.changes import Changes
from annotator.domain.errors import NotFoundError, ValidationError
from annotator.services.commands import Context, Outcome

if TYPE_CHECKING:
    from annotator.storage.store import Tx

_HEADING_KINDS = ("section", "subsection", "subheading", "label")


@dataclass(slots=True)
class ConfirmHeading:
    """Mark the heading at ``path`` as checked by a person; ``title`` renames it too.

    Confirmation itself is not reversible (storage keeps no "unconfirm"), so the inverse only
    restores the previous title, and a plain confirmation has no inverse.
    """

    document_id: int
    path: str
    title: str | None = None

    def apply(self, tx: Tx, ctx: Context) -> Outcome:
        segs = [s for s in tx.segments(self.document_id, kinds=_HEADING_KINDS)
                if s.path == self.path]
        if not segs:
            raise NotFoundError(f"no heading {self.path!r} in document {self.document_id}")
        title = None if self.title is None else " ".join(self.title.split())
        if title is not None and not title:
            raise ValidationError("a heading needs a title")
        if title is not None and len(title) > 500:
            raise ValidationError("a heading title can be at most 500 characters")
        old = segs[0]
        tx.confirm_segment(self.document_id, self.path, title)
        renamed = title is not None and title != old.title
        inverse = ConfirmHeading(self.document_id, self.path, old.title) if renamed else None
        what = f"rename heading {self.path} to '{title}'" if renamed else \
            f"confirm heading {self.path}"
        payload = {"document": self.document_id, "path": self.path}
        if renamed:
            payload["title"] = str(title)
        return Outcome(Changes(documents={self.document_id}), inverse, what, None,
                       [("segment.confirm", "document", tx.document(self.document_id).uuid,
                         payload)])
