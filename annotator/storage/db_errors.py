"""Database errors → one-line user errors, the same on SQLite and PostgreSQL.

Services never see driver exceptions: a refused write is a :class:`ValidationError`, a lost
race a :class:`ConflictError`, and a dead server connection a :class:`ProjectError` saying the
last action was not saved (nothing is queued for later).
"""

from __future__ import annotations

import re

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from annotator.domain.errors import (
    AnnotatorError,
    ConflictError,
    DamagedProjectError,
    ProjectError,
    ValidationError,
)

#: The message for every action attempted while the team server cannot be reached.
CONNECTION_LOST = "lost the connection to the team server; your last action was not saved"

# SQLSTATE classes: 08 connection exception, 57P0x operator intervention (server shutting down,
# backend terminated), 40 transaction rollback (serialization failure, deadlock).
_DISCONNECT_STATES = ("08", "57P01", "57P02", "57P03")


class TransientConflict(ConflictError):
    """A lost race that says nothing about the data (a deadlock, a serialization failure, a
    lock held elsewhere): the whole action was rolled back and may simply run again."""


class ProjectBusy(ProjectError):
    """SQLite said "database is locked" inside a transaction: rolled back, may run again."""


#: Errors after which a whole user action may be run once more (bounded; see Project.execute).
RETRYABLE = (TransientConflict, ProjectBusy)


#: SQLite messages that mean the file itself is damaged (not a refused or lost action).
_DAMAGE_MARKS = ("malformed", "file is not a database", "no such table", "no such column",
                 "corrupt", "disk i/o error")


def sqlstate(exc: BaseException) -> str | None:
    """The PostgreSQL SQLSTATE of a wrapped driver error (``None`` on SQLite)."""
    orig = getattr(exc, "orig", None)
    return getattr(orig, "sqlstate", None)


def is_disconnect(exc: DBAPIError) -> bool:
    """True when the error means the server connection is gone (or never came up)."""
    if exc.connection_invalidated:
        return True
    state = sqlstate(exc)
    if state is not None:
        return state.startswith(_DISCONNECT_STATES)
    orig = exc.orig
    module = type(orig).__module__ if orig is not None else ""
    # psycopg raises OperationalError without a SQLSTATE when it cannot connect at all.
    return isinstance(exc, OperationalError) and module.startswith("psycopg")


def _first_line(exc: DBAPIError) -> str:
    msg = str(exc.orig) if exc.orig is not None else str(exc)
    return msg.strip().splitlines()[0] if msg.strip() else exc.__class__.__name__


def translate(exc: DBAPIError) -> AnnotatorError:
    """The user-facing error for a driver error raised inside a transaction."""
    first = _first_line(exc)
    state = sqlstate(exc)
    if is_disconnect(exc):
        return ProjectError(CONNECTION_LOST)
    if isinstance(exc, IntegrityError) or (state or "").startswith("23"):
        upper = first.upper()
        if "FOREIGN KEY" in upper:
            return ValidationError("refused: the change would leave a broken reference")
        if "UNIQUE" in upper or "duplicate key" in first:
            return ValidationError(f"refused: duplicate value ({first})")
        if "CHECK" in upper:
            return ValidationError(f"refused: invalid value ({first})")
        return ValidationError(f"refused by the database: {first}")
    if state == "P0001":  # RAISE EXCEPTION in a trigger (append-only log, immutable text)
        return ValidationError(f"refused by the database: {first}")
    if state == "42501":  # missing privilege, row-level security, or the own-rows guard
        return ValidationError(_not_allowed(first))
    if state is not None and state.startswith("40"):
        return TransientConflict("someone else changed the same data at the same moment; "
                                 "try again")
    if state is None and ("locked" in first or "busy" in first):
        return ProjectBusy("the project is busy (another program is writing to it); "
                           "this action was not saved; try again")
    low = first.lower()
    if "disk is full" in low or "no space left" in low:
        return ProjectError("the disk holding the project is full; this action was not saved "
                            "(free some space and try again)")
    if any(m in low for m in _DAMAGE_MARKS):
        return DamagedProjectError(f"the project is damaged ({first}); run 'annotator check' "
                                   "on it")
    return ProjectError(f"database error: {first}")


def _not_allowed(first: str) -> str:
    table = re.search(r'(?:for table|on table) "?(\w+)"?', first)
    name = table.group(1) if table else "this table"
    if "row-level security" in first:
        return (f"not allowed: on this team project you may write only your own {name} "
                "(the database refused the row)")
    if first.startswith("permission denied"):
        return f"not allowed: your team role may not change {name}"
    return f"not allowed: {first}"
