"""PDF import with pypdf: the text layer of each page, re-flowed into paragraphs.

PDF text comes as visual lines. Lines are joined into blank-line separated paragraphs; a line
ends a paragraph when it is clearly shorter than a full line and the next one starts like a new
sentence or heading (so a paragraph whose last line is full-width runs on into the next one).
Page breaks and bullets always start a paragraph. A hyphen at a line end is removed only when
the document itself proves the unhyphenated word (it occurs elsewhere and the hyphenated form
does not); otherwise it is kept. Page headers and footers are not removed.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

from annotator.domain.text import canonical_text
from annotator.services.importing.base import Extracted, ImportFailed
from annotator.services.importing.reading import short_reason

NO_TEXT = "PDF has no text layer (scanned images?); run OCR first"
_SPACES = re.compile(r"[ \t\u00a0]+")
_WORD = re.compile(r"\w+(?:-\w+)*")
_DASHES = "-\u2010\u2013\u2014"
_BULLETS = "•●○◦▪■□‣►➢"
_SHORT = 0.75


class PdfImporter:
    """PDF files with a text layer."""

    extensions: tuple[str, ...] = (".pdf",)

    def extract(self, path: Path, data: bytes) -> Extracted:
        reader = _open(data)
        warnings: list[str] = []
        pages = _page_texts(reader, warnings)
        blank = [i + 1 for i, lines in enumerate(pages) if not any(lines)]
        if len(blank) == len(pages):
            raise ImportFailed(NO_TEXT)
        if blank:
            shown = ", ".join(map(str, blank[:10])) + (", ..." if len(blank) > 10 else "")
            warnings.append(f"{len(blank)} of {len(pages)} pages have no text layer "
                            f"(pages {shown}); their content is missing")
        text = canonical_text("\n\n".join(reflow(pages)))
        return Extracted(text=text, source_type="pdf", title=_title(reader), warnings=warnings)


def reflow(pages: list[list[str]]) -> list[str]:
    """Paragraphs from the stripped lines of each page (``""`` marks a blank line)."""
    lengths = sorted(len(line) for lines in pages for line in lines if line)
    typical = lengths[int(len(lengths) * 0.8)] if lengths else 1
    vocabulary = {w.lower() for lines in pages for line in lines for w in _WORD.findall(line)}
    paragraphs: list[str] = []
    for lines in pages:
        current = ""
        for i, line in enumerate(lines):
            if line:
                current = _join(current, line, vocabulary) if current else line
            following = lines[i + 1] if i + 1 < len(lines) else ""
            if current and (not line or not following or _ends(line, following, typical)):
                paragraphs.append(current)
                current = ""
    return paragraphs


def _open(data: bytes) -> PdfReader:
    if b"%PDF-" not in data[:1024]:
        raise ImportFailed("not a valid PDF (no %PDF header)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ImportFailed("PDF is password-protected; remove the password and import again")
        if len(reader.pages) == 0:
            raise ImportFailed("PDF has no pages")
    except ImportFailed:
        raise
    except DependencyError:
        raise ImportFailed("PDF is encrypted with AES, which needs the optional 'cryptography' "
                           "package; remove the protection and import again") from None
    except FileNotDecryptedError:
        raise ImportFailed("PDF is encrypted and cannot be opened") from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise ImportFailed(f"not a valid PDF ({short_reason(exc)})") from exc
    return reader


def _page_texts(reader: PdfReader, warnings: list[str]) -> list[list[str]]:
    """Stripped lines per page; a page whose text cannot be read counts as empty, with a note."""
    pages: list[list[str]] = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            raw = page.extract_text()
        except DependencyError as exc:
            raise ImportFailed(f"PDF needs a missing package ({short_reason(exc)})") from exc
        except Exception as exc:  # pypdf raises many kinds on damaged content streams
            warnings.append(f"page {number}: text could not be read ({short_reason(exc)})")
            raw = ""
        lines = [_SPACES.sub(" ", line).strip() for line in canonical_text(raw).split("\n")]
        pages.append(lines if any(lines) else [])
    return pages


def _ends(line: str, following: str, typical: int) -> bool:
    """Does ``line`` end its paragraph? Only if it stops well short of a full line (so the
    next word would have fitted) and the next line starts like a new sentence or heading."""
    first = following[0]
    if first in _BULLETS:
        return True  # each list item is a paragraph of its own
    if not (first.isupper() or first.isdigit() or first in "*–—\"“‘(["):
        return False
    if line[-1] in _DASHES and len(line) > 1 and not line[-2].isspace():
        return False  # a word broken or joined across the line end
    return len(line) < _SHORT * typical


def _join(before: str, line: str, vocabulary: set[str]) -> str:
    """Append the next line of the same paragraph."""
    if before.endswith("\u00ad"):  # soft hyphen: always a break inside a word
        return before[:-1] + line
    last = before[-1]
    if last in _DASHES and len(before) > 1 and not before[-2].isspace():
        if last == "-" and before[-2].isalpha() and line[0].islower():
            left = re.search(r"\w+$", before[:-1])
            right = re.match(r"\w+", line)
            if left and right:
                whole = (left.group() + right.group()).lower()
                hyphenated = f"{left.group()}-{right.group()}".lower()
                if whole in vocabulary and hyphenated not in vocabulary:
                    return before[:-1] + line
        return before + line
    if _is_cjk(last) and _is_cjk(line[0]):
        return before + line
    return before + " " + line


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return 0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF \
        or code >= 0x20000


def _title(reader: PdfReader) -> str | None:
    try:
        title = reader.metadata.title if reader.metadata else None
    except Exception:  # a broken Info dictionary must not fail the import
        return None
    if isinstance(title, str) and title.strip():
        return canonical_text(title.strip())
    return None
