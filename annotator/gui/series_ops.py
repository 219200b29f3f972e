"""Annual series in the app: the Series tab, Coding ▸ Carry Forward from Previous Edition…,
Analysis ▸ What Changed Since the Previous Edition…, the offer to carry forward after an
import, and the proposals review loop (:mod:`annotator.gui.proposal_review`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMessageBox

from annotator.domain.changes import Changes
from annotator.domain.errors import AnnotatorError, ProjectError
from annotator.domain.model import DocumentInfo
from annotator.gui.panels.series_panel import SeriesPanel
from annotator.gui.proposal_review import install_review, uninstall_review
from annotator.services import series as series_svc
from annotator.services.commands import Command, Outcome

if TYPE_CHECKING:
    from annotator.gui.workbench import Workbench


class SeriesOps:
    def __init__(self, wb: Workbench) -> None:
        self.wb = wb
        self.panel = SeriesPanel()
        self.dock = QDockWidget("Series", wb.window)
        self.dock.setObjectName("seriesDock")
        self.dock.setWidget(self.panel)
        w = wb.window
        w.addDockWidget(w.dockWidgetArea(w.docks["documentsDock"]), self.dock)
        w.tabifyDockWidget(w.docks["documentsDock"], self.dock)
        w.docks["documentsDock"].raise_()
        self._refresh_timer = QTimer(self.panel)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(300)
        self._refresh_timer.timeout.connect(self.refresh)
        p = self.panel
        p.document_activated.connect(wb.open_document)
        p.carry_requested.connect(self.carry_into)
        p.changes_requested.connect(self.show_changes)
        p.unlink_requested.connect(self._unlink)
        p.link_requested.connect(self._link)
        wb.controller.changed.connect(self._on_changes)
        wb.session.opened.connect(p.set_current)
        wb.session.closed.connect(p.clear_current)
        p.set_current(wb.session.document_id)
        self.actions: list[QAction] = []
        self.carry_action = self._action("coding", "Carry &Forward from Previous Edition…",
                                         lambda: self.carry_into(None))
        self.changes_action = self._action("analysis",
                                           "What &Changed Since the Previous Edition…",
                                           lambda: self.show_changes(None))
        self.dialog: object | None = None
        self.refresh()

    def _action(self, menu: str, text: str, fn: object) -> QAction:
        act = QAction(text, self.wb.window)
        act.triggered.connect(lambda _=False: fn())  # type: ignore[operator]
        self.wb.window.menus[menu].addAction(act)
        self.actions.append(act)
        return act

    # --- the Series tab ---------------------------------------------------------------------
    def refresh(self) -> None:
        project = self.wb.controller.project
        self.panel.set_series(series_svc.list_series(project))
        me = self.wb.controller.coder
        with project.read() as tx:
            pending = tx.pending_counts(coder_ids=[me.id] if me is not None else None)
        self.wb.documents.set_badges({d: f"  · {n} proposed" for d, n in pending.items()})

    def _on_changes(self, changes: Changes) -> None:
        if changes.documents or changes.proposals or changes.coded_documents:
            self._refresh_timer.start()

    def _unlink(self, doc: int) -> None:
        self.wb.controller.execute(series_svc.UnlinkSeries(doc))

    def _link(self, doc: int) -> None:
        open_doc = self.wb.session.document_id
        if open_doc is None or open_doc == doc:
            self.wb.window.statusBar().showMessage(
                "Open the document whose series it should join first.", 5000)
            return
        self.wb.controller.execute(series_svc.LinkSeries(doc, open_doc))

    # --- carry forward ----------------------------------------------------------------------
    def carry_into(self, doc_id: int | None, previous: DocumentInfo | None = None) -> None:
        from annotator.gui.dialogs.carry_dialog import CarryDialog

        wb = self.wb
        doc_id = doc_id if doc_id is not None else wb.session.document_id
        if doc_id is None:
            wb.window.statusBar().showMessage("Open the new edition first.", 5000)
            return
        project = wb.controller.project
        editions = series_svc.series_of(project, doc_id)
        new = next(d for d in editions if d.id == doc_id)
        previous = previous or series_svc.previous_edition(project, doc_id)
        candidates = [d for d in editions if d.id != doc_id] or [
            d for d in project.documents() if d.id != doc_id]
        if not candidates:
            wb.window.statusBar().showMessage("There is no other document to carry from.", 5000)
            return
        dlg = CarryDialog(wb.window, new, candidates, previous, wb.controller.coders(),
                          wb.controller.coder, wb.controller.blind)
        dlg.accepted.connect(lambda: self._run_carry(doc_id, *dlg.choice()))
        dlg.open()
        self.dialog = dlg

    def _run_carry(self, new_id: int, old_id: int, coder: str, min_similarity: float,
                   accept_same: bool) -> None:
        from annotator.services.carry import carry_forward

        wb = self.wb

        def run(cmd: Command) -> Outcome:
            out = wb.controller.execute(cmd)
            if out is None:
                raise ProjectError("carry forward stopped")
            return out

        try:
            report = carry_forward(wb.controller.project, old_id, new_id, coder=coder,
                                   min_similarity=min_similarity, accept_same=accept_same,
                                   blind=wb.controller.blind or None, run=run)
        except AnnotatorError as exc:
            wb.controller.failed.emit(exc)
            return
        self.last_report = report
        if wb.session.document_id != new_id:
            wb.open_document(new_id)
        m = report.methods
        text = (f"Carried {len(report.carried)} of "
                f"{len(report.carried) + len(report.not_carried)} codings: {m['same']} exact, "
                f"{m['edited']} through edits, {m['moved']} moved. {report.made} proposals to "
                f"review" + (f", {report.accepted} accepted" if report.accepted else "") +
                (f"; {len(report.not_carried)} not carried (text gone)"
                 if report.not_carried else "") + ". F9 goes to the next proposal.")
        for warning in report.warnings:
            text += f"\nWarning: {warning}"
        wb.window.statusBar().showMessage(text.replace("\n", " "), 15000)
        self.refresh()

    # --- what changed -----------------------------------------------------------------------
    def show_changes(self, doc_id: int | None) -> None:
        from annotator.gui.changes_view import ChangesView
        from annotator.services.alignment import align_documents

        wb = self.wb
        doc_id = doc_id if doc_id is not None else wb.session.document_id
        if doc_id is None:
            wb.window.statusBar().showMessage("Open an edition first.", 5000)
            return
        previous = series_svc.previous_edition(wb.controller.project, doc_id)
        if previous is None:
            wb.window.statusBar().showMessage("This document has no earlier edition in the "
                                              "project.", 5000)
            return
        pair = align_documents(wb.controller.project, previous.id, doc_id)
        view = ChangesView(wb.window, pair, wb.jump_to)
        view.show()
        self.dialog = view

    # --- after an import --------------------------------------------------------------------
    def offer_after_import(self, imported: list[DocumentInfo]) -> None:
        """When an imported edition's predecessor is in the project (with codings), offer to
        align it and carry the codings forward."""
        project = self.wb.controller.project
        for doc in imported:
            prev = series_svc.previous_edition(project, doc.id)
            if prev is None:
                continue
            with project.read() as tx:
                if not tx.count_codings(document_id=prev.id):
                    continue
            box = QMessageBox(self.wb.window)
            box.setObjectName("carryOffer")
            box.setWindowTitle("New edition")
            box.setText(f"{doc.title} follows {prev.title} ({prev.year}) in this project.")
            box.setInformativeText("Align the two editions and carry the codings forward as "
                                   "proposals to review?")
            box.setStandardButtons(QMessageBox.StandardButton.Yes
                                   | QMessageBox.StandardButton.No)
            box.accepted.connect(lambda d=doc.id, p=prev: self.carry_into(d, p))
            box.open()
            self.dialog = box
            return


def install_series(wb: Workbench) -> None:
    wb.review = install_review(wb)
    wb.series_ops = SeriesOps(wb)


def uninstall_series(wb: Workbench) -> None:
    uninstall_review(wb)
    ops: SeriesOps | None = getattr(wb, "series_ops", None)
    if ops is None:
        return
    w = wb.window
    for act in ops.actions:
        for menu in w.menus.values():
            menu.removeAction(act)
        act.deleteLater()
    w.removeDockWidget(ops.dock)
    ops.dock.deleteLater()


def offer_carry_after_import(wb: object, imported: list[DocumentInfo]) -> None:
    ops = getattr(wb, "series_ops", None)
    if ops is not None and imported:
        ops.offer_after_import(imported)
