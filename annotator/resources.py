"""Locate shipped data: ``resources/`` (codebooks, schemas, icons, styles) and ``projects/``.

An installed wheel carries them inside the package as ``annotator/resources`` and
``annotator/projects``; a source checkout or an editable install has them at the top of the
repository, next to the package. The in-package copy is tried first.
"""

from __future__ import annotations

import importlib.resources
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=None)
def _root(folder: str) -> Path:
    try:
        packaged = importlib.resources.files("annotator") / folder
        if isinstance(packaged, Path) and packaged.is_dir():
            return packaged
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - unusual loaders
        pass
    return Path(__file__).resolve().parent.parent / folder


def resource_root() -> Path:
    """The directory that holds the shipped resources."""
    return _root("resources")


def resource_path(*parts: str) -> Path:
    """Path of a shipped resource, e.g. ``resource_path("codebooks", "ciri.json")``.

    The path is returned whether or not the file exists.
    """
    return _root("resources").joinpath(*parts)


def sample_path(*parts: str) -> Path:
    """Path inside the shipped sample projects, e.g. ``sample_path("sample", "manifest.json")``."""
    return _root("projects").joinpath(*parts)
