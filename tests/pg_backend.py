"""Pytest plugin: run the project tests against PostgreSQL, and fixtures for server tests.

``ANNOTATOR_TEST_BACKEND=postgresql`` (optionally ``ANNOTATOR_TEST_PG_URL``, default
``postgresql://postgres@127.0.0.1:5432``) makes every project that a test creates through
:class:`~annotator.storage.store.Store` (and so :class:`~annotator.services.project.Project`)
live in a fresh PostgreSQL database instead of the ``*.annotator`` file path the test gave. The
path stays the test's handle: opening it again opens the same database. Other files (coding
packages, ``*.part`` files being written) and paths the plugin did not create (files written by
hand, by a subprocess or by ``sqlite3``) stay SQLite files, so tests about refusing bad files keep
testing what they test. Databases are dropped when the test ends.

Tests marked ``sqlite_only("reason")`` are skipped on PostgreSQL; when the server cannot be
reached, tests that create a project skip with the reason. ``pg_url`` / ``pg_database`` give
server tests (marked ``postgres``) fresh databases whatever the backend switch says.
"""

from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

BACKEND = os.environ.get("ANNOTATOR_TEST_BACKEND", "sqlite").strip().lower()
SERVER_URL = os.environ.get("ANNOTATOR_TEST_PG_URL",
                            "postgresql://postgres@127.0.0.1:5432").rstrip("/")
ON_POSTGRES = BACKEND in ("postgresql", "postgres", "pg")
#: Prefix of every database this plugin makes (never touches others).
DB_PREFIX = "annot_test_"
#: Only project files are redirected; coding packages and temporary files stay files.
PROJECT_SUFFIX = ".annotator"


class PgServer:
    """The test server: creates and drops throw-away databases over an admin connection."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self._problem: str | None = None
        self._checked = False
        self._counter = itertools.count(1)

    def url(self, database: str) -> str:
        from sqlalchemy.engine import make_url

        return make_url(self.base_url).set(database=database).render_as_string(
            hide_password=False)

    def _admin(self):  # type: ignore[no-untyped-def]
        import psycopg

        dsn = self.url("postgres").replace("postgresql+psycopg://", "postgresql://")
        return psycopg.connect(dsn, autocommit=True, connect_timeout=3)

    def problem(self) -> str | None:
        """Why the server cannot be used (``None`` when it can); checked once per process."""
        if not self._checked:
            self._checked = True
            try:
                import psycopg  # noqa: F401
            except ImportError:
                self._problem = "psycopg is not installed (pip install 'annotator[postgres]')"
                return self._problem
            try:
                with self._admin() as conn:
                    conn.execute("SELECT 1")
            except Exception as exc:  # noqa: BLE001
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
                self._problem = f"PostgreSQL server not reachable at {self.base_url}: {first}"
        return self._problem

    def require(self) -> None:
        reason = self.problem()
        if reason:
            pytest.skip(reason)

    def create_database(self) -> str:
        """A new, empty database; returns its URL."""
        self.require()
        name = f"{DB_PREFIX}{os.getpid()}_{next(self._counter)}_{uuid.uuid4().hex[:6]}"
        with self._admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        name = make_url(url).database
        if not name or not name.startswith(DB_PREFIX):
            return
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


SERVER = PgServer(SERVER_URL)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only(reason): only meaningful for SQLite project files; skipped when "
                   "ANNOTATOR_TEST_BACKEND=postgresql")


def pytest_report_header(config: pytest.Config) -> str:
    return f"annotator project backend: {'postgresql ' + SERVER_URL if ON_POSTGRES else 'sqlite'}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not ON_POSTGRES:
        return
    for item in items:
        mark = item.get_closest_marker("sqlite_only")
        if mark is not None:
            reason = mark.args[0] if mark.args else mark.kwargs.get("reason", "SQLite only")
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))


class _Made:
    """Databases and login roles a test made on the server (dropped in that order)."""

    def __init__(self) -> None:
        self.databases: list[str] = []
        self.logins: list[str] = []

    def database(self) -> str:
        self.databases.append(SERVER.create_database())
        return self.databases[-1]

    def login(self, name: str) -> str:
        login = f"{DB_PREFIX}{os.getpid()}_{next(SERVER._counter)}_{name}"
        self.logins.append(login)
        return login

    def cleanup(self) -> None:
        from sqlalchemy.engine import make_url

        from annotator.storage.pg_security import group_roles

        roles = list(self.logins)
        for url in self.databases:
            SERVER.drop_database(url)
            roles += group_roles(make_url(url).database or "").values()
        if roles:
            with SERVER._admin() as conn:
                for role in roles:
                    conn.execute(f'DROP ROLE IF EXISTS "{role}"')


@pytest.fixture
def _pg_made() -> Iterator[_Made]:
    made = _Made()
    yield made
    made.cleanup()


@pytest.fixture(scope="module")
def pg_module() -> Iterator[_Made]:
    """Databases (``.database()``) and login names (``.login(name)``) shared by one test
    module, dropped after its last test."""
    made = _Made()
    yield made
    made.cleanup()


@pytest.fixture
def pg_database(_pg_made: _Made) -> Callable[[], str]:
    """A factory of fresh PostgreSQL databases (URLs), all dropped after the test together
    with their team group roles."""
    return _pg_made.database


@pytest.fixture
def pg_login(_pg_made: _Made) -> Callable[[str], str]:
    """A factory of unique login role names (``name`` → ``annot_test_<pid>_<n>_name``); the
    roles are dropped after the test (create them with ``annotator server add-user``)."""
    return _pg_made.login


@pytest.fixture
def pg_url(pg_database: Callable[[], str]) -> str:
    """The URL of one fresh, empty PostgreSQL database (skips when no server is reachable)."""
    return pg_database()


def login_url(url: str, login: str, password: str | None = None) -> str:
    """``url`` with another user (and password)."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(username=login, password=password).render_as_string(
        hide_password=False)


@pytest.fixture(autouse=True)
def _project_backend(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """With the PostgreSQL backend, projects created at file paths go to fresh databases."""
    if not ON_POSTGRES:
        yield
        return
    from annotator.storage.engine import is_url
    from annotator.storage.store import Store

    original_create = Store.__dict__["create"].__func__
    original_open = Store.__dict__["open"].__func__
    databases: dict[Path, str] = {}

    def _key(target: str | Path) -> Path:
        return Path(target).expanduser().resolve()

    def create(cls: type[Store], target: str | Path) -> Store:
        if is_url(target):
            return original_create(cls, target)
        key = _key(target)
        if key in databases:
            return original_create(cls, databases[key])
        if key.suffix != PROJECT_SUFFIX or key.exists() or not key.parent.is_dir():
            return original_create(cls, target)  # packages, temporary files, file refusals
        databases[key] = SERVER.create_database()
        return original_create(cls, databases[key])

    def open_(cls: type[Store], target: str | Path, backup_dir: Path | None = None) -> Store:
        if not is_url(target) and _key(target) in databases:
            return original_open(cls, databases[_key(target)], backup_dir=backup_dir)
        return original_open(cls, target, backup_dir=backup_dir)

    monkeypatch.setattr(Store, "create", classmethod(create))
    monkeypatch.setattr(Store, "open", classmethod(open_))
    try:
        yield
    finally:
        for url in databases.values():
            SERVER.drop_database(url)
