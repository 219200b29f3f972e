"""Memo and attributes of the selected coding. Attributes are the code's typed fields.

Edits are committed as UpdateCoding commands: the memo after a short pause in typing (consecutive
memo edits of one coding merge into a single undo step), an attribute as soon as it changes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QStackedWidget, QVBoxLayout, QWidget)

from annotator.domain.codebook_colors import MISSING_CODE_COLOR
from annotator.domain.model import AttributeDef, Code, Coding

UNSET = "—"


class MemoPanel(QWidget):
    """``update_requested(uuid, fields, merge_key)`` asks the window to run UpdateCoding."""

    update_requested = Signal(str, dict, object)

    def __init__(self, code_of: Callable[[int], Code | None], coder_name: Callable[[int], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._code_of = code_of
        self._coder_name = coder_name
        self._coding: Coding | None = None
        self._text = ""
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.excerpt = QLabel()
        self.excerpt.setWordWrap(True)
        self.excerpt.setObjectName("muted")
        self.memo = QPlainTextEdit()
        self.memo.setPlaceholderText("Memo: why this passage, doubts, notes for the team…")
        self.memo.setTabChangesFocus(True)
        self.form = QFormLayout()
        self.form.setContentsMargins(0, 4, 0, 0)
        body = QWidget()
        bl = QVBoxLayout(body)
        bl.setContentsMargins(8, 6, 8, 6)
        bl.addWidget(self.title)
        bl.addWidget(self.excerpt)
        bl.addWidget(self.memo, 1)
        bl.addLayout(self.form)
        self.hint = QLabel("Select a coding (click a highlight or a row in the list) to write "
                           "a memo or fill in its attributes.")
        self.hint.setWordWrap(True)
        self.hint.setObjectName("hint")
        self.pages = QStackedWidget()
        self.pages.addWidget(self.hint)
        self.pages.addWidget(body)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.pages)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(700)
        self._timer.timeout.connect(self.commit_memo)
        self.memo.textChanged.connect(self._on_memo_typed)
        self._loading = False
        self.editors: dict[str, QWidget] = {}

    @property
    def coding(self) -> Coding | None:
        return self._coding

    def set_text(self, text: str) -> None:
        self._text = text

    def show_coding(self, coding: Coding | None) -> None:
        if self._coding is not None and (coding is None or coding.uuid != self._coding.uuid):
            self.commit_memo()
        self._coding = coding
        self._load()

    def refresh(self, coding: Coding | None) -> None:
        """The shown coding changed in the store (undo, another panel): reload unless typing."""
        if self._coding is None or (coding is not None and coding.uuid != self._coding.uuid):
            return
        typing = self.memo.hasFocus() and self._timer.isActive()
        self._coding = coding
        if not typing:
            self._load()

    def focus_memo(self) -> None:
        if self._coding is not None:
            self.memo.setFocus()

    def _load(self) -> None:
        c = self._coding
        self._loading = True
        try:
            if c is None:
                self.pages.setCurrentIndex(0)
                return
            self.pages.setCurrentIndex(1)
            code = self._code_of(c.code_id)
            name = code.name if code else "?"
            color = code.color if code else MISSING_CODE_COLOR
            self.title.setText(f"<span style='color:{color}'>■</span> <b>{_esc(name)}</b> "
                               f"<span style='color:gray'>· {_esc(self._coder_name(c.coder_id))}"
                               f" · {c.start:,}–{c.end:,}</span>")
            snippet = " ".join(self._text[c.start:min(c.end, c.start + 220)].split())
            self.excerpt.setText(f"“{_esc(snippet)}{'…' if c.end - c.start > 220 else ''}”")
            if self.memo.toPlainText() != c.memo:
                self.memo.setPlainText(c.memo)
            self._build_attributes(code.attributes if code else (), c.attributes)
        finally:
            self._loading = False

    def _build_attributes(self, defs: tuple[AttributeDef, ...], values: dict[str, str]) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.editors = {}
        for a in defs:
            current = values.get(a.name, "")
            editor: QWidget
            if a.type in ("ordinal", "choice") and a.levels:
                box = QComboBox()
                box.addItems([UNSET, *a.levels])
                box.setCurrentIndex(box.findText(current) if current in a.levels else 0)
                box.currentTextChanged.connect(lambda v, n=a.name: self._set_attr(n, v))
                editor = box
            elif a.type == "boolean":
                check = QCheckBox()
                check.setChecked(current.lower() in ("true", "yes", "1"))
                check.toggled.connect(
                    lambda on, n=a.name: self._set_attr(n, "true" if on else "false"))
                editor = check
            else:
                line = QLineEdit(current)
                if a.type == "number":
                    line.setValidator(QDoubleValidator(line))
                line.editingFinished.connect(
                    lambda n=a.name, w=line: self._set_attr(n, w.text().strip()))
                editor = line
            editor.setToolTip(a.description or a.name)
            self.editors[a.name] = editor
            self.form.addRow(f"{a.name}:", editor)

    def _set_attr(self, name: str, value: str) -> None:
        if self._loading or self._coding is None:
            return
        attrs = dict(self._coding.attributes)
        if value in ("", UNSET):
            attrs.pop(name, None)
        else:
            attrs[name] = value
        if attrs != self._coding.attributes:
            self.update_requested.emit(self._coding.uuid, {"attributes": attrs}, None)

    def _on_memo_typed(self) -> None:
        if not self._loading:
            self._timer.start()

    def commit_memo(self) -> None:
        self._timer.stop()
        c = self._coding
        if c is None or self._loading:
            return
        text = self.memo.toPlainText()
        if text != c.memo:
            self.update_requested.emit(c.uuid, {"memo": text}, f"memo:{c.uuid}")


def _esc(s: str) -> str:
    import html

    return html.escape(s)
