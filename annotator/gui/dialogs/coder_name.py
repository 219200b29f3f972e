"""Ask who is coding (first run, or "switch coder")."""

from __future__ import annotations

from PySide6.QtWidgets import (QCompleter, QDialog, QDialogButtonBox, QLabel, QLineEdit,
                               QVBoxLayout, QWidget)


class CoderNameDialog(QDialog):
    def __init__(self, parent: QWidget | None, known: list[str], current: str = "",
                 first_run: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle("Who is coding?")
        lay = QVBoxLayout(self)
        text = ("Your name is stored with every coding you make, so that agreement between "
                "coders can be measured." if first_run else
                "Codings you make from now on are recorded under this name.")
        intro = QLabel(text)
        intro.setWordWrap(True)
        self.edit = QLineEdit(current)
        self.edit.setPlaceholderText("Your name or initials")
        if known:
            self.edit.setCompleter(QCompleter(known, self))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(intro)
        lay.addWidget(self.edit)
        if known:
            existing = QLabel("Coders in this project: " + ", ".join(known))
            existing.setObjectName("muted")
            existing.setWordWrap(True)
            lay.addWidget(existing)
        lay.addWidget(self.buttons)
        self.edit.textChanged.connect(self._check)
        self._check(self.edit.text())
        # the height the wrapped text needs at this width (sizeHint assumes another width, and
        # the lower edge, the buttons, were cut off)
        width = max(380, self.sizeHint().width())
        self.setMinimumWidth(width)
        self.resize(width, max(self.sizeHint().height(), self.heightForWidth(width)))

    def _check(self, text: str) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(text.strip()))

    def name(self) -> str:
        return " ".join(self.edit.text().split())

    @staticmethod
    def ask(parent: QWidget | None, known: list[str], current: str = "",
            first_run: bool = False) -> str | None:
        dialog = CoderNameDialog(parent, known, current, first_run)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.name():
            return dialog.name()
        return None
