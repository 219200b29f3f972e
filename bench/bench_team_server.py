"""Team server benchmarks (issue 7) on the local PostgreSQL server.

* ``team_server.apply_code_p95``: five coder processes, each connected as its own login (team
  roles and row-level security on), apply codes on one project, each pausing ~50 ms between
  actions (a person needs seconds); the p95 (and p50) latency of
  ``Project.execute(ApplyCode)`` over all of them, on loopback. The same without pauses (five
  processes hammering a 2-core machine) is reported too, without a limit.
* ``team_server.copy_year_sqlite_to_pg``: ``annotator copy`` of the synthetic year (194
  documents, 60,000 codings, built as in ``bench_export``) from a SQLite file into an empty
  PostgreSQL database; timed in a fresh process. The way back is reported without a limit.

The server is ``ANNOTATOR_BENCH_PG_URL`` (or ``ANNOTATOR_TEST_PG_URL``; default
``postgresql://postgres@127.0.0.1:5432``, a login that may create databases and roles). Without
a reachable server one result line says why and nothing else runs. Databases and roles made
here are dropped afterwards.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from bench._harness import REPO, Result, percentile, run_isolated

SERVER = (os.environ.get("ANNOTATOR_BENCH_PG_URL") or os.environ.get("ANNOTATOR_TEST_PG_URL")
          or "postgresql://postgres@127.0.0.1:5432").rstrip("/")
CODERS = 5
ACTIONS = 200
#: Mean pause between one coder's actions (ms): far quicker than any person codes, yet the five
#: coders' actions still overlap all the time.
PAUSE_MS = 50
TEXT = ("The police detained journalists in the capital. Torture was reported in prisons. "
        "Courts were not independent. Elections were neither free nor fair.\n") * 200


def _url(database: str, user: str | None = None, password: str | None = None) -> str:
    from sqlalchemy.engine import make_url

    url = make_url(SERVER).set(database=database)
    if user:
        url = url.set(username=user, password=password)
    return url.render_as_string(hide_password=False)


def _admin():  # type: ignore[no-untyped-def]
    import psycopg

    return psycopg.connect(_url("postgres"), autocommit=True, connect_timeout=3)


def _problem() -> str | None:
    try:
        with _admin() as conn:
            conn.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any failure means "no server for benchmarks"
        return f"{exc.__class__.__name__}: {str(exc).strip().splitlines()[0] if str(exc) else ''}"
    return None


class _Scratch:
    """Databases and roles made for one run, dropped at the end."""

    def __init__(self) -> None:
        self.tag = f"annot_bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.databases: list[str] = []
        self.roles: list[str] = []

    def database(self, name: str) -> str:
        db = f"{self.tag}_{name}"
        with _admin() as conn:
            conn.execute(f'CREATE DATABASE "{db}"')
        self.databases.append(db)
        return db

    def drop(self) -> None:
        from annotator.storage.pg_security import group_roles

        with _admin() as conn:
            for db in self.databases:
                conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
                self.roles += group_roles(db).values()
            for role in self.roles:
                conn.execute(f'DROP ROLE IF EXISTS "{role}"')


# --- apply-code latency --------------------------------------------------------------------
def coder(url: str, seed: str, actions: str, pause_ms: str = "0") -> dict[str, object]:
    """One coder process: ``actions`` ApplyCode commands, a random pause of up to twice
    ``pause_ms`` between them; returns their latencies (ms)."""
    import random

    from annotator.services.coding_commands import ApplyCode
    from annotator.services.project import Project

    rng = random.Random(int(seed))
    with Project.open(url, backup=False) as project:
        docs = project.documents()
        with project.read() as tx:
            codes = [c.uuid for c in tx.codes() if c.codable]
        for _ in range(5):  # warm-up: connection, statement caches
            project.execute(ApplyCode(docs[0].id, 0, 5, codes[0]))
        ms = []
        for _ in range(int(actions)):
            doc = rng.choice(docs)
            start = rng.randrange(0, doc.chars - 60)
            cmd = ApplyCode(doc.id, start, start + rng.randrange(1, 60), rng.choice(codes))
            t0 = time.perf_counter()
            project.execute(cmd)
            ms.append((time.perf_counter() - t0) * 1000)
            time.sleep(rng.uniform(0, 2 * float(pause_ms)) / 1000)
    return {"ms": ms}


def _latency(scratch: _Scratch) -> Iterator[Result]:
    from annotator.domain.text import text_sha256
    from annotator.services.project import Project
    from annotator.services.team.server_admin import add_user, init_server

    url = _url(scratch.database("latency"))
    with Project.create(url) as p, p.store.begin() as tx:
        for i in range(10):
            tx.add_document(title=f"report {i}", country=None, year=None, source_name=f"{i}",
                            source_type="txt", text=TEXT, sha256=text_sha256(TEXT),
                            is_report=True, segs=[])
        for i in range(20):
            tx.add_code(name=f"Right {i}", position=i)
    init_server(url)
    urls = []
    for i in range(CODERS):
        login = f"{scratch.tag}_c{i}"
        scratch.roles.append(login)
        add_user(url, name=f"coder {i}", role="coder", login=login, password="bench")
        urls.append(_url(url.rsplit("/", 1)[1], login, "bench"))
    ms = _coders(urls, PAUSE_MS)
    yield Result("team_server.apply_code_p95", percentile(ms, 95), "ms", 50.0,
                 extra={"p50_ms": round(percentile(ms, 50), 2), "coders": CODERS,
                        "actions": len(ms), "pause_ms": PAUSE_MS, "max_ms": round(max(ms), 1)})
    flat = _coders(urls, 0)
    yield Result("team_server.apply_code_p95_no_pauses", percentile(flat, 95), "ms",
                 extra={"p50_ms": round(percentile(flat, 50), 2), "coders": CODERS,
                        "actions": len(flat)},
                 informational="without think time, for comparison with apply_code_p95")


def _coders(urls: list[str], pause_ms: int) -> list[float]:
    """Run one process per URL at once; all their ApplyCode latencies (ms)."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    code = ("import json,sys\nfrom bench.bench_team_server import coder\n"
            "print(json.dumps(coder(*sys.argv[1:])))")
    procs = [subprocess.Popen([sys.executable, "-c", code, u, str(i), str(ACTIONS),
                               str(pause_ms)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=env, cwd=REPO) for i, u in enumerate(urls)]
    ms: list[float] = []
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        if proc.returncode != 0:
            raise RuntimeError(f"coder process failed:\n{err[-3000:]}")
        ms += json.loads(out.strip().splitlines()[-1])["ms"]
    return ms


# --- copying the synthetic year ------------------------------------------------------------
def copy(source: str, target: str) -> dict[str, float]:
    from annotator.services.team.copy import copy_project

    report = copy_project(source, target)
    return {"seconds": report.seconds, "codings": report.rows["codings"],
            "rows": report.total}


def _copy(scratch: _Scratch) -> Iterator[Result]:
    tmp = tempfile.mkdtemp(prefix="bench-team-")
    try:
        build = run_isolated("bench.bench_export:build_year", tmp)
        yield Result("team_server.setup_year194.seconds", build["seconds"], "s",
                     informational="building the test project, not a user action")
        target = _url(scratch.database("year"))
        there = run_isolated("bench.bench_team_server:copy", str(Path(tmp) / "year.annotator"),
                             target)
        yield Result("team_server.copy_year_sqlite_to_pg", there["seconds"], "s", 60.0,
                     extra={"codings": there["codings"], "rows": there["rows"],
                            "peak_mb": round(there["peak_mb"])})
        back = run_isolated("bench.bench_team_server:copy", target,
                            str(Path(tmp) / "back.annotator"))
        yield Result("team_server.copy_year_pg_to_sqlite", back["seconds"], "s",
                     extra={"rows": back["rows"]},
                     informational="the copy back; the copy to the server has the limit")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run() -> Iterator[Result]:
    problem = _problem()
    if problem:
        yield Result.failed("team_server.server", f"no PostgreSQL server at {SERVER}: {problem}")
        return
    scratch = _Scratch()
    try:
        yield from _latency(scratch)
        yield from _copy(scratch)
    finally:
        scratch.drop()
