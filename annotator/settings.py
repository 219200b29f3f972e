"""Per-machine application settings: one typed object, loaded once, saved atomically.

Stored as ``settings.json`` in :func:`annotator.paths.config_dir`. Loading migrates older files and
never fails: a damaged file is set aside (``settings.json.bad``) and defaults are used instead.
Per-project preferences live in the project itself, not here.
"""

from __future__ import annotations

import base64
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError, field_validator

from annotator import paths

SCHEMA_VERSION = 2
MAX_RECENT = 10
FILE_NAME = "settings.json"


class WindowState(BaseModel):
    """Opaque Qt window geometry and dock state, kept as base64 text (no QSettings)."""

    geometry: str = ""
    state: str = ""

    @staticmethod
    def encode(raw: bytes) -> str:
        return base64.b64encode(raw).decode("ascii")

    @staticmethod
    def decode(text: str) -> bytes:
        try:
            return base64.b64decode(text.encode("ascii"), validate=True)
        except (ValueError, UnicodeEncodeError):
            return b""


class AppSettings(BaseModel):
    schema_version: int = SCHEMA_VERSION
    coder_name: str = ""
    recent_projects: list[str] = Field(default_factory=list)
    snap_to_words: bool = True
    theme: Literal["light", "dark"] = "light"
    window: WindowState = Field(default_factory=WindowState)
    zoom: int = 0
    #: the first-run hint with the five keys to know was dismissed
    key_hint_seen: bool = False
    #: project path -> uuid of the document that was open last (reopened next time)
    last_documents: dict[str, str] = Field(default_factory=dict)

    @field_validator("coder_name")
    @classmethod
    def _strip(cls, v: str) -> str:
        return v.strip()[:100]

    # --- recent projects --------------------------------------------------------------------
    def add_recent(self, path: str | Path) -> None:
        """Put ``path`` first in the recent list (deduplicated, at most MAX_RECENT)."""
        p = str(Path(path).expanduser().resolve()) if "://" not in str(path) else str(path)
        self.recent_projects = [p, *[r for r in self.recent_projects if r != p]][:MAX_RECENT]

    def remember_document(self, project: str | Path, document_uuid: str) -> None:
        key = str(project)
        self.last_documents.pop(key, None)
        self.last_documents[key] = document_uuid
        while len(self.last_documents) > 50:  # keep the most recent ones only
            self.last_documents.pop(next(iter(self.last_documents)))

    def existing_recent(self) -> list[str]:
        return [r for r in self.recent_projects if "://" in r or Path(r).exists()]

    # --- persistence ------------------------------------------------------------------------
    @classmethod
    def default_path(cls) -> Path:
        return paths.config_dir() / FILE_NAME

    @classmethod
    def load(cls, path: Path | None = None) -> AppSettings:
        path = path or cls.default_path()
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError):
            _set_aside(path)
            return cls()
        try:
            return cls.model_validate(migrate(raw))
        except (ValidationError, TypeError, ValueError):
            _set_aside(path)
            return cls()

    def save(self, path: Path | None = None) -> Path:
        """Write to a temporary file in the same folder, then replace: never half-written."""
        path = path or self.default_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        data = self.model_dump_json(indent=2)
        fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path


def migrate(raw: Any) -> dict[str, Any]:
    """Bring an older settings dictionary up to :data:`SCHEMA_VERSION`."""
    if not isinstance(raw, dict):
        raise ValueError("settings file does not hold an object")
    data = dict(raw)
    version = int(data.get("schema_version", 1))
    if version < 2:
        # version 1 kept the coder as "coder" and geometry as a flat base64 string
        if "coder" in data and "coder_name" not in data:
            data["coder_name"] = data.pop("coder")
        if isinstance(data.get("geometry"), str):
            data["window"] = {"geometry": data.pop("geometry"), "state": ""}
        data.pop("coder", None)
        data.pop("geometry", None)
    data["schema_version"] = SCHEMA_VERSION
    known = set(AppSettings.model_fields)
    return {k: v for k, v in data.items() if k in known}


def _set_aside(path: Path) -> None:
    try:
        os.replace(path, path.with_name(path.name + ".bad"))
    except OSError:
        pass
