"""Codebook as nested JSON (``"format": "annotator-codebook"``), the format of the shipped
templates in ``resources/codebooks/``. It carries every field, so nothing is lost.
"""

from __future__ import annotations

import json

from annotator.domain.codebook import Codebook
from annotator.domain.errors import ValidationError
from annotator.services.exchange.codebook_common import ImportResult

MAX_JSON_BYTES = 64 * 1024 * 1024


def export_json(codebook: Codebook) -> bytes:
    """Pretty-printed UTF-8 JSON ending in a newline; the same codebook gives the same bytes."""
    codebook.validate()
    text = json.dumps(codebook.to_nested(), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def import_json(data: bytes, *, name: str | None = None) -> ImportResult:
    """Read a nested JSON codebook; ``name`` replaces the file's name when given."""
    if len(data) > MAX_JSON_BYTES:
        raise ValidationError("the JSON codebook is too large")
    try:
        loaded = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ValidationError("the JSON codebook is not UTF-8 text") from None
    except RecursionError:
        raise ValidationError("the JSON codebook is nested too deeply") from None
    except ValueError as exc:
        raise ValidationError(f"the JSON codebook is not valid JSON: {exc}") from None
    warnings: list[str] = []
    book = Codebook.from_nested(loaded, warnings)
    if name:
        book = book.replace(name=name)
    book.validate()
    return ImportResult(book, warnings)
