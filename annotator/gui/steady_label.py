"""Labels whose text changes with every edit, without re-laying out the window.

When a label's text changes, Qt asks every layout above it to run again: the status bar or dock
it sits in, then the main window with all its docks. For a count that changes on each code key
that is a whole-window layout per edit. A label of fixed size does not ask (its size cannot
change), so :func:`set_steady_text` keeps the label at a fixed size with a little room to spare,
and changes that size only when the text outgrows it (or needs much less).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

ROOM = "0000"  # spare width: a count may grow by a few digits before the label must grow


def set_steady_text(label: QLabel, text: str) -> None:
    if text == label.text() and label.minimumSize() == label.maximumSize():
        return
    label.setText(text)
    hint = label.sizeHint()
    room = label.fontMetrics().horizontalAdvance(ROOM)
    fixed = label.minimumSize() == label.maximumSize()
    width = label.maximumWidth()
    if (not fixed or hint.width() > width or hint.width() < width - 2 * room
            or hint.height() != label.maximumHeight()):
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        label.setFixedSize(hint.width() + room, hint.height())
