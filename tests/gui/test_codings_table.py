"""The codings table repaints its rows only when the rows on screen change."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication

from annotator.gui.panels.codings_table import CodingsTable


class _Paints(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def _table(qtbot, rows: int = 200) -> tuple[CodingsTable, QStandardItemModel, _Paints]:  # noqa: ANN001
    model = QStandardItemModel()
    for i in range(rows):
        model.appendRow([QStandardItem(f"row {i}"), QStandardItem(f"text {i}")])
    table = CodingsTable()
    qtbot.addWidget(table)
    table.setModel(model)
    table.resize(400, 300)
    table.show()
    qtbot.waitExposed(table)
    QApplication.processEvents()
    paints = _Paints()
    table.viewport().installEventFilter(paints)
    table._paints = paints  # type: ignore[attr-defined]  # (kept alive with the table)
    return table, model, paints


def _shown(table: CodingsTable) -> list[str]:
    vp = table.viewport()
    out = []
    for y in range(2, vp.height(), table.rowHeight(0)):
        idx = table.indexAt(QPoint(5, y))
        if idx.isValid():
            out.append(idx.data())
    return out


def _settle(qtbot) -> None:  # noqa: ANN001
    qtbot.wait(30)
    QApplication.processEvents()


def test_a_row_below_the_view_repaints_no_row_but_can_be_scrolled_to(qtbot) -> None:  # noqa: ANN001
    table, model, paints = _table(qtbot)
    before = _shown(table)
    bar = table.verticalScrollBar().maximum()
    paints.count = 0
    model.insertRow(150, [QStandardItem("new"), QStandardItem("new text")])
    _settle(qtbot)
    assert paints.count == 0
    assert _shown(table) == before
    assert table.verticalScrollBar().maximum() == bar + 1  # the range follows
    table.scrollTo(model.index(150, 0))
    _settle(qtbot)
    assert "new" in _shown(table)
    # and removed again below the view: still nothing to repaint on screen
    table.scrollToTop()
    _settle(qtbot)
    paints.count = 0
    model.removeRow(150)
    _settle(qtbot)
    assert paints.count == 0
    assert table.verticalScrollBar().maximum() == bar


def test_a_row_in_or_above_the_view_repaints_the_rows(qtbot) -> None:  # noqa: ANN001
    table, model, paints = _table(qtbot)
    table.scrollTo(model.index(100, 0), table.ScrollHint.PositionAtTop)
    _settle(qtbot)
    before = _shown(table)
    paints.count = 0
    model.insertRow(0, [QStandardItem("inserted above"), QStandardItem("x")])
    _settle(qtbot)
    assert paints.count > 0
    assert _shown(table) == [before[0].replace("100", "99")] + before[:-1]  # all moved down
    top = table.rowAt(5)
    paints.count = 0
    model.insertRow(top, [QStandardItem("inserted on screen"), QStandardItem("x")])
    _settle(qtbot)
    assert paints.count > 0
    assert _shown(table)[0] == "inserted on screen"
    paints.count = 0
    model.removeRow(table.rowAt(5))  # a row on screen goes
    _settle(qtbot)
    assert paints.count > 0
    assert _shown(table)[0] != "inserted on screen"


def test_a_short_list_shows_a_new_last_row(qtbot) -> None:  # noqa: ANN001
    table, model, paints = _table(qtbot, rows=3)  # the rows do not fill the view
    model.appendRow([QStandardItem("fourth"), QStandardItem("x")])
    _settle(qtbot)
    assert "fourth" in _shown(table)
    assert paints.count > 0


def test_sorting_and_resets_repaint_everything(qtbot) -> None:  # noqa: ANN001
    table, model, paints = _table(qtbot)
    model.insertRow(150, [QStandardItem("zzz below"), QStandardItem("x")])  # below, then...
    model.sort(0)  # ...a sort in the same turn: the rows on screen change
    _settle(qtbot)
    assert paints.count > 0
    assert _shown(table) == sorted(_shown(table), key=str)
