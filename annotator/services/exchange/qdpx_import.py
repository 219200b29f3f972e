"""Import a REFI-QDA project exchange file (``.qdpx``) into a project, all or nothing.

Sources become documents (text made canonical, selection positions mapped; a text already in
the project is not duplicated and its codings attach to it), the codebook is merged (GUID
first, then path), users become coders, selections with codings become codings, Notes become
memos, and the country and year variables fill the documents' fields. Whatever cannot be
imported is listed in the report. Files that cannot be trusted (zip slip, zip bombs, DTDs and
entities, duplicate code or user GUIDs) are refused and leave the project unchanged.
"""

from __future__ import annotations

from pathlib import Path

from annotator.domain.errors import AnnotatorError, InputError, ValidationError
from annotator.domain.model import new_uuid
from annotator.services.exchange.qdc import import_qdc
from annotator.services.exchange.qdpx_codes import import_users, merge_codebook
from annotator.services.exchange.qdpx_codings import (
    CodingBuilder, Notes, import_notes, import_versions,
)
from annotator.services.exchange.qdpx_common import EXTRAS_FILE, PROJECT_FILE
from annotator.services.exchange.qdpx_extras import Extras, read_extras
from annotator.services.exchange.qdpx_parse import ParsedProject, parse_project
from annotator.services.exchange.qdpx_schema import element_problems
from annotator.services.exchange.qdpx_sources import import_source
from annotator.services.exchange.qdpx_state import QdpxReport, State
from annotator.services.exchange.qdpx_zip import QdpxArchive, QdpxRejected
from annotator.services.exchange.safe_xml import parse_xml
from annotator.services.importing.pipeline import ImportReport
from annotator.services.project import Project
from annotator.storage import exchange_queries as xq

# Messages of the codebook reader that do not apply inside a project file.
_CODEBOOK_NOISE = ("only its codebook was read", "<NoteRef> elements inside codes")


def _project_member(archive: QdpxArchive) -> str:
    name = archive.find(PROJECT_FILE)
    if name is None:
        qde = [n for n in archive.names() if n.lower().endswith(".qde") and "/" not in n]
        if len(qde) != 1:
            raise QdpxRejected(f"{archive.path}: not a REFI-QDA project: there is no "
                               f"{PROJECT_FILE} in the archive")
        name = qde[0]
    return name


def _load(archive: QdpxArchive, report: QdpxReport) -> tuple[bytes, ParsedProject, Extras]:
    data = archive.read(_project_member(archive))
    try:
        root = parse_xml(data, what=f"{archive.path.name}: {PROJECT_FILE}")
        parsed = parse_project(root)
    except ValidationError as exc:
        raise QdpxRejected(str(exc)) from None
    problems = element_problems(root, limit=1)
    if problems:
        report.warnings.append("project.qde does not follow the REFI-QDA schema exactly "
                               f"(first problem: {problems[0]}); it was read leniently")
    extras = Extras()
    member = archive.find(EXTRAS_FILE)
    if member is not None:
        extras = read_extras(archive.read(member))
        report.warnings += extras.problems
    return data, parsed, extras


def import_qdpx(project: Project, path: Path | str) -> QdpxReport:
    """Import ``path`` into ``project`` in one transaction; see the module docstring.

    Raises :class:`InputError` (with the project unchanged) when the file is refused.
    """
    path = Path(path)
    report = QdpxReport(str(path))
    with QdpxArchive(path) as archive:
        data, parsed, extras = _load(archive, report)
        book = None
        if parsed.has_codebook:
            try:
                result = import_qdc(data, name=parsed.name or path.stem)
            except ValidationError as exc:
                raise QdpxRejected(f"{path.name}: the codebook cannot be imported: {exc}") \
                    from None
            book = result.codebook
            report.warnings += [w for w in result.warnings
                                if not any(n in w for n in _CODEBOOK_NOISE)]
        try:
            with project.store.begin() as tx:
                st = State(tx, archive, parsed, extras, report,
                           actor=project.coder.name if project.coder else "system")
                import_users(st)
                if book is not None:
                    merge_codebook(st, book)
                seen: set[str] = set()
                for i, src in enumerate(parsed.sources):
                    import_source(st, i, src, seen)
                import_versions(st)
                notes = Notes(st)
                builder = CodingBuilder(st, notes)
                for i, src in enumerate(parsed.sources):
                    if i in st.docs:
                        builder.source(src, st.docs[i])
                builder.flush()
                import_notes(st, notes)
                if parsed.description.strip():
                    xq.add_memo_record(tx, uuid=new_uuid(), target_type="project", target_uuid=None,
                                       text=parsed.description.strip(),
                                       title="Project description")
                    report.memos_added += 1
                report.skipped = st.skipped.messages()
                report.warnings += st.warnings.messages()
                report.not_imported = [f"{n} × {what}" for what, n in
                                       sorted(parsed.not_imported.items())]
                tx.log(st.actor, "project.import_qdpx", "project", None, {
                    "file": path.name, "origin": parsed.origin,
                    "documents_added": len(report.documents_added),
                    "documents_matched": len(report.documents_matched),
                    "codes_added": report.codes_added, "codings_added": report.codings_added,
                    "memos_added": report.memos_added})
        except QdpxRejected:
            raise
        except InputError:
            raise
        except AnnotatorError as exc:
            raise QdpxRejected(f"{path.name}: not imported: {exc}") from None
    return report


def import_qdpx_files(project: Project, files: list[Path], report: ImportReport) -> None:
    """Import ``.qdpx`` files for the generic import pipeline, filling its report."""
    for f in files:
        try:
            result = import_qdpx(project, f)
        except AnnotatorError as exc:
            report.failed.append((str(f), str(exc)))
            continue
        report.imported += result.documents_added
        report.warnings += [(str(f), m) for m in [result.summary(), *result.messages()]]
