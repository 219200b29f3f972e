"""Shipped codebook templates: the JSON files in ``resources/codebooks/``.

A template's id is its file name without ``.json`` (and equals the ``id`` inside the file).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from annotator.domain.codebook import Codebook
from annotator.domain.errors import NotFoundError
from annotator.resources import resource_path
from annotator.services.exchange.codebook_json import import_json


@dataclass(frozen=True, slots=True)
class TemplateInfo:
    id: str
    name: str
    about: str
    codes: int
    version: str = ""


def templates_dir() -> Path:
    return resource_path("codebooks")


def _files() -> dict[str, Path]:
    folder = templates_dir()
    if not folder.is_dir():
        return {}
    return {p.stem: p for p in sorted(folder.glob("*.json"))}


def _count(codes: list[dict[str, object]]) -> int:
    total = 0
    stack = list(codes)
    while stack:
        code = stack.pop()
        total += 1
        stack.extend(code.get("children") or [])  # type: ignore[arg-type]
    return total


def list_templates() -> list[TemplateInfo]:
    """Every shipped template, sorted by id (reads only the headers and counts codes)."""
    out = []
    for template_id, path in _files().items():
        data = json.loads(path.read_text(encoding="utf-8"))
        out.append(TemplateInfo(id=template_id, name=data.get("name", template_id),
                                about=data.get("about", ""), codes=_count(data.get("codes", [])),
                                version=data.get("version", "")))
    return out


def load_template(template_id: str) -> Codebook:
    """The shipped template ``template_id`` as a validated codebook."""
    files = _files()
    path = files.get(template_id)
    if path is None:
        known = ", ".join(files) or "none installed"
        raise NotFoundError(f"no codebook template called {template_id!r} (available: {known})")
    book = import_json(path.read_bytes()).codebook
    return book if book.id else book.replace(id=template_id)
