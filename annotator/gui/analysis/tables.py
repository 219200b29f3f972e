"""Small helpers for the analysis tables: read-only item models and a compact table view."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from annotator.services.analysis.dataset import CodeRef

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def table_view() -> QTableView:
    t = QTableView()
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setShowGrid(False)
    t.setWordWrap(False)
    t.verticalHeader().hide()
    t.verticalHeader().setDefaultSectionSize(22)
    h = t.horizontalHeader()
    h.setHighlightSections(False)
    h.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return t


def swatch(color: str, size: int = 12) -> QIcon:
    """A small rounded square in a code's colour."""
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QColor(0, 0, 0, 70))
    p.setBrush(QColor(color))
    p.drawRoundedRect(1, 1, size - 2, size - 2, 2, 2)
    p.end()
    return QIcon(pix)


def code_item(code: CodeRef) -> QStandardItem:
    """The code's name indented by depth, with its colour as a decoration and path as tip."""
    item = QStandardItem("    " * code.depth + code.name)
    item.setIcon(swatch(code.color))
    item.setToolTip(code.path)
    item.setData(code.uuid, Qt.ItemDataRole.UserRole)
    if not code.codable:
        font = item.font()
        font.setItalic(True)
        item.setFont(font)
    return item


def number_item(value: int, background: QColor | None = None) -> QStandardItem:
    item = QStandardItem(f"{value:,}")
    item.setData(value, Qt.ItemDataRole.UserRole)
    item.setTextAlignment(RIGHT)
    if background is not None:
        item.setBackground(background)
        item.setForeground(QColor("white") if background.lightness() < 128
                           else QColor("#1f2328"))
    return item


def fill(model: QStandardItemModel, headers: Sequence[str],
         rows: Sequence[Sequence[QStandardItem]]) -> None:
    model.clear()
    model.setHorizontalHeaderLabels(list(headers))
    for row in rows:
        model.appendRow(list(row))
