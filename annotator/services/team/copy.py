"""Move a project between a SQLite file and a PostgreSQL database, in either direction.

``copy_project(SOURCE, TARGET)`` copies every row unchanged (ids, uuids, texts, timestamps, the
event log) into a new or empty project, in one transaction on the target: either everything
arrives or the target stays as it was (a target file created for the copy is removed again).
The source is read from one consistent snapshot and is not changed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from annotator import paths
from annotator.domain.errors import ProjectError
from annotator.storage import copying
from annotator.storage.engine import is_url
from annotator.storage.store import Store


@dataclass(frozen=True, slots=True)
class CopyReport:
    source: str
    target: str
    rows: dict[str, int]
    seconds: float

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _same(a: str | Path, b: str | Path) -> bool:
    if is_url(a) or is_url(b):
        return str(a).rstrip("/") == str(b).rstrip("/")
    return Path(a).expanduser().resolve() == Path(b).expanduser().resolve()


def _open_target(target: str | Path) -> tuple[Store, bool]:
    """The target store and whether it was created now. An existing target must be a project
    without data; an empty database (no tables) gets a new project."""
    if not is_url(target) and not Path(target).exists():
        return Store.create(Path(target)), True
    try:
        return Store.create(target if is_url(target) else Path(target)), True
    except ProjectError as exc:
        if "already" not in str(exc):
            raise
    return Store.open(target if is_url(target) else Path(target)), False


def copy_project(source: str | Path, target: str | Path, *,
                 progress: Callable[[str, int], None] | None = None) -> CopyReport:
    """Copy the project at ``source`` into ``target`` (a path or a database URL)."""
    if _same(source, target):
        raise ProjectError("source and target are the same project")
    t0 = time.perf_counter()
    src = Store.open(source if is_url(source) else Path(source),
                     backup_dir=paths.backups_dir() / "upgrades")
    try:
        dst, created = _open_target(target)
        try:
            with src.read() as s, dst.begin() as d:
                counts = copying.copy_rows(s.conn, d.conn, progress=progress)
            with dst.read() as d:
                landed = copying.row_counts(d.conn)
            if landed != counts:
                raise ProjectError(f"copy check failed: {landed} rows arrived, {counts} sent")
        except BaseException:
            dst.close()
            if created and not is_url(target):
                for suffix in ("", "-wal", "-shm"):
                    Path(str(target) + suffix).unlink(missing_ok=True)
            raise
        dst.close()
    finally:
        src.close()
    return CopyReport(str(source), str(target), counts, time.perf_counter() - t0)
