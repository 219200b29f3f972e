"""Import files into a project: extract → canonical text → structure → one transaction per file.

A bad file never touches the project; a batch reports per file. Runs in the caller's thread with
a progress callback and a cancel check, so the CLI shows a progress bar and the GUI runs it in a
worker.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from annotator.domain.errors import AnnotatorError, InputError
from annotator.domain.model import DocumentInfo, Segment
from annotator.domain.text import text_sha256
from annotator.services.project import Project

Progress = Callable[[int, int, str], None]


@dataclass(slots=True)
class Prepared:
    """A file ready to store (built off the main process when importing many files)."""

    path: str
    title: str
    country: str | None
    year: int | None
    source_type: str
    text: str
    sha256: str
    is_report: bool
    segments: list[Segment]
    warnings: list[str]


@dataclass(slots=True)
class ImportReport:
    imported: list[DocumentInfo] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (file, existing title)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return not self.failed and not self.duplicates


def collect_files(inputs: Iterable[str | Path], recursive: bool = False) -> list[Path]:
    """Expand folders into their importable files (sorted); files are kept as given."""
    from annotator.services.importing.registry import supported_extensions

    exts = set(supported_extensions())
    out: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            it = p.rglob("*") if recursive else p.glob("*")
            out += sorted(f for f in it if f.is_file() and f.suffix.lower() in exts)
        else:
            out.append(p)
    return out


def prepare(path: str | Path) -> Prepared:
    """Extract and segment one file. Raises InputError with a message naming the file."""
    from annotator.domain.segmentation import segment
    from annotator.services.importing.reading import extract_file

    p = Path(path)
    try:
        ext = extract_file(p)
    except AnnotatorError as exc:
        raise InputError(f"{p}: {exc}") from exc
    if not ext.text.strip():
        raise InputError(f"{p}: no text found")
    st = segment(ext.text, ext.headings)
    title = st.title or ext.title or p.stem
    return Prepared(str(p), title.strip()[:500], st.country, st.year, ext.source_type, ext.text,
                    text_sha256(ext.text), st.is_report, [*st.segments, *st.paragraphs],
                    list(ext.warnings))


def _safe_prepare(path: str) -> Prepared | InputError:
    try:
        return prepare(path)
    except InputError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - a parser bug must not end a batch
        return InputError(f"{path}: could not be read ({exc.__class__.__name__}: {exc})")


def _prepared_stream(files: list[Path], workers: int) -> Iterator[Prepared | InputError]:
    if workers <= 1 or len(files) < 4:
        for f in files:
            yield _safe_prepare(str(f))
        return
    # Never plain fork: the GUI imports from a worker thread, and forking a threaded process can
    # deadlock the child. forkserver children come from a clean single-threaded server.
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        yield from pool.map(_safe_prepare, [str(f) for f in files], chunksize=2)


def store_prepared(project: Project, prep: Prepared, *, allow_duplicate: bool = False,
                   uuid: str | None = None) -> DocumentInfo:
    """Store one prepared document in one transaction; refuse duplicates by content hash."""
    with project.store.begin() as tx:
        if not allow_duplicate:
            same = tx.documents_by_sha(prep.sha256)
            if same:
                raise DuplicateDocument(
                    f"{prep.path}: same text as document {same[0].id} ({same[0].title}); "
                    "not imported (use --allow-duplicate to import it anyway)", same[0])
        doc = tx.add_document(title=prep.title, country=prep.country, year=prep.year,
                              source_name=Path(prep.path).name, source_type=prep.source_type,
                              text=prep.text, sha256=prep.sha256, is_report=prep.is_report,
                              segs=prep.segments, uuid=uuid)
        actor = project.coder.name if project.coder else "system"
        tx.log(actor, "document.import", "document", doc.uuid,
               {"title": doc.title, "source": doc.source_name, "sha256": doc.sha256})
    return doc


class DuplicateDocument(InputError):
    def __init__(self, message: str, existing: DocumentInfo) -> None:
        super().__init__(message)
        self.existing = existing


def import_files(project: Project, inputs: Iterable[str | Path], *, recursive: bool = False,
                 allow_duplicate: bool = False, progress: Progress | None = None,
                 cancelled: Callable[[], bool] | None = None,
                 workers: int | None = None) -> ImportReport:
    report = ImportReport()
    files: list[Path] = []
    for item in inputs:
        p = Path(item)
        if not p.exists():
            report.failed.append((str(p), f"{p}: no such file or folder"))
        else:
            files += collect_files([p], recursive)
    qdpx = [f for f in files if f.suffix.lower() == ".qdpx"]
    if qdpx:  # a whole REFI-QDA project: its own all-or-nothing import
        from annotator.services.exchange.qdpx_import import import_qdpx_files

        import_qdpx_files(project, qdpx, report)
        files = [f for f in files if f.suffix.lower() != ".qdpx"]
    if workers is None:
        workers = min(2, os.cpu_count() or 1)
    total = len(files)
    for i, prep in enumerate(_prepared_stream(files, workers)):
        if cancelled and cancelled():
            report.cancelled = True
            break
        name = str(files[i])
        if isinstance(prep, InputError):
            report.failed.append((name, str(prep)))
        else:
            try:
                report.imported.append(store_prepared(project, prep,
                                                      allow_duplicate=allow_duplicate))
                report.warnings += [(name, w) for w in prep.warnings]
            except DuplicateDocument as exc:
                report.duplicates.append((name, str(exc)))
            except AnnotatorError as exc:
                report.failed.append((name, f"{name}: {exc}"))
        if progress:
            progress(i + 1, total, name)
    return report
