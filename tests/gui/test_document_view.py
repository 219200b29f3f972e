"""DocumentView behaviour: code-point selections over hostile text, highlights, filters,
transient marks, keyboard navigation, edge drags and gutter clicks (pytest-qt, offscreen)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QHelpEvent, QImage, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QToolTip, QWidget
from PySide6.QtTest import QTest

from annotator.domain.spans import SpanInfo
from annotator.gui.document_view import MIME_SELECTION, DocumentView
from annotator.gui.document_view.geometry import display_text

# Astral characters, a ZWJ family, combining marks and right-to-left text before the phrases.
HOSTILE = ("Report 😀 on 𝑴 and 𠀀 with cafe\u0301 and 👨\u200d👩\u200d👧 family.\n\n"
           "النص العربي هنا وكذلك עברית כאן before the key phrase arrived late.\n\n"
           "Police detained 𝑴𝑴 protesters near the court. Later they were released.\n\n"
           "Third paragraph mentions torture and ill treatment of detainees.\n\n"
           "Final paragraph without codings.")


def u16(text: str, cp: int) -> int:
    """Independent code point -> UTF-16 conversion (not the one under test)."""
    return len(text[:cp].encode("utf-16-le")) // 2


def span(uuid: str, start: int, end: int, coder: int = 1, color: str = "#E69F00",
         code: str = "code-a") -> SpanInfo:
    return SpanInfo(uuid, start, end, code, coder, color)


@pytest.fixture
def view(qtbot: QtBot) -> DocumentView:
    v = DocumentView()
    qtbot.addWidget(v)
    v.resize(900, 600)
    v.show()
    qtbot.waitExposed(v)
    return v


def block_formats(v: DocumentView, text: str, cp: int) -> list[tuple[int, int, str]]:
    """Highlighter formats (document UTF-16 start, end, background) of the block holding cp."""
    block = v.editor.document().findBlock(u16(text, cp))
    return [(block.position() + r.start, block.position() + r.start + r.length,
             r.format.background().color().name()) for r in block.layout().formats()]


def covered(v: DocumentView, text: str, a: int, b: int) -> bool:
    """Is every UTF-16 unit of the code-point range [a, b) under some highlight format?"""
    units: set[int] = set()
    for s, e, _ in block_formats(v, text, a):
        units.update(range(s, e))
    return set(range(u16(text, a), u16(text, b))) <= units


def caret_point(v: DocumentView, text: str, cp: int) -> QPoint:
    cur = QTextCursor(v.editor.document())
    cur.setPosition(u16(text, cp))
    return v.editor.cursorRect(cur).center()


# --- selection in code points -----------------------------------------------------------------
@pytest.mark.parametrize("phrase", ["key phrase", "detained", "protesters near", "court"])
def test_cursor_selection_is_in_code_points(view: DocumentView, phrase: str) -> None:
    view.set_document(HOSTILE, [], [])
    start = HOSTILE.index(phrase)
    end = start + len(phrase)
    cur = view.editor.textCursor()
    cur.setPosition(u16(HOSTILE, start))
    cur.setPosition(u16(HOSTILE, end), QTextCursor.MoveMode.KeepAnchor)
    view.editor.setTextCursor(cur)
    assert view.selection() == (start, end)
    assert HOSTILE[slice(*view.selection())] == phrase


def test_mouse_drag_selects_phrase_and_snaps_to_words(view: DocumentView) -> None:
    view.set_document(HOSTILE, [], [])
    start = HOSTILE.index("key phrase")
    end = start + len("key phrase")
    vp = view.editor.viewport()
    seen: list[tuple[int, int]] = []
    view.selection_changed.connect(lambda a, b: seen.append((a, b)))
    # from inside "key" to inside "phrase": snapping widens to the whole words
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     caret_point(view, HOSTILE, start + 1))
    QTest.mouseMove(vp, caret_point(view, HOSTILE, end - 3))
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       caret_point(view, HOSTILE, end - 2))
    assert view.selection() == (start, end)
    assert seen[-1] == (start, end)
    # the widget now shows the snapped selection too
    cur = view.editor.textCursor()
    assert (cur.selectionStart(), cur.selectionEnd()) == (u16(HOSTILE, start), u16(HOSTILE, end))
    view.set_snap_to_words(False)
    assert view.selection() == (start, end)


def test_mouse_drag_over_right_to_left_text(view: DocumentView) -> None:
    view.set_document(HOSTILE, [], [])
    word = "العربي"
    start = HOSTILE.index(word)
    end = start + len(word)
    vp = view.editor.viewport()
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     caret_point(view, HOSTILE, start))
    QTest.mouseMove(vp, caret_point(view, HOSTILE, end))
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       caret_point(view, HOSTILE, end))
    assert view.selection() == (start, end)


def test_right_to_left_document_is_right_aligned(view: DocumentView) -> None:
    arabic = "أفادت منظمات حقوق الإنسان بأن الشرطة احتجزت الصحفيين."
    for text, right in ((f"{arabic}\n\nShort English line.", True), (HOSTILE, False)):
        view.set_document(text, [], [])
        view.repaint()
        layout = view.editor.document().lastBlock().layout()
        rect = layout.lineAt(0).naturalTextRect()
        width = view.editor.viewport().width()
        assert (rect.left() > width / 3) == right  # short lines hug the right edge
    s = HOSTILE.index("العربي")
    view.select(s + 1, s + 3)
    assert view.selection() == (s, s + len("العربي"))


def test_select_and_snap_around_marks_and_astral(view: DocumentView) -> None:
    view.set_document(HOSTILE, [], [])
    cafe = HOSTILE.index("cafe\u0301")
    view.select(cafe + 1, cafe + 4)  # inside the word, before its combining accent
    assert view.selection() == (cafe, cafe + 5)
    m = HOSTILE.index("𝑴𝑴")
    view.select(m, m + 2)
    assert view.selection() == (m, m + 2)
    view.set_snap_to_words(False)
    view.select(cafe + 1, cafe + 3)
    assert view.selection() == (cafe + 1, cafe + 3)
    view.move_cursor(cafe)
    assert view.selection() is None


def test_selection_mime_carries_code_points_and_canonical_text(view: DocumentView) -> None:
    text = "a\u00a0b 😀 quoted words here"
    view.set_document(text, [], [])
    s = text.index("quoted")
    view.select(s, s + len("quoted words"))
    data = view.editor.createMimeDataFromSelection()  # what Qt's drag and copy use
    assert bytes(data.data(MIME_SELECTION)).decode() == f"{s},{s + 12}"
    assert data.text() == "quoted words"
    view.select(0, 3)
    assert view.selection_mime().text() == "a\u00a0b"  # NBSP kept, unlike toPlainText()


# --- highlights ---------------------------------------------------------------------------------
def test_add_update_remove_spans_rehighlight(view: DocumentView) -> None:
    view.set_document(HOSTILE, [], [])
    s = HOSTILE.index("detained")
    view.add_spans([span("c1", s, s + 8, color="#0072B2")])
    assert covered(view, HOSTILE, s, s + 8)
    assert not covered(view, HOSTILE, s - 2, s)
    assert [x.uuid for x in view.spans_at(s + 3)] == ["c1"]
    view.update_spans([span("c1", s - 7, s, color="#0072B2")])  # "Police " → moved left
    assert covered(view, HOSTILE, s - 7, s)
    assert not covered(view, HOSTILE, s + 1, s + 8)
    assert view.spans_at(s + 3) == []
    view.remove_spans(["c1"])
    assert block_formats(view, HOSTILE, s) == []
    assert view.state.index.get("c1") is None


class _Paints(QObject):
    """Records the rectangles of paint events a widget receives."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.rects: list[QRect] = []
        widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.rects.append(QRect(event.rect()))
        return False


