"""Import worker processes that never outlive the program that started them.

A ``kill -9`` (or an unhandled SIGTERM) of ``annotator import`` gives its pool no chance to shut
down; workers would finish their files and wait on their queue for a minute or more. Each worker
watches the process that owns the pool and exits as soon as it is gone (and where that process
is its parent, also asks Linux to kill it at once: ``PR_SET_PDEATHSIG``).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1
_POLL_SECONDS = 0.5


def die_with_parent(owner: int) -> None:
    """Worker initializer: end this process when process ``owner`` (the pool's owner) ends.

    Under the ``forkserver`` start method a worker's parent is the fork server, which itself
    only ends after its last child, so the owner is watched by its process id.
    """
    if sys.platform.startswith("linux") and os.getppid() == owner:
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no usable libc: the watcher below still works
            pass
    if not _alive(owner):  # the owner died before the request took effect
        os._exit(1)
    threading.Thread(target=_watch, args=(owner,), name="owner-watch", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else (the pid was reused)
        return False
    return True


def _watch(owner: int) -> None:
    while True:
        time.sleep(_POLL_SECONDS)
        if not _alive(owner) or os.getppid() == 1:
            os._exit(1)
