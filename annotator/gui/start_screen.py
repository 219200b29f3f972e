"""The start screen shown when no project is open: sample, new, open, recent projects."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QPushButton, QVBoxLayout, QWidget)


class StartScreen(QWidget):
    open_sample = Signal()
    new_project = Signal()
    open_project = Signal()
    open_path = Signal(str)

    def __init__(self, recent: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startScreen")
        card = QFrame()
        card.setMaximumWidth(620)
        lay = QVBoxLayout(card)
        lay.setSpacing(10)
        title = QLabel("annotator")
        f = title.font()
        f.setPointSizeF(f.pointSizeF() * 2.0)
        f.setWeight(f.Weight.DemiBold)
        title.setFont(f)
        sub = QLabel("Code human-rights reports with a shared codebook, and measure how well "
                     "coders agree.")
        sub.setWordWrap(True)
        sub.setObjectName("muted")
        lay.addWidget(title)
        lay.addWidget(sub)
        lay.addSpacing(12)
        buttons = QHBoxLayout()
        self.sample_button = QPushButton("Open the sample project")
        self.sample_button.setToolTip("Country reports on Kazakhstan, Monaco and Tuvalu with the "
                                      "CIRI codebook, double-coded by two coders, so agreement "
                                      "and adjudication have real work: a safe place to try "
                                      "things.")
        self.new_button = QPushButton("New project…")
        self.open_button = QPushButton("Open project…")
        for b in (self.sample_button, self.new_button, self.open_button):
            b.setMinimumHeight(34)
            buttons.addWidget(b)
        lay.addLayout(buttons)
        lay.addSpacing(16)
        head = QLabel("Recent projects")
        head.setObjectName("panelTitle")
        lay.addWidget(head)
        self.recent = QListWidget()
        self.recent.setMinimumHeight(140)
        self.recent.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.recent.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.recent.setSpacing(2)
        for path in recent:
            item = QListWidgetItem(f"{Path(path).stem}\n{Path(path).parent}")
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(path)
            self.recent.addItem(item)
        self.no_recent = QLabel("No recent projects yet.")
        self.no_recent.setObjectName("hint")
        lay.addWidget(self.recent if recent else self.no_recent)
        if not recent:
            self.recent.hide()
        lay.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 3)
        row.addStretch(1)
        outer.addLayout(row, 4)
        outer.addStretch(1)
        self.sample_button.clicked.connect(self.open_sample)
        self.new_button.clicked.connect(self.new_project)
        self.open_button.clicked.connect(self.open_project)
        self.recent.itemActivated.connect(
            lambda it: self.open_path.emit(it.data(Qt.ItemDataRole.UserRole)))
        self.recent.itemDoubleClicked.connect(
            lambda it: self.open_path.emit(it.data(Qt.ItemDataRole.UserRole)))
