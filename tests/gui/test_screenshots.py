"""Screenshots of a densely coded report (light and dark) into test-output/, for eyes.

The document is set before the widget is first shown, as the main window does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from annotator.gui.document_view import DocumentView
from annotator.gui.theme import set_look

from .demo_document_view import (OKABE_ITO, dark_palette, light_palette, mixed_script_example,
                                 show_dense)

OUT = Path(__file__).resolve().parents[2] / "test-output"


@pytest.fixture
def app_palette(qapp: QApplication) -> Iterator[Callable[[QPalette], None]]:
    """Switch the application palette (as the theme does), and restore it afterwards."""
    saved = QPalette(qapp.palette())
    yield lambda pal: set_look(qapp, palette=pal)
    set_look(qapp, palette=saved)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_dense_codings_screenshot(qtbot: QtBot, app_palette, dark: bool) -> None:
    app_palette(dark_palette() if dark else light_palette())
    view = DocumentView()
    qtbot.addWidget(view)
    view.resize(1200, 850)
    show_dense(view)
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(60)  # transient marks (the find hit) follow the viewport after a short pause
    view.repaint()
    image = view.grab().toImage()
    OUT.mkdir(exist_ok=True)
    path = OUT / f"document_view_dense_{'dark' if dark else 'light'}.png"
    assert image.save(str(path))
    # the text wraps inside its column: nothing to scroll sideways
    assert view.editor.horizontalScrollBar().maximum() == 0
    # margin bars are drawn in the codes' own colours, and the page follows the palette
    bars = {QColor(image.pixel(x, y)).name()
            for x in range(0, view.width() // 3) for y in range(0, image.height(), 3)}
    strong = {view.styles.bar(c).name() for c in OKABE_ITO}
    assert len(bars & strong) >= 3
    page = QColor(image.pixel(view.width() // 2, image.height() - 5))
    assert (page.lightness() < 80) == dark


def test_mixed_script_screenshot(qtbot: QtBot, app_palette: Callable[[QPalette], None]) -> None:
    app_palette(light_palette())
    text, spans = mixed_script_example()
    view = DocumentView()
    qtbot.addWidget(view)
    view.resize(900, 300)
    view.set_document(text, spans, [])
    view.show()
    qtbot.waitExposed(view)
    s = text.index("(المحكمة)") + 1
    view.select(s + 2, s + 4)  # inside the Arabic word: snapped to all of it
    assert view.selection() == (s, s + len("المحكمة"))
    view.repaint()
    image = view.grab().toImage()
    OUT.mkdir(exist_ok=True)
    assert image.save(str(OUT / "document_view_mixed_script.png"))
