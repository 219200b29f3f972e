"""Other coders' changes on a team project, delivered to the GUI thread.

:class:`LiveSync` runs a small worker thread that waits for the server's announcement of new
events (or one second), reads them through :func:`annotator.services.live.poll` and emits
``remote_changes(Changes)`` on the GUI thread. It also reports the server connection for a
banner: ``connection_changed(False)`` when a poll fails, ``True`` when one succeeds again.
Own actions are left out (the window already shows them); blind coding is up to the views.

Usage (main window)::

    self.live = LiveSync(project, parent=self)
    self.live.remote_changes.connect(self.refresh_from)      # same Changes as local commands
    self.live.connection_changed.connect(self.show_server_banner)
    self.live.start()            # and self.live.stop() before closing the project
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from annotator.domain.errors import AnnotatorError
from annotator.services.live import Cursor, LiveUpdate, poll, start_cursor
from annotator.services.project import Project


class LiveSync(QObject):
    """Polls a project's event log off the GUI thread; signals arrive on the GUI thread."""

    #: annotator.domain.changes.Changes made by other coders
    remote_changes = Signal(object)
    #: the whole annotator.services.live.LiveUpdate (actors, event count, full reload flag)
    remote_update = Signal(object)
    #: False when the server stopped answering, True when it answers again
    connection_changed = Signal(bool)

    def __init__(self, project: Project, *, interval: float = 1.0, include_own: bool = False,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._project = project
        self._interval = interval
        self._include_own = include_own
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._cursor: Cursor | None = None
        self.connected = True

    def start(self) -> None:
        """Begin watching from the current end of the log (call before loading the views, so
        nothing committed in between is missed)."""
        if self._thread is not None:
            return
        self._stop.clear()
        try:
            self._cursor = start_cursor(self._project)
        except AnnotatorError:
            self._cursor = None
            self._set_connected(False)
        self._thread = threading.Thread(target=self._run, name="annotator-live-sync",
                                        daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 3.0) -> None:
        """Stop the worker (returns within about ``timeout`` seconds)."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)

    def poll_now(self) -> LiveUpdate | None:
        """One poll in the calling thread (tests, or a manual "refresh" action)."""
        return self._poll_once()

    # --- worker thread ----------------------------------------------------------------------
    def _run(self) -> None:
        from annotator.storage.event_feed import EventWaiter

        waiter = EventWaiter(self._project.store.engine)
        try:
            while not self._stop.is_set():
                waiter.wait(self._interval)
                if self._stop.is_set():
                    break
                self._poll_once()
        finally:
            waiter.close()

    def _poll_once(self) -> LiveUpdate | None:
        try:
            if self._cursor is None:
                self._cursor = start_cursor(self._project)
            coder = self._project.coder
            skip = None if self._include_own or coder is None else coder.name
            update = poll(self._project, self._cursor, skip_actor=skip)
        except AnnotatorError:
            self._set_connected(False)
            return None
        except Exception:  # noqa: BLE001 - a poll must never kill the worker; retried next tick
            self._set_connected(False)
            return None
        self._cursor = update.cursor
        self._set_connected(True)
        if update.events:
            self.remote_update.emit(update)
            self.remote_changes.emit(update.changes)
        return update

    def _set_connected(self, value: bool) -> None:
        if value != self.connected:
            self.connected = value
            self.connection_changed.emit(value)
