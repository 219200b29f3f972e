"""A Qt-free undo stack over ``Project.execute``; the GUI's QUndoStack adapter mirrors it.

Undo executes the inverse recorded by the last command; redo executes the inverse recorded by
that undo (not the original command again), so a redo restores exactly what the undo removed
(same uuids, same ids).
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.services.commands import Command, Outcome
from annotator.services.project import Project


@dataclass(slots=True)
class _Step:
    description: str
    undo: Command
    redo: Command


class UndoStack:
    def __init__(self, project: Project, limit: int = 0) -> None:
        """``limit`` > 0 keeps only that many undo steps."""
        self.project = project
        self.limit = limit
        self._done: list[_Step] = []
        self._undone: list[_Step] = []

    def push(self, cmd: Command) -> Outcome:
        """Execute ``cmd``; it becomes the next undo step (a no-op outcome is not recorded)."""
        outcome = self.project.execute(cmd)
        if outcome.inverse is not None:
            self._done.append(_Step(outcome.description, outcome.inverse, cmd))
            self._undone.clear()
            if self.limit > 0 and len(self._done) > self.limit:
                del self._done[0]
        return outcome

    def undo(self) -> Outcome:
        if not self._done:
            raise IndexError("nothing to undo")
        step = self._done[-1]
        outcome = self.project.execute(step.undo)  # on failure the step stays where it was
        self._done.pop()
        if outcome.inverse is not None:
            step.redo = outcome.inverse
        self._undone.append(step)
        return outcome

    def redo(self) -> Outcome:
        if not self._undone:
            raise IndexError("nothing to redo")
        step = self._undone[-1]
        outcome = self.project.execute(step.redo)
        self._undone.pop()
        if outcome.inverse is not None:
            step.undo = outcome.inverse
        self._done.append(step)
        return outcome

    def clear(self) -> None:
        self._done.clear()
        self._undone.clear()

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    @property
    def undo_description(self) -> str | None:
        """What undo would take back (e.g. "merge 'A' into 'B'"), or None."""
        return self._done[-1].description if self._done else None

    @property
    def redo_description(self) -> str | None:
        return self._undone[-1].description if self._undone else None

    def descriptions(self) -> list[str]:
        """Done steps, oldest first (the history a GUI lists)."""
        return [s.description for s in self._done]

    def __len__(self) -> int:
        return len(self._done)
