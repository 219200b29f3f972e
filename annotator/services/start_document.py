"""Which document to show when a project opens and none was open before: the one with the
most codings (the sample opens on its double-coded report), else the first document."""

from __future__ import annotations

from annotator.services.project import Project

#: counting codings per document is one indexed query each; beyond this, take the first
MAX_COUNTED = 500


def start_document(project: Project) -> int | None:
    docs = project.documents()
    if not docs:
        return None
    if len(docs) > MAX_COUNTED:
        return docs[0].id
    with project.read() as tx:
        counts = {d.id: tx.count_codings(document_id=d.id) for d in docs}
    best = max(docs, key=lambda d: (counts[d.id], -d.id))
    return best.id
