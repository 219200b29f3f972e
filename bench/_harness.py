"""Shared helpers for benchmarks: timing, peak memory, results, corpus location."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("ANNOTATOR_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus"


@dataclass
class Result:
    name: str
    value: float
    unit: str
    limit: float | None = None
    higher_is_better: bool = False
    extra: dict[str, Any] | None = None

    @property
    def ok(self) -> bool | None:
        if self.limit is None:
            return None
        return self.value >= self.limit if self.higher_is_better else self.value <= self.limit

    def to_json(self) -> str:
        d: dict[str, Any] = {"name": self.name, "value": round(self.value, 4), "unit": self.unit,
                             "limit": self.limit, "ok": self.ok}
        if self.extra:
            d.update(self.extra)
        return json.dumps(d)


@contextmanager
def timer() -> Iterator[list[float]]:
    """``with timer() as t: ...`` then ``t[0]`` is the elapsed seconds."""
    box: list[float] = []
    t0 = time.perf_counter()
    try:
        yield box
    finally:
        box.append(time.perf_counter() - t0)


def run_isolated(func: str, *args: str) -> dict[str, Any]:
    """Run ``module:function`` in a fresh interpreter; it must print one JSON object last.

    Used for peak-memory figures, which need a process of their own (ru_maxrss never goes down).
    """
    code = (
        "import json,sys,resource\n"
        f"from {func.split(':')[0]} import {func.split(':')[1]} as f\n"
        "out = f(*sys.argv[1:]) or {}\n"
        "me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "out['peak_mb'] = me + kids  # worker processes counted too (conservative: summed)\n"
        "print(json.dumps(out))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          env=env, cwd=REPO, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{func} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], p: float) -> float:
    vals = sorted(values)
    if not vals:
        return float("nan")
    k = min(len(vals) - 1, max(0, round(p / 100 * (len(vals) - 1))))
    return vals[k]


BenchFn = Callable[[], "Iterator[Result] | list[Result]"]
