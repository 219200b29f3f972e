"""Text that is safe to show: file names with escapes, excerpts without terminal controls.

File names on Linux are bytes; Python hands undecodable bytes over as lone surrogates
(``b"caf\\xe9.txt"`` becomes ``"caf\\udce9.txt"``), which cannot be printed or stored. A newline
in a name would split a one-line message. Text printed to a terminal must not carry escape
sequences (ESC, CSI, BEL...) that move the cursor, retitle the window or hide lines.
"""

from __future__ import annotations

import os
import re

# C0 and C1 controls except tab and newline, DEL, and lone surrogates.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# The same for a one-line name: newline and tab are escaped as well.
_NAME_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte carried by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    if ch == "\n":
        return "\\n"
    if ch == "\t":
        return "\\t"
    if ch == "\r":
        return "\\r"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def shown_name(name: str | os.PathLike[str]) -> str:
    """A file name or path for a one-line message: undecodable bytes and controls escaped."""
    return _NAME_UNSAFE.sub(_escape, os.fspath(name))


def stored_name(name: str) -> str:
    """A file name fit for storage and titles: undecodable bytes and controls become U+FFFD."""
    try:
        raw = name.encode("utf-8", errors="surrogateescape")
    except UnicodeEncodeError:  # a surrogate that no file system byte produced
        raw = name.encode("utf-8", errors="replace")
    return _NAME_UNSAFE.sub("\ufffd", raw.decode("utf-8", errors="replace"))


def terminal_safe(text: str) -> str:
    """``text`` without terminal control characters (escaped as ``\\x1b`` etc.); line breaks
    and tabs are kept."""
    return _CONTROLS.sub(_escape, text)
