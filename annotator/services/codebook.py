"""Codebook queries for front ends, plus import and export of codebook files.

Codes are referred to by uuid or by path (``"Parent/Child"``; a ``/`` inside a name is written
``\\/``). Changes go through :mod:`annotator.services.codebook_commands`.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from annotator.domain.codebook import Codebook, CodeNode, diff_codebooks, split_path
from annotator.domain.codebook_checks import name_key
from annotator.domain.codebook_diff import CodebookDiff
from annotator.domain.errors import NotFoundError
from annotator.domain.model import Segment
from annotator.services.codebook_bulk import ImportCodebook, ImportSummary, project_codebook
from annotator.services.commands import Command, Outcome
from annotator.services.project import Project

CURRENT = "current"
EXAMPLE_CHARS = 600  # longer passages are shortened in publishable exports
SECTION_KINDS = ("section", "subsection", "subheading")


def codebook(project: Project) -> Codebook:
    """The project's codebook (tree order)."""
    with project.read() as tx:
        return project_codebook(tx)


def code_paths(project: Project) -> dict[str, str]:
    """uuid → ``"Parent/Child"`` for every code."""
    book = codebook(project)
    return {n.uuid: book.path(n.uuid) for n in book.walk()}


def counts(project: Project, coder_id: int | None = None) -> dict[int, int]:
    """Number of codings per code id (codes without codings are left out)."""
    with project.read() as tx:
        return tx.coding_counts(coder_id)


def counts_by_uuid(project: Project, coder_id: int | None = None) -> dict[str, int]:
    """Number of codings per code uuid (every code present, 0 when unused)."""
    with project.read() as tx:
        by_id = tx.coding_counts(coder_id)
        return {c.uuid: by_id.get(c.id, 0) for c in tx.codes()}


def resolve(book: Codebook, ref: str) -> CodeNode:
    """A code by uuid or path; a path may differ in letter case when that is unambiguous."""
    node = book.find(ref) or book.find_path(ref)
    if node is not None:
        return node
    parent: str | None = None
    for part in split_path(ref):
        hits = [n for n in book.children(parent) if name_key(n.name) == name_key(part)]
        if len(hits) != 1:
            raise NotFoundError(f"no code {ref!r} (give its path such as 'Parent/Child', or its "
                                "uuid; 'annotator codebook list' shows them)")
        node, parent = hits[0], hits[0].uuid
    assert node is not None
    return node


def resolve_code(project: Project, ref: str) -> CodeNode:
    return resolve(codebook(project), ref)


def versions(project: Project) -> list[dict[str, Any]]:
    """Frozen versions, oldest first: id, uuid, name, created_at."""
    with project.read() as tx:
        return tx.versions()


def version_codebook(project: Project, name: str) -> Codebook:
    """A frozen version's codebook, or the current one for ``"current"``."""
    if name == CURRENT:
        book = codebook(project)
        return book.replace(version=CURRENT)
    with project.read() as tx:
        names = [v["name"] for v in tx.versions()]
        if name not in names:
            listed = ", ".join(names) or "none yet ('annotator codebook freeze' makes one)"
            raise NotFoundError(f"no codebook version {name!r} (versions: {listed})")
        snapshot = tx.version_snapshot(name)
    return Codebook.from_nested(snapshot)


def diff_versions(project: Project, a: str, b: str = CURRENT) -> CodebookDiff:
    """What changed in the codes from version ``a`` to version ``b`` (``"current"`` allowed)."""
    old, new = version_codebook(project, a), version_codebook(project, b)
    blank = {"name": "", "about": "", "version": ""}
    return diff_codebooks(old.replace(**blank), new.replace(**blank))


def current_version_label(project: Project) -> str:
    """The latest frozen version's name, marked when the codebook changed since."""
    found = versions(project)
    if not found:
        return ""
    name = found[-1]["name"]
    if diff_versions(project, name, CURRENT):
        return f"{name} (changed since)"
    return name


# ----- import / export ------------------------------------------------------------------------
def import_codebook(project: Project, path: str | os.PathLike[str], *,
                    under: str | None = None, new_ids: bool = False,
                    execute: Callable[[Command], Outcome] | None = None) -> ImportSummary:
    """Read a codebook file and add its codes (below the code ``under``, a uuid or path).

    The reader's warnings come first in the summary. On refusal nothing is changed. Pass
    ``execute=undo_stack.push`` to make the import undoable.
    """
    from annotator.services.exchange.codebook_io import read_codebook

    result = read_codebook(path)
    parent = resolve_code(project, under).uuid if under else None
    outcome = (execute or project.execute)(ImportCodebook(result.codebook, parent, new_ids,
                                                          list(result.warnings)))
    summary: ImportSummary = outcome.result
    return summary


def export_codebook(project: Project, path: str | os.PathLike[str], *,
                    examples: int = 0) -> list[str]:
    """Write the codebook (format from the extension); returns what the format could not carry.

    ``examples`` > 0 adds up to that many coded passages per code (document and section named)
    to the publishable formats (.md, .html, .docx).
    """
    from annotator.services.exchange.codebook_io import write_codebook

    book = codebook(project).replace(version=current_version_label(project))
    passages = coded_examples(project, examples) if examples > 0 else None
    return write_codebook(book, path, passages, max_examples=examples or None)


def coded_examples(project: Project, limit: int) -> dict[str, list[Any]]:
    """Up to ``limit`` coded passages per code uuid, taken from as many documents as possible."""
    from annotator.services.exchange.codebook_publish import Example

    with project.read() as tx:
        uuid_of = {c.id: c.uuid for c in tx.codes()}
        by_code: dict[str, dict[int, list[Any]]] = defaultdict(lambda: defaultdict(list))
        for c in tx.codings():
            by_code[uuid_of[c.code_id]][c.document_id].append(c)
        chosen: dict[str, list[Any]] = {}
        for code_uuid, per_doc in by_code.items():
            queues = [list(v) for _, v in sorted(per_doc.items())]
            picked: list[Any] = []
            seen: set[tuple[int, int, int]] = set()
            while queues and len(picked) < limit:
                for q in list(queues):
                    c = q.pop(0)
                    if not q:
                        queues.remove(q)
                    if (c.document_id, c.start, c.end) not in seen and len(picked) < limit:
                        seen.add((c.document_id, c.start, c.end))
                        picked.append(c)
            chosen[code_uuid] = picked
        docs: dict[int, tuple[str, str, list[Segment]]] = {}
        out: dict[str, list[Any]] = {}
        for code_uuid, picked in chosen.items():
            for c in picked:
                if c.document_id not in docs:
                    info = tx.document(c.document_id)
                    docs[c.document_id] = (info.title, tx.document_text(c.document_id),
                                           tx.segments(c.document_id, kinds=SECTION_KINDS))
                title, text, sections = docs[c.document_id]
                out.setdefault(code_uuid, []).append(Example(
                    _shorten(text[c.start:c.end]), title, section_at(sections, c.start)))
    return out


def section_at(sections: list[Segment], pos: int) -> str:
    """``"1.c Torture and Other..."`` for the innermost section holding ``pos`` ("" if none)."""
    from annotator.domain.section_index import innermost_section, section_label

    return section_label(innermost_section(sections, pos))


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXAMPLE_CHARS else text[:EXAMPLE_CHARS - 1].rstrip() + "…"
