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
    """One benchmark line. Every line either has a ``limit`` or is ``informational`` (the
    reason it has none, e.g. "a comparison with another library"); ``ok`` is always True or
    False. A benchmark that could not run yields :meth:`failed` (``ok`` false, with why)."""

    name: str
    value: float
    unit: str
    limit: float | None = None
    higher_is_better: bool = False
    extra: dict[str, Any] | None = None
    informational: str | None = None  # why this line has no limit (then it never fails)
    error: str | None = None  # why the benchmark could not run (then it always fails)

    @classmethod
    def failed(cls, name: str, error: str, unit: str = "") -> Result:
        return cls(name, float("nan"), unit, error=error or "failed")

    @property
    def ok(self) -> bool:
        if self.error is not None or self.value != self.value:  # NaN: nothing was measured
            return False
        if self.limit is None:
            return self.informational is not None  # neither a limit nor a reason: a bug
        return self.value >= self.limit if self.higher_is_better else self.value <= self.limit

    def to_json(self) -> str:
        measured = self.value == self.value
        d: dict[str, Any] = {"name": self.name,
                             "value": round(self.value, 4) if measured else None,
                             "unit": self.unit, "limit": self.limit, "ok": self.ok}
        if self.limit is None and self.informational is not None:
            d["informational"] = True
            d["reason"] = self.informational
        if self.error is not None:
            d["error"] = self.error
        elif not measured:
            d["error"] = "no value was measured"
        elif self.limit is None and self.informational is None:
            d["error"] = "this line has neither a limit nor an informational reason"
        if self.extra:
            d.update({k: v for k, v in self.extra.items() if k not in d})
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

    Used for peak-memory figures, which need a process of their own (the high-water mark never
    goes down).
    """
    code = (
        "import json,sys,resource\n"
        "from bench._harness import own_peak_mb\n"
        f"from {func.split(':')[0]} import {func.split(':')[1]} as f\n"
        "out = f(*sys.argv[1:]) or {}\n"
        "me = own_peak_mb()\n"
        "kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "out['peak_mb'] = me + kids  # worker processes counted too (conservative: summed)\n"
        "print(json.dumps(out))\n"
    )
    # ``python -c`` puts the working directory first on the path: the checkout's bench package
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          env=env, cwd=REPO, check=False)
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()[-1:] or [f"exit status {proc.returncode}"]
        raise RuntimeError(f"{func} failed: {tail[0]}\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def own_peak_mb() -> float:
    """This process's own peak resident memory in MB (``VmHWM``).

    ``ru_maxrss`` is not used where ``/proc`` exists: on Linux a process started by fork + exec
    keeps the forking parent's high-water mark in it, so an isolated run started by a bench
    process that had trained a model would look as large as that process.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_mb() -> float:
    return own_peak_mb()


def percentile(values: list[float], p: float) -> float:
    vals = sorted(values)
    if not vals:
        return float("nan")
    k = min(len(vals) - 1, max(0, round(p / 100 * (len(vals) - 1))))
    return vals[k]


BenchFn = Callable[[], "Iterator[Result] | list[Result]"]
