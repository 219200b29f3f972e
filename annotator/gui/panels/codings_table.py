"""The codings list's table: a coding made or undone further down the list repaints nothing.

Qt answers any change in the number of rows with a new layout of the view and a repaint of
every visible row (``doItemsLayout``). In a document with thousands of codings, the one a code
key makes (or Ctrl+Z takes back) is almost always below the rows on screen: then only the
scroll bar changes, and repainting the rows cost more than the rest of the keystroke's
painting. Anything else (sorting, filtering, a reset, resizing, rows changing at or above the
last visible row) still lays out and repaints the whole view, as Qt does.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QModelIndex, SignalInstance
from PySide6.QtWidgets import QTableView


class CodingsTable(QTableView):
    def __init__(self) -> None:
        super().__init__()
        self._rows_below = False  # rows came or went below the last visible one
        self._whole = False  # something else changed: lay out and repaint everything
        self._model: QAbstractItemModel | None = None

    def setModel(self, model: QAbstractItemModel | None) -> None:  # noqa: N802 - Qt override
        if self._model is not None:
            for sig, slot in self._hooks(self._model):
                sig.disconnect(slot)
        self._whole = True
        super().setModel(model)
        self._model = model
        if model is not None:
            for sig, slot in self._hooks(model):
                sig.connect(slot)

    def _hooks(self, m: QAbstractItemModel) -> list[tuple[SignalInstance, Callable[..., None]]]:
        return [(m.rowsInserted, self._rows_changed), (m.rowsAboutToBeRemoved, self._rows_changed),
                (m.layoutChanged, self._changed), (m.modelReset, self._changed),
                (m.rowsMoved, self._changed), (m.columnsInserted, self._changed),
                (m.columnsRemoved, self._changed)]

    def _rows_changed(self, parent: QModelIndex, first: int, _last: int) -> None:
        last_shown = self.rowAt(self.viewport().height() - 1)  # -1: the rows do not fill it
        if parent.isValid() or last_shown < 0 or first <= last_shown:
            self._whole = True
        else:
            self._rows_below = True

    def _changed(self, *_: object) -> None:
        self._whole = True

    def doItemsLayout(self) -> None:  # noqa: N802 - Qt override
        only_below = self._rows_below and not self._whole
        self._rows_below = self._whole = False
        if only_below:
            self.updateGeometries()  # the scroll bar's range; the rows on screen are unchanged
        else:
            super().doItemsLayout()