@pytest.mark.parametrize("case", ["first", "more", "new-lane"])
def test_changed_lines_are_repainted(qtbot: QtBot, view: DocumentView, case: str) -> None:
    text = "\n\n".join(f"Paragraph {i} holds a few words to code." for i in range(60))
    s = text.index("Paragraph 5 ")
    old = {"first": [], "more": [span("old", 0, 9)], "new-lane": [span("old", s, s + 30)]}
    view.set_document(text, old[case], [])
    qtbot.wait(20)
    vp, margin = _Paints(view.editor.viewport()), _Paints(view.margin)
    view.add_spans([span("new", s + 12, s + 22)])
    qtbot.waitUntil(lambda: bool(vp.rects) and bool(margin.rects), timeout=2000)
    top, bottom = view.editor.line_span_y(u16(text, s))
    assert any(r.top() <= top and r.bottom() >= bottom - 1 for r in vp.rects)
    assert any(r.top() <= top and r.bottom() >= bottom - 1 for r in margin.rects)
    # only the changed lines, except the margin when its numbers must move for a new lane
    assert max(r.height() for r in vp.rects) < view.editor.viewport().height() // 4
    tall = max(r.height() for r in margin.rects) >= view.margin.height() - 1
    assert tall == (case == "new-lane")


def test_overlaps_blend_and_underline(view: DocumentView) -> None:
    s = HOSTILE.index("Third")
    spans = [span("a", s, s + 30, color="#E69F00"), span("b", s + 10, s + 20, color="#56B4E9")]
    view.set_document(HOSTILE, spans, [])
    block = view.editor.document().findBlock(u16(HOSTILE, s))
    fmts = {(r.start, r.length): QTextCharFormat(r.format) for r in block.layout().formats()}
    alone, both = fmts[(0, 10)], fmts[(10, 10)]
    assert alone.background().color() != both.background().color()
    assert not alone.fontUnderline() and both.underlineStyle() != alone.underlineStyle()
    # text keeps its contrast over the tints
    from annotator.gui.document_view.style import contrast
    for f in (alone, both):
        assert contrast(view.styles.text, f.background().color()) >= 4.5
    # the shorter (more specific) coding is on top
    assert [x.uuid for x in view.spans_at(s + 15)] == ["b", "a"]


