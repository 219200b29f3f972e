"""Delete a code: say what happens to its codings and sub-codes before doing it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QButtonGroup, QDialog, QDialogButtonBox, QHBoxLayout, QLabel,
                               QPushButton, QRadioButton, QVBoxLayout, QWidget)

from annotator.domain.model import Code
from annotator.gui.models.codebook_model import CodebookModel


class DeleteCodeDialog(QDialog):
    """Emits ``command_ready(DeleteCode)`` when the user confirms."""

    command_ready = Signal(object)

    def __init__(self, parent: QWidget | None, model: CodebookModel, code: Code,
                 codings: int) -> None:
        super().__init__(parent)
        self.setWindowTitle("Delete code")
        self.model = model
        self.code = code
        self.codings = codings
        self.recode_to: str | None = None
        kids = model.children_uuids(code.uuid)
        lay = QVBoxLayout(self)
        title = QLabel(f"Delete “{model.path(code.uuid)}”?")
        title.setObjectName("panelTitle")
        lay.addWidget(title)
        if kids:
            lay.addWidget(QLabel(f"Its {len(kids)} sub-code(s) will move up one level."))
        self.remove = QRadioButton(f"Remove its {codings:,} coding(s)")
        self.recode = QRadioButton("Recode them to another code:")
        self.pick = QPushButton("Choose code…")
        self.pick.clicked.connect(self._choose)
        self.group = QButtonGroup(self)
        if codings:
            lay.addWidget(QLabel(f"It is used by {codings:,} coding(s)."))
            self.group.addButton(self.remove)
            self.group.addButton(self.recode)
            lay.addWidget(self.remove)
            row = QHBoxLayout()
            row.addWidget(self.recode)
            row.addWidget(self.pick, 1)
            lay.addLayout(row)
            self.recode.setChecked(True)
            self.group.buttonToggled.connect(lambda *_: self._update())
        note = QLabel("You can take this back with Undo (Ctrl+Z). Consider “Deprecate” to keep "
                      "the code for existing codings.")
        note.setWordWrap(True)
        note.setObjectName("muted")
        lay.addWidget(note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.addButton("Delete", QDialogButtonBox.ButtonRole.DestructiveRole)
        self.ok.clicked.connect(self._confirm)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self._kids = bool(kids)
        self._update()

    def _choose(self) -> None:
        from annotator.gui.dialogs.code_picker import CodePicker

        picker = CodePicker(self, "Recode to", f"Recode the codings of “{self.code.name}” to…")
        codes = self.model.codes_in_tree_order()
        picker.set_codes(codes, {c.uuid: self.model.path(c.uuid) for c in codes},
                         exclude={self.code.uuid})
        picker.chosen.connect(self.set_recode_target)
        picker.open()

    def set_recode_target(self, uuid: str) -> None:
        self.recode_to = uuid
        self.pick.setText(self.model.path(uuid))
        self.recode.setChecked(True)
        self._update()

    def _update(self) -> None:
        ready = not self.codings or self.remove.isChecked() or self.recode_to is not None
        self.ok.setEnabled(ready)

    def command(self) -> object:
        from annotator.services.codebook_commands import DeleteCode

        if not self.codings:
            mode, target = "refuse", None
        elif self.remove.isChecked():
            mode, target = "remove", None
        else:
            mode, target = "recode", self.recode_to
        return DeleteCode(self.code.uuid, codings=mode, recode_to=target,
                          children="lift" if self._kids else "refuse")

    def _confirm(self) -> None:
        self.command_ready.emit(self.command())
        self.accept()
