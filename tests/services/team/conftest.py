"""Fixtures for the team tests: an origin project and packages made from it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import team_helpers as th  # noqa: E402


@pytest.fixture
def origin(tmp_path: Path) -> th.Origin:
    path = tmp_path / "origin.annotator"
    return th.Origin(path, th.build_origin(path), tmp_path)
