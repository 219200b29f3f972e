"""A write transaction that is always rolled back: a rehearsal.

The first write of a session pays for things a user should not wait for at their first key
press: SQLAlchemy compiles each statement once per engine (insert, the log entry, the reads
that follow), and the driver prepares them. Running the same statements in a transaction that
is rolled back warms all of that and stores nothing: no row, no log entry, no change a reader or
another program could see.

A rehearsal never waits for another writer: when the write lock is taken it gives up at once
(:class:`annotator.domain.errors.ProjectError`), since it is only a warm-up.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy.exc import DBAPIError

from annotator.storage import db_errors, write_lock

if TYPE_CHECKING:
    from annotator.storage.store import Store, Tx


@contextmanager
def rolled_back(store: Store) -> Iterator[Tx]:
    """A write transaction on ``store`` whose work is always rolled back."""
    from annotator.storage.store import Tx

    try:
        with store.engine.connect() as conn:
            conn.execution_options(**{write_lock.WRITE: True, "annotator_wait_limit": 0.0})
            trans = conn.begin()
            try:
                yield Tx(conn)
            finally:
                trans.rollback()
    except DBAPIError as exc:
        raise db_errors.translate(exc) from exc
