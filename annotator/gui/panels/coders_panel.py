"""Coders of the project: who is coding, whose codings are visible, blind mode.

Which coders are visible is always spelled out, because silently hidden codings are the most
common "my codings disappeared" complaint with other tools.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QCheckBox, QLabel, QListView, QMenu, QToolButton, QVBoxLayout,
                               QWidget)

from annotator.gui.controller import Controller

CODER_ROLE = Qt.ItemDataRole.UserRole + 1


def visible_summary(controller: Controller) -> str:
    coders = controller.coders()
    visible = controller.visible_coders()
    if not coders:
        return "no coders yet"
    if len(visible) == len(coders):
        return "all coders" if len(coders) > 3 else ", ".join(c.name for c in visible)
    if not visible:
        return "nobody"
    return ", ".join(c.name for c in visible)


class CodersPanel(QWidget):
    switch_requested = Signal()  # ask for another coder's name

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.model = QStandardItemModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.blind = QCheckBox("Blind mode: show only my codings")
        self.blind.setToolTip("For independent double coding: every other coder's codings are "
                              "hidden (and counted out) until you switch it off.")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setObjectName("muted")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.blind)
        lay.addWidget(self.note)
        self.model.itemChanged.connect(self._on_item)
        self.blind.toggled.connect(controller.set_blind)
        controller.visibility_changed.connect(self.refresh)
        controller.coder_changed.connect(self.refresh)
        self._loading = False
        self.refresh()

    def refresh(self) -> None:
        self._loading = True
        try:
            c = self.controller
            me = c.coder.id if c.coder else None
            self.model.clear()
            for coder in c.coders():
                mine = coder.id == me
                item = QStandardItem(f"{coder.name}{'  (you)' if mine else ''}")
                item.setEditable(False)
                item.setCheckable(True)
                item.setData(coder.id, CODER_ROLE)
                item.setCheckState(Qt.CheckState.Checked if c.is_visible(coder.id)
                                   else Qt.CheckState.Unchecked)
                item.setEnabled(not (c.blind and not mine))
                if mine:
                    f = QFont()
                    f.setWeight(QFont.Weight.DemiBold)
                    item.setFont(f)
                item.setToolTip("Codings shown" if c.is_visible(coder.id) else
                                ("Hidden by blind mode" if c.blind else "Hidden (tick to show)"))
                self.model.appendRow(item)
            self.blind.setChecked(c.blind)
            if c.blind:
                self.note.setText("Blind mode is on: other coders' codings are hidden.")
            else:
                self.note.setText(f"Showing codings of: {visible_summary(c)}.")
        finally:
            self._loading = False

    def _on_item(self, item: QStandardItem) -> None:
        if self._loading:
            return
        coder_id = item.data(CODER_ROLE)
        if coder_id is not None:
            self.controller.set_coder_visible(
                int(coder_id), item.checkState() == Qt.CheckState.Checked)


class CoderButton(QToolButton):
    """Toolbar button "Coder: Alice ▾" with a menu to switch coders."""

    switch_requested = Signal()

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setMenu(QMenu(self))
        self.menu().aboutToShow.connect(self._fill)
        controller.coder_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        coder = self.controller.coder
        self.setText(f"Coder: {coder.name if coder else '—'}")
        self.setToolTip("Who is coding now. New codings are recorded under this name.")

    def _fill(self) -> None:
        menu = self.menu()
        menu.clear()
        me = self.controller.coder
        for coder in self.controller.coders():
            act = QAction(coder.name, menu)
            act.setCheckable(True)
            act.setChecked(me is not None and coder.id == me.id)
            act.triggered.connect(lambda _=False, n=coder.name: self.controller.switch_coder(n))
            menu.addAction(act)
        menu.addSeparator()
        menu.addAction("Another coder…", self.switch_requested.emit)


class VisibleButton(QToolButton):
    """Toolbar button "Visible: Alice, Bob ▾": tick coders on and off."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setMenu(QMenu(self))
        self.menu().aboutToShow.connect(self._fill)
        controller.visibility_changed.connect(self.refresh)
        controller.coder_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        c = self.controller
        text = "only mine (blind)" if c.blind else visible_summary(c)
        self.setText(f"Visible: {text}")
        self.setToolTip("Whose codings are shown in the text, the list and the counts")

    def _fill(self) -> None:
        menu = self.menu()
        menu.clear()
        c = self.controller
        me = c.coder.id if c.coder else None
        for coder in c.coders():
            act = QAction(coder.name + ("  (you)" if coder.id == me else ""), menu)
            act.setCheckable(True)
            act.setChecked(c.is_visible(coder.id))
            act.setEnabled(not c.blind or coder.id == me)
            act.toggled.connect(lambda on, i=coder.id: c.set_coder_visible(i, on))
            menu.addAction(act)
