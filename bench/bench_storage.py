"""Storage benchmarks (issue 11): several programs writing to one project at once.

* ``storage.concurrent_writers`` (SQLite file): two processes apply 500 codings each through
  the app's service path (``Project.open``, ``use_coder``, ``Project.execute(ApplyCode)``),
  started together; then the app itself (a main window, offscreen, applying codes to
  selections) runs while a CLI script calls ``annotator code`` again and again. The value is
  refused + lost actions over both phases; limit 0. ``refused``: an action reported an error
  (or a writer died); ``lost``: reported as saved but not in the project afterwards.
* ``storage.concurrent_writers.postgresql``: five processes × 500 codings on a PostgreSQL
  project (``ANNOTATOR_BENCH_PG_URL``/``ANNOTATOR_TEST_PG_URL``, default the local server).
  Without a server the line says why and is ``ok: false``.
* ``storage.apply_commit_p95``: the cost of one ``Project.execute(ApplyCode)`` on a SQLite
  project with ``synchronous=FULL`` (one fsync per action, the default since issue 11) and,
  in ``normal_p95_ms``, with the former ``NORMAL``; informational (the limit that counts is
  ``workbench.*.apply_code_p95``, which includes this commit). ``disk_fsync_p50_ms`` is the
  disk's bare fsync at the time: FULL costs about one of those per action (~0.1 ms on an idle
  disk, 5-10 ms while other programs write heavily).
"""

from __future__ import annotations

import random
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench import concurrent_writers as cw
from bench._harness import Result, percentile

WRITERS = 2
ACTIONS = 500
CLI_RUNS = 20
PG_WRITERS = 5


def _all_ms(results: list[dict[str, Any]]) -> list[float]:
    return [m for r in results for m in r.get("ms", [])]


def _phase_extra(tally: dict[str, Any], results: list[dict[str, Any]],
                 seconds: float) -> dict[str, Any]:
    ms = _all_ms(results)
    return {**{k: tally[k] for k in ("refused", "lost", "unreported", "applied", "stored")},
            "p95_ms": round(percentile(ms, 95), 1) if ms else None,
            "max_ms": round(max(ms), 1) if ms else None, "seconds": round(seconds, 1),
            "errors": tally["errors"][:3]}


def services(target: str, writers: int, actions: int) -> tuple[dict[str, Any], float,
                                                                 list[dict[str, Any]]]:
    info = cw.make_project(target)
    t0 = time.perf_counter()
    procs = [cw.spawn("service_writer", target, f"writer-{i}", str(actions),
                      str(info["document"]), info["code"]) for i in range(writers)]
    results = [cw.result(p) for p in procs]
    seconds = time.perf_counter() - t0
    return cw.tally(target, results), seconds, results


def app_and_cli(target: str, folder: Path, cli_runs: int) -> tuple[dict[str, Any], float,
                                                                   list[dict[str, Any]]]:
    """The app applies codes while a CLI script runs ``annotator code`` ``cli_runs`` times."""
    info = cw.make_project(target)
    ready, stop = folder / "app.ready", folder / "app.stop"
    t0 = time.perf_counter()
    app = cw.spawn("app_writer", target, "app-user", str(info["document"]), info["code"],
                   str(ready), str(stop))
    deadline = time.monotonic() + 120
    while not ready.exists() and app.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    cli = cw.result(cw.spawn("cli_script", target, "cli-user", str(cli_runs),
                             str(info["document"]), info["code"]))
    stop.touch()
    results = [cw.result(app), cli]
    seconds = time.perf_counter() - t0
    return cw.tally(target, results), seconds, results


