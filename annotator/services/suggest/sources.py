"""Where a model comes from and which project codes its classes mean.

* ``shipped``: ``resources/models/country-reports-outline-v1.npz``; its classes are outline
  labels, each mapped onto the code of ``country-reports-2021`` or ``-2019`` that the project
  holds (matched by the templates' code uuids, then by label).
* ``project``: trained on the project's own codings (``project_model.py``); its classes are
  the project's code uuids, checked against the current codebook.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.domain.codebook import Codebook
from annotator.domain.errors import InputError
from annotator.resources import resource_path
from annotator.services.suggest.model import ModelError, SuggestModel, load_model

SHIPPED_FILE = "country-reports-outline-v1.npz"
NONE_CLASS = "__none__"


def shipped_model_path() -> Path:
    return resource_path("models", SHIPPED_FILE)


@dataclass(frozen=True, eq=False)
class BoundModel:
    """A model with its classes bound to project codes: ``codes[i]`` is the code uuid of class
    ``i`` or ``None`` (a class the project lacks, or the "no code" class)."""

    model: SuggestModel
    codes: tuple[str | None, ...]
    name: str  # "shipped" | "project"
    ref: str  # origin_ref of what it writes: "model:shipped@1"
    manifest: dict[str, Any]


_CACHE: dict[tuple[str, float], tuple[SuggestModel, dict[str, Any]]] = {}


def load_cached(path: Path) -> tuple[SuggestModel, dict[str, Any]]:
    """:func:`load_model`, kept in memory while the file is unchanged."""
    try:
        key = (str(path), path.stat().st_mtime)
    except OSError:
        raise ModelError(f"{path}: no such model file") from None
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = load_model(path)
    return _CACHE[key]


def bind_shipped(book: Codebook, path: Path | None = None) -> BoundModel:
    """The shipped outline model bound to the project's outline codebook."""
    model, manifest = load_cached(path or shipped_model_path())
    template_codes: dict[str, dict[str, str]] = model.meta.get("codes", {})
    codes: list[str | None] = []
    for label in model.classes:
        hit = None
        for uuid in template_codes.get(label, {}).values():
            node = book.find(uuid)
            if node is not None and node.codable and not node.deprecated:
                hit = node.uuid
                break
        codes.append(hit)
    if not any(codes):
        raise InputError("the shipped model suggests Country Reports outline codes, and this "
                         "project has none: add the template first (annotator codebook template "
                         "PROJECT country-reports-2021)")
    version = model.meta.get("version", "?")
    return BoundModel(model, tuple(codes), "shipped", f"model:shipped@{version}", manifest)


def bind_project(book: Codebook, model: SuggestModel, manifest: dict[str, Any]) -> BoundModel:
    """A project model bound to the current codebook; refused when codes were added or
    removed since it was trained."""
    trained = set(model.meta.get("codebook_codes", []))
    now = current_codes(book, model.meta.get("roots"))
    if trained != now:
        added = sorted(book.path(u) for u in now - trained)
        removed = sorted(model.meta.get("code_paths", {}).get(u, u) for u in trained - now)
        parts = []
        if added:
            parts.append("added since: " + ", ".join(added[:5]))
        if removed:
            parts.append("removed since: " + ", ".join(removed[:5]))
        raise ModelError("the model is out of date; retrain (" + "; ".join(parts) + ")")
    codes = tuple(None if c == NONE_CLASS else c for c in model.classes)
    ref = f"model:project@{model.meta.get('trained_at', '?')}"
    return BoundModel(model, codes, "project", ref, manifest)


def current_codes(book: Codebook, roots: list[str] | None = None) -> set[str]:
    """The codable, non-deprecated codes of ``book`` (under ``roots`` when given)."""
    if roots:
        allowed = set(roots)
        for r in roots:
            if r in book:
                allowed |= {n.uuid for n in book.descendants(r)}
        return {n.uuid for n in book if n.codable and not n.deprecated and n.uuid in allowed}
    return {n.uuid for n in book if n.codable and not n.deprecated}
