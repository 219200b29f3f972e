"""“Create coding package…”: choose a coder, documents and blind mode, then write the file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPushButton, QVBoxLayout, QWidget)

from annotator.domain.errors import AnnotatorError
from annotator.services.project import Project
from annotator.services.team import SUFFIX, PackageSummary, make_package


class PackageDialog(QDialog):
    """Emits ``created(PackageSummary)`` after the package file was written."""

    created = Signal(object)

    def __init__(self, parent: QWidget | None, project: Project) -> None:
        super().__init__(parent)
        self.setWindowTitle("Create coding package")
        self.project = project
        self.summary: PackageSummary | None = None
        lay = QVBoxLayout(self)
        title = QLabel("Create a coding package for one coder")
        title.setObjectName("panelTitle")
        lay.addWidget(title)
        intro = QLabel("The package is a project file with the chosen documents and the current "
                       "codebook. The coder codes in it with annotator, offline, and sends it "
                       "back; “Merge packages…” brings the work in.")
        intro.setWordWrap(True)
        intro.setObjectName("muted")
        lay.addWidget(intro)
        form = QFormLayout()
        self.coder = QComboBox()
        self.coder.setEditable(True)
        self.coder.addItems([c.name for c in project.coders()])
        self.coder.setCurrentText("")
        self.coder.lineEdit().setPlaceholderText("coder name (new names are added)")
        form.addRow("Coder:", self.coder)
        self.blind = QCheckBox("Blind: leave out the other coders' codings")
        self.blind.setChecked(True)
        form.addRow("", self.blind)
        out_row = QHBoxLayout()
        self.out = QLineEdit()
        self._auto_name = True
        self.out.textEdited.connect(lambda _t: setattr(self, "_auto_name", False))
        self.out.setPlaceholderText(f"file to write ({SUFFIX})")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        out_row.addWidget(self.out, 1)
        out_row.addWidget(browse)
        form.addRow("Save as:", out_row)
        lay.addLayout(form)
        docs_head = QHBoxLayout()
        docs_head.addWidget(QLabel("Documents:"), 1)
        for text, state in (("All", True), ("None", False)):
            b = QPushButton(text)
            b.clicked.connect(lambda _=False, s=state: self._check_all(s))
            docs_head.addWidget(b)
        lay.addLayout(docs_head)
        self.documents = QListWidget()
        for d in project.documents():
            item = QListWidgetItem(f"{d.id}  {d.title}")
            item.setData(Qt.ItemDataRole.UserRole, d.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.documents.addItem(item)
        self.documents.itemChanged.connect(lambda _i: self._update())
        lay.addWidget(self.documents, 1)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setObjectName("muted")
        lay.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.create_button = buttons.addButton("Create package",
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        self.create_button.clicked.connect(self.create_package)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.coder.currentTextChanged.connect(self._suggest_name)
        self.coder.currentTextChanged.connect(lambda _t: self._update())
        self.out.textChanged.connect(lambda _t: self._update())
        self.resize(560, 520)
        self._update()

    def chosen_documents(self) -> list[int]:
        out = []
        for i in range(self.documents.count()):
            item = self.documents.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def _check_all(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        for i in range(self.documents.count()):
            self.documents.item(i).setCheckState(state)

    def _suggest_name(self, name: str) -> None:
        """Propose ``<project>-<coder>.annotator-pkg`` until the user picks a file."""
        if not self._auto_name or not name.strip():
            return
        folder = Path(str(self.project.target)).parent
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in name.strip())
        self.out.setText(str(folder / f"{self.project.name}-{safe}{SUFFIX}"))

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save coding package", self.out.text(),
                                              f"Coding packages (*{SUFFIX})")
        if path:
            self._auto_name = False
            self.out.setText(path if path.endswith(SUFFIX) else path + SUFFIX)

    def _update(self) -> None:
        n = len(self.chosen_documents())
        ready = bool(self.coder.currentText().strip() and self.out.text().strip() and n)
        self.create_button.setEnabled(ready)
        if not self.summary:
            self.status.setText(f"{n} of {self.documents.count()} document(s) chosen.")

    def create_package(self) -> PackageSummary | None:
        """Write the package (fast: a file copy of the chosen part of the project)."""
        try:
            summary = make_package(self.project, self.out.text().strip(),
                                   self.coder.currentText().strip(), self.chosen_documents(),
                                   blind=self.blind.isChecked())
        except AnnotatorError as exc:
            self.status.setText(f"Not created: {exc}")
            return None
        self.summary = summary
        froze = " (frozen now)" if summary.froze_version else ""
        self.status.setText(
            f"Wrote {Path(summary.path).name}: {summary.documents} document(s), "
            f"{summary.codings} coding(s) of {summary.coder}, codebook version "
            f"“{summary.codebook_version}”{froze}.")
        self.created.emit(summary)
        return summary
