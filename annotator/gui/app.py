"""QApplication and composition root."""

from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    args = list(sys.argv[1:] if argv is None else argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    win = QMainWindow()
    win.setWindowTitle("annotator" + (f" — {Path(args[0]).name}" if args else ""))
    win.setCentralWidget(QLabel("annotator"))
    win.resize(1200, 800)
    win.show()
    return int(app.exec())
