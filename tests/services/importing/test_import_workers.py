"""Import workers die with ``annotator import`` (issue 11): kill -9 and SIGTERM of the parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")


def _children() -> dict[int, int]:
    """pid -> parent pid of every process we can see."""
    out: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            out[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    return out


def _descendants(root: int) -> set[int]:
    parents = _children()
    found: set[int] = set()
    frontier = {root}
    while frontier:
        frontier = {pid for pid, ppid in parents.items() if ppid in frontier} - found
        found |= frontier
    return found


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_workers_end_when_the_import_is_killed(tmp_path: Path, sig: signal.Signals) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    paragraph = "Detention and press freedom were discussed at length in the country. " * 3
    for i in range(8):  # each file takes a worker a few seconds
        (folder / f"f{i}.txt").write_text(f"{i}\n\n" + (paragraph + "\n\n") * 60_000)
    project = tmp_path / "p.annotator"
    subprocess.run([sys.executable, "-m", "annotator", "new", str(project)], check=True,
                   capture_output=True)
    proc = subprocess.Popen([sys.executable, "-m", "annotator", "import", str(project),
                             str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        workers: set[int] = set()
        while time.monotonic() < deadline and len(workers) < 3:  # forkserver + 2 workers
            time.sleep(0.2)
            workers = _descendants(proc.pid)
        assert len(workers) >= 3, "the import never started its workers"
        proc.send_signal(sig)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 10
        while _alive(workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(workers), f"workers outlived their parent: {_alive(workers)}"
    finally:
        if proc.poll() is None:
            proc.kill()
        for pid in _alive(_descendants(proc.pid)):
            os.kill(pid, signal.SIGKILL)
