"""How a code looks in the codebook tree: swatch, fonts, counts, keys and the hover tooltip."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication

from annotator.domain.model import Code

if TYPE_CHECKING:
    from annotator.gui.models.codebook_model import _Node

Role = Qt.ItemDataRole


def swatch(color: str, size: int = 14, hollow: bool = False) -> QIcon:
    """A rounded colour square; hollow (outline only) for grouping codes."""
    ratio = 2
    pm = QPixmap(size * ratio, size * ratio)
    pm.setDevicePixelRatio(ratio)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    c = QColor(color)
    rect = QRectF(2, 2, size - 4, size - 4)
    if hollow:
        p.setPen(c.darker(110))
        p.setBrush(QColor(c.red(), c.green(), c.blue(), 70))
    else:
        p.setPen(c.darker(130))
        p.setBrush(c)
    p.drawRoundedRect(rect, 2.5, 2.5)
    p.end()
    return QIcon(pm)


class CodeDisplay:
    """Presentation state shared by the model's columns (counts, keys, icon cache)."""

    def __init__(self) -> None:
        self.counts: dict[int, int] = {}
        self.totals: dict[int, int] = {}
        self.keys: dict[str, str] = {}
        self._icons: dict[tuple[str, bool], QIcon] = {}
        self._muted: QBrush | None = None
        self._muted_key = 0

    def recompute_totals(self, nodes: Iterable[_Node]) -> None:
        """Subtree totals (a code plus everything below it), bottom-up in one pass."""
        order = list(nodes)
        totals: dict[int, int] = {}
        for node in reversed(order):
            if node.code is None:
                continue
            n = self.counts.get(node.code.id, 0)
            n += sum(totals.get(ch.code.id, 0) for ch in node.children if ch.code)
            totals[node.code.id] = n
        self.totals = totals

    def filter_text(self, code: Code) -> str:
        return f"{code.name} {code.label}".casefold()

    def icon(self, code: Code) -> QIcon:
        key = (code.color, not code.codable)
        icon = self._icons.get(key)
        if icon is None:
            icon = self._icons[key] = swatch(code.color, hollow=not code.codable)
        return icon

    def muted(self) -> QBrush:
        app = QApplication.instance()
        pal = app.palette() if isinstance(app, QApplication) else QPalette()
        key = pal.cacheKey()
        if self._muted is None or self._muted_key != key:
            self._muted = QBrush(pal.color(QPalette.ColorRole.PlaceholderText))
            self._muted_key = key
        return self._muted

    def data(self, code: Code, column: int, role: int, has_children: bool) -> object:
        if column == 0:
            return self._name(code, role, has_children)
        if column == 1:
            if role == Role.DisplayRole:
                return self.keys.get(code.uuid, "")
            if role == Role.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
            if role == Role.ForegroundRole:
                return self.muted()
            if role == Role.ToolTipRole:
                key = self.keys.get(code.uuid)
                return f"Press {key} to apply this code to the selection" if key else None
            return None
        if column == 2:
            return self._count(code, role, has_children)
        return None

    def _name(self, code: Code, role: int, has_children: bool) -> object:
        if role in (Role.DisplayRole, Role.EditRole):
            return code.name
        if role == Role.DecorationRole:
            return self.icon(code)
        if role == Role.FontRole:
            if code.deprecated or not code.codable:
                f = QFont()
                f.setItalic(code.deprecated)
                if not code.codable and has_children:
                    f.setWeight(QFont.Weight.DemiBold)
                return f
            return None
        if role == Role.ForegroundRole and code.deprecated:
            return self.muted()
        if role == Role.ToolTipRole:
            return self.tooltip(code)
        return None

    def _count(self, code: Code, role: int, has_children: bool) -> object:
        own = self.counts.get(code.id, 0)
        total = self.totals.get(code.id, own)
        shown = total if has_children else own
        if role == Role.DisplayRole:
            return f"{shown:,}" if shown else ""
        if role == Role.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Role.ForegroundRole and has_children and total != own:
            return self.muted()
        if role == Role.ToolTipRole:
            if has_children:
                return f"{own:,} codings with this code, {total:,} including its sub-codes"
            return f"{own:,} codings"
        if role == Role.UserRole:
            return shown
        return None

    def tooltip(self, code: Code) -> str:
        parts = [f"<b>{html.escape(code.name)}</b>"]
        if code.label:
            parts[0] += f" <span style='color:gray'>({html.escape(code.label)})</span>"
        if code.deprecated:
            parts.append("<i>Deprecated: kept for existing codings, not for new ones.</i>")
        if not code.codable:
            parts.append("<i>Grouping code: apply one of its sub-codes.</i>")
        for title, text in (("", code.definition), ("Include: ", code.inclusion),
                            ("Exclude: ", code.exclusion)):
            if text.strip():
                short = text.strip() if len(text) < 400 else text.strip()[:400] + "…"
                parts.append(f"{title}{html.escape(short)}")
        if len(parts) == 1:
            parts.append("<span style='color:gray'>No definition yet.</span>")
        if code.attributes:
            names = ", ".join(html.escape(a.name) for a in code.attributes)
            parts.append(f"<span style='color:gray'>Attributes: {names}</span>")
        return "<p style='white-space:pre-wrap'>" + "<br>".join(parts) + "</p>"
