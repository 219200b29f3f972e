"""Blind double coding in the workbench: assignments decide blind mode per document; the coder
marks a document done to see everyone's codings; removing a coder."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog, QMessageBox

from annotator.services.coder_commands import RemoveCoder
from annotator.services.assignments import MarkDone, blind_state

if TYPE_CHECKING:
    from annotator.gui.workbench import Workbench


def apply_blind_state(wb: Workbench, document_id: int) -> None:
    """Switch blind mode on for a document assigned blind to the current coder (until done)."""
    c = wb.controller
    if c.coder is None:
        return
    st = blind_state(c.project, c.coder.id, document_id)
    wb.window.actions_.mark_done.setEnabled(st.assigned and not st.done)
    if st.assigned:
        c.set_blind(st.blind)
    if st.message:
        wb.window.statusBar().showMessage(st.message, 8000)


def mark_done(wb: Workbench) -> None:
    c = wb.controller
    doc = wb.session.document_id
    if doc is None or c.coder is None:
        return
    c.execute(MarkDone(doc, c.coder.name))
    apply_blind_state(wb, doc)


def remove_coder(wb: Workbench) -> None:
    c = wb.controller
    names = [x.name for x in c.coders() if c.coder is None or x.id != c.coder.id]
    if not names:
        wb.window.statusBar().showMessage("No other coder to remove.", 5000)
        return
    name, ok = QInputDialog.getItem(wb.window, "Remove coder", "Coder to remove:", names, 0,
                                    False)
    if not ok:
        return
    answer = QMessageBox.question(
        wb.window, "Remove coder",
        f"Remove {name} and all of their codings? You can undo this (Ctrl+Z).")
    if answer == QMessageBox.StandardButton.Yes:
        c.execute(RemoveCoder(name))


def assign_documents(wb: Workbench) -> None:
    from annotator.gui.dialogs.assign_dialog import AssignDialog

    c = wb.controller
    dialog = AssignDialog(wb.window, [x.name for x in c.coders() if not x.is_gold],
                          len(c.project.documents()))
    dialog.assign_requested.connect(lambda coders, n, seed, blind:
                                    _assign(wb, coders, n, seed, blind))
    dialog.open()
    wb.assign_dialog = dialog


def _assign(wb: Workbench, coders: list[str], sample: int, seed: int, blind: bool) -> None:
    from annotator.domain.errors import AnnotatorError
    from annotator.services.assignments import assign

    c = wb.controller
    try:
        chosen = assign(c.project, coders, sample=sample, seed=seed, blind=blind,
                        execute=c.execute)
    except AnnotatorError as exc:
        wb._show_error(exc)
        return
    wb.window.statusBar().showMessage(
        f"Assigned {len(chosen)} documents to {', '.join(coders)}"
        + (" (blind until each marks a document done)." if blind else "."), 8000)
    if wb.session.document_id is not None:
        apply_blind_state(wb, wb.session.document_id)
