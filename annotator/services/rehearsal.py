"""Warm the database path of the workbench's most frequent action, without changing anything.

:func:`rehearse_coding` runs what a code key and Ctrl+Z run (apply a code, log it, read the
coding back, delete it, log that) inside a transaction that is rolled back
(:mod:`annotator.storage.rehearsal`). The app calls it once when it is idle after a document
opened, so the user's first apply and undo cost what every later one costs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.domain.errors import AnnotatorError, NotFoundError
from annotator.services.coding_commands import ApplyCode
from annotator.services.commands import Context, Outcome
from annotator.storage.rehearsal import rolled_back

if TYPE_CHECKING:
    from annotator.services.project import Project
    from annotator.storage.store import Tx


def _log(tx: Tx, ctx: Context, out: Outcome) -> None:
    for action, etype, euuid, payload in out.log:
        tx.log(ctx.actor, action, etype, euuid, payload)


def rehearse_coding(project: Project, document_id: int, code_uuid: str) -> bool:
    """Apply ``code_uuid`` to the first character of the document and undo it, rolled back.
    False when it could not run (no coder, the write lock is taken, ...): nothing lost, the
    first real action is just not warmed."""
    ctx = Context(project.coder)
    if ctx.coder is None:
        return False
    try:
        with rolled_back(project.store) as tx:
            out = ApplyCode(document_id, 0, 1, code_uuid).apply(tx, ctx)
            _log(tx, ctx, out)
            made = out.result.id  # type: ignore[union-attr]
            tx.coding(made)  # what the workbench reads back after a change
            if out.inverse is not None:
                _log(tx, ctx, out.inverse.apply(tx, ctx))
            try:
                tx.coding(made)
            except NotFoundError:
                pass  # the read after the undo: the coding is gone
    except AnnotatorError:
        return False
    return True
