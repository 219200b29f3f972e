"""The centre of the workbench: document title and section, the text view, the find bar."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (QFrame, QLabel, QSizePolicy, QStackedWidget, QVBoxLayout,
                               QWidget)

from annotator.gui.document_view import DocumentView
from annotator.gui.panels.find_bar import FindBar


class DocumentPane(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentPane")
        self.title = QLabel()
        self.title.setObjectName("docTitle")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setContentsMargins(14, 8, 14, 6)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # a long title or section name is clipped, never widens the window
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Plain)
        line.setObjectName("docRule")
        self.view = DocumentView()
        self.find_bar = FindBar()
        self.find_bar.hide()
        self.hint = QLabel("Choose a document on the left to start reading and coding.")
        self.hint.setObjectName("hint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.view)
        self.pages.addWidget(self.hint)
        self.pages.setCurrentIndex(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.title)
        lay.addWidget(line)
        lay.addWidget(self.pages, 1)
        lay.addWidget(self.find_bar)
        self.set_title("", "")

    def set_title(self, title: str, section: str) -> None:
        self._title = (title, section)
        self._render_title()

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        super().resizeEvent(event)
        self._render_title()

    def _render_title(self) -> None:
        import html

        title, section = getattr(self, "_title", ("", ""))
        if not title:
            self.title.setText("<span style='color:gray'>No document open</span>")
            return
        bold = self.title.font()
        bold.setBold(True)
        room = max(0, self.width() - 40 - QFontMetrics(bold).horizontalAdvance(title))
        sec = QFontMetrics(self.title.font()).elidedText(f" · {section}", Qt.TextElideMode.ElideRight,
                                                         room) if section else ""
        self.title.setText(f"<b>{html.escape(title)}</b>"
                           f"<span style='color:gray'>{html.escape(sec)}</span>")

    def show_document(self, on: bool) -> None:
        self.pages.setCurrentIndex(0 if on else 1)