def _sqlite() -> Iterator[Result]:
    tmp = Path(tempfile.mkdtemp(prefix="bench-storage-"))
    cw.HOME = str(tmp / "home")  # the writers' backups and settings stay in here
    try:
        t1, s1, r1 = services(str(tmp / "services.annotator"), WRITERS, ACTIONS)
        t2, s2, r2 = app_and_cli(str(tmp / "app.annotator"), tmp, CLI_RUNS)
        bad = t1["refused"] + t1["lost"] + t2["refused"] + t2["lost"]
        yield Result("storage.concurrent_writers", bad, "refused+lost", 0, extra={
            "services": {"writers": WRITERS, "actions_each": ACTIONS,
                         **_phase_extra(t1, r1, s1)},
            "app_and_cli": {"cli_runs": CLI_RUNS, "app_waits_shown": r2[0].get("waits"),
                            **_phase_extra(t2, r2, s2)}})
        yield from _commit_cost(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _commit_cost(tmp: Path) -> Iterator[Result]:
    """Two projects, one per mode, apply codes in turn (so a busy machine slows both alike)."""
    from annotator.services.coding_commands import ApplyCode
    from annotator.services.project import Project

    lat: dict[str, list[float]] = {"FULL": [], "NORMAL": []}
    projects = {}
    infos = {}
    for mode in lat:
        target = tmp / f"commit-{mode}.annotator"
        info = cw.make_project(str(target))
        p = Project.open(target, backup=False)
        p.use_coder("bench")
        infos[mode] = info
        raw = p.store.engine.raw_connection()  # the pooled connection used below
        raw.cursor().execute(f"PRAGMA synchronous={mode}")
        raw.close()
        projects[mode] = p
    rnd = random.Random(7)
    try:
        for i in range(250):
            s = rnd.randrange(0, len(cw.TEXT) - 50)
            for mode, p in projects.items():
                t0 = time.perf_counter()
                p.execute(ApplyCode(infos[mode]["document"], s, s + 30, infos[mode]["code"]))
                if i >= 10:
                    lat[mode].append((time.perf_counter() - t0) * 1000)
    finally:
        for p in projects.values():
            p.close()
    yield Result("storage.apply_commit_p95", percentile(lat["FULL"], 95), "ms",
                 informational="the commit inside workbench.*.apply_code_p95 (limit 15 ms "
                               "there): synchronous=FULL, against the former NORMAL", extra={
                     "p50_ms": round(percentile(lat["FULL"], 50), 2),
                     "normal_p95_ms": round(percentile(lat["NORMAL"], 95), 2),
                     "normal_p50_ms": round(percentile(lat["NORMAL"], 50), 2),
                     "disk_fsync_p50_ms": round(_fsync_ms(tmp), 2)})


def _fsync_ms(folder: Path, n: int = 50) -> float:
    """The disk's own fsync latency (median), which FULL pays once per action."""
    import os

    probe = folder / "fsync.probe"
    fd = os.open(probe, os.O_WRONLY | os.O_CREAT)
    ms = []
    try:
        for _ in range(n):
            os.write(fd, b"x" * 4096)
            t0 = time.perf_counter()
            os.fsync(fd)
            ms.append((time.perf_counter() - t0) * 1000)
    finally:
        os.close(fd)
        probe.unlink(missing_ok=True)
    return percentile(ms, 50)


def _postgresql() -> Iterator[Result]:
    from bench.bench_team_server import SERVER, _problem, _Scratch, _url

    name = "storage.concurrent_writers.postgresql"
    problem = _problem()
    if problem:
        yield Result.failed(name, f"no PostgreSQL server at {SERVER}: {problem}",
                            "refused+lost")
        return
    scratch = _Scratch()
    home = tempfile.mkdtemp(prefix="bench-storage-home-")
    cw.HOME = home
    try:
        target = _url(scratch.database("writers"))
        tally, seconds, results = services(target, PG_WRITERS, ACTIONS)
        yield Result(name, tally["refused"] + tally["lost"], "refused+lost", 0, extra={
            "writers": PG_WRITERS, "actions_each": ACTIONS,
            **_phase_extra(tally, results, seconds)})
    finally:
        scratch.drop()
        shutil.rmtree(home, ignore_errors=True)


def run() -> Iterator[Result]:
    yield from _sqlite()
    yield from _postgresql()