def test_hidden_coders_colors_and_emphasis(view: DocumentView) -> None:
    s = HOSTILE.index("Third")
    view.set_document(HOSTILE, [span("a", s, s + 5, coder=1),
                                span("b", s + 6, s + 15, coder=2, code="code-b")], [])
    view.set_hidden_coders({2})
    assert covered(view, HOSTILE, s, s + 5) and not covered(view, HOSTILE, s + 6, s + 15)
    assert view.spans_at(s + 7) == []
    view.set_hidden_coders(set())
    assert covered(view, HOSTILE, s + 6, s + 15)
    before = {c for *_, c in block_formats(view, HOSTILE, s)}
    view.set_code_colors({"code-b": "#009E73"})
    after = {c for *_, c in block_formats(view, HOSTILE, s)}
    assert before != after and len(after) == 2
    block = view.editor.document().findBlock(u16(HOSTILE, s))
    plain = {(r.start, r.length): r.format.background().color().name()
             for r in block.layout().formats()}
    view.highlighter.finish_now()
    shot = viewport_image(view)
    view.set_emphasis("code-b")
    focused = {(r.start, r.length): r.format.background().color().name()
               for r in block.layout().formats()}
    # the focused code is framed over the text: no format (so no layout) changes at all
    assert focused == plain and not view.highlighter.pending()
    assert all(r.format.fontWeight() in (0, 400) for r in block.layout().formats())
    now = viewport_image(view)
    assert changed_pixels(shot, now, piece_rect(view, HOSTILE, s + 6, s + 15)) > 10
    assert changed_pixels(shot, now, piece_rect(view, HOSTILE, s, s + 4)) == 0
    view.set_emphasis(None)
    assert changed_pixels(shot, viewport_image(view), view.editor.viewport().rect()) == 0


def viewport_image(v: DocumentView) -> QImage:
    return v.editor.viewport().grab().toImage()


def piece_rect(v: DocumentView, text: str, a: int, b: int) -> QRect:
    """Viewport rect around the first line piece of the code-point range [a, b)."""
    x1, x2, top, bottom = v.editor.line_pieces(u16(text, a), u16(text, b))[0]
    return QRect(int(x1) - 3, int(top) - 2, int(x2 - x1) + 6, int(bottom - top) + 4)


def changed_pixels(a: QImage, b: QImage, rect: QRect) -> int:
    r = rect.intersected(a.rect())
    return sum(a.pixel(x, y) != b.pixel(x, y)
               for x in range(r.left(), r.right() + 1) for y in range(r.top(), r.bottom() + 1))


