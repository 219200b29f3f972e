"""File ▸ Restore from Backup…: the project's backups (time, size, why made), restored to a new
file that then opens. An existing file is never overwritten from here."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout, QWidget)

from annotator.domain.errors import AnnotatorError
from annotator.services import backups


def _size(n: int) -> str:
    return f"{n / 1024:,.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MB"


class RestoreDialog(QDialog):
    """Lists ``project``'s backups; Restore copies the chosen one to the file named below."""

    restored = Signal(str)  # the restored project file, to open

    def __init__(self, parent: QWidget | None, project: str | Path) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle("Restore from Backup")
        self.project = Path(project)
        self.found = backups.list_backups(self.project)
        layout = QVBoxLayout(self)
        intro = QLabel(f"Backups of <b>{self.project.name}</b>, newest first. The backup is "
                       "copied to a new file, which then opens; the project file itself is "
                       "not changed.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QTreeWidget()
        self.list.setObjectName("backupList")
        self.list.setHeaderLabels(["Time (UTC)", "Size", "Why it was made"])
        self.list.setRootIsDecorated(False)
        for b in self.found:
            item = QTreeWidgetItem([f"{b.when:%Y-%m-%d %H:%M:%S}", _size(b.size), b.why_text])
            item.setToolTip(0, str(b.path))
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setData(0, Qt.ItemDataRole.UserRole, str(b.path))
            self.list.addTopLevelItem(item)
        for col in range(3):
            self.list.resizeColumnToContents(col)
        if self.found:
            self.list.setCurrentItem(self.list.topLevelItem(0))
        layout.addWidget(self.list)
        row = QHBoxLayout()
        row.addWidget(QLabel("Restore to:"))
        self.out = QLineEdit(str(self._free_name()))
        self.out.setObjectName("restoreOut")
        row.addWidget(self.out, 1)
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._choose)
        row.addWidget(browse)
        layout.addLayout(row)
        self.status = QLabel("" if self.found else
                             f"No backups of this project were found in "
                             f"{backups.folder_for(self.project).parent}.")
        self.status.setObjectName("restoreStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(
            "Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(bool(self.found))
        self.buttons.accepted.connect(self.restore)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(640, 360)

    def _free_name(self) -> Path:
        stem = self.project.stem
        out = self.project.with_name(f"{stem}-restored.annotator")
        n = 2
        while out.exists():
            out = self.project.with_name(f"{stem}-restored-{n}.annotator")
            n += 1
        return out

    def _choose(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Restore to", self.out.text(),
                                              "annotator projects (*.annotator)")
        if path:
            self.out.setText(path)

    def chosen(self) -> Path | None:
        item = self.list.currentItem()
        return Path(item.data(0, Qt.ItemDataRole.UserRole)) if item is not None else None

    def restore(self) -> None:
        backup = self.chosen()
        if backup is None:
            self.status.setText("Choose a backup first.")
            return
        try:
            done = backups.restore(self.project, backup, self.out.text().strip())
        except AnnotatorError as exc:  # e.g. the file exists: nothing was changed
            self.status.setText(f"Not restored: {exc}")
            return
        self.accept()
        self.restored.emit(str(done.path))
