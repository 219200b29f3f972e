"""Import a REFI-QDA project exchange file (``.qdpx``) into a project, all or nothing.

Sources become documents (text made canonical, selection positions converted to code points
of the canonical text whatever the writer counted; a text already in
the project is not duplicated and its codings attach to it), the codebook is merged (GUID
first, then path), users become coders, selections with codings become codings (one equal to
a coding the project already has on document, start, end, code and coder is counted as
already present, whatever its GUID: other programs renumber GUIDs), Notes become
memos, and the country and year variables fill the documents' fields. Whatever cannot be
imported is listed in the report. Files that cannot be trusted (zip slip, zip bombs, DTDs and
entities, duplicate code or user GUIDs) are refused and leave the project unchanged.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from lxml import etree

from annotator.domain.errors import AnnotatorError, InputError, ValidationError
from annotator.domain.codebook import Codebook
from annotator.services.exchange.qdc import import_qdc
from annotator.services.exchange.qdpx_codes import import_users, merge_codebook
from annotator.services.exchange.qdpx_codings import (
    CodingBuilder, Notes, import_notes, import_versions, source_notes,
)
from annotator.services.exchange.qdpx_common import EXTRAS_FILE, PROJECT_FILE, QDPX_NAMESPACE
from annotator.services.exchange.qdpx_extras import Extras, read_extras
from annotator.services.exchange.qdpx_parse import (
    ParsedProject, iter_sources, local, parse_project,
)
from annotator.services.exchange.qdpx_positions import MODES
from annotator.services.exchange.qdpx_schema import element_problems
from annotator.services.exchange.qdpx_sources import import_source
from annotator.services.exchange.qdpx_state import QdpxReport, State
from annotator.services.exchange.qdpx_zip import QdpxArchive, QdpxRejected
from annotator.services.exchange.safe_xml import parse_xml
from annotator.services.importing.pipeline import ImportReport
from annotator.services.project import Project
from annotator.storage import exchange_queries as xq

# Messages of the codebook reader that do not apply inside a project file.
_CODEBOOK_NOISE = ("only its codebook was read", "<NoteRef> elements inside codes",
                   "it was read as a codebook")


def _project_member(archive: QdpxArchive) -> str:
    name = archive.find(PROJECT_FILE)
    if name is None:
        qde = [n for n in archive.names() if n.lower().endswith(".qde") and "/" not in n]
        if len(qde) != 1:
            raise QdpxRejected(f"{archive.path}: not a REFI-QDA project: there is no "
                               f"{PROJECT_FILE} in the archive")
        name = qde[0]
    return name


def _load(archive: QdpxArchive, report: QdpxReport
          ) -> tuple[ParsedProject, bytes | None, Extras]:
    """Parse ``project.qde`` once: records for everything, and the bytes of its CodeBook."""
    data = archive.read(_project_member(archive))
    try:
        root = parse_xml(data, what=f"{archive.path.name}: {PROJECT_FILE}")
    except ValidationError as exc:
        raise QdpxRejected(str(exc)) from None
    del data
    problems = element_problems(root, limit=1)
    if problems:
        report.warnings.append("project.qde does not follow the REFI-QDA schema exactly "
                               f"(first problem: {problems[0]}); it was read leniently")
    try:
        parsed = parse_project(root)
    except ValidationError as exc:
        raise QdpxRejected(str(exc)) from None
    book = next((c for c in root if local(c) == "CodeBook"), None)
    book_xml = etree.tostring(book) if book is not None else None
    # The tree stays alive through parsed.sources_element until the sources are read.
    extras = Extras()
    member = archive.find(EXTRAS_FILE)
    if member is not None:
        extras = read_extras(archive.read(member))
        report.warnings += extras.problems
    return parsed, book_xml, extras


def import_qdpx(project: Project, path: Path | str, *, positions: str = "auto") -> QdpxReport:
    """Import ``path`` into ``project`` in one transaction; see the module docstring.

    ``positions`` says how selection positions count: ``"auto"`` (the exporting program's
    habit and the boundary evidence, per source), ``"codepoints"`` (REFI-QDA's rule) or
    ``"utf16"`` (NVivo's habit); see :mod:`annotator.services.exchange.qdpx_positions`. What
    was converted is listed in the report's ``positions``.
    Raises :class:`InputError` (with the project unchanged) when the file is refused.
    """
    if positions not in MODES:
        raise InputError(f"unknown positions mode {positions!r}; use one of {', '.join(MODES)}")
    path = Path(path)
    report = QdpxReport(str(path))
    with QdpxArchive(path) as archive:
        parsed, book_xml, extras = _load(archive, report)
        book = _codebook(book_xml, parsed.name or path.stem, report, path)
        try:
            with project.store.begin() as tx:
                st = State(tx, archive, parsed, extras, report,
                           actor=project.coder.name if project.coder else "system",
                           positions=positions)
                _apply(st, book)
                tx.log(st.actor, "project.import_qdpx", "project", None, {
                    "file": path.name, "origin": parsed.origin,
                    "documents_added": len(report.documents_added),
                    "documents_matched": len(report.documents_matched),
                    "codes_added": report.codes_added, "codings_added": report.codings_added,
                    "codings_present": report.codings_present,
                    "memos_added": report.memos_added, "positions": report.positions})
        except InputError:
            raise
        except AnnotatorError as exc:  # e.g. refused by the database: nothing was stored
            raise QdpxRejected(f"{path.name}: not imported: {exc}") from None
    return report


def _codebook(book_xml: bytes | None, name: str, report: QdpxReport,
              path: Path) -> Codebook | None:
    """The file's codebook, read by the REFI-QDA codebook reader (repairs are reported)."""
    if book_xml is None:
        return None
    try:
        result = import_qdc(book_xml, name=name)
    except ValidationError as exc:
        raise QdpxRejected(f"{path.name}: the codebook cannot be imported: {exc}") from None
    report.warnings += [w for w in result.warnings if not any(n in w for n in _CODEBOOK_NOISE)]
    return result.codebook


def _apply(st: State, book: Codebook | None) -> None:
    """Everything that writes, in an order where each step finds what it refers to."""
    import_users(st)
    if book is not None:
        merge_codebook(st, book)
    import_versions(st)
    notes = Notes(st)
    builder = CodingBuilder(st, notes)
    seen: set[str] = set()
    for i, src in enumerate(iter_sources(st.parsed)):
        import_source(st, i, src, seen)
        target = st.docs.pop(i, None)  # one source text in memory at a time
        if target is not None:
            builder.source(src, target)
            builder.flush()
        source_notes(st, notes, src)
    builder.flush_memos()
    import_notes(st, notes)
    description = st.parsed.description.strip()
    if description:
        uid = str(uuid.uuid5(QDPX_NAMESPACE, "project-description:" + description))
        if not xq.existing_uuids(st.tx, "memos", [uid]):
            xq.add_memo_record(st.tx, uuid=uid, target_type="project", target_uuid=None,
                               text=description, title="Project description")
            st.report.memos_added += 1
    st.report.skipped = st.skipped.messages()
    st.report.warnings += st.warnings.messages()
    st.report.not_imported = [f"{n} × {what}" for what, n in
                              sorted(st.parsed.not_imported.items())]


def import_qdpx_files(project: Project, files: list[Path], report: ImportReport, *,
                      positions: str = "auto") -> None:
    """Import ``.qdpx`` files for the generic import pipeline, filling its report."""
    for f in files:
        try:
            result = import_qdpx(project, f, positions=positions)
        except AnnotatorError as exc:
            report.failed.append((str(f), str(exc)))
            continue
        report.imported += result.documents_added
        report.warnings += [(str(f), m) for m in [result.summary(), *result.messages()]]