def test_far_blocks_catch_up_after_a_filter_change(qtbot: QtBot, view: DocumentView) -> None:
    text = "\n\n".join(f"Paragraph {i} says something about rights." for i in range(3000))
    last = text.rindex("Paragraph")
    view.set_document(text, [span("far", last, last + 9, coder=2)], [])
    far = view.editor.document().findBlock(u16(text, last))
    assert view.highlighter.is_stale(far)  # opening highlights what is on screen first
    qtbot.waitUntil(lambda: not view.highlighter.pending(), timeout=5000)  # then the rest
    assert covered(view, text, last, last + 9)
    view.set_hidden_coders({2})
    assert view.highlighter.is_stale(view.editor.document().findBlock(u16(text, last)))
    qtbot.waitUntil(lambda: not view.highlighter.pending(), timeout=5000)
    assert block_formats(view, text, last) == []
    view.set_hidden_coders(set())
    view.scroll_to(last)  # scrolled into view: redone before painting
    assert covered(view, text, last, last + 9)


# --- transient marks -----------------------------------------------------------------------------
def test_find_hits_limited_to_viewport_and_flash(qtbot: QtBot, view: DocumentView) -> None:
    text = "\n\n".join(f"Line {i} mentions 😀 torture here." for i in range(400))
    hits = [(m, m + 7) for m in range(len(text)) if text.startswith("torture", m)]
    view.set_document(text, [], [])
    view.set_find_hits(hits, current=0)
    sels = view.editor.extraSelections()
    assert 0 < len(sels) < len(hits)
    got = [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in sels]
    assert got[0] == (u16(text, hits[0][0]), u16(text, hits[0][1]))
    assert sels[0].format.background() != sels[1].format.background()  # current stands out
    view.set_find_hits(hits, current=len(hits) - 1)  # jumps to the last hit
    qtbot.waitUntil(lambda: any(s.cursor.selectionStart() == u16(text, hits[-1][0])
                                for s in view.editor.extraSelections()), timeout=2000)
    view.set_find_hits([])
    assert view.editor.extraSelections() == []
    s = text.index("Line 1 ")
    view.scroll_to(0)
    view.flash(s, s + 6)
    assert [(x.cursor.selectionStart(), x.cursor.selectionEnd())
            for x in view.editor.extraSelections()] == [(u16(text, s), u16(text, s + 6))]
    qtbot.waitUntil(lambda: view.editor.extraSelections() == [], timeout=4000)
    far = text.rindex("Line")
    view.flash(far, far + 4)  # off screen: brought into view
    assert [(x.cursor.selectionStart(), x.cursor.selectionEnd())
            for x in view.editor.extraSelections()] == [(u16(text, far), u16(text, far + 4))]
    a, b = view.editor.visible_u16_range()
    assert a <= u16(text, far) < b


