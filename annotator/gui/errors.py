"""Readable error dialogs and the last-resort exception hook.

The user sees one or two sentences saying what happened and what to do; the technical details
sit behind the dialog's "Show Details…" expander and are written to the log folder. A traceback
is never the main message, and no work is lost: every action was already committed.
"""

from __future__ import annotations

import logging
import sys
import traceback
from logging.handlers import RotatingFileHandler
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from annotator import paths
from annotator.domain.errors import (AnnotatorError, ConflictError, DamagedProjectError,
                                     InputError, NotFoundError, ProjectError, ValidationError,
                                     is_cleanup_echo)

log = logging.getLogger("annotator.gui")

_HINTS: list[tuple[type[BaseException], str]] = [
    (ConflictError, "Someone else changed it first. The view has been refreshed; try again."),
    (NotFoundError, "It may have been deleted in the meantime."),
    (ValidationError, "Nothing was changed."),
    (InputError, "Check the file and try again. The project was not changed."),
    (DamagedProjectError, "File ▸ Restore from Backup… restores a backup to a new file and "
                          "opens it; 'annotator check' says what is damaged."),
    (ProjectError, "Check that the file is an annotator project and is not open elsewhere."),
]


def user_message(exc: BaseException) -> tuple[str, str]:
    """``(what happened, what to do)`` for an exception, in plain words."""
    if isinstance(exc, AnnotatorError):
        text = str(exc).strip() or exc.__class__.__name__
        hint = next((h for t, h in _HINTS if isinstance(exc, t)), "")
        return _sentence(text), hint
    if isinstance(exc, MemoryError):
        return "The computer ran out of memory.", "Close other programs and try again."
    if isinstance(exc, OSError):
        return _sentence(f"A file could not be read or written: {exc.strerror or exc}"), \
            "Check the folder's permissions and free disk space."
    return ("Something went wrong inside annotator.",
            "Your work up to the last action is saved. The details were written to the log "
            f"folder ({paths.log_dir()}); please include them when you report the problem.")


def _sentence(text: str) -> str:
    text = text[0].upper() + text[1:] if text else text
    return text if text.endswith((".", "!", "?")) else text + "."


def show_error(parent: QWidget | None, exc: BaseException, details: str = "",
               title: str = "annotator") -> QMessageBox:
    """Show a non-blocking error dialog; returns it (tests inspect and close it)."""
    what, todo = user_message(exc)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if isinstance(exc, AnnotatorError)
                else QMessageBox.Icon.Critical)
    box.setWindowTitle(title)
    box.setText(what)
    if todo:
        box.setInformativeText(todo)
    tech = details or "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    box.setDetailedText(tech.strip() or f"{exc.__class__.__name__}: {exc}")
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setObjectName("errorDialog")
    box.open()
    if not isinstance(exc, AnnotatorError):
        log.error("%s", tech)
    return box


def setup_logging() -> None:
    """Log to a rotating file in the user's log folder (idempotent)."""
    root = logging.getLogger("annotator")
    if any(isinstance(h, RotatingFileHandler) for h in root.handlers):
        return
    try:
        handler = RotatingFileHandler(paths.log_dir() / "annotator.log", maxBytes=1_000_000,
                                      backupCount=3, encoding="utf-8")
    except OSError:
        return
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def install_excepthook() -> None:
    """Unexpected exceptions in slots end up in a dialog and the log, not on stderr only."""
    setup_logging()
    previous = sys.excepthook

    def hook(etype: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(etype, KeyboardInterrupt):
            previous(etype, exc, tb)
            return
        details = "".join(traceback.format_exception(etype, exc, tb))
        log.error("unhandled exception\n%s", details)
        app = QApplication.instance()
        if app is None:
            previous(etype, exc, tb)
            return
        parent = QApplication.activeWindow()
        show_error(parent, exc, details)

    sys.excepthook = hook
    previous_unraisable = sys.unraisablehook

    def unraisable(info: sys.UnraisableHookArgs) -> None:
        # a finalizer failing again after a write failed (full disk): the user was told what
        # failed; the echo goes to the log, not to a terminal nobody reads
        if is_cleanup_echo(info.exc_value):
            log.warning("exception ignored in %r after a failed write: %s", info.object,
                        info.exc_value)
            return
        previous_unraisable(info)

    sys.unraisablehook = unraisable
