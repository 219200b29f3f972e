"""The command protocol: every user action is a command that returns its changes and inverse.

``Project.execute(cmd)`` runs ``cmd.apply(tx, ctx)`` inside one transaction (the autosave) and
logs it; undo executes ``outcome.inverse`` through the same path. Commands identify entities by
UUID so that an inverse still applies after its target was deleted and restored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from annotator.domain.changes import Changes
from annotator.domain.model import Coder

if TYPE_CHECKING:
    from annotator.storage.store import Tx


@dataclass(slots=True)
class Context:
    """Who is acting."""

    coder: Coder | None

    @property
    def actor(self) -> str:
        return self.coder.name if self.coder else "system"


@dataclass(slots=True)
class Outcome:
    changes: Changes
    inverse: Command | None
    description: str
    #: entity created by the command, if any (e.g. the new coding)
    result: Any = None
    log: list[tuple[str, str, str | None, dict[str, Any]]] = field(default_factory=list)


class Command(Protocol):
    def apply(self, tx: Tx, ctx: Context) -> Outcome: ...


@dataclass(slots=True)
class Batch:
    """Several commands as one action (one transaction, one undo step)."""

    commands: list[Command]
    description: str = "batch"

    def apply(self, tx: Tx, ctx: Context) -> Outcome:
        changes = Changes()
        inverses: list[Command] = []
        results = []
        logs: list[tuple[str, str, str | None, dict[str, Any]]] = []
        for cmd in self.commands:
            out = cmd.apply(tx, ctx)
            changes = changes.merge(out.changes)
            if out.inverse is not None:
                inverses.append(out.inverse)
            results.append(out.result)
            logs.extend(out.log)
        inverse = Batch(list(reversed(inverses)), f"undo {self.description}")
        return Outcome(changes, inverse, self.description, results, logs)
