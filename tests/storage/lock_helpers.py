"""Another program holding a SQLite project's write lock, for the concurrency tests."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path


def hold_lock(path: Path, seconds: float) -> threading.Thread:
    """Another program: takes the write lock of ``path`` and keeps it for ``seconds``."""
    taken = threading.Event()

    def hold() -> None:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO project_meta(key, value) VALUES ('holder', 'x')")
        taken.set()
        time.sleep(seconds)
        conn.execute("ROLLBACK")
        conn.close()

    t = threading.Thread(target=hold, daemon=True)
    t.start()
    assert taken.wait(5)
    return t
