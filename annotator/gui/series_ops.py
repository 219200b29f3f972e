"""Annual series in the app: the Series tab, Coding ▸ Carry Forward from Previous Edition…,
Analysis ▸ What Changed Since the Previous Edition…, the offer to carry forward after an
import, and the proposals review loop (:mod:`annotator.gui.proposal_review`)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QWidget

from annotator.domain.changes import Changes
from annotator.domain.errors import AnnotatorError, ProjectError
from annotator.domain.model import DocumentInfo
from annotator.gui.panels.series_panel import SeriesPanel
from annotator.gui.proposal_review import install_review, uninstall_review
from annotator.services import series as series_svc
from annotator.services.commands import Command, Outcome

if TYPE_CHECKING:
    from annotator.gui.workbench import Workbench
    from annotator.services.carry import CarryReport


class SeriesOps:
    def __init__(self, wb: Workbench) -> None:
        self.wb = wb
        self.panel = SeriesPanel()
        self.dock = wb.window.add_tab_beside(self.panel, "Series", "seriesDock", "documentsDock")
        self._refresh_timer = QTimer(self.panel)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(300)
        self._refresh_timer.timeout.connect(self.refresh)
        self._stale = False
        self.dock.visibilityChanged.connect(self._on_visibility)
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
        self._stale = False
        project = self.wb.controller.project
        self.panel.set_series(series_svc.list_series(project))
        me = self.wb.controller.coder
        with project.read() as tx:
            pending = tx.pending_counts(coder_ids=[me.id] if me is not None else None)
        self.wb.documents.set_badges({d: f"  · {n} proposed" for d, n in pending.items()})

    def _shown(self) -> bool:
        """The Series tab is on screen (or the window is not shown at all, as in scripts)."""
        return not self.wb.window.isVisible() or not self.dock.visibleRegion().isEmpty()

    def _on_changes(self, changes: Changes) -> None:
        if changes.documents or changes.proposals:  # editions, links, proposal badges
            self._refresh_timer.start()
        elif changes.coded_documents:  # only the coded share of the Series tab
            if self._shown():
                self._refresh_timer.start()
            else:
                self._stale = True  # refreshed when the tab is shown, not per edit

    def _on_visibility(self, visible: bool) -> None:
        if visible and self._stale:
            self.refresh()

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
        self.report_box = carry_report_box(wb.window, report)
        wb.window.statusBar().showMessage(
            f"Carried {len(report.carried)} of {len(report.carried) + len(report.not_carried)}"
            f" codings: {report.made} proposals to review. F9 goes to the next one.", 15000)
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
                n = tx.count_codings(document_id=prev.id)
                if not n:
                    continue
            box = QMessageBox(self.wb.window)
            box.setObjectName("carryOffer")
            box.setWindowTitle("New edition")
            before = prev.title if str(prev.year) in prev.title else f"{prev.title} ({prev.year})"
            box.setText(f"<b>{escape(doc.title)}</b> follows <b>{escape(before)}</b>, which has "
                        f"{n} coding{'s' if n != 1 else ''} in this project.")
            box.setInformativeText("Align the two editions and carry those codings forward as "
                                   "proposals to review? You can also do it later: Coding ▸ "
                                   "Carry Forward from Previous Edition…")
            box.setStandardButtons(QMessageBox.StandardButton.Yes
                                   | QMessageBox.StandardButton.No)
            box.button(QMessageBox.StandardButton.Yes).setText("Carry Forward…")
            box.button(QMessageBox.StandardButton.No).setText("Not Now")
            box.accepted.connect(lambda d=doc.id, p=prev: self.carry_into(d, p))
            box.open()
            self.dialog = box
            return


def carry_report_box(parent: QWidget, report: CarryReport) -> QMessageBox:
    """What a carry did, said once in a box (the status bar is too narrow for it): how many
    codings were carried and how, the proposals to review, and why the rest were not."""
    m = report.methods
    total = len(report.carried) + len(report.not_carried)
    box = QMessageBox(parent)
    box.setObjectName("carryReport")
    box.setWindowTitle("Carried forward")
    box.setIcon(QMessageBox.Icon.Warning if report.warnings else QMessageBox.Icon.Information)
    box.setText(f"Carried {len(report.carried)} of {total} codings from "
                f"{report.old.year or report.old.title} to {report.new.year or report.new.title}:"
                f" {m['same']} exact, {m['edited']} through edited sentences, {m['moved']} "
                "moved.")
    lines = [f"{report.made} proposals to review: F9 goes to the next one, Enter accepts, "
             "Del rejects."]
    if report.accepted:
        lines.append(f"{report.accepted} exact ones were accepted at once (Ctrl+Z undoes).")
    if report.duplicates:
        lines.append(f"{report.duplicates} were already there and were not proposed again.")
    if report.not_carried:
        lines.append(f"{len(report.not_carried)} not carried: their sentences were removed or "
                     "changed too much (details below).")
    lines += [f"Warning: {w}" for w in report.warnings]
    box.setInformativeText("\n".join(lines))
    if report.not_carried:
        text = report.alignment.old.text
        box.setDetailedText("\n".join(
            f"{n.source.start}–{n.source.end} “{_excerpt(text[n.source.start:n.source.end])}”:"
            f" {n.reason}" for n in report.not_carried))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setDefaultButton(QMessageBox.StandardButton.Ok)  # Enter closes it, never "Details"
    box.open()
    return box


def _excerpt(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1] + "…"


def install_series(wb: Workbench) -> None:
    wb.review = install_review(wb)
    wb.series_ops = SeriesOps(wb)


def uninstall_series(wb: Workbench) -> None:
    uninstall_review(wb)
    ops: SeriesOps | None = getattr(wb, "series_ops", None)
    if ops is None:
        return
    w = wb.window
    dialog = ops.dialog
    if dialog is not None and dialog.objectName() == "changesView":  # type: ignore[attr-defined]
        dialog.close()  # type: ignore[attr-defined]  # it jumps into this project's text
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
