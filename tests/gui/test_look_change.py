"""Changing the application's look while garbage widgets are about.

Qt sends a palette or style-sheet change to every widget from a list it made first. If Python's
cycle collector ran inside one of those handlers, a widget kept alive only by a reference cycle
(a closed dialog, the panels of a closed project) was deleted under Qt's feet and the next
event went to freed memory: the process died (seen as a crashed test worker). ``set_look`` is
the one way the look changes; it collects first and holds the collector while Qt sends.

Run in a child process: the failure this guards against is a segmentation fault.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCENARIO = textwrap.dedent("""
    import gc, os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication, QWidget
    from annotator.gui.theme import set_look

    app = QApplication([])
    handled = []

    class Busy(QWidget):  # a widget with a Python handler (as ours have)
        def event(self, ev):
            if ev.type() in (QEvent.Type.ApplicationPaletteChange, QEvent.Type.PaletteChange,
                             QEvent.Type.StyleChange):
                handled.append(ev.type())
                if gc.isenabled() and len(handled) == 1:
                    gc.collect()  # what an allocation here does when a collection is due
            return super().event(ev)

    class Leftover(QWidget):
        pass

    gc.disable()
    busy = [Busy() for _ in range(20)]
    for w in busy[:4]:
        w.show()
    for _ in range(300):
        w = Leftover()
        w.me = w  # garbage: only its own cycle keeps it
    del w
    pal = QPalette()
    pal.setColor(QPalette.ColorRole.Window, QColor("#123456"))
    before = len(QApplication.allWidgets())
    gc.set_threshold(0)  # no collection of its own accord: only the one in the handler
    gc.enable()
    set_look(app, palette=pal, sheet="QWidget { color: #654321; }")
    set_look(app, palette=QPalette(), sheet="")
    left = sum(isinstance(w, Leftover) for w in QApplication.allWidgets())
    print(before, left, len(handled))
""")


def test_look_change_with_garbage_widgets_about() -> None:
    proc = subprocess.run([sys.executable, "-c", SCENARIO], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, f"the process died ({proc.returncode}): {proc.stderr[-2000:]}"
    before, left, handled = map(int, proc.stdout.split())
    assert before == 320
    assert left == 0  # the leftovers were collected, before Qt sent anything
    assert handled >= 20  # and the live widgets did get the changes
