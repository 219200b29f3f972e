"""The Suggestions tab: ask a model for codes on the open document, review them least sure first.

Suggestions become proposals (origin ``suggest``), so the shared review loop draws them and
decides them: Enter accepts, Del rejects, Ctrl+K changes the code, Ctrl+Z undoes
(:mod:`annotator.gui.proposal_review`). This tab adds what is particular to suggestions: the
model (shipped outline model or the project's own), the unit, the confidence threshold, the
list ordered least sure first with the words behind each suggestion, training the project model
in the background (cancellable), and the blind-mode rule (a coder coding a document blind sees
no suggestions there until they mark it done, unless the project lead turns the rule off).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout,
                               QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton,
                               QVBoxLayout, QWidget)

from annotator.domain.changes import Changes
from annotator.domain.proposals import PENDING, SUGGEST, Proposal
from annotator.gui.workers import run_with_progress
from annotator.services.suggest import run as suggest_run

if TYPE_CHECKING:
    from annotator.gui.workbench import Workbench

MODELS = (("shipped", "Country Reports outline (shipped)"), ("project", "This project's model"))


class SuggestionsPanel(QWidget):
    suggest_requested = Signal()
    train_requested = Signal()
    proposal_activated = Signal(str)
    blind_rule_changed = Signal(bool)
    least_sure_changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.model = QComboBox()
        for key, text in MODELS:
            self.model.addItem(text, key)
        self.unit = QComboBox()
        self.unit.addItems(list(suggest_run.UNITS))
        self.threshold = QDoubleSpinBox()
        self.threshold.setRange(0.0, 1.0)
        self.threshold.setSingleStep(0.05)
        self.threshold.setValue(0.5)
        self.threshold.setToolTip("Only suggestions at least this sure are offered and listed")
        form.addRow("Model", self.model)
        form.addRow("Unit", self.unit)
        form.addRow("Confidence ≥", self.threshold)
        lay.addLayout(form)
        self.least_sure = QCheckBox("Least sure first")
        self.least_sure.setChecked(True)
        self.least_sure.setToolTip("Review the passages the model is least sure about first: "
                                   "each correction teaches it the most")
        self.blind_rule = QCheckBox("No suggestions while coding blind")
        self.blind_rule.setChecked(True)
        self.blind_rule.setToolTip("Project rule (set by the project lead): a coder coding a "
                                   "document blind sees no suggestions there until done")
        lay.addWidget(self.least_sure)
        lay.addWidget(self.blind_rule)
        row = QHBoxLayout()
        self.suggest_button = QPushButton("Suggest")
        self.train_button = QPushButton("Train project model")
        row.addWidget(self.suggest_button)
        row.addWidget(self.train_button)
        lay.addLayout(row)
        self.message = QLabel()
        self.message.setWordWrap(True)
        lay.addWidget(self.message)
        self.list = QListWidget()
        self.list.setObjectName("suggestionsList")
        lay.addWidget(self.list, 1)
        self.suggest_button.clicked.connect(self.suggest_requested)
        self.train_button.clicked.connect(self.train_requested)
        self.list.itemActivated.connect(self._activated)
        self.least_sure.toggled.connect(lambda _on: self.least_sure_changed.emit())
        self.threshold.valueChanged.connect(lambda _v: self.least_sure_changed.emit())
        self.blind_rule.toggled.connect(self.blind_rule_changed)

    def _activated(self, item: QListWidgetItem) -> None:
        self.proposal_activated.emit(item.data(Qt.ItemDataRole.UserRole))

    def set_proposals(self, rows: list[tuple[Proposal, str]]) -> None:
        """``(proposal, code name)`` of the document's pending suggestions."""
        rows = [r for r in rows if (r[0].score or 0.0) >= self.threshold.value()]
        if self.least_sure.isChecked():
            rows.sort(key=lambda r: (r[0].score or 0.0, r[0].start))
        else:
            rows.sort(key=lambda r: r[0].start)
        current = self.list.currentItem()
        keep = current.data(Qt.ItemDataRole.UserRole) if current else None
        self.list.clear()
        for p, name in rows:
            words = ", ".join((p.evidence or {}).get("features", [])[:4])
            item = QListWidgetItem(f"{p.score or 0:.2f}  {name}" + (f"  — {words}" if words
                                                                     else ""))
            item.setData(Qt.ItemDataRole.UserRole, p.uuid)
            item.setToolTip(f"{name}\nconfidence {p.score or 0:.2f}\nwhy: {words or '—'}")
            self.list.addItem(item)
            if p.uuid == keep:
                self.list.setCurrentItem(item)

    def uuids(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]


