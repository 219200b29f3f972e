"""QUndoCommand adapter over the service commands.

A service command has already run (and committed) when the adapter is pushed, so the first
``redo()`` that ``QUndoStack.push`` triggers does nothing. ``undo()`` executes the stored inverse;
the inverse of *that* becomes the next ``redo()``, which keeps UUIDs stable across undo/redo
(an undone-then-redone coding is the same coding).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from annotator.domain.errors import AnnotatorError
from annotator.services.commands import Command, Outcome

Runner = Callable[[Command], Outcome]
FailureSink = Callable[[Exception], None]

#: QUndoCommand.id() shared by every mergeable adapter; mergeWith compares the merge keys.
MERGE_ID = 4242


class ServiceUndoCommand(QUndoCommand):
    """One user action on the undo stack."""

    def __init__(self, run: Runner, outcome: Outcome, *, merge_key: str | None = None,
                 on_failure: FailureSink | None = None) -> None:
        super().__init__(outcome.description)
        self._run = run
        self._inverse: Command | None = outcome.inverse
        self._redo_cmd: Command | None = None
        self._pending_first_redo = True
        self._merge_key = merge_key
        self._on_failure = on_failure

    @property
    def merge_key(self) -> str | None:
        return self._merge_key

    def id(self) -> int:  # noqa: A003 - Qt API name
        return MERGE_ID if self._merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt API name
        """Repeated nudges of one coding's boundary become one undo step (keep our inverse)."""
        if not isinstance(other, ServiceUndoCommand) or other.merge_key != self._merge_key:
            return False
        if self._merge_key is None:
            return False
        self._redo_cmd = None
        return True

    def redo(self) -> None:
        if self._pending_first_redo:
            self._pending_first_redo = False
            return
        if self._redo_cmd is None:
            return
        out = self._guarded(self._redo_cmd)
        if out is not None:
            self._inverse = out.inverse

    def undo(self) -> None:
        if self._inverse is None:
            return
        out = self._guarded(self._inverse)
        if out is not None:
            self._redo_cmd = out.inverse

    def _guarded(self, cmd: Command) -> Outcome | None:
        try:
            return self._run(cmd)
        except AnnotatorError as exc:
            # The project changed underneath (e.g. another program edited it): drop this step
            # rather than leave the history pointing at a state it cannot reach.
            self.setObsolete(True)
            if self._on_failure is not None:
                self._on_failure(exc)
            return None
