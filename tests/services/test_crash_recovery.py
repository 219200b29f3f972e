"""Autosave: a process killed mid-session loses nothing it had done (every action commits)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from annotator.services.project import Project

SCRIPT = textwrap.dedent("""
    import os, sys
    from annotator.domain.text import text_sha256
    from annotator.services.codebook_commands import AddCode
    from annotator.services.coding_commands import ApplyCode
    from annotator.services.project import Project
    p = Project.create(sys.argv[1])
    p.use_coder("alice")
    text = "Police 😀 detained protesters in Almaty."
    with p.store.begin() as tx:
        d = tx.add_document(title="d", country=None, year=None, source_name="d.txt",
                            source_type="txt", text=text, sha256=text_sha256(text),
                            is_report=False, segs=[])
    code = p.execute(AddCode("Detention")).result.uuid
    for i in range(20):
        p.execute(ApplyCode(d.id, i, i + 5, code))
    print("done", flush=True)
    os._exit(137)  # no close, no checkpoint: like a crash or a power cut of the app
""")


@pytest.mark.sqlite_only("simulates a crash of an app writing a project file (WAL recovery)")
def test_killed_process_keeps_every_action(tmp_path: Path) -> None:
    path = tmp_path / "crash.annotator"
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(path)], capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 137 and "done" in proc.stdout, proc.stderr
    assert Path(str(path) + "-wal").exists()  # the work sits in the WAL, not yet checkpointed
    with Project.open(path) as p:
        assert p.store.check() == []
        with p.read() as tx:
            assert len(tx.codings()) == 20
            assert len([e for e in tx.events() if e["action"] == "coding.add"]) == 20
