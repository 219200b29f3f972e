"""The shipped sample project builds, and `annotator demo --no-gui` makes a fresh copy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from annotator.services.project import Project
from annotator.services.sample import ensure_demo_project, sample_manifest


@pytest.mark.sqlite_only("the demo project is a file in the user's data folder")
def test_sample_builds_with_codings_by_two_coders(_isolated_home: Path) -> None:
    path = ensure_demo_project()
    manifest = sample_manifest()
    with Project.open(path, backup=False) as p:
        assert p.store.check() == []
        docs = p.documents()
        assert [d.source_name for d in docs] == manifest["documents"]
        assert {c.name for c in p.coders()} >= {"Amina", "Ben", "Project lead"}
        with p.read() as tx:
            codings = tx.codings()
            assert len(codings) == len(manifest["codings"])
            texts = {d.id: p.text(d.id) for d in docs}
            coded = sorted(texts[c.document_id][c.start:c.end] for c in codings)
            assert coded == sorted(spec["phrase"] for spec in manifest["codings"])
        seed = docs[0]
        assert sum(s.inferred for s in p.outline(seed.id)) == 18
    again = ensure_demo_project()
    assert again == path  # reused, not rebuilt


def test_demo_command_prints_the_copy(tmp_path: Path) -> None:
    env = {"ANNOTATOR_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-m", "annotator", "demo", "--no-gui", "--fresh"],
                          capture_output=True, text=True, env=env, check=False)
    assert proc.returncode == 0, proc.stderr
    out = Path(proc.stdout.strip())
    assert out.is_file() and str(tmp_path) in str(out)
