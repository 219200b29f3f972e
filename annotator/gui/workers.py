"""Long work off the GUI thread: QThreadPool + QRunnable, a cancel token, results on the GUI thread.

A job is a plain function ``fn(progress, cancelled) -> result`` that never touches Qt widgets.
``progress(done, total, message)`` and the result or error arrive through a QObject that lives
in the GUI thread, so Qt queues them there. :func:`run_with_progress` adds a progress dialog
with a Cancel button.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

ProgressFn = Callable[[int, int, str], None]
CancelledFn = Callable[[], bool]
Job = Callable[[ProgressFn, CancelledFn], Any]


class CancelToken:
    """Set by the GUI, polled by the job between steps."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    def __call__(self) -> bool:
        return self._event.is_set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


class TaskSignals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object, str)  # exception, formatted traceback


class _Runnable(QRunnable):
    def __init__(self, job: Job, signals: TaskSignals, token: CancelToken) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._job = job
        self._signals = signals
        self._token = token

    def run(self) -> None:
        try:
            result = self._job(self._signals.progress.emit, self._token)
        except Exception as exc:  # noqa: BLE001 - delivered to the GUI thread as an error
            self._signals.failed.emit(exc, traceback.format_exc())
        else:
            self._signals.finished.emit(result)


class Task(QObject):
    """A running job. Keeps its signal object alive until the result is delivered."""

    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object, str)
    done = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.token = CancelToken()
        self.signals = TaskSignals(self)
        self.signals.progress.connect(self.progress)
        self.signals.finished.connect(self._deliver_result)
        self.signals.failed.connect(self._deliver_error)
        self.is_done = False

    def cancel(self) -> None:
        self.token.cancel()

    def _deliver_result(self, result: object) -> None:
        self.is_done = True
        self.finished.emit(result)
        self.done.emit()

    def _deliver_error(self, exc: object, tb: str) -> None:
        self.is_done = True
        self.failed.emit(exc, tb)
        self.done.emit()


class Runner(QObject):
    """Starts jobs on a private thread pool (so tests can wait for it)."""

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._tasks: set[Task] = set()

    def start(self, job: Job) -> Task:
        task = Task(self)
        self._tasks.add(task)
        task.done.connect(lambda t=task: self._tasks.discard(t))
        self.pool.start(_Runnable(job, task.signals, task.token))
        return task

    def wait(self, msecs: int = 30000) -> bool:
        return bool(self.pool.waitForDone(msecs))

    def cancel_all(self) -> None:
        for t in list(self._tasks):
            t.cancel()


def run_with_progress(runner: Runner, job: Job, *, title: str, parent: QWidget | None,
                      on_done: Callable[[Any], None],
                      on_error: Callable[[BaseException, str], None],
                      delay_ms: int = 400) -> Task:
    """Run ``job`` with a modal-less progress dialog (shown after ``delay_ms``) and Cancel."""
    dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
    dialog.setWindowTitle("annotator")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(delay_ms)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)
    task = runner.start(job)
    dialog.canceled.connect(task.cancel)
    dialog.canceled.connect(lambda: dialog.setLabelText(f"{title}\nCancelling…"))

    def _progress(done: int, total: int, message: str) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total else 0)
        if message and not task.token.cancelled:
            dialog.setLabelText(f"{title}\n{_short(message)}")

    def _finish() -> None:
        dialog.reset()  # stops the show-after-delay timer: it must not pop up later, e.g.
        dialog.hide()   # over a dialog that ``on_done`` opens
        dialog.deleteLater()

    task.progress.connect(_progress)
    task.finished.connect(lambda r: (_finish(), on_done(r)))
    task.failed.connect(lambda e, tb: (_finish(), on_error(e, tb)))
    return task


def _short(message: str, limit: int = 70) -> str:
    return message if len(message) <= limit else "…" + message[-(limit - 1):]
