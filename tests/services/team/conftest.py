"""Fixtures for the team tests: an origin project and packages made from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.services.team import team_helpers as th  # noqa: E402


@pytest.fixture
def origin(tmp_path: Path) -> th.Origin:
    path = tmp_path / "origin.annotator"
    return th.Origin(path, th.build_origin(path), tmp_path)