# --- keyboard ------------------------------------------------------------------------------------
def press(view: DocumentView, key: Qt.Key,
          mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(view.editor, key, mods)


def test_paragraph_and_sentence_keys(view: DocumentView) -> None:
    text = HOSTILE
    p3 = text.index("Police")
    s4 = text.index("Third")
    view.set_document(text, [span("x", p3, p3 + 6)], [])
    paras = view.state.paragraphs
    view.setFocus()
    view.move_cursor(0)
    alt = Qt.KeyboardModifier.AltModifier
    press(view, Qt.Key.Key_Down, alt)
    assert view.cursor_position() == paras[1][0]
    press(view, Qt.Key.Key_Down, alt)
    assert view.cursor_position() == p3
    press(view, Qt.Key.Key_Up, alt)
    assert view.cursor_position() == paras[1][0]
    view.move_cursor(paras[1][0] + 1)
    press(view, Qt.Key.Key_N, alt)  # next paragraph without codings skips "Police ..."
    assert view.cursor_position() == s4
    press(view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert view.selection() == paras[3]
    view.move_cursor(p3)
    press(view, Qt.Key.Key_Right, alt | Qt.KeyboardModifier.ShiftModifier)
    first_sentence = "Police detained 𝑴𝑴 protesters near the court."
    assert view.selection() == (p3, p3 + len(first_sentence))
    press(view, Qt.Key.Key_Right, alt | Qt.KeyboardModifier.ShiftModifier)
    assert view.selection() == paras[2]
    press(view, Qt.Key.Key_Left, alt | Qt.KeyboardModifier.ShiftModifier)
    assert view.selection() == (p3, p3 + len(first_sentence))


def test_coding_navigation_and_keyboard_bounds(qtbot: QtBot, view: DocumentView) -> None:
    text = HOSTILE
    a = text.index("key phrase")
    b = text.index("protesters")
    view.set_document(text, [span("A", a, a + 3), span("B", b, b + 10, coder=2)], [])
    view.setFocus()
    view.move_cursor(0)
    with qtbot.waitSignal(view.coding_activated) as sig:
        press(view, Qt.Key.Key_F8)
    assert sig.args == ["A"] and view.selection() == (a, a + 3)
    with qtbot.waitSignal(view.coding_activated) as sig:
        press(view, Qt.Key.Key_F8)
    assert sig.args == ["B"]
    with qtbot.waitSignal(view.coding_activated) as sig:
        press(view, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert sig.args == ["A"]
    ctrl_alt = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    with qtbot.waitSignal(view.coding_bounds_edited) as sig:
        press(view, Qt.Key.Key_Right, ctrl_alt | Qt.KeyboardModifier.ShiftModifier)
    assert sig.args == ["A", a, a + len("key phrase")]
    view.update_spans([span("A", a, a + len("key phrase"))])
    assert view.selection() == (a, a + len("key phrase"))  # the selection follows
    with qtbot.waitSignal(view.coding_bounds_edited) as sig:
        press(view, Qt.Key.Key_Left, ctrl_alt)
    assert sig.args == ["A", text.index("the key"), a + len("key phrase")]
    view.set_hidden_coders({2})
    view.move_cursor(a + 1)
    with qtbot.assertNotEmitted(view.coding_activated):
        press(view, Qt.Key.Key_F8)  # B is hidden


# --- mouse on codings, margin and gutter --------------------------------------------------------
def test_edge_drag_emits_new_bounds(qtbot: QtBot, view: DocumentView) -> None:
    text = HOSTILE
    s = text.index("Police")
    e = s + len("Police detained")
    view.set_document(text, [span("E", s, e)], [])
    vp = view.editor.viewport()
    target = text.index("protesters") + 7  # nearer the end of the word: snaps to it
    # edges are handles only once the coding is the current one: before, it is a selection
    with qtbot.assertNotEmitted(view.coding_bounds_edited):
        QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         caret_point(view, text, e))
        QTest.mouseMove(vp, caret_point(view, text, target))
        QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                           caret_point(view, text, target))
    assert view.selection() is not None
    view.activate_coding("E")
    view.move_cursor(0)
    with qtbot.waitSignal(view.coding_bounds_edited) as sig:
        QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         caret_point(view, text, e))
        QTest.mouseMove(vp, caret_point(view, text, target))
        assert covered(view, text, s, target)  # the highlight follows the pointer
        QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                           caret_point(view, text, target))
    assert sig.args == ["E", s, text.index("protesters") + len("protesters")]
    assert view.state.index.get("E") == span("E", s, e)  # nothing changes until the window says
    assert view.selection() is None


def test_click_on_highlight_and_margin_activate_codings(qtbot: QtBot,
                                                       view: DocumentView) -> None:
    text = HOSTILE
    s = text.index("Third")
    view.set_document(text, [span("long", s, s + 40), span("short", s + 6, s + 15)], [])
    vp = view.editor.viewport()
    inside = caret_point(view, text, s + 8) + QPoint(2, 0)
    with qtbot.waitSignal(view.coding_activated) as sig:
        QTest.mouseClick(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, inside)
    assert sig.args == ["short"]
    with qtbot.waitSignal(view.coding_activated) as sig:  # clicking again cycles
        QTest.mouseClick(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, inside)
    assert sig.args == ["long"]
    view.repaint()
    rect = view.margin.bar_rect("short")
    assert rect is not None
    with qtbot.waitSignal(view.coding_activated) as sig:
        QTest.mouseClick(view.margin, Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier, rect.center())
    assert sig.args == ["short"]
    view.set_tooltip_provider(lambda spans: ", ".join(sp.uuid for sp in spans))
    assert view.tooltip_for(view.spans_at(s + 8)) == "short, long"
    tip = QHelpEvent(QEvent.Type.ToolTip, inside, vp.mapToGlobal(inside))
    QApplication.sendEvent(vp, tip)
    assert QToolTip.text() == "short, long"


