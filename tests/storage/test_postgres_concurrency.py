"""Five coder processes code the same team project at once: nothing is lost, no constraint
breaks, the event log matches what each process says it did, and nobody overwrites anybody."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import psycopg
import pytest
from tests.pg_team import make_team

from annotator.services.coding_commands import ApplyCode
from annotator.services.project import Project

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

WORKER = Path(__file__).resolve().parent / "pg_coder_worker.py"
REPO = Path(__file__).resolve().parents[2]
N_CODERS = 5
N_ACTIONS = 1000


def test_five_coder_processes_lose_nothing(pg_url: str, pg_login) -> None:  # noqa: ANN001
    names = [f"coder{i}" for i in range(N_CODERS)]
    team = make_team(pg_url, pg_login, {**{n: "coder" for n in names}, "other": "coder"},
                     n_docs=3)
    with team.open("other") as p:
        foreign = p.execute(ApplyCode(team.document_id, 0, 20, team.code_uuids[0])).result
    env = dict(os.environ, PYTHONPATH=str(REPO))
    procs = [subprocess.Popen([sys.executable, str(WORKER), team.urls[n], str(i),
                               str(N_ACTIONS), foreign.uuid],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for i, n in enumerate(names)]
    reports = []
    for proc in procs:
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err[-3000:]
        reports.append(json.loads(out.strip().splitlines()[-1]))

    with psycopg.connect(team.url) as conn:
        coders = dict(conn.execute("SELECT id, name FROM coders").fetchall())
        code_uuid = dict(conn.execute("SELECT id, uuid FROM codes").fetchall())
        rows = conn.execute('SELECT uuid, coder_id, start, "end", memo, code_id, version '
                            "FROM codings").fetchall()
        logged = Counter((a, act) for a, act in conn.execute(
            "SELECT actor, action FROM events WHERE action LIKE 'coding.%'"))
        n_events = conn.execute("SELECT count(*), count(DISTINCT uuid) FROM events").fetchone()
    by_coder: dict[str, dict] = {}
    for uuid, coder_id, start, end, memo, code_id, version in rows:
        by_coder.setdefault(coders[coder_id], {})[uuid] = {
            "start": start, "end": end, "memo": memo, "code": code_uuid[code_id],
            "version": version}
    for rep in reports:
        assert sum(rep["counts"].values()) == N_ACTIONS
        assert by_coder.get(rep["coder"], {}) == rep["codings"]  # final state as reported
        for action, n in rep["counts"].items():
            assert logged[(rep["coder"], action)] == n  # every change is in the log
        assert rep["refused"] == N_ACTIONS // 100  # others' codings were never writable
    assert by_coder["other"] == {foreign.uuid: {"start": 0, "end": 20, "memo": "",
                                                "code": team.code_uuids[0], "version": 1}}
    assert n_events[0] == n_events[1]
    with Project.open(team.url, backup=False) as p:
        assert p.store.check() == []
