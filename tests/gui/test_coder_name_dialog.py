"""The "Who is coding?" dialog shows all of itself: text, field, coder list and buttons."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from annotator.gui.dialogs.coder_name import CoderNameDialog


@pytest.mark.parametrize("first_run", [True, False])
def test_nothing_is_cut_off(qtbot, first_run: bool) -> None:  # noqa: ANN001
    known = [f"Coder number {i}" for i in range(14)]  # a long list that wraps
    dialog = CoderNameDialog(None, known, first_run=first_run)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    inside = dialog.rect()
    for w in [*dialog.findChildren(QLabel), dialog.edit, dialog.buttons]:
        geo = w.geometry().translated(w.parentWidget().mapTo(dialog, w.parentWidget().rect()
                                                             .topLeft()))
        assert inside.contains(geo), f"{type(w).__name__} {geo} outside {inside}"
        if isinstance(w, QLabel) and w.wordWrap():
            assert w.height() >= w.heightForWidth(w.width()), w.text()
