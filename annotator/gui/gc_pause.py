"""Holding Python's cycle collector while Qt walks many objects at once.

Two reasons, one mechanism:

* **Speed.** Building tens of thousands of small objects (a document's codings, spans, rows)
  sets off collections that rescan the whole heap again and again.
* **Safety.** An application-wide change (palette, style sheet, style) is sent by Qt to every
  widget in turn, from a list of raw pointers it made first. A Python event handler on one of
  those widgets may allocate and so set off a collection; a widget kept alive only by a
  reference cycle (a closed dialog, a panel of a closed project) is then deleted, and Qt sends
  the next event to freed memory: the process dies. The collector waits until Qt is done.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block (reference counting goes on)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
