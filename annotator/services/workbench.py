"""Read helpers for the coding workbench (GUI): small, typed queries, one read transaction each.

The GUI never talks to storage directly; these return domain objects only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from annotator.domain.model import Code, Coding, DocumentInfo, Segment
from annotator.services.project import Project


@dataclass(frozen=True, slots=True)
class OpenedDocument:
    """Everything the workbench shows for one document, read in one transaction."""

    info: DocumentInfo
    text: str
    paragraphs: list[Segment]
    outline: list[Segment]
    codings: list[Coding]


def open_document(project: Project, document_id: int) -> OpenedDocument:
    with project.read() as tx:
        info = tx.document(document_id)
        text = tx.document_text(document_id)
        paragraphs = tx.segments(document_id, kinds=("paragraph",))
        outline = tx.segments(document_id,
                              kinds=("section", "subsection", "subheading", "label"))
        codings = tx.codings(document_id=document_id)
    return OpenedDocument(info, text, paragraphs, outline, codings)


def codes(project: Project) -> list[Code]:
    """Every code (parents before children; siblings by position)."""
    with project.read() as tx:
        return tx.codes()


def code_counts(project: Project, coder_id: int | None = None) -> dict[int, int]:
    """Codings per code id, for everyone or one coder."""
    with project.read() as tx:
        return tx.coding_counts(coder_id)


def coding(project: Project, uuid: str) -> Coding | None:
    with project.read() as tx:
        return tx.coding_by_uuid(uuid)


def codings_by_id(project: Project, ids: Iterable[int]) -> dict[int, Coding | None]:
    """The current state of some codings; ``None`` for those that no longer exist."""
    from annotator.domain.errors import NotFoundError

    out: dict[int, Coding | None] = {}
    with project.read() as tx:
        for i in ids:
            try:
                out[i] = tx.coding(i)
            except NotFoundError:
                out[i] = None
    return out


def document_codings(project: Project, document_id: int) -> list[Coding]:
    with project.read() as tx:
        return tx.codings(document_id=document_id)


def count_codings(project: Project, **filters: int) -> int:
    """Number of codings matching equality filters (``document_id``, ``coder_id``...)."""
    with project.read() as tx:
        return tx.count_codings(**filters)
