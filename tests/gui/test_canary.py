"""Guards the PySide6 < 6.12 pin (architecture §6.6, pitfall 8): void-method calls must not
corrupt None's refcount on CPython 3.11."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtGui import QTextCursor, QTextDocument


def test_many_set_position_calls_in_process() -> None:
    doc = QTextDocument()
    doc.setPlainText("abcdefghij" * 100)
    cur = QTextCursor(doc)
    for i in range(200_000):
        cur.setPosition(i % 1000)
    assert cur.position() == 199_999 % 1000


def test_void_calls_then_interpreter_exit_in_subprocess() -> None:
    code = ("from PySide6.QtGui import QColor\n"
            "c = QColor(0, 0, 0)\n"
            "for i in range(5000):\n"
            "    c.setRed(i % 256)\n"
            "print(c.red())\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == str(4999 % 256)
