"""Listing codings for scripts and reports (document, bounds, code path, coder, excerpt)."""

from __future__ import annotations

from typing import Any

from annotator.domain.errors import NotFoundError
from annotator.services.codebook_bulk import project_codebook
from annotator.services.project import Project

EXCERPT_CHARS = 80


def coding_listing(project: Project, *, document_id: int | None = None,
                   coder: str | None = None) -> list[dict[str, Any]]:
    """One dict per coding, in document order: uuid, document (id), title, start, end,
    code_uuid, code (path), coder, memo, attributes, codebook_version, excerpt."""
    with project.read() as tx:
        coders = {c.id: c.name for c in tx.coders()}
        coder_ids = None
        if coder is not None:
            coder_ids = [i for i, n in coders.items() if n == coder]
            if not coder_ids:
                raise NotFoundError(f"no coder named {coder!r}")
        book = project_codebook(tx)
        uuid_of = {c.id: c.uuid for c in tx.codes()}
        found = tx.codings(document_id=document_id, coder_ids=coder_ids)
        titles = {d.id: d.title for d in tx.documents()}
        texts: dict[int, str] = {}
        out = []
        for c in found:
            if c.document_id not in texts:
                try:
                    texts[c.document_id] = tx.document_text(c.document_id)
                except NotFoundError:  # a damaged project: shown, never a crash
                    texts[c.document_id] = ""
            excerpt = " ".join(texts[c.document_id][c.start:c.end].split())
            if len(excerpt) > EXCERPT_CHARS:
                excerpt = excerpt[:EXCERPT_CHARS - 1] + "…"
            code_uuid = uuid_of[c.code_id]
            out.append({"uuid": c.uuid, "document": c.document_id,
                        "title": titles.get(c.document_id, "(missing document)"),
                        "start": c.start, "end": c.end,
                        "code_uuid": code_uuid, "code": book.path(code_uuid),
                        "coder": coders.get(c.coder_id, ""), "memo": c.memo,
                        "attributes": dict(c.attributes),
                        "codebook_version": c.codebook_version, "excerpt": excerpt})
        return out
