"""Test setup shared by every test: offscreen Qt, an isolated user folder, corpus location."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("ANNOTATOR_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Backups, settings and logs go to a temporary folder, never the developer's."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("ANNOTATOR_HOME", str(home))
    yield home


@pytest.fixture(autouse=True)
def _qt_garbage_at_a_safe_point(request: pytest.FixtureRequest):
    """Widgets a Qt test leaves in reference cycles are deleted here, between tests, with no
    Qt call on the stack; left to the cycle collector they would die at a random allocation
    inside a later test, perhaps while Qt walks a list of widgets (a crashed worker)."""
    yield
    if "qapp" in request.fixturenames:
        import gc

        from PySide6.QtCore import QCoreApplication, QEvent

        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not (CORPUS / "state-dept").exists():
        pytest.skip(f"test corpus not found at {CORPUS} (set ANNOTATOR_SHARED)")
    return CORPUS


# --- PostgreSQL backend switch (team server) ------------------------------------------------------
# ANNOTATOR_TEST_BACKEND=postgresql runs project tests against a PostgreSQL server; the plugin
# also provides the `pg_url` / `pg_database` fixtures and the `sqlite_only` marker.

pytest_plugins = ["tests.pg_backend"]
