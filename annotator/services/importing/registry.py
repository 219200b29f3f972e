"""Choose the importer for a file by its extension, and catch files whose extension lies.

Importer modules are imported lazily, so a missing optional module (or one not written yet)
only affects its own file type.
"""

from __future__ import annotations

import importlib
import io
import zipfile
from pathlib import Path
from typing import cast

from annotator.services.importing.base import Importer, ImportFailed

# extension -> (module, class)
_IMPORTERS: dict[str, tuple[str, str]] = {
    ".txt": ("plain_text", "PlainTextImporter"),
    ".md": ("markdown", "MarkdownImporter"),
    ".markdown": ("markdown", "MarkdownImporter"),
    ".html": ("html", "HtmlImporter"),
    ".htm": ("html", "HtmlImporter"),
    ".docx": ("docx", "DocxImporter"),
    ".pdf": ("pdf", "PdfImporter"),
}
# Kinds each extension accepts; text formats accept anything not recognised as binary.
_ACCEPTS: dict[str, frozenset[str]] = {
    ".pdf": frozenset({"pdf"}),
    ".docx": frozenset({"docx", "zip"}),
}
_LABELS = {
    "pdf": "a PDF file", "docx": "a Word .docx file", "xlsx": "an Excel .xlsx file",
    "pptx": "a PowerPoint .pptx file", "odt": "an OpenDocument file", "epub": "an EPUB e-book",
    "zip": "a zip archive", "ole": "an old-style Office file (.doc/.xls) or a password-protected "
    "Office document", "rtf": "an RTF document", "png": "a PNG image", "jpeg": "a JPEG image",
    "gif": "a GIF image", "tiff": "a TIFF image", "gzip": "a gzip archive", "7z": "a 7-Zip archive",
    "rar": "a RAR archive",
}
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpeg"), (b"GIF87a", "gif"),
    (b"GIF89a", "gif"), (b"II*\x00", "tiff"), (b"MM\x00*", "tiff"), (b"\x1f\x8b", "gzip"),
    (b"7z\xbc\xaf\x27\x1c", "7z"), (b"Rar!\x1a\x07", "rar"), (b"{\\rtf", "rtf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
)


def supported_extensions() -> tuple[str, ...]:
    """Lower-case extensions with the dot, e.g. ``(".txt", ".md", ...)``."""
    return tuple(_IMPORTERS)


def importer_for(path: Path | str) -> Importer:
    """The importer for ``path``'s extension (case-insensitive)."""
    ext = Path(path).suffix.lower()
    entry = _IMPORTERS.get(ext)
    if entry is None:
        shown = f"'{ext}'" if ext else "without an extension"
        raise ImportFailed(f"unsupported file type {shown} "
                           f"(supported: {', '.join(supported_extensions())})")
    module_name, class_name = entry
    try:
        module = importlib.import_module(f"annotator.services.importing.{module_name}")
        factory = getattr(module, class_name)
    except (ImportError, AttributeError) as exc:
        raise ImportFailed(f"import of {ext} files is not available ({exc})") from exc
    return cast(Importer, factory())


def sniff_kind(data: bytes) -> str | None:
    """Recognise common binary formats by their first bytes; ``None`` for anything else."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data)
    return None


def sniff_mismatch(path: Path | str, data: bytes) -> None:
    """Raise :class:`ImportFailed` when the content clearly is not what the extension says."""
    ext = Path(path).suffix.lower()
    kind = sniff_kind(data)
    if kind is None or kind in _ACCEPTS.get(ext, frozenset()):
        return
    if kind == "pdf" and ext not in _ACCEPTS and not data.startswith(b"%PDF-"):
        return  # "%PDF-" somewhere in the first KB of a text file is just text
    raise ImportFailed(f"looks like {_LABELS[kind]}, not {ext or 'a file without extension'}")


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            mimetype = b""
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    mimetype = member.read(100)
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return "zip"
    prefixes = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}
    for prefix, kind in prefixes.items():
        if any(name.startswith(prefix) for name in names):
            return kind
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        return "odt"
    if mimetype == b"application/epub+zip":
        return "epub"
    return "zip"
