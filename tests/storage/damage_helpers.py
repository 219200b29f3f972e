"""A small coded project to damage (shared by the full-disk, integrity and backup tests)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.cli import main
from annotator.domain.text import text_sha256
from annotator.services.codebook_commands import AddCode
from annotator.services.coding_commands import ApplyCode
from annotator.services.project import Project

TEXT = "Police detained protesters in Almaty. Café owners were beaten. " * 20


def make_project(path: Path, *, docs: int = 2, codings: int = 6) -> Path:
    """A project with documents, two codes, a coder and codings (closed, WAL folded in)."""
    p = Project.create(path)
    p.use_coder("alice")
    with p.store.begin() as tx:
        ids = [tx.add_document(title=f"doc {k}", country="KZ", year=2020, source_name="d.txt",
                               source_type="txt", text=TEXT, sha256=text_sha256(TEXT),
                               is_report=False, segs=[]).id for k in range(docs)]
    a = p.execute(AddCode("Detention")).result.uuid
    b = p.execute(AddCode("Torture")).result.uuid
    for i in range(codings):
        p.execute(ApplyCode(ids[i % len(ids)], i * 7, i * 7 + 6, a if i % 2 else b))
    p.close()
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    rc = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return rc, out, err
