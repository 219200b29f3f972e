"""Read and write codebook files, the format chosen by the file extension.

Readable: ``.qdc`` (REFI-QDA), ``.csv``, ``.json``. Writable: those plus the publishable
``.md``, ``.html`` and ``.docx``. Writes go to a temporary file in the target folder that is
then renamed over the target, so a failure never leaves a half-written file.
"""

from __future__ import annotations

import datetime as _dt
import os
import tempfile
from pathlib import Path

from annotator.domain.codebook import Codebook
from annotator.domain.errors import AnnotatorError, InputError
from annotator.services.exchange.codebook_common import ImportResult
from annotator.services.exchange.codebook_publish import Examples

READ_FORMATS = (".qdc", ".csv", ".json")
WRITE_FORMATS = (".qdc", ".csv", ".json", ".md", ".html", ".htm", ".docx")
MAX_FILE_BYTES = 64 * 1024 * 1024


def codebook_format(path: str | os.PathLike[str]) -> str:
    """The lower-case extension of ``path`` (``".qdc"``…)."""
    return Path(path).suffix.lower()


def read_codebook(path: str | os.PathLike[str], *, name: str | None = None) -> ImportResult:
    """Read a codebook file. The codebook is named after the file unless ``name`` is given.

    Raises :class:`InputError` (unreadable file, unknown extension) or the reader's
    :class:`ValidationError`, with the file name in front of the message.
    """
    p = Path(path)
    ext = codebook_format(p)
    if ext not in READ_FORMATS:
        raise InputError(f"{p.name}: cannot import codebooks from {ext or 'this'} files "
                         f"(use {', '.join(READ_FORMATS)})")
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"{p.name}: the file is too large for a codebook ({size} bytes)")
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p.name}: cannot read the file ({exc.strerror or exc})") from None
    title = name or p.stem
    try:
        if ext == ".qdc":
            from annotator.services.exchange.qdc import import_qdc
            return import_qdc(data, name=title)
        if ext == ".csv":
            from annotator.services.exchange.codebook_csv import import_csv
            return import_csv(data, name=title)
        from annotator.services.exchange.codebook_json import import_json
        return import_json(data, name=name)
    except AnnotatorError as exc:
        raise type(exc)(f"{p.name}: {exc}") from None


def render_codebook(codebook: Codebook, ext: str, examples: Examples | None = None, *,
                    date: _dt.date | None = None,
                    max_examples: int | None = None) -> tuple[bytes, list[str]]:
    """The bytes of ``codebook`` in the format of extension ``ext``, plus export warnings."""
    from annotator.services.exchange import codebook_csv, codebook_json, codebook_publish, qdc

    ext = ext.lower() if ext.startswith(".") else "." + ext.lower()
    warnings: list[str] = []
    if examples and ext not in (".md", ".html", ".htm", ".docx"):
        warnings.append(f"coded passages are only included in .md, .html and .docx exports, "
                        f"not in {ext}")
    if ext == ".qdc":
        return qdc.export_qdc(codebook), qdc.qdc_export_warnings(codebook) + warnings
    if ext == ".csv":
        return codebook_csv.export_csv(codebook), \
            codebook_csv.csv_export_warnings(codebook) + warnings
    if ext == ".json":
        return codebook_json.export_json(codebook), warnings
    if ext == ".md":
        text = codebook_publish.render_markdown(codebook, examples, date=date,
                                                max_examples=max_examples)
        return text.encode("utf-8"), warnings
    if ext in (".html", ".htm"):
        text = codebook_publish.render_html(codebook, examples, date=date,
                                            max_examples=max_examples)
        return text.encode("utf-8"), warnings
    if ext == ".docx":
        return codebook_publish.render_docx(codebook, examples, date=date,
                                            max_examples=max_examples), warnings
    raise InputError(f"cannot export codebooks as {ext} (use {', '.join(WRITE_FORMATS)})")


def write_codebook(codebook: Codebook, path: str | os.PathLike[str],
                   examples: Examples | None = None, *, date: _dt.date | None = None,
                   max_examples: int | None = None) -> list[str]:
    """Write ``codebook`` to ``path``; returns warnings about what the format cannot carry.

    ``examples`` (code uuid → passages) and ``max_examples`` only matter for .md/.html/.docx.
    """
    p = Path(path)
    ext = codebook_format(p)
    if ext not in WRITE_FORMATS:
        raise InputError(f"{p.name}: cannot export codebooks as {ext or 'this'} files "
                         f"(use {', '.join(WRITE_FORMATS)})")
    data, warnings = render_codebook(codebook, ext, examples, date=date,
                                     max_examples=max_examples)
    _atomic_write(p, data)
    return warnings


def _atomic_write(path: Path, data: bytes) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(f"{path.name}: cannot write in {folder} ({exc.strerror or exc})") \
            from None
    try:
        try:
            mode = path.stat().st_mode & 0o777
        except OSError:
            mode = 0o644
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise InputError(f"{path.name}: cannot write the file ({exc.strerror or exc})") \
                from None
        raise
