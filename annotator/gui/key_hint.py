"""The first-run hint: the five keys to know, in a small card over the corner of the text.

It floats (it never pushes the text down, so dismissing it moves nothing), closes with "Got it"
or Esc, and is remembered in the settings (``key_hint_seen``) once dismissed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

KEYS = (
    ("1–9", "select text, then a code's number (or its own key) codes it"),
    ("Ctrl+K", "quick-code: type part of a code's name, Enter"),
    ("F8 / Shift+F8", "next / previous coding"),
    ("Del", "delete the selected coding (Ctrl+M: its memo)"),
    ("Ctrl+Z", "undo any coding or codebook edit"),
)
MARGIN = 18


class KeyHint(QFrame):
    dismissed = Signal()

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.setObjectName("keyHint")
        # an opaque card: it floats over the text, which must not show through
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Window)
        self.setStyleSheet(
            "QFrame#keyHint { background: palette(window); border: 1px solid "
            "palette(mid); border-radius: 6px; }"
            "QFrame#keyHint QLabel { background: transparent; border: none; }")
        title = QLabel("Five keys to know")
        f = title.font()
        f.setWeight(f.Weight.DemiBold)
        title.setFont(f)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        for row, (key, what) in enumerate(KEYS):
            k = QLabel(f"<b>{key}</b>")
            k.setTextFormat(Qt.TextFormat.RichText)
            grid.addWidget(k, row, 0, Qt.AlignmentFlag.AlignTop)
            w = QLabel(what)
            w.setWordWrap(True)
            grid.addWidget(w, row, 1)
        grid.setColumnStretch(1, 1)
        more = QLabel("All keys: the Coding menu and the README.")
        more.setObjectName("muted")
        self.ok = QPushButton("Got it")
        self.ok.setDefault(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 10, 14, 10)
        lay.setSpacing(6)
        lay.addWidget(title)
        lay.addLayout(grid)
        lay.addWidget(more)
        lay.addWidget(self.ok, 0, Qt.AlignmentFlag.AlignRight)
        self.setFixedWidth(400)
        self.ok.clicked.connect(self.dismiss)
        esc = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        esc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        esc.activated.connect(self.dismiss)
        host.installEventFilter(self)
        self.adjustSize()
        self.place()
        self.show()
        self.raise_()

    def place(self) -> None:
        host = self.parentWidget()
        if host is None:
            return
        self.adjustSize()
        self.move(max(0, host.width() - self.width() - MARGIN),
                  max(0, host.height() - self.height() - MARGIN))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.place()
        return super().eventFilter(obj, event)

    def dismiss(self) -> None:
        if self.isHidden():
            return
        self.hide()
        self.dismissed.emit()
        self.deleteLater()


def show_key_hint(host: QWidget, seen: bool, remember: Callable[[], None]) -> KeyHint | None:
    """Show the hint over ``host`` unless it was dismissed before; ``remember`` runs on
    dismissal (store ``key_hint_seen`` and save the settings)."""
    if seen:
        return None
    hint = KeyHint(host)
    hint.dismissed.connect(remember)
    return hint
