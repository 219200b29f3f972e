"""A long document stays scrollable to its end after the highlighter's background pass.

The pass lays out blocks that were never shown (each counted as one line until then) with the
layout's signals held back; the scroll bar's range must still grow to the real line count, or
the end of the report could no longer be reached, nor a search hit or coding there shown."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from annotator.domain.spans import SpanInfo
from annotator.domain.text import paragraph_spans
from annotator.gui.document_view import DocumentView

PARA = ("Security forces detained protesters and journalists in the capital, and courts "
        "sentenced several of them after trials that observers called unfair. ") * 6


def test_end_reachable_after_background_pass(qtbot: QtBot) -> None:
    text = "\n\n".join(f"{i}. {PARA}" for i in range(400))
    v = DocumentView()
    qtbot.addWidget(v)
    v.resize(700, 500)
    v.show()
    qtbot.waitExposed(v)
    spans = [SpanInfo(f"s{i}", i * 1000, i * 1000 + 300, "code-a", 1, "#E69F00")
             for i in range(len(text) // 1000)]
    v.set_document(text, spans, [(p.start, p.end) for p in paragraph_spans(text)])
    v.highlighter.finish_now()  # what happens on its own once the user pauses
    doc = v.editor.document()
    bar = v.editor.verticalScrollBar()
    assert doc.lineCount() > 2 * doc.blockCount()  # every paragraph wraps: laid out now
    assert bar.maximum() >= doc.lineCount() - bar.pageStep() - 1
    end = len(text) - 5
    v.scroll_to(end)
    qtbot.wait(10)
    first, last = v.editor.visible_block_range()
    assert first.position() <= end <= last.position() + last.length()
