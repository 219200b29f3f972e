"""Write transactions that take SQLite's write lock up front, and wait for it.

A plain ``BEGIN`` starts a deferred transaction: it reads, then asks for the write lock at the
first write, and in WAL mode SQLite refuses that upgrade at once (``SQLITE_BUSY``, no waiting)
when another process wrote in between. So every write transaction starts with
``BEGIN IMMEDIATE`` instead: it waits for the lock *before* reading anything, which SQLite may
do safely. Reads keep a deferred ``BEGIN`` (in WAL mode readers never wait for writers).

The wait is bounded: each attempt lets SQLite's busy handler wait :data:`SLICE_MS`, then the
caller's ``on_wait(seconds_waited)`` hook is told (the app shows "waiting for another
program…"), and after a short randomised back-off the next attempt follows, until
:data:`WAIT_LIMIT` seconds have passed. Then the action fails with a clear message; nothing of
it was written (the transaction never started). ``on_wait(None)`` says the wait is over.

A connection is marked as a writer with the execution option :data:`WRITE` (see
:meth:`annotator.storage.store.Store.begin`).
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError

from annotator.domain.errors import ProjectError

#: Execution option: the connection's transaction will write (``BEGIN IMMEDIATE`` on SQLite).
WRITE = "annotator_write"
#: Execution option: ``callable(seconds_waited | None)`` told while the write lock is awaited.
ON_WAIT = "annotator_on_wait"
#: SQLite's busy timeout for every other statement (reads, checkpoints, migrations).
BUSY_TIMEOUT_MS = 5000
#: How long SQLite's own busy handler waits per attempt at the write lock.
SLICE_MS = 200
#: Seconds a write action waits for another program before it gives up.
WAIT_LIMIT = 30.0

OnWait = Callable[[float | None], None]

_BUSY_CODES = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def busy_message(waited: float) -> str:
    return (f"the project stayed busy: another program kept writing to it for {waited:.0f} s; "
            "this action was not saved (nothing else is lost); try again")


def is_busy(exc: BaseException) -> bool:
    """True when a driver error means "another connection holds the lock"."""
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _BUSY_CODES
    return "locked" in str(orig) or "busy" in str(orig)


def begin(conn: Connection) -> None:
    """Start the connection's transaction (the engine's ``begin`` hook on SQLite)."""
    opts = conn.get_execution_options()
    if not opts.get(WRITE):
        conn.exec_driver_sql("BEGIN")
        return
    begin_immediate(conn, opts.get(ON_WAIT), float(opts.get("annotator_wait_limit",
                                                            WAIT_LIMIT)))


def begin_immediate(conn: Connection, on_wait: OnWait | None = None,
                    limit: float = WAIT_LIMIT, *, sleep: Callable[[float], Any] = time.sleep
                    ) -> None:
    """``BEGIN IMMEDIATE`` with bounded, backed-off retries; raises :class:`ProjectError`
    when the lock did not come within ``limit`` seconds."""
    started = time.monotonic()
    delay = 0.01
    waited = False
    conn.exec_driver_sql(f"PRAGMA busy_timeout={SLICE_MS}")
    try:
        while True:
            try:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
                return
            except OperationalError as exc:
                if not is_busy(exc):
                    raise
            elapsed = time.monotonic() - started
            if elapsed >= limit:
                raise ProjectError(busy_message(elapsed))
            waited = True
            if on_wait is not None:
                on_wait(elapsed)
            sleep(random.uniform(delay / 2, delay))
            delay = min(delay * 2, 0.2)
    finally:
        conn.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if waited and on_wait is not None:
            on_wait(None)
