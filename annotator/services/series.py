"""Annual series: documents with the same country and source, ordered by year.

The series follows from the metadata: a Country Report (recognised at import) belongs to the
series ``country-reports|<country>``. A hand-made link (``documents.series_key``) overrides
it: :class:`LinkSeries` puts a document into another document's series, :class:`UnlinkSeries`
takes it out of any series. Both are commands (one undo step).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotator.domain.changes import Changes
from annotator.domain.errors import ValidationError
from annotator.domain.model import DocumentInfo, new_uuid
from annotator.services.commands import Context, Outcome

if TYPE_CHECKING:
    from annotator.services.project import Project
    from annotator.storage.store import Tx

REPORTS = "country-reports"
UNLINKED = "unlinked:"


def auto_key(doc: DocumentInfo, is_report: bool) -> str | None:
    if is_report and doc.country:
        return f"{REPORTS}|{doc.country.strip().casefold()}"
    return None


def series_key(doc: DocumentInfo, is_report: bool) -> str | None:
    """The series a document belongs to (``None``: none)."""
    if doc.series_key:
        return None if doc.series_key.startswith(UNLINKED) else doc.series_key
    return auto_key(doc, is_report)


@dataclass(slots=True)
class EditionInfo:
    document_id: int
    year: int | None
    title: str
    chars: int
    coded_share: float  # share of the text covered by at least one coding
    pending: int  # pending proposals
    linked_by_hand: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"document": self.document_id, "year": self.year, "title": self.title,
                "chars": self.chars, "coded_share": round(self.coded_share, 4),
                "pending_proposals": self.pending, "linked_by_hand": self.linked_by_hand}


@dataclass(slots=True)
class Series:
    key: str
    country: str | None
    source: str
    editions: list[EditionInfo] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "country": self.country, "source": self.source,
                "editions": [e.to_dict() for e in self.editions]}


def _by_key(tx: Tx) -> tuple[dict[str, list[DocumentInfo]], dict[int, tuple[bool, str | None]]]:
    flags = tx.document_flags_and_keys()
    groups: dict[str, list[DocumentInfo]] = {}
    for d in tx.documents():
        k = series_key(d, flags.get(d.id, (False, None))[0])
        if k is not None:
            groups.setdefault(k, []).append(d)
    for docs in groups.values():
        docs.sort(key=lambda d: (d.year if d.year is not None else 10**6, d.id))
    return groups, flags


def list_series(project: Project, *, with_stats: bool = True, min_editions: int = 1
                ) -> list[Series]:
    """Every series with its editions in year order (a series needs ``min_editions``)."""
    with project.read() as tx:
        groups, flags = _by_key(tx)
        pending = tx.pending_counts() if with_stats else {}
        covered = tx.covered_chars() if with_stats else {}
        out = []
        for key, docs in sorted(groups.items()):
            if len(docs) < min_editions:
                continue
            source = REPORTS if key.startswith(REPORTS + "|") else "linked by hand"
            s = Series(key, docs[0].country, source)
            for d in docs:
                # share of the text covered by at least one coding (proposals excluded)
                share = covered.get(d.id, 0) / d.chars if d.chars else 0.0
                s.editions.append(EditionInfo(d.id, d.year, d.title, d.chars, share,
                                              pending.get(d.id, 0),
                                              bool(flags.get(d.id, (False, None))[1])))
            out.append(s)
        return out


def series_of(project: Project, document_id: int) -> list[DocumentInfo]:
    """The editions of the document's series in year order (just the document when none)."""
    with project.read() as tx:
        groups, flags = _by_key(tx)
        doc = tx.document(document_id)
        key = series_key(doc, flags.get(doc.id, (False, None))[0])
    return groups.get(key, [doc]) if key else [doc]


def previous_edition(project: Project, document_id: int) -> DocumentInfo | None:
    """The latest edition of the same series from an earlier year, if any."""
    docs = series_of(project, document_id)
    me = next(d for d in docs if d.id == document_id)
    if me.year is None:
        return None
    earlier = [d for d in docs if d.year is not None and d.year < me.year]
    return earlier[-1] if earlier else None


@dataclass(slots=True)
class SetSeriesKey:
    """Set ``documents.series_key`` of several documents (the inverse of link/unlink)."""

    keys: dict[int, str | None]
    description: str = "change series"

    def apply(self, tx: Tx, ctx: Context) -> Outcome:
        before = {d: tx.document(d).series_key for d in self.keys}
        for d, k in self.keys.items():
            tx.set_series_key(d, k)
        return Outcome(Changes(documents=set(self.keys)), SetSeriesKey(before, self.description),
                       self.description, None,
                       [("series.set", "document", None,
                         {"documents": sorted(self.keys), "keys": sorted(
                             {str(k) for k in self.keys.values()})})])


@dataclass(slots=True)
class LinkSeries:
    """Put ``document_id`` into the series of ``to_document_id``."""

    document_id: int
    to_document_id: int

    def apply(self, tx: Tx, ctx: Context) -> Outcome:
        if self.document_id == self.to_document_id:
            raise ValidationError("a document cannot be linked to itself")
        flags = tx.document_flags_and_keys()
        target = tx.document(self.to_document_id)
        tx.document(self.document_id)
        key = series_key(target, flags[target.id][0])
        keys: dict[int, str | None] = {}
        if key is None:
            key = f"manual:{new_uuid()}"
            keys[target.id] = key
        keys[self.document_id] = key
        return SetSeriesKey(keys, "link to series").apply(tx, ctx)


@dataclass(slots=True)
class UnlinkSeries:
    """Take a document out of its series (it stands alone until linked again)."""

    document_id: int

    def apply(self, tx: Tx, ctx: Context) -> Outcome:
        tx.document(self.document_id)
        return SetSeriesKey({self.document_id: f"{UNLINKED}{new_uuid()}"},
                            "unlink from series").apply(tx, ctx)


def carry_hints(project: Project, imported: list[DocumentInfo]) -> list[tuple[DocumentInfo,
                                                                              DocumentInfo]]:
    """(new edition, its previous edition) for imported documents whose previous edition is in
    the project and has codings: the ones worth carrying forward."""
    if not imported:
        return []
    with project.read() as tx:
        groups, flags = _by_key(tx)
        out = []
        for doc in imported:
            key = series_key(doc, flags.get(doc.id, (False, None))[0])
            if key is None or doc.year is None:
                continue
            earlier = [d for d in groups.get(key, []) if d.year is not None and d.year < doc.year]
            if earlier and tx.count_codings(document_id=earlier[-1].id):
                out.append((doc, earlier[-1]))
        return out
