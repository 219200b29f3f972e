"""Live updates: what other coders changed since the last look, read from the event log.

Every action appends to ``events``, so a client keeps a :class:`Cursor` and asks
:func:`changes_since` (about once a second, off the GUI thread) for what happened after it.
On a team server, transactions commit out of id order: an id skipped now may appear a moment
later. The cursor therefore remembers skipped ids for :data:`GAP_WAIT` seconds and asks for
them again; ids of rolled-back transactions simply never show up and are forgotten.

Blind coding is not decided here: the views hide other coders' codings as they always do.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from annotator.domain.changes import Changes
from annotator.services.project import Project
from annotator.storage import event_feed
from annotator.storage.event_feed import EventRow

#: Seconds a skipped event id is looked for again before it is taken as rolled back.
GAP_WAIT = 120.0
#: At most this many skipped ids are remembered (oldest dropped first).
MAX_PENDING = 5000
#: How far back a new cursor looks for ids still being written.
RECENT = 200


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where a reader is in the event log: the highest id seen and the ids below it not yet
    seen (with the monotonic time they were first missed)."""

    last_id: int = 0
    pending: tuple[tuple[int, float], ...] = ()


@dataclass(frozen=True, slots=True)
class LiveUpdate:
    """One poll's result: the new cursor, what to refresh, and who did it."""

    cursor: Cursor
    changes: Changes
    actors: frozenset[str] = frozenset()
    events: int = 0
    #: True when something project-wide happened (an import, a merge): reload everything.
    full: bool = False
    rows: tuple[EventRow, ...] = field(default=(), repr=False)


def start_cursor(project: Project, *, clock: Callable[[], float] = time.monotonic) -> Cursor:
    """A cursor at the end of the log: later polls report what happens from now on, including
    actions that were still being saved (their ids below the end) when this was called."""
    now = clock()
    with project.read() as tx:
        top = event_feed.last_event_id(tx.conn)
        recent = set(event_feed.event_ids_after(tx.conn, max(0, top - RECENT)))
    return Cursor(top, tuple((i, now) for i in range(max(1, top - RECENT + 1), top)
                             if i not in recent))


def changes_since(project: Project, cursor: Cursor, *,
                  skip_actor: str | None = None) -> tuple[Cursor, Changes]:
    """The new cursor and the :class:`Changes` made by events after ``cursor``."""
    update = poll(project, cursor, skip_actor=skip_actor)
    return update.cursor, update.changes


def poll(project: Project, cursor: Cursor, *, skip_actor: str | None = None,
         clock: Callable[[], float] = time.monotonic) -> LiveUpdate:
    """Read new events; ``skip_actor`` leaves out one actor's own events (already shown)."""
    now = clock()
    pending = {i: t for i, t in cursor.pending if now - t < GAP_WAIT}
    with project.read() as tx:
        rows = event_feed.events_after(tx.conn, cursor.last_id, sorted(pending))
        new_cursor = _advance(cursor.last_id, pending, [r.id for r in rows], now)
        shown = [r for r in rows if skip_actor is None or r.actor != skip_actor]
        changes, full = event_feed.changes_for(tx.conn, shown)
    return LiveUpdate(new_cursor, changes, frozenset(r.actor for r in shown), len(shown), full,
                      tuple(shown))


def _advance(last_id: int, pending: dict[int, float], seen: list[int], now: float) -> Cursor:
    for i in seen:
        pending.pop(i, None)
    top = max([last_id, *seen])
    fresh = set(seen)
    for i in range(last_id + 1, top):
        if i not in fresh:
            pending[i] = now
    kept = sorted(pending.items())[-MAX_PENDING:]
    return Cursor(top, tuple(kept))
