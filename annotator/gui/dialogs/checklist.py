"""A small list of names with tick boxes (coders to export, coders to assign)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget


class CheckList(QListWidget):
    def __init__(self, names: list[str], *, checked: bool, parent: QWidget | None = None,
                 max_height: int = 120) -> None:
        super().__init__(parent)
        self.setMaximumHeight(max_height)
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for name in names:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(state)
            self.addItem(item)

    def checked(self) -> list[str]:
        return [self.item(i).text() for i in range(self.count())
                if self.item(i).checkState() == Qt.CheckState.Checked]