class SuggestionsOps:
    """Wires the panel to the workbench, the review loop and the services."""

    def __init__(self, wb: Workbench) -> None:
        self.wb = wb
        self.panel = SuggestionsPanel()
        self.dock = wb.window.add_tab_beside(self.panel, "Suggestions", "suggestionsDock",
                                             "codingsDock")
        p = self.panel
        p.suggest_requested.connect(self.suggest)
        p.train_requested.connect(self.train)
        p.proposal_activated.connect(self._go_to)
        p.blind_rule_changed.connect(self._set_blind_rule)
        p.least_sure_changed.connect(self.refresh)
        wb.controller.changed.connect(self._on_changes)
        wb.controller.visibility_changed.connect(self.refresh)
        wb.controller.coder_changed.connect(self.refresh)
        wb.session.opened.connect(lambda _doc: self.refresh())
        self.task: Any = None
        self.actions: list[QAction] = []
        w = wb.window
        menu = w.menus["coding"].addMenu("&Suggestions")
        for text, key, fn in (("&Suggest Codes for This Document", "Ctrl+Alt+S", self.suggest),
                              ("Next &Least Sure Suggestion", "Ctrl+F9", self.next_least_sure),
                              ("&Train the Project Model…", None, self.train)):
            act = QAction(text, w)
            if key:
                act.setShortcut(QKeySequence(key))
                w.addAction(act)
            act.triggered.connect(lambda _=False, f=fn: f())
            menu.addAction(act)
            self.actions.append(act)
        self.menu = menu
        with wb.controller.project.read() as tx:
            rule_on = tx.meta().get(suggest_run.BLIND_RULE_KEY, "on") != "off"
        p.blind_rule.blockSignals(True)
        p.blind_rule.setChecked(rule_on)
        p.blind_rule.blockSignals(False)
        self._apply_blind_rule(rule_on)
        self.refresh()

    # --- state ------------------------------------------------------------------------------
    @property
    def review(self) -> Any:
        return getattr(self.wb, "review", None)

    def _apply_blind_rule(self, on: bool) -> None:
        if self.review is not None:
            self.review.allow_suggestions_in_blind = not on
            self.review.reload()

    def _set_blind_rule(self, on: bool) -> None:
        suggest_run.set_blind_rule(self.wb.controller.project, on)
        self._apply_blind_rule(on)
        self.refresh()

    def blocked(self) -> str:
        """Why no suggestions may be shown on the open document ("" when they may)."""
        c = self.wb.controller
        doc = self.wb.session.document_id
        if doc is None or c.coder is None:
            return "Open a document to ask for suggestions."
        if not self.panel.blind_rule.isChecked():
            return ""
        if c.blind:
            return ("Blind coding: suggestions appear once you mark this document done "
                    "(Ctrl+Shift+D).")
        return suggest_run.suggestions_allowed(c.project, c.coder.id, doc)[1]

    def _pending(self) -> list[Proposal]:
        doc = self.wb.session.document_id
        me = self.wb.controller.coder
        if doc is None or me is None:
            return []
        with self.wb.controller.project.read() as tx:
            return [p for p in tx.proposals(document_id=doc, status=PENDING, origin=SUGGEST)
                    if p.coder_id == me.id]

    def refresh(self) -> None:
        why = self.blocked()
        self.panel.message.setText(why)
        self.panel.suggest_button.setEnabled(not why)
        if why:
            self.panel.set_proposals([])
            return
        code_of = self.wb.codebook.model.code_by_uuid
        rows = []
        for p in self._pending():
            code = code_of(p.code_uuid)
            rows.append((p, code.name if code is not None else "?"))
        self.panel.set_proposals(rows)

    def _on_changes(self, changes: Changes) -> None:
        doc = self.wb.session.document_id
        # what refresh() shows follows the open document's proposals, the code names, the
        # coders and the assignments (blind state: changes.documents); a coding change alone
        # changes none of them, so applying or undoing a code costs no query here
        if doc is not None and (doc in changes.proposals or changes.codebook or changes.coders
                                or doc in changes.documents):
            self.refresh()

    def _go_to(self, uuid: str) -> None:
        if self.review is not None:
            self.review.go_to(uuid)

    def next_least_sure(self) -> None:
        uuids = self.panel.uuids()
        if not uuids:
            self.wb.window.statusBar().showMessage("No suggestions to review here.", 4000)
            return
        if not self.panel.least_sure.isChecked():
            self.panel.least_sure.setChecked(True)
            uuids = self.panel.uuids()
        self.panel.list.setCurrentRow(0)
        self._go_to(uuids[0])

    # --- work -------------------------------------------------------------------------------
    def suggest(self) -> None:
        why = self.blocked()
        if why:
            self.wb.window.statusBar().showMessage(why, 6000)
            return
        doc = self.wb.session.document_id
        unit = self.panel.unit.currentText()
        threshold = self.panel.threshold.value()
        which = self.panel.model.currentData()
        project = self.wb.controller.project
        bound: Any = None

        def job(progress: Any, cancelled: Any) -> list[suggest_run.Suggestion]:
            nonlocal bound
            from annotator.services.codebook import codebook
            from annotator.services.suggest.project_model import (load_project_model,
                                                                  retrain_if_due)
            from annotator.services.suggest.sources import bind_shipped

            book = codebook(project)
            if which == "project":  # retrained after every RETRAIN_EVERY new codings
                retrain_if_due(project, book, cancelled=cancelled)
                bound = load_project_model(project, book)
            else:
                bound = bind_shipped(book)
            return suggest_run.suggest_document(project, bound, book, doc, unit=unit,
                                                min_confidence=threshold)

        def done(found: list[suggest_run.Suggestion]) -> None:
            self.task = None
            if not found:
                self.panel.message.setText("No suggestion reaches the threshold here.")
                return
            from annotator.domain.proposals import NewProposal
            from annotator.services.proposals import MakeProposals

            me = self.wb.controller.coder
            items = [NewProposal(s.document_id, s.start, s.end, s.code_uuid, me.id, SUGGEST,
                                 origin_ref=bound.ref, score=round(s.confidence, 4),
                                 evidence={"features": list(s.features), "unit": unit})
                     for s in found]
            self.wb.controller.execute(MakeProposals(items, description="suggest codes"))
            self.refresh()
            self.next_least_sure()

        self.task = self.wb.runner.start(job)
        self.task.finished.connect(done)
        self.task.failed.connect(lambda exc, _tb: self._failed(exc))

    def _failed(self, exc: object) -> None:
        self.task = None
        self.panel.message.setText(str(exc))

    def train(self) -> None:
        from annotator.services.codebook import codebook
        from annotator.services.suggest.project_model import train_project_model

        project = self.wb.controller.project
        book = codebook(project)

        def job(progress: Any, cancelled: Any) -> Any:
            return train_project_model(project, book, progress=progress, cancelled=cancelled)

        def done(result: Any) -> None:
            self.task = None
            model, short = result
            text = f"Project model trained on {model.meta['examples']} examples."
            if short:
                text += " Needs at least 20 coded examples of: " + ", ".join(short[:6])
            self.panel.message.setText(text)
            self.panel.model.setCurrentIndex(1)

        self.task = run_with_progress(self.wb.runner, job, title="Training the project model",
                                      parent=self.wb.window, on_done=done,
                                      on_error=lambda exc, _tb: self._failed(exc))

    def close(self) -> None:
        if self.task is not None:
            self.task.cancel()
        w = self.wb.window
        for act in self.actions:
            w.removeAction(act)
            act.deleteLater()
        self.menu.deleteLater()
        w.removeDockWidget(self.dock)
        self.dock.deleteLater()


def install_suggestions(wb: Workbench) -> SuggestionsOps:
    return SuggestionsOps(wb)
