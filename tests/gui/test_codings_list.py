"""The codings list model: lazy cells, sorting in place, incremental updates, filtering."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from annotator.domain.model import Code, Coding, Segment
from annotator.gui.models.codings_model import CodingsFilter, CodingsModel, Sections

TEXT = "Alpha beta gamma. Delta epsilon zeta. Eta theta iota. Kappa lambda mu."
CODES = {1: Code(1, "u1", "Torture", color="#E69F00"), 2: Code(2, "u2", "Arrest")}
CODERS = {1: "alice", 2: "bob"}
OUTLINE = [Segment("section", "1", "First", 0, 36), Segment("subsection", "1.a", "Inner", 18, 36),
           Segment("section", "2", "Second", 37, len(TEXT))]


def _coding(i: int, start: int, end: int, code: int, coder: int, memo: str = "") -> Coding:
    return Coding(i, f"c{i}", 1, start, end, code, coder, memo=memo)


def _model(qtbot):  # type: ignore[no-untyped-def]
    model = CodingsModel(CODES.get, CODERS.__getitem__)
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_document(TEXT, [_coding(1, 18, 36, 1, 1), _coding(2, 0, 5, 2, 2, "check"),
                              _coding(3, 37, 52, 1, 2)], OUTLINE)
    return model, tester


def _col(model, col):  # type: ignore[no-untyped-def]
    return [model.index(r, col).data() for r in range(model.rowCount())]


def test_cells_sections_and_position_order(qtbot):
    model, _t = _model(qtbot)
    assert _col(model, 0) == ["Arrest ✎", "Torture", "Torture"]
    assert _col(model, 1) == ["bob", "alice", "bob"]
    assert _col(model, 2) == ["Alpha", TEXT[18:36], TEXT[37:52].strip()]
    assert _col(model, 3) == ["1 First", "1.a Inner", "2 Second"]
    assert "Memo: check" in model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert Sections(OUTLINE).at(20).path == "1.a" and Sections(OUTLINE).at(36) is None


def test_sorting_happens_in_the_model_and_inserts_follow_it(qtbot):
    model, _t = _model(qtbot)
    proxy = CodingsFilter(model)
    proxy.sort(CodingsModel.COL_CODER, Qt.SortOrder.DescendingOrder)
    assert _col(model, 1) == ["bob", "bob", "alice"]
    model.apply({4: _coding(4, 6, 10, 2, 1)})
    assert _col(model, 1) == ["bob", "bob", "alice", "alice"]
    proxy.sort(CodingsModel.COL_CODE, Qt.SortOrder.AscendingOrder)
    assert _col(model, 0) == ["Arrest ✎", "Arrest", "Torture", "Torture"]
    model.apply({2: None, 1: _coding(1, 18, 30, 2, 1)})
    assert [model.coding(r).id for r in range(4 - 1)] == [4, 1, 3]
    assert model.row_of(3) == 2


def test_filter_by_text_and_hidden_coders(qtbot):
    model, _t = _model(qtbot)
    proxy = CodingsFilter(model)
    QAbstractItemModelTester(proxy, QAbstractItemModelTester.FailureReportingMode.Fatal)
    proxy.set_text("TORTURE")
    assert proxy.rowCount() == 2
    proxy.set_hidden_coders({2})
    assert proxy.rowCount() == 1 and proxy.coding(proxy.index(0, 0)).id == 1
    proxy.set_text("")
    proxy.set_hidden_coders(set())
    assert proxy.rowCount() == 3
    big = {i: _coding(i, i % 60, i % 60 + 5, 1 + i % 2, 1) for i in range(10, 200)}
    model.apply(big)  # a batch resets once instead of 190 row inserts
    assert proxy.rowCount() == 193


def test_code_keys_skip_menu_shortcuts_and_duplicates(qtbot):
    from annotator.gui.actions import assign_keys

    codes = [Code(1, "a", "A", shortcut="Ctrl+F"), Code(2, "b", "B", shortcut="t"),
             Code(3, "c", "C", shortcut="T"), Code(4, "d", "Group", codable=False),
             Code(5, "e", "E", deprecated=True), Code(6, "f", "F")]
    keys = assign_keys(codes, {"CTRL+F"})
    assert keys == {"b": "t", "a": "1", "c": "2", "f": "3"}


def test_rows_stay_right_through_many_inserts_removals_and_filters(qtbot):
    import random

    model = CodingsModel(CODES.get, CODERS.__getitem__)
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_document(TEXT, [_coding(i, i % 60, i % 60 + 5, 1 + i % 2, 1 + i % 2)
                              for i in range(1, 40)], OUTLINE)
    rnd = random.Random(7)
    live = {c.id for c in model.codings()}
    for step in range(200):
        if live and rnd.random() < 0.45:
            cid = rnd.choice(sorted(live))
            model.apply({cid: None})  # an id may come back later, as SQLite reuses rowids
            live.discard(cid)
        else:
            cid = rnd.randint(1, 60)
            s = rnd.randint(0, 60)
            model.apply({cid: _coding(cid, s, s + 4, 1 + cid % 2, 1 + cid % 2)})
            live.add(cid)
        if step % 50 == 49:
            model.set_filter(hidden={2} if step % 100 == 49 else set())
        listed = [model.coding(r).id for r in range(model.rowCount())]
        assert all(model.row_of(cid) == r for r, cid in enumerate(listed))
        assert model.total() == len(live)
