"""Package merge: a new coding equal to one the project has (document, bounds, code, coder)
under another uuid is already present, and reported so, not added twice."""

from __future__ import annotations

from typing import Any

from annotator.services.coding_commands import ApplyCode
from annotator.services.project import Project
from annotator.services.team import merge_packages


def _apply(path: Any, coder: str, needle: str, code: str) -> str:
    with Project.open(path, backup=False) as p:
        p.use_coder(coder)
        doc = next(d for d in p.documents() if d.title == "alpha")
        s = p.text(doc.id).index(needle)
        return p.execute(ApplyCode(doc.id, s, s + len(needle), code)).result.uuid


def _same_place(p: Project) -> list[tuple]:
    with p.read() as tx:
        return sorted((c.document_id, c.start, c.end, c.code_id, c.coder_id)
                      for c in tx.codings())


def test_same_coding_made_in_package_and_project_is_merged_once(origin: Any) -> None:
    pkg = origin.package("alice", blind=True)
    in_pkg = _apply(pkg, "alice", "journalists", origin.code("Arrest"))
    here = _apply(origin.path, "alice", "journalists", origin.code("Arrest"))
    other = _apply(pkg, "alice", "protest", origin.code("Arrest"))
    assert in_pkg != here
    with origin.open() as p:
        before = len(_same_place(p))
        report = merge_packages(p, [pkg])
        counts = report.packages[0].codings
        assert (counts["present"], counts["added"]) == (1, 1)
        assert "1 already present (same place, code and coder)" in "\n".join(report.lines())
        rows = _same_place(p)
        assert len(rows) == before + 1 and len(set(rows)) == len(rows)
        with p.read() as tx:
            uuids = {c.uuid for c in tx.codings()}
        assert here in uuids and other in uuids and in_pkg not in uuids
        again = merge_packages(p, [pkg])
        assert not again.changed and again.packages[0].codings["present"] == 1


def test_same_place_by_another_coder_is_a_new_coding(origin: Any) -> None:
    pkg = origin.package("alice", blind=True)
    _apply(pkg, "alice", "journalists", origin.code("Arrest"))
    _apply(origin.path, "bob", "journalists", origin.code("Arrest"))
    with origin.open() as p:
        report = merge_packages(p, [pkg])
        assert report.packages[0].codings["added"] == 1
        assert report.packages[0].codings["present"] == 0
