"""The focused code's definition and criteria, shown below the codebook tree and editable there."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFormLayout, QFrame, QHBoxLayout, QLabel, QPlainTextEdit,
                               QPushButton, QScrollArea, QStackedWidget, QVBoxLayout, QWidget)

from annotator.domain.model import Code

FIELDS = (("definition", "Definition"), ("inclusion", "Include when"),
          ("exclusion", "Exclude when"), ("examples", "Examples"))


class CodeDetails(QFrame):
    """Read view plus an inline editor. ``save_requested(uuid, fields)`` asks for an UpdateCode."""

    save_requested = Signal(str, dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("definition")
        self._code: Code | None = None
        self.stack = QStackedWidget()
        # read view
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setContentsMargins(10, 8, 10, 4)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.text)
        self.edit_button = QPushButton("Edit definition…")
        self.edit_button.setFlat(True)
        self.edit_button.clicked.connect(self.start_editing)
        read = QWidget()
        rl = QVBoxLayout(read)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.setSpacing(0)
        rl.addWidget(scroll, 1)
        row = QHBoxLayout()
        row.setContentsMargins(6, 0, 6, 4)
        row.addStretch(1)
        row.addWidget(self.edit_button)
        rl.addLayout(row)
        # editor
        editor = QWidget()
        form = QFormLayout(editor)
        form.setContentsMargins(8, 6, 8, 6)
        self.editors: dict[str, QPlainTextEdit] = {}
        for key, label in FIELDS:
            ed = QPlainTextEdit()
            ed.setTabChangesFocus(True)
            ed.setMinimumHeight(44)
            self.editors[key] = ed
            form.addRow(label, ed)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        cancel = QPushButton("Cancel")
        cancel.clicked.connect(self.stop_editing)
        save = QPushButton("Save")
        save.setDefault(True)
        save.clicked.connect(self._save)
        buttons.addWidget(cancel)
        buttons.addWidget(save)
        form.addRow(buttons)
        self.stack.addWidget(read)
        self.stack.addWidget(editor)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.stack)
        self.show_code(None, "")

    @property
    def code(self) -> Code | None:
        return self._code

    def show_code(self, code: Code | None, path: str) -> None:
        """Show ``code`` (None: a hint). An edit in progress for another code is dropped."""
        if self._code is None or code is None or code.uuid != self._code.uuid:
            self.stop_editing()
        self._code = code
        # enabled, not shown/hidden: showing it would re-lay out the codebook dock and with it
        # the whole window, the first time a code key focuses a code
        self.edit_button.setEnabled(code is not None)
        if code is None:
            self.text.setText("<span style='color:gray'>Select a code to see its definition."
                              "</span>")
            return
        self.text.setText(describe(code, path))

    def start_editing(self) -> None:
        if self._code is None:
            return
        for key, ed in self.editors.items():
            ed.setPlainText(getattr(self._code, key))
        self.stack.setCurrentIndex(1)
        self.editors["definition"].setFocus()

    def stop_editing(self) -> None:
        self.stack.setCurrentIndex(0)

    @property
    def editing(self) -> bool:
        return self.stack.currentIndex() == 1

    def _save(self) -> None:
        if self._code is None:
            return
        fields = {k: ed.toPlainText().strip() for k, ed in self.editors.items()
                  if ed.toPlainText().strip() != getattr(self._code, k)}
        self.stop_editing()
        if fields:
            self.save_requested.emit(self._code.uuid, fields)


def describe(code: Code, path: str) -> str:
    esc = html.escape
    out = []
    if path and path != code.name:
        out.append(f"<div style='color:gray; font-size:small'>{esc(path)}</div>")
    title = f"<b>{esc(code.name)}</b>"
    if code.deprecated:
        title += " <i style='color:gray'>(deprecated)</i>"
    if not code.codable:
        title += " <i style='color:gray'>(grouping code)</i>"
    out.append(f"<div style='margin-bottom:4px'><span style='color:{esc(code.color)}'>■</span> "
               f"{title}</div>")
    any_text = False
    for key, label in FIELDS:
        value = getattr(code, key).strip()
        if value:
            any_text = True
            body = esc(value).replace("\n", "<br>")
            out.append(f"<div style='margin-top:4px'><span style='color:gray'>{label}:</span> "
                       f"{body}</div>" if key != "definition" else f"<div>{body}</div>")
    if not any_text:
        out.append("<div style='color:gray'>No definition yet. A short definition with "
                   "inclusion and exclusion criteria helps coders agree.</div>")
    for a in code.attributes:
        levels = f": {esc(' · '.join(a.levels))}" if a.levels else ""
        out.append(f"<div style='margin-top:4px; color:gray'>Attribute <b>{esc(a.name)}</b> "
                   f"({esc(a.type)}){levels}</div>")
    return "".join(out)