def test_gutter_click_activates_paragraph(qtbot: QtBot, view: DocumentView) -> None:
    view.set_document(HOSTILE, [], [])
    view.repaint()
    rect = view.margin.number_rect(2)
    assert rect is not None
    with qtbot.waitSignal(view.paragraph_activated) as sig:
        QTest.mouseClick(view.margin, Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier, rect.center())
    p = view.state.paragraphs[2]
    assert tuple(sig.args) == p and HOSTILE[p[0]:p[0] + 6] == "Police"
    assert view.selection() == p


# --- long documents ----------------------------------------------------------------------------
def test_giant_paragraph_display_split_keeps_offsets(view: DocumentView) -> None:
    words = ("government 😀 forces arrested the journalist. " * 900).strip()
    text = "Intro.\n\n" + words + " final phrase here"
    shown = display_text(text)
    assert len(shown) == len(text) and shown != text
    assert all(a == b or (a == " " and b == "\n") for a, b in zip(text, shown, strict=True))
    assert max(len(line) for line in shown.split("\n")) <= 5000
    view.set_document(text, [span("end", len(text) - 10, len(text))], [])
    assert view.editor.document().blockCount() > 10
    s = text.index("final phrase")
    view.select(s, s + len("final phrase"))
    assert view.selection() == (s, s + 12)
    assert covered(view, text, len(text) - 10, len(text))


def test_scroll_emits_visible_range(qtbot: QtBot, view: DocumentView) -> None:
    text = "\n\n".join(f"Paragraph number {i}." for i in range(500))
    view.set_document(text, [], [])
    with qtbot.waitSignal(view.visible_range_changed) as sig:
        view.scroll_to(text.index("Paragraph number 300."))
    a, b = sig.args
    assert a <= text.index("Paragraph number 300.") < b
    view.zoom(2)
    view.clear()
    assert view.selection() is None and view.spans_at(0) == []


def test_document_set_before_first_show_wraps_in_its_column(qtbot: QtBot) -> None:
    v = DocumentView()
    qtbot.addWidget(v)
    v.resize(1000, 500)
    v.set_document(("A long line of report text that must wrap. " * 40 + "\n\n") * 5, [], [])
    v.show()
    qtbot.waitExposed(v)
    assert v.editor.horizontalScrollBar().maximum() == 0
    layout = v.editor.document().firstBlock().layout()
    assert layout.lineCount() > 3
    assert max(layout.lineAt(i).naturalTextWidth() for i in range(layout.lineCount())) <= (
        v.editor.viewport().width())


def test_refuses_text_qt_would_change(view: DocumentView) -> None:
    with pytest.raises(ValueError, match="canonical"):
        view.set_document("one\r\ntwo", [], [])
    with pytest.raises(ValueError):
        view.set_document("short", [span("x", 2, 9)], [])
    view.set_document("fine text", [], [])
    with pytest.raises(ValueError):
        view.add_spans([span("y", 5, 50)])


def test_focusing_a_code_with_many_passages_restyles_nothing(qtbot: QtBot,
                                                             view: DocumentView) -> None:
    text = "\n\n".join(f"Paragraph {i} says something about rights." for i in range(600))
    starts = [text.index(f"Paragraph {i} ") for i in range(600)]
    spans = [span(f"b{i}", starts[i], starts[i] + 9, code="code-b", color="#56B4E9")
             for i in range(0, 600, 3)]  # 200 passages of the code to focus
    spans += [span(f"a{i}", starts[i], starts[i] + 9) for i in range(1, 600, 3)]
    view.set_document(text, spans, [])
    view.highlighter.finish_now()
    near_b, near_a, far_b = starts[0], starts[1], starts[597]
    before = {cp: block_formats(view, text, cp) for cp in (near_b, near_a, far_b)}
    shot = viewport_image(view)
    view.set_emphasis("code-b")
    assert not view.highlighter.pending()  # no block went stale
    assert {cp: block_formats(view, text, cp) for cp in before} == before
    now = viewport_image(view)
    assert changed_pixels(shot, now, piece_rect(view, text, near_b, near_b + 9)) > 10
    assert changed_pixels(shot, now, piece_rect(view, text, near_a, near_a + 9)) == 0
    view.scroll_to(far_b)  # far passages are framed when scrolled to
    far = viewport_image(view)
    view.set_emphasis(None)
    assert changed_pixels(far, viewport_image(view),
                          piece_rect(view, text, far_b, far_b + 9)) > 10
