"""The write-ahead log (``P-wal``) next to a project file: is it live, would opening replay
it, and does it belong to this project?

SQLite replays any ``-wal`` file it finds beside a database on the first open, without asking
whether the log was written for *this* file. A log left by a crash holds committed work and
must be replayed (after a copy is put aside); a log from another file (copied or renamed next
to the project, or left over from an older copy) would overwrite pages with foreign ones.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from annotator.storage.engine import APPLICATION_ID

WAL_MAGIC = (0x377F0682, 0x377F0683)
#: The byte of ``-shm`` every open connection holds a shared lock on (SQLite's "DMS" lock).
_DMS_BYTE = 128

_open_here: dict[str, int] = {}
_lock = threading.Lock()


def _key(path: Path) -> str:
    return os.path.realpath(path)


def note_open(path: Path) -> None:
    """Record that this process has ``path`` open (probing its locks would release them)."""
    with _lock:
        k = _key(path)
        _open_here[k] = _open_here.get(k, 0) + 1


def note_closed(path: Path) -> None:
    with _lock:
        k = _key(path)
        if _open_here.get(k, 0) <= 1:
            _open_here.pop(k, None)
        else:
            _open_here[k] -= 1


def wal_path(path: Path) -> Path:
    return Path(str(path) + "-wal")


def pending_wal(path: Path) -> Path | None:
    """The ``-wal`` file beside ``path`` when it holds anything, else ``None``."""
    wal = wal_path(path)
    try:
        return wal if wal.stat().st_size > 0 else None
    except OSError:
        return None


def is_live(path: Path) -> bool:
    """True when a connection (in this or another process) has the project open, so its WAL
    is in use and must be left alone. Where locks cannot be probed, assume it is live."""
    with _lock:
        if _key(path) in _open_here:
            return True
    shm = Path(str(path) + "-shm")
    if not shm.exists():
        return False
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: SQLite's own recovery applies
        return True
    try:
        fd = os.open(shm, os.O_RDWR)
    except OSError:
        return True
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _DMS_BYTE)
    except OSError:
        return True
    else:
        fcntl.lockf(fd, fcntl.LOCK_UN, 1, _DMS_BYTE)
        return False
    finally:
        os.close(fd)


@dataclass(frozen=True, slots=True)
class WalVerdict:
    belongs: bool
    reason: str = ""  # why it does not belong (one line)


def _header(wal: Path) -> tuple[int, int] | None:
    with wal.open("rb") as fh:
        head = fh.read(32)
    if len(head) < 32:
        return None
    return int.from_bytes(head[0:4], "big"), int.from_bytes(head[8:12], "big")


def _view(uri: str, *, checks: bool = True) -> tuple[int, str | None, list[str]]:
    """``(application_id, project uuid, quick_check rows)`` through a read-only connection."""
    conn = sqlite3.connect(uri, uri=True)
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        try:
            row = conn.execute("SELECT value FROM project_meta WHERE key='uuid'").fetchone()
        except sqlite3.DatabaseError:
            row = None
        # integrity_check, not quick_check: a log from another file can leave tables and their
        # indexes disagreeing, which only the full check sees.
        qc = ([r[0] for r in conn.execute("PRAGMA integrity_check(20)").fetchall()]
              if checks else [])
        return app_id, (row[0] if row else None), qc
    finally:
        conn.close()


def verify(path: Path) -> WalVerdict:
    """Would replaying the ``-wal`` beside ``path`` give a sound copy of *this* project?

    Compares the file alone (``immutable``: the log ignored) with the file seen through the log
    (a read-only connection: replayed in memory, nothing written to the project)."""
    wal = wal_path(path)
    try:
        head = _header(wal)
    except OSError as exc:
        return WalVerdict(False, f"the log cannot be read ({exc.strerror or exc})")
    if head is None or head[0] not in WAL_MAGIC:
        return WalVerdict(False, "it is not a SQLite write-ahead log")
    try:
        with path.open("rb") as fh:
            db_head = fh.read(100)
        page_size = int.from_bytes(db_head[16:18], "big")
        page_size = 65536 if page_size == 1 else page_size
    except OSError as exc:
        return WalVerdict(False, f"the project cannot be read ({exc.strerror or exc})")
    if head[1] != page_size:
        return WalVerdict(False, f"its page size ({head[1]}) differs from the project's "
                                 f"({page_size})")
    try:
        _, own_uuid, _ = _view(f"{path.resolve().as_uri()}?mode=ro&immutable=1", checks=False)
    except sqlite3.DatabaseError:
        own_uuid = None
    try:
        app_id, uuid, qc = _view(f"{path.resolve().as_uri()}?mode=ro")
    except sqlite3.DatabaseError as exc:
        return WalVerdict(False, f"replaying it gives an unreadable file ({exc})")
    if app_id != APPLICATION_ID:
        return WalVerdict(False, "replaying it would turn the file into a database of another "
                                 "program")
    if own_uuid is not None and uuid != own_uuid:
        return WalVerdict(False, "it was written for another project")
    if qc != ["ok"]:
        return WalVerdict(False, f"replaying it would damage the file ({qc[0]})")
    return WalVerdict(True)


def project_uuid_of(path: Path) -> str | None:
    """The project's uuid read straight from the file (the log ignored; ``None`` when the file
    cannot tell, e.g. damaged or not a project)."""
    try:
        _, uuid, _ = _view(f"{path.resolve().as_uri()}?mode=ro&immutable=1", checks=False)
    except (sqlite3.DatabaseError, OSError, ValueError):
        return None
    return uuid
