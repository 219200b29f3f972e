"""Everything an export reads, loaded in one read transaction and filtered once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from annotator.domain.codebook import Codebook, CodeNode
from annotator.domain.model import AttributeDef, Code, Coder, DocumentInfo, Segment
from annotator.services.exporting.filters import ExportFilter, Selection, resolve
from annotator.domain.section_index import SectionIndex
from annotator.services.project import Project
from annotator.storage import exchange_queries as q
from annotator.storage.exchange_queries import CodingRow


def codebook_of(codes: list[Code], name: str = "codebook") -> Codebook:
    """The domain tree for stored codes (paths, subtree walks, tree order)."""
    uuid_of = {c.id: c.uuid for c in codes}
    nodes = tuple(CodeNode(uuid=c.uuid, name=c.name, parent_uuid=uuid_of.get(c.parent_id)
                           if c.parent_id is not None else None, label=c.label,
                           definition=c.definition, inclusion=c.inclusion,
                           exclusion=c.exclusion, examples=c.examples,
                           atypical_examples=c.atypical_examples, color=c.color,
                           shortcut=c.shortcut, codable=c.codable, position=c.position,
                           deprecated=c.deprecated, attributes=c.attributes) for c in codes)
    return Codebook(name=name, nodes=nodes)


@dataclass
class ExportData:
    """A filtered, read-only view of a project for exporters."""

    project: Project
    documents: list[DocumentInfo]
    coders: dict[int, Coder]
    codes: dict[int, Code]
    book: Codebook
    code_paths: dict[int, str]
    #: codes in tree order, restricted to the code filter
    code_order: list[int]
    codings: list[CodingRow]
    selection: Selection
    #: non-paragraph segments per document id
    sections: dict[int, list[Segment]] = field(default_factory=dict)
    _index: dict[int, SectionIndex] = field(default_factory=dict)

    @property
    def docs_by_id(self) -> dict[int, DocumentInfo]:
        return {d.id: d for d in self.documents}

    def section_at(self, document_id: int, position: int) -> Segment | None:
        """The innermost section or subsection containing ``position``."""
        idx = self._index.get(document_id)
        if idx is None:
            idx = self._index[document_id] = SectionIndex(self.sections.get(document_id, []))
        return idx.at(position)

    def attribute_names(self) -> list[str]:
        """Attribute names over the selected codes (codebook order), then any other keys
        found on the codings (sorted)."""
        names: dict[str, None] = {}
        for cid in self.code_order:
            for a in self.codes[cid].attributes:
                names.setdefault(a.name, None)
        extra = sorted({k for c in self.codings for k in c.attributes} - set(names))
        return [*names, *extra]

    def attribute_defs(self) -> dict[str, AttributeDef]:
        out: dict[str, AttributeDef] = {}
        for cid in self.code_order:
            for a in self.codes[cid].attributes:
                out.setdefault(a.name, a)
        return out

    def codings_by_document(self) -> Iterator[tuple[DocumentInfo, list[CodingRow]]]:
        """Documents in order, each with its codings (documents without codings included)."""
        by_doc: dict[int, list[CodingRow]] = {}
        for c in self.codings:
            by_doc.setdefault(c.document_id, []).append(c)
        for d in self.documents:
            yield d, by_doc.get(d.id, [])

    def text(self, document_id: int) -> str:
        with self.project.read() as tx:
            return tx.document_text(document_id)


def load(project: Project, flt: ExportFilter | None = None, *,
         with_sections: bool = True) -> ExportData:
    """Read documents, coders, codes and the selected codings in one transaction."""
    flt = flt or ExportFilter()
    with project.read() as tx:
        all_docs = tx.documents()
        coders = tx.coders()
        codes = tx.codes()
        book = codebook_of(codes)
        id_by_uuid = {c.uuid: c.id for c in codes}
        sel = resolve(flt, coders=coders, documents=all_docs, book=book,
                      code_id_by_uuid=id_by_uuid)
        codings = list(q.coding_rows(tx, document_ids=sel.document_ids,
                                     code_ids=sel.code_ids, coder_ids=sel.coder_ids))
        sections = tx.all_section_segments() if with_sections else {}
    docs = [d for d in all_docs if sel.document_ids is None or d.id in sel.document_ids]
    order = [id_by_uuid[n.uuid] for n in book.walk()]
    seen = set(order)
    order += [c.id for c in codes if c.id not in seen]  # unreachable codes (should not happen)
    if sel.code_ids is not None:
        order = [i for i in order if i in sel.code_ids]
    paths = {id_by_uuid[n.uuid]: book.path(n.uuid) for n in book.walk()}
    for c in codes:
        paths.setdefault(c.id, c.name)
    return ExportData(project=project, documents=docs, coders={c.id: c for c in coders},
                      codes={c.id: c for c in codes}, book=book, code_paths=paths,
                      code_order=order, codings=codings, selection=sel, sections=sections)
