"""“Waiting for another program…”: shown while an action waits for the project's write lock.

When another program (a second window, a CLI script) is writing to the same project file, an
action waits for it instead of being refused (see :mod:`annotator.storage.write_lock`). While it
waits, the status bar says so and the cursor is busy; when the lock comes the message goes away
and the action completes as usual. If the wait finally times out, the action reports a clear
error and nothing was written.

The hook runs on whichever thread waits. On the GUI thread the status bar is repainted at once
(no event processing: nothing can re-enter the waiting action); from a worker thread the update
is queued to the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QApplication, QMainWindow

from annotator.services.project import Project

MESSAGE = "Waiting for another program to finish writing to the project…"


class BusyIndicator(QObject):
    """Status-bar message and busy cursor while a write waits for another program."""

    _queued = Signal(object)

    def __init__(self, window: QMainWindow, project: Project) -> None:
        super().__init__(window)
        self.window = window
        self.project = project
        #: how many waits were shown (tests, diagnostics)
        self.waits = 0
        self.waiting = False
        self._cursor = False
        self._queued.connect(lambda waited: self._show(waited, blocking=False),
                             Qt.ConnectionType.QueuedConnection)
        project.store.wait_listeners.append(self._hook)

    def detach(self) -> None:
        if self._hook in self.project.store.wait_listeners:
            self.project.store.wait_listeners.remove(self._hook)
        self._show(None)

    def _hook(self, waited: float | None) -> None:
        if QThread.currentThread() is self.thread():
            self._show(waited, blocking=True)
        else:
            self._queued.emit(waited)

    def _show(self, waited: float | None, *, blocking: bool = False) -> None:
        bar = self.window.statusBar()
        if waited is None:
            if self.waiting and bar.currentMessage().startswith(MESSAGE):
                bar.clearMessage()
            self.waiting = False
            if self._cursor:
                QApplication.restoreOverrideCursor()
                self._cursor = False
            return
        if not self.waiting:
            self.waits += 1
            self.waiting = True
        if blocking and not self._cursor:  # the window is blocked: say so with the cursor
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
            self._cursor = True
        bar.showMessage(MESSAGE if waited < 1 else f"{MESSAGE} ({waited:.0f} s)")
        bar.repaint()
