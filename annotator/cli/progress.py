"""A text progress bar for long CLI work (stderr, only on a terminal)."""

from __future__ import annotations

import sys
import time


class ProgressBar:
    def __init__(self, label: str, enabled: bool | None = None) -> None:
        self.label = label
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._last = 0.0

    def __call__(self, done: int, total: int, item: str = "") -> None:
        if not self.enabled or total <= 0:
            return
        now = time.monotonic()
        if done < total and now - self._last < 0.05:
            return
        self._last = now
        width = 30
        filled = int(width * done / total)
        name = item[-40:] if item else ""
        sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] "
                         f"{done}/{total} {name:<40}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()
