"""The GUI's facade over a :class:`Project`: one place that runs commands and announces changes.

Widgets never call ``project.execute`` themselves: they call :meth:`Controller.execute`, which
runs the service command (one transaction = the autosave), pushes an undo step and lets every
view refresh from the emitted :class:`Changes`. Each coder gets their own undo history (one
QUndoStack per coder in a QUndoGroup), so nobody undoes a colleague's work.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoGroup, QUndoStack

from annotator.domain.changes import Changes
from annotator.domain.errors import AnnotatorError
from annotator.domain.model import Coder
from annotator.services.commands import Command, Outcome
from annotator.services.project import Project
from annotator.gui.undo import ServiceUndoCommand


class Controller(QObject):
    #: after every command, undo, redo or import: what changed
    changed = Signal(object)
    #: a user-facing error (an AnnotatorError) to show in a dialog
    failed = Signal(object)
    coder_changed = Signal()
    #: the set of hidden coders or blind mode changed
    visibility_changed = Signal()
    current_code_changed = Signal(object)  # code uuid or None
    document_opened = Signal(int)

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.undo_group = QUndoGroup(self)
        self._stacks: dict[int, QUndoStack] = {}
        self._hidden: set[int] = set()
        self._blind = False
        self._current_code: str | None = None
        self._document_id: int | None = None
        self._coders: list[Coder] = project.coders()
        self._activate_stack()
        project.listeners.append(self._on_outcome)

    def close(self) -> None:
        if self._on_outcome in self.project.listeners:
            self.project.listeners.remove(self._on_outcome)

    # --- commands ---------------------------------------------------------------------------
    @property
    def undo_stack(self) -> QUndoStack:
        stack = self.undo_group.activeStack()
        assert stack is not None
        return stack

    def execute(self, cmd: Command, *, merge_key: str | None = None) -> Outcome | None:
        """Run ``cmd`` as one undoable user action. Refusals are reported, not raised."""
        try:
            outcome = self.project.execute(cmd)
        except AnnotatorError as exc:
            self.failed.emit(exc)
            return None
        if outcome.inverse is not None:
            self.undo_stack.push(ServiceUndoCommand(
                self._run, outcome, merge_key=merge_key, on_failure=self.failed.emit))
        return outcome

    def _run(self, cmd: Command) -> Outcome:
        return self.project.execute(cmd)

    def _on_outcome(self, outcome: Outcome) -> None:
        if outcome.changes.coders:
            self.refresh_coders()
        self.changed.emit(outcome.changes)

    def announce(self, changes: Changes) -> None:
        """Tell the views about changes made outside commands (imports, confirmations)."""
        self.changed.emit(changes)

    # --- coders -----------------------------------------------------------------------------
    @property
    def coder(self) -> Coder | None:
        return self.project.coder

    def coders(self) -> list[Coder]:
        return list(self._coders)

    def coder_name(self, coder_id: int) -> str:
        for c in self._coders:
            if c.id == coder_id:
                return c.name
        return f"coder {coder_id}"

    def switch_coder(self, name: str) -> Coder | None:
        """Act as ``name`` from now on (created when new). Returns None when refused."""
        try:
            coder = self.project.use_coder(name)
        except AnnotatorError as exc:
            self.failed.emit(exc)
            return None
        self._coders = self.project.coders()
        self._hidden.discard(coder.id)
        self._activate_stack()
        self.coder_changed.emit()
        self.visibility_changed.emit()
        self.changed.emit(Changes(coders=True))
        return coder

    def _activate_stack(self) -> None:
        key = self.coder.id if self.coder else 0
        stack = self._stacks.get(key)
        if stack is None:
            stack = QUndoStack(self.undo_group)
            stack.setUndoLimit(1000)
            self._stacks[key] = stack
        self.undo_group.setActiveStack(stack)

    # --- visibility -------------------------------------------------------------------------
    @property
    def blind(self) -> bool:
        return self._blind

    def set_blind(self, on: bool) -> None:
        if on != self._blind:
            self._blind = on
            self.visibility_changed.emit()

    def set_coder_visible(self, coder_id: int, visible: bool) -> None:
        before = set(self._hidden)
        if visible:
            self._hidden.discard(coder_id)
        else:
            self._hidden.add(coder_id)
        if before != self._hidden:
            self.visibility_changed.emit()

    def hidden_coders(self) -> set[int]:
        """Coders whose codings are not shown: the toggles, plus everyone else in blind mode."""
        mine = self.coder.id if self.coder else None
        if self._blind:
            return {c.id for c in self._coders if c.id != mine}
        return set(self._hidden)

    def is_visible(self, coder_id: int) -> bool:
        return coder_id not in self.hidden_coders()

    def visible_coders(self) -> list[Coder]:
        hidden = self.hidden_coders()
        return [c for c in self._coders if c.id not in hidden]

    # --- focus ------------------------------------------------------------------------------
    @property
    def current_code(self) -> str | None:
        return self._current_code

    def set_current_code(self, uuid: str | None) -> None:
        if uuid != self._current_code:
            self._current_code = uuid
            self.current_code_changed.emit(uuid)

    @property
    def document_id(self) -> int | None:
        return self._document_id

    def open_document(self, document_id: int) -> None:
        if document_id != self._document_id:
            self._document_id = document_id
            self.document_opened.emit(document_id)

    def refresh_coders(self) -> None:
        self._coders = self.project.coders()
