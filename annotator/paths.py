"""Per-user folders (platformdirs). ``ANNOTATOR_HOME`` overrides them all (tests, portable use)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import PlatformDirs

_dirs = PlatformDirs("annotator", appauthor=False)


def _home() -> Path | None:
    h = os.environ.get("ANNOTATOR_HOME")
    return Path(h) if h else None


def data_dir() -> Path:
    p = (_home() / "data") if _home() else Path(_dirs.user_data_dir)
    p.mkdir(parents=True, exist_ok=True)
    return p


def config_dir() -> Path:
    p = (_home() / "config") if _home() else Path(_dirs.user_config_dir)
    p.mkdir(parents=True, exist_ok=True)
    return p


def log_dir() -> Path:
    p = (_home() / "log") if _home() else Path(_dirs.user_log_dir)
    p.mkdir(parents=True, exist_ok=True)
    return p


def backups_dir() -> Path:
    p = data_dir() / "backups"
    p.mkdir(parents=True, exist_ok=True)
    return p
