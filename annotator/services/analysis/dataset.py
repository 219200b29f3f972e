"""The data every analysis reads: the export loader's filtered view plus texts and paragraphs.

Loading reuses :func:`annotator.services.exporting.data.load` (one read transaction, the same
filters as the exports), so an analysis and an export of the same selection see the same
codings. Texts and paragraphs are read in bulk, once, and only when an analysis needs them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from annotator.domain.codebook import Codebook, split_path
from annotator.domain.model import Code, Coder, DocumentInfo, Segment
from annotator.domain.text import paragraph_spans
from annotator.services.exporting.data import ExportData, load
from annotator.services.exporting.filters import ExportFilter
from annotator.services.project import Project
from annotator.storage.exchange_queries import CodingRow

Interval = tuple[int, int]


@dataclass(frozen=True, slots=True)
class CodeRef:
    """A code as analyses show it: identity, full path, tree depth and colour."""

    uuid: str
    path: str
    name: str
    depth: int
    color: str
    codable: bool

    @property
    def top(self) -> str:
        """Name of the top-level code this code sits under (its own for a top-level code)."""
        return split_path(self.path)[0]


@dataclass
class AnalysisData:
    """A filtered, read-only view of a project for the analyses (see :func:`load_analysis`)."""

    base: ExportData
    _texts: dict[int, str] = field(default_factory=dict)
    _paragraphs: dict[int, list[Interval]] | None = None

    # --- what the export loader already holds --------------------------------------------
    @property
    def project(self) -> Project:
        return self.base.project

    @property
    def documents(self) -> list[DocumentInfo]:
        return self.base.documents

    @property
    def codings(self) -> list[CodingRow]:
        return self.base.codings

    @property
    def codes(self) -> dict[int, Code]:
        return self.base.codes

    @property
    def coders(self) -> dict[int, Coder]:
        return self.base.coders

    @property
    def book(self) -> Codebook:
        return self.base.book

    @property
    def code_order(self) -> list[int]:
        return self.base.code_order

    @property
    def code_paths(self) -> dict[int, str]:
        return self.base.code_paths

    @cached_property
    def docs_by_id(self) -> dict[int, DocumentInfo]:
        return {d.id: d for d in self.base.documents}

    def section_at(self, document_id: int, position: int) -> Segment | None:
        return self.base.section_at(document_id, position)

    # --- codes --------------------------------------------------------------------------
    @cached_property
    def code_ids_by_uuid(self) -> dict[str, int]:
        return {c.uuid: i for i, c in self.codes.items()}

    @cached_property
    def ancestors(self) -> dict[int, tuple[int, ...]]:
        """code id -> ids of its ancestors (root first); used for subtree roll-ups."""
        ids = self.code_ids_by_uuid
        out: dict[int, tuple[int, ...]] = {}
        for cid, code in self.codes.items():
            if code.uuid in self.book:
                out[cid] = tuple(ids[a.uuid] for a in self.book.ancestors(code.uuid))
            else:
                out[cid] = ()
        return out

    def ref(self, code_id: int) -> CodeRef:
        code = self.codes[code_id]
        return CodeRef(code.uuid, self.code_paths[code_id], code.name,
                       len(self.ancestors.get(code_id, ())), code.color, code.codable)

    def subtree_ids(self, code_uuid: str) -> set[int]:
        """The code and every code below it, as ids."""
        ids = self.code_ids_by_uuid
        return {ids[code_uuid], *(ids[n.uuid] for n in self.book.descendants(code_uuid))}

    # --- coders -------------------------------------------------------------------------
    @cached_property
    def coder_ids(self) -> list[int]:
        """The coders analysed: those chosen by the filter, else every coder with codings
        (in the order they were added to the project)."""
        chosen = self.base.selection.coder_ids
        if chosen is not None:
            return sorted(chosen)
        return sorted({c.coder_id for c in self.codings})

    @property
    def coder_names(self) -> list[str]:
        return [self.coders[i].name for i in self.coder_ids]

    # --- texts and paragraphs -----------------------------------------------------------
    def texts(self, document_ids: Iterable[int]) -> dict[int, str]:
        """Texts of some documents (read in one query the first time, then cached)."""
        wanted = list(dict.fromkeys(document_ids))
        missing = [d for d in wanted if d not in self._texts]
        if missing:
            with self.project.read() as tx:
                self._texts.update(tx.document_texts(missing))
        return {d: self._texts[d] for d in wanted if d in self._texts}

    def text(self, document_id: int) -> str:
        return self.texts([document_id])[document_id]

    def paragraphs(self) -> dict[int, list[Interval]]:
        """Paragraphs per selected document, sorted and disjoint: the stored paragraph
        segments, or blank-line separated blocks for documents imported without them."""
        if self._paragraphs is None:
            ids = [d.id for d in self.documents]
            with self.project.read() as tx:
                bounds = tx.segment_bounds(ids, ("paragraph",))
            out: dict[int, list[Interval]] = {}
            lacking = [d for d in ids if not bounds.get(d)]
            texts = self.texts(lacking) if lacking else {}
            for d in ids:
                spans = [(s, e) for _, _, s, e, _ in bounds.get(d, [])]
                if not spans and d in texts:
                    spans = [(p.start, p.end) for p in paragraph_spans(texts[d])]
                out[d] = _disjoint(spans)
            self._paragraphs = out
        return self._paragraphs


def _disjoint(spans: list[Interval]) -> list[Interval]:
    """Sorted intervals with overlaps cut off (importers never produce them, but be safe)."""
    out: list[Interval] = []
    for s, e in sorted(spans):
        if out and s < out[-1][1]:
            s = out[-1][1]
        if e > s:
            out.append((s, e))
    return out


def load_analysis(project: Project, flt: ExportFilter | None = None) -> AnalysisData:
    """Read the selection once (filters as for exports: coders, code subtrees, documents,
    country, year, gold only)."""
    return AnalysisData(load(project, flt))
