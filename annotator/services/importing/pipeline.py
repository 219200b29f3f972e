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

from annotator.domain.display import shown_name, stored_name
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


def _check_size(text: str) -> None:
    """Refuse a text with more paragraphs than one import may store (bounded memory)."""
    from annotator.domain.text import paragraph_count_exceeds
    from annotator.services.importing.base import MAX_PARAGRAPHS

    one_block = not paragraph_count_exceeds(text, 1)  # then every line is a paragraph
    if paragraph_count_exceeds(text, MAX_PARAGRAPHS) or (
            one_block and text.count("\n") >= MAX_PARAGRAPHS):
        raise InputError(f"more than {MAX_PARAGRAPHS:,} paragraphs (the limit for one "
                         "document); split the file")


def prepare(path: str | Path) -> Prepared:
    """Extract and segment one file. Raises InputError with a message naming the file."""
    from annotator.domain.segmentation import segment
    from annotator.services.importing.reading import extract_file

    p = Path(path)
    shown = shown_name(p)
    try:
        ext = extract_file(p)
        if not ext.text.strip():
            raise InputError("no text found")
        _check_size(ext.text)
    except AnnotatorError as exc:
        raise InputError(f"{shown}: {shown_name(str(exc))}") from exc
    st = segment(ext.text, ext.headings)
    title = st.title or ext.title or stored_name(p.stem)
    country, year = st.country or ext.country, st.year or ext.year
    if st.year is None and ext.year is not None and ext.title:
        title = ext.title  # the text holds only the country; the file's metadata the rest
    if st.year is not None and ext.year is not None and st.year != ext.year:
        ext.warnings.append(f"report year {st.year} taken from the text's title line; the "
                            f"page's metadata says {ext.year}")
    return Prepared(str(p), title.strip()[:500], country, year, ext.source_type, ext.text,
                    text_sha256(ext.text), st.is_report, [*st.segments, *st.paragraphs],
                    list(ext.warnings))


def _safe_prepare(path: str) -> Prepared | InputError:
    try:
        return prepare(path)
    except InputError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - a parser bug must not end a batch
        reason = shown_name(" ".join(str(exc).split())[:200])
        return InputError(f"{shown_name(path)}: could not be read "
                          f"({exc.__class__.__name__}: {reason})")


def _prepared_stream(files: list[Path], workers: int) -> Iterator[Prepared | InputError]:
    if workers <= 1 or len(files) < 4:
        for f in files:
            yield _safe_prepare(str(f))
        return
    # Never plain fork: the GUI imports from a worker thread, and forking a threaded process can
    # deadlock the child. forkserver children come from a clean single-threaded server.
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    from annotator.services.importing.workers import die_with_parent

    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=die_with_parent,
                             initargs=(os.getpid(),)) as pool:
        yield from pool.map(_safe_prepare, [str(f) for f in files], chunksize=2)


def store_prepared(project: Project, prep: Prepared, *, allow_duplicate: bool = False,
                   uuid: str | None = None) -> DocumentInfo:
    """Store one prepared document in one transaction; refuse duplicates by content hash."""
    with project.store.begin() as tx:
        if not allow_duplicate:
            same = tx.documents_by_sha(prep.sha256)
            if same:
                raise DuplicateDocument(
                    f"{shown_name(prep.path)}: same text as document {same[0].id} "
                    f"({same[0].title}); not imported (use --allow-duplicate to import it "
                    "anyway)", same[0])
        doc = tx.add_document(title=prep.title, country=prep.country, year=prep.year,
                              source_name=stored_name(Path(prep.path).name),
                              source_type=prep.source_type,
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
                 workers: int | None = None, positions: str = "auto") -> ImportReport:
    """Import files and folders; ``positions`` is for ``.qdpx`` files (how their selection
    positions count: "auto", "codepoints" or "utf16")."""
    report = ImportReport()
    files: list[Path] = []
    for item in inputs:
        p = Path(item)
        if not p.exists():
            report.failed.append((shown_name(p), f"{shown_name(p)}: no such file or folder"))
            continue
        found = collect_files([p], recursive)
        if p.is_dir() and not found:
            report.failed.append((shown_name(p), f"no importable files in {shown_name(p)}"))
        files += found
    qdpx = [f for f in files if f.suffix.lower() == ".qdpx"]
    if qdpx:  # a whole REFI-QDA project: its own all-or-nothing import
        from annotator.services.exchange.qdpx_import import import_qdpx_files

        import_qdpx_files(project, qdpx, report, positions=positions)
        files = [f for f in files if f.suffix.lower() != ".qdpx"]
    if workers is None:
        workers = min(2, os.cpu_count() or 1)
    total = len(files)
    for i, prep in enumerate(_prepared_stream(files, workers)):
        if cancelled and cancelled():
            report.cancelled = True
            break
        name = shown_name(files[i])
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
                report.failed.append((name, f"{name}: {shown_name(str(exc))}"))
        if progress:
            progress(i + 1, total, name)
    return report
