"""Storage warnings said once (a backup or checkpoint that failed, a ``-wal`` set aside) shown
in the main window's status bar; they also go to the log file. Thread-safe: a warning raised on
a worker thread reaches the window through a queued signal."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMainWindow

SHOW_MS = 20000


class _Forward(logging.Handler):
    def __init__(self, target: StatusWarnings) -> None:
        super().__init__(logging.WARNING)
        self.target = target

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.target.said.emit(record.getMessage())
        except RuntimeError:  # the window is gone
            logging.getLogger("annotator.warnings").removeHandler(self)


class StatusWarnings(QObject):
    said = Signal(str)

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.last = ""
        self.handler = _Forward(self)
        self.said.connect(self._show)
        logging.getLogger("annotator.warnings").addHandler(self.handler)
        window.destroyed.connect(self.detach)

    def _show(self, message: str) -> None:
        self.last = message
        self.window.statusBar().showMessage(f"Warning: {message}", SHOW_MS)

    def detach(self) -> None:
        logging.getLogger("annotator.warnings").removeHandler(self.handler)
