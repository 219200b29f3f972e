"""Several programs writing to one project (issue 11): writes take the lock up front and wait
for it (bounded), nothing is refused or lost, a wait that times out says so and writes nothing,
and commits are synced (synchronous=FULL)."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from annotator.domain.errors import ProjectError
from annotator.services.coding_commands import ApplyCode
from annotator.services.project import Project
from annotator.storage import write_lock

REPO = Path(__file__).resolve().parents[2]
from bench import concurrent_writers as cw  # noqa: E402
from tests.storage.lock_helpers import hold_lock  # noqa: E402

sqlite_only = pytest.mark.sqlite_only("holds SQLite's file lock from a second connection")




@pytest.fixture
def project(tmp_path: Path):  # type: ignore[no-untyped-def]
    info = cw.make_project(str(tmp_path / "p.annotator"))
    with Project.open(tmp_path / "p.annotator", backup=False) as p:
        p.use_coder("alice")
        yield p, info


@sqlite_only
def test_a_write_takes_the_lock_up_front_and_a_read_does_not(project) -> None:  # noqa: ANN001
    p, _info = project
    other = sqlite3.connect(p.target, isolation_level=None, timeout=0)
    try:
        with p.read() as tx:
            tx.coders()
            other.execute("BEGIN IMMEDIATE")  # a reader leaves the write lock free
            other.execute("ROLLBACK")
        with p.store.begin() as tx:  # nothing read or written yet, the lock is already ours
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
    finally:
        other.close()


@sqlite_only
def test_a_write_waits_for_another_program_and_says_so(project) -> None:  # noqa: ANN001
    p, info = project
    heard: list[float | None] = []
    p.store.wait_listeners.append(heard.append)
    holder = hold_lock(Path(p.target), 0.8)
    t0 = time.monotonic()
    coding = p.execute(ApplyCode(info["document"], 0, 10, info["code"])).result
    waited = time.monotonic() - t0
    holder.join()
    assert waited >= 0.5
    assert heard and heard[-1] is None and all(h is not None for h in heard[:-1])
    with p.read() as tx:
        assert [c.uuid for c in tx.codings()] == [coding.uuid]


@sqlite_only
def test_a_wait_that_times_out_is_a_clear_error_and_writes_nothing(
        project, monkeypatch) -> None:  # noqa: ANN001
    p, info = project
    monkeypatch.setattr(write_lock, "WAIT_LIMIT", 0.5)
    before = p.store.dump()
    holder = hold_lock(Path(p.target), 1.5)
    with pytest.raises(ProjectError, match="another program kept writing .* not saved"):
        p.execute(ApplyCode(info["document"], 0, 10, info["code"]))
    holder.join()
    assert p.store.dump() == before
    p.execute(ApplyCode(info["document"], 0, 10, info["code"]))  # free again: works


@sqlite_only
def test_commits_are_synced(project) -> None:  # noqa: ANN001
    p, _info = project
    raw = p.store.engine.raw_connection()
    try:
        assert raw.cursor().execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    finally:
        raw.close()


@sqlite_only
def test_two_processes_writing_at_once_lose_and_refuse_nothing(tmp_path: Path) -> None:
    target = str(tmp_path / "two.annotator")
    info = cw.make_project(target)
    procs = [cw.spawn("service_writer", target, f"writer-{i}", "60", str(info["document"]),
                      info["code"]) for i in range(2)]
    results = [cw.result(proc, timeout=240) for proc in procs]
    tally = cw.tally(target, results)
    assert (tally["refused"], tally["lost"], tally["unreported"]) == (0, 0, 0), tally["errors"]
    assert tally["stored"] == 120
    with Project.open(target, backup=False) as p:  # both claimed the same new coder at start
        assert sorted(c.name for c in p.coders()) == [cw.SHARED_CODER, "writer-0", "writer-1"]


@sqlite_only
@pytest.mark.slow
def test_the_app_and_a_cli_script_at_once_lose_and_refuse_nothing(tmp_path: Path) -> None:
    target = str(tmp_path / "app.annotator")
    info = cw.make_project(target)
    ready, stop = tmp_path / "ready", tmp_path / "stop"
    app = cw.spawn("app_writer", target, "app-user", str(info["document"]), info["code"],
                   str(ready), str(stop), "400")
    deadline = time.monotonic() + 120
    while not ready.exists() and app.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    cli = cw.result(cw.spawn("cli_script", target, "cli-user", "3", str(info["document"]),
                             info["code"]), timeout=240)
    stop.touch()
    results = [cw.result(app, timeout=240), cli]
    tally = cw.tally(target, results)
    assert (tally["refused"], tally["lost"], tally["unreported"]) == (0, 0, 0), tally["errors"]
    assert len(results[1]["applied"]) == 3, results[1]
    assert results[0]["applied"], {k: v for k, v in results[0].items() if k != "ms"}


@pytest.mark.postgres
def test_writers_on_a_server_lose_and_refuse_nothing(pg_url: str) -> None:
    info = cw.make_project(pg_url)
    procs = [cw.spawn("service_writer", pg_url, f"writer-{i}", "40", str(info["document"]),
                      info["code"]) for i in range(3)]
    results = [cw.result(proc, timeout=240) for proc in procs]
    tally = cw.tally(pg_url, results)
    assert (tally["refused"], tally["lost"], tally["unreported"]) == (0, 0, 0), tally["errors"]
    assert tally["stored"] == 120


class _FlakyCommand:
    """Loses a race ``losses`` times (as a deadlock would), then applies a code."""

    def __init__(self, info: dict, losses: int, error: Exception) -> None:
        self.inner = ApplyCode(info["document"], 0, 10, info["code"])
        self.losses = losses
        self.error = error
        self.runs = 0

    def apply(self, tx, ctx):  # type: ignore[no-untyped-def]
        self.runs += 1
        out = self.inner.apply(tx, ctx)  # written, then rolled back by the lost race
        if self.runs <= self.losses:
            raise self.error
        return out


def test_an_action_lost_to_a_transient_race_runs_again(project) -> None:  # noqa: ANN001
    from annotator.domain.errors import ConflictError
    from annotator.services.project import RETRIES
    from annotator.storage.db_errors import TransientConflict

    p, info = project
    cmd = _FlakyCommand(info, 2, TransientConflict("deadlock"))
    p.execute(cmd)
    assert cmd.runs == 3
    hopeless = _FlakyCommand(info, 99, TransientConflict("deadlock"))
    with pytest.raises(TransientConflict):
        p.execute(hopeless)
    assert hopeless.runs == RETRIES + 1
    stale = _FlakyCommand(info, 1, ConflictError("changed by someone else"))  # not retried
    with pytest.raises(ConflictError):
        p.execute(stale)
    assert stale.runs == 1
    with p.read() as tx:
        assert len(tx.codings()) == 1  # only the action that won; nothing half-written
