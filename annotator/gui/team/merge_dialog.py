"""“Merge packages…”: pick package files, look at the preview, choose codebook changes, merge.

The preview is the merge itself run in a rolled-back transaction, so what it shows is what
merging does. Previews and the merge run off the GUI thread; ticking a codebook change
refreshes the preview.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel,
                               QListWidget, QPushButton, QTabWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from annotator.domain.changes import Changes
from annotator.gui.team import merge_tables as mt
from annotator.gui.workers import Runner
from annotator.services.project import Project
from annotator.services.team import SUFFIX, MergeReport, merge_packages


class MergeDialog(QDialog):
    """Emits ``merged(MergeReport)`` after a successful merge."""

    merged = Signal(object)
    previewed = Signal(object)

    def __init__(self, parent: QWidget | None, project: Project, controller: Any = None,
                 packages: list[str] | tuple[str, ...] = ()) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge coding packages")
        self.project = project
        self.controller = controller
        self.runner = Runner(self, max_threads=1)
        self.report: MergeReport | None = None
        self.accepted: set[str] | None = None  # None until the first preview: accept all
        self.busy = False
        lay = QVBoxLayout(self)
        title = QLabel("Merge coding packages into this project")
        title.setObjectName("panelTitle")
        lay.addWidget(title)
        intro = QLabel("Documents are matched by their text, codes and codings by their ids. "
                       "Nothing is merged until you press Merge, a backup is taken first, and "
                       "conflicts are listed for you to decide, never overwritten.")
        intro.setWordWrap(True)
        intro.setObjectName("muted")
        lay.addWidget(intro)
        row = QHBoxLayout()
        self.files = QListWidget()
        self.files.setMaximumHeight(90)
        row.addWidget(self.files, 1)
        side = QVBoxLayout()
        add = QPushButton("Add packages…")
        add.clicked.connect(self._browse)
        remove = QPushButton("Remove")
        remove.clicked.connect(self._remove_selected)
        side.addWidget(add)
        side.addWidget(remove)
        side.addStretch(1)
        row.addLayout(side)
        lay.addLayout(row)
        self.tabs = QTabWidget()
        self.codings = mt.make_table(mt.CODING_COLUMNS, stretch=0)
        self.codebook = mt.make_table(mt.CODEBOOK_COLUMNS, stretch=6)
        self.conflicts = mt.make_table(mt.CONFLICT_COLUMNS, stretch=2)
        self.documents = mt.make_table(mt.DOCUMENT_COLUMNS, stretch=3)
        for table, name in ((self.codings, "Codings"), (self.codebook, "Codebook changes"),
                            (self.conflicts, "Conflicts"), (self.documents, "Documents")):
            self.tabs.addTab(table, name)
        self.codebook.itemChanged.connect(self._on_change_toggled)
        lay.addWidget(self.tabs, 1)
        self.status = QLabel("Add the packages your coders sent back.")
        self.status.setWordWrap(True)
        lay.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.merge_button = buttons.addButton("Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.clicked.connect(self.merge)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.preview)
        self.resize(900, 600)
        if packages:
            self.add_packages(packages)
        self._update_buttons()

    # --- packages -----------------------------------------------------------------------------
    def package_paths(self) -> list[str]:
        return [self.files.item(i).text() for i in range(self.files.count())]

    def add_packages(self, paths: list[str] | tuple[str, ...]) -> None:
        known = set(self.package_paths())
        for p in paths:
            if str(p) not in known:
                self.files.addItem(str(p))
        self.preview()

    def _browse(self) -> None:
        folder = str(Path(str(self.project.target)).parent)
        files, _ = QFileDialog.getOpenFileNames(
            self, "Choose coding packages", folder,
            f"Coding packages (*{SUFFIX});;All files (*)")
        if files:
            self.add_packages(files)

    def _remove_selected(self) -> None:
        for item in self.files.selectedItems():
            self.files.takeItem(self.files.row(item))
        self.preview()

    # --- preview and merge --------------------------------------------------------------------
    def accept_argument(self) -> str | set[str]:
        return "all" if self.accepted is None else set(self.accepted)

    def preview(self) -> None:
        paths = self.package_paths()
        if not paths:
            self._show(None)
            self.status.setText("Add the packages your coders sent back.")
            return
        self._run(paths, dry_run=True)

    def merge(self) -> None:
        if self.report is None or self.busy:
            return
        self._run(self.package_paths(), dry_run=False)

    def _run(self, paths: list[str], *, dry_run: bool) -> None:
        self.busy = True
        self._update_buttons()
        self.status.setText("Working out the preview…" if dry_run else "Merging…")
        accept = self.accept_argument()

        def job(_progress: Any, _cancelled: Any) -> MergeReport:
            return merge_packages(self.project, paths, accept_codebook=accept, dry_run=dry_run)

        task = self.runner.start(job)
        task.finished.connect(lambda r: self._done(r, dry_run))
        task.failed.connect(lambda e, _tb: self._failed(e))

    def _done(self, report: MergeReport, dry_run: bool) -> None:
        self.busy = False
        if self.accepted is None:
            self.accepted = {c.change_id for c in report.codebook_changes
                             if c.kind != "removed"}
        self._show(report)
        n = len(report.conflicts)
        totals = report.totals()
        summary = (f"{totals.get('added', 0)} new, {totals.get('updated', 0)} changed, "
                   f"{totals.get('deleted', 0)} deleted coding(s); {n} conflict(s); "
                   f"{len([x for x in report.pending if x.kind == 'coding'])} waiting.")
        if dry_run:
            self.status.setText(("Preview: " + summary) if report.changed
                                else "Preview: nothing to merge (already merged?). " + summary)
            self.previewed.emit(report)
        else:
            self.status.setText(f"Merged: {summary} Backup: {report.backup or 'none'}")
            self.report = None  # a second merge needs a fresh preview
            self._announce()
            self.merged.emit(report)
        self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self._show(None)
        self.status.setText(f"Nothing was changed: {exc}")
        self._update_buttons()

    def _show(self, report: MergeReport | None) -> None:
        self.report = report
        empty = MergeReport([], True)
        shown = report or empty
        self.codebook.blockSignals(True)
        mt.fill_codings(self.codings, shown)
        mt.fill_codebook(self.codebook, shown, self.accepted or set())
        mt.fill_conflicts(self.conflicts, shown)
        mt.fill_documents(self.documents, shown)
        self.codebook.blockSignals(False)
        counts = (None, len(shown.codebook_changes), len(shown.conflicts), None)
        for i, (name, n) in enumerate(zip(("Codings", "Codebook changes", "Conflicts",
                                           "Documents"), counts, strict=True)):
            self.tabs.setTabText(i, f"{name} ({n})" if n else name)

    def _on_change_toggled(self, item: QTableWidgetItem) -> None:
        if item.column() != 0 or self.accepted is None:
            return
        change = str(item.data(mt.CHANGE_ROLE))
        on = item.checkState() == Qt.CheckState.Checked
        if on:
            self.accepted.add(change)
        else:
            self.accepted.discard(change)
        self._timer.start()

    def _update_buttons(self) -> None:
        self.merge_button.setEnabled(not self.busy and self.report is not None
                                     and self.report.changed)

    def _announce(self) -> None:
        if self.controller is None:
            return
        docs = {d.id for d in self.project.documents()}
        if hasattr(self.controller, "refresh_coders"):
            self.controller.refresh_coders()
        self.controller.announce(Changes(documents=docs, coded_documents=docs, codebook=True,
                                         coders=True, memos=True))
