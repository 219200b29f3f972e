"""Which codings an export covers: coders, a code subtree, documents, country, year, gold."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from annotator.domain.codebook import Codebook
from annotator.domain.errors import NotFoundError
from annotator.domain.model import Coder, DocumentInfo


@dataclass(frozen=True, slots=True)
class ExportFilter:
    """Selection given by the user; empty fields select everything.

    ``codes`` are code paths (``Parent/Child``) or code uuids; each selects its whole subtree.
    ``documents`` are document ids or uuids. ``gold_only`` keeps coders marked as gold.
    """

    coders: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    country: str | None = None
    year: int | None = None
    gold_only: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.coders or self.codes or self.documents or self.country
                    or self.year is not None or self.gold_only)


@dataclass(frozen=True, slots=True)
class Selection:
    """An :class:`ExportFilter` resolved to ids; ``None`` means "no restriction"."""

    coder_ids: frozenset[int] | None
    code_ids: frozenset[int] | None
    document_ids: frozenset[int] | None


def resolve(flt: ExportFilter, *, coders: Sequence[Coder], documents: Sequence[DocumentInfo],
            book: Codebook, code_id_by_uuid: dict[str, int]) -> Selection:
    """Turn names, paths and references into id sets; unknown references raise
    :class:`NotFoundError` listing what exists."""
    return Selection(_coder_ids(flt, coders), _code_ids(flt, book, code_id_by_uuid),
                     _document_ids(flt, documents))


def _coder_ids(flt: ExportFilter, coders: Sequence[Coder]) -> frozenset[int] | None:
    chosen: set[int] | None = None
    if flt.coders:
        by_name = {c.name.casefold(): c for c in coders}
        chosen = set()
        for name in flt.coders:
            coder = by_name.get(name.strip().casefold())
            if coder is None:
                known = ", ".join(sorted(c.name for c in coders)) or "none"
                raise NotFoundError(f"no coder named {name!r} (coders: {known})")
            chosen.add(coder.id)
    if flt.gold_only:
        gold = {c.id for c in coders if c.is_gold}
        if not gold:
            raise NotFoundError("no coder is marked as gold in this project")
        chosen = gold if chosen is None else chosen & gold
    return None if chosen is None else frozenset(chosen)


def _code_ids(flt: ExportFilter, book: Codebook,
              code_id_by_uuid: dict[str, int]) -> frozenset[int] | None:
    if not flt.codes:
        return None
    chosen: set[int] = set()
    for ref in flt.codes:
        ref = ref.strip().strip("/")
        node = book.find(ref) or book.find(ref.lower()) or book.find_path(ref)
        if node is None:  # forgive case differences in paths
            wanted = ref.casefold()
            node = next((n for n in book.walk() if book.path(n.uuid).casefold() == wanted), None)
        if node is None:
            raise NotFoundError(f"no code with the path or id {ref!r} "
                                "(see 'annotator codebook' for the paths)")
        for n in [node, *book.descendants(node.uuid)]:
            chosen.add(code_id_by_uuid[n.uuid])
    return frozenset(chosen)


def _document_ids(flt: ExportFilter,
                  documents: Sequence[DocumentInfo]) -> frozenset[int] | None:
    docs = list(documents)
    restricted = False
    if flt.documents:
        restricted = True
        by_id = {str(d.id): d for d in docs}
        by_uuid = {d.uuid.lower(): d for d in docs}
        picked = []
        for ref in flt.documents:
            key = str(ref).strip()
            doc = by_id.get(key) or by_uuid.get(key.lower())
            if doc is None:
                raise NotFoundError(f"no document with id {key!r} (see 'annotator documents')")
            picked.append(doc)
        docs = picked
    if flt.country:
        restricted = True
        wanted = flt.country.strip().casefold()
        docs = [d for d in docs if (d.country or "").casefold() == wanted]
    if flt.year is not None:
        restricted = True
        docs = [d for d in docs if d.year == flt.year]
    return frozenset(d.id for d in docs) if restricted else None
