"""Property tests: random edit histories in two packages merge to the same project in either
order, a second merge is a no-op, and every coding edited differently on both sides is listed
as a conflict while one-sided edits arrive."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from tests.services.team import team_helpers as th
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.domain.errors import AnnotatorError
from annotator.services.codebook_commands import AddCode, DeleteCode, MoveCode, UpdateCode
from annotator.services.codebook_state import book_from_records
from annotator.services.coding_commands import ApplyCode, DeleteCoding, UpdateCoding
from annotator.services.project import Project
from annotator.services.team import merge_packages

NAMES = ["X", "Y", "Arrest", "Trial", "Z"]
MEMOS = ["", "unsure", "check"]
COLORS = ["#112233", "#445566"]

op = st.one_of(
    st.tuples(st.just("code"), st.integers(0, 1), st.integers(0, 90), st.integers(1, 12),
              st.integers(0, 20)),
    st.tuples(st.just("uncode"), st.integers(0, 20)),
    st.tuples(st.just("bounds"), st.integers(0, 20), st.integers(-3, 3), st.integers(-3, 3)),
    st.tuples(st.just("memo"), st.integers(0, 20), st.sampled_from(MEMOS)),
    st.tuples(st.just("recode"), st.integers(0, 20), st.integers(0, 20)),
    st.tuples(st.just("rename"), st.integers(0, 20), st.sampled_from(NAMES)),
    st.tuples(st.just("newcode"), st.sampled_from(NAMES), st.booleans()),
    st.tuples(st.just("recolour"), st.integers(0, 20), st.sampled_from(COLORS)),
    st.tuples(st.just("shortcut"), st.integers(0, 20), st.sampled_from(["1", "2"])),
    st.tuples(st.just("move"), st.integers(0, 20), st.integers(0, 20)),
    st.tuples(st.just("delcode"), st.integers(0, 20)),
)
history = st.lists(op, max_size=8)


def _pick(items: list[Any], i: int) -> Any:
    return items[i % len(items)] if items else None


def apply_ops(path: Path, coder: str, ops: list[tuple[Any, ...]]) -> None:
    """Replay ``ops`` in a package as ``coder``; edits the app would refuse are skipped."""
    with th.open_as(path, coder) as p:
        for o in ops:
            with p.read() as tx:
                codes = sorted(tx.code_records().values(), key=lambda r: r["id"])
                codings = sorted(tx.coding_records().values(), key=lambda r: r["id"])
                docs = tx.documents()
            codable = [c for c in codes if c["codable"]]
            try:
                p.execute(_command(o, codes, codable, codings, docs))
            except (AnnotatorError, TypeError):
                continue


def _command(o: tuple[Any, ...], codes: list[dict], codable: list[dict], codings: list[dict],
             docs: list[Any]) -> Any:
    kind = o[0]
    if kind == "code":
        doc = docs[o[1] % len(docs)]
        start = min(o[2], doc.chars - 2)
        return ApplyCode(doc.id, start, min(doc.chars, start + o[3]),
                         _pick(codable, o[4])["uuid"])
    if kind in ("uncode", "bounds", "memo", "recode"):
        c = _pick(codings, o[1])
        if c is None:
            raise TypeError
        if kind == "uncode":
            return DeleteCoding(c["uuid"])
        if kind == "bounds":
            return UpdateCoding(c["uuid"], start=max(0, c["start"] + o[2]),
                                end=c["end"] + o[3])
        if kind == "memo":
            return UpdateCoding(c["uuid"], memo=o[2])
        return UpdateCoding(c["uuid"], code_uuid=_pick(codable, o[2])["uuid"])
    if kind == "newcode":
        parent = next((c["uuid"] for c in codes if c["name"] == "Rights"), None)
        return AddCode(o[1], parent if o[2] else None)
    code = _pick(codes, o[1])
    if kind == "rename":
        return UpdateCode(code["uuid"], name=o[2])
    if kind == "recolour":
        return UpdateCode(code["uuid"], color=o[2])
    if kind == "shortcut":
        return UpdateCode(code["uuid"], shortcut=o[2])
    if kind == "move":
        target = _pick(codes, o[2])
        return MoveCode(code["uuid"], None if target["uuid"] == code["uuid"] else target["uuid"])
    return DeleteCode(code["uuid"], codings="remove", children="lift")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> th.Origin:
    folder = tmp_path_factory.mktemp("template")
    path = folder / "origin.annotator"
    with pytest.MonkeyPatch.context() as mp:  # keep user folders out of it
        mp.setenv("ANNOTATOR_HOME", str(folder / "home"))
        origin = th.Origin(path, th.build_origin(path), folder)
        origin.package("alice", name="a.annotator-pkg")
        origin.package("bob", name="b.annotator-pkg")
    return origin


def _content(project: Project) -> dict[str, tuple[Any, ...]]:
    with project.read() as tx:
        docs = {d.id: d.uuid for d in tx.documents()}
        coders = {c.id: c.name for c in tx.coders()}
        return {u: (docs[r["document_id"]], r["start"], r["end"], r["code_uuid"],
                    coders[r["coder_id"]], r["memo"])
                for u, r in tx.coding_records().items()}


@settings(max_examples=16, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(ops_a=history, ops_b=history, accept_all=st.booleans())
def test_two_packages_merge_the_same_in_either_order(template: th.Origin, ops_a: list,
                                                     ops_b: list, accept_all: bool) -> None:
    work = Path(tempfile.mkdtemp(prefix="team-prop-"))
    try:
        a, b = work / "a.annotator-pkg", work / "b.annotator-pkg"
        shutil.copy(template.folder / "a.annotator-pkg", a)
        shutil.copy(template.folder / "b.annotator-pkg", b)
        apply_ops(a, "alice", ops_a)
        apply_ops(b, "bob", ops_b)
        accept = "all" if accept_all else "none"
        dumps, reports = [], []
        for n, order in enumerate(((a, b), (b, a))):
            copy = work / f"p{n}.annotator"
            shutil.copy(template.path, copy)
            with Project.open(copy, backup=False) as p:
                reports.append([merge_packages(p, [pkg], accept_codebook=accept)
                                for pkg in order])
                dumps.append(th.canonical(p))
                assert p.store.check() == []
                assert book_from_records(th.codes_of(p)).problems() == []
                again = merge_packages(p, list(order), accept_codebook=accept)
                assert not again.changed, again.lines()
                assert th.canonical(p) == dumps[-1]
                if n == 0:
                    merged = _content(p)
                    merged_codes = set(th.codes_of(p))
        assert dumps[0] == dumps[1]
        _check_outcome(template, a, b, merged, merged_codes, reports[0], accept_all)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _check_outcome(template: th.Origin, a: Path, b: Path, merged: dict, merged_codes: set,
                   reports: list, accept_all: bool) -> None:
    with Project.open(template.path, backup=False) as p:
        base, base_codes = _content(p), set(th.codes_of(p))
    side = {}
    for path in (a, b):
        with Project.open(path, backup=False) as q:
            side[path] = (_content(q), set(th.codes_of(q)))
    (ca, codes_a), (cb, codes_b) = side[a], side[b]
    conflicts = {c.uuid for r in reports for c in r.conflicts}
    pending = {x.uuid for r in reports for x in r.pending}
    if accept_all:
        # codes match by uuid: a renamed code is never duplicated, new codes all arrive
        assert merged_codes == base_codes | codes_a | codes_b
        assert not pending
    for u in set(base) | set(ca) | set(cb):
        if u in pending:
            continue
        was, in_a, in_b = base.get(u), ca.get(u), cb.get(u)
        changed_a, changed_b = in_a != was, in_b != was
        if changed_a and changed_b and in_a != in_b:
            assert u in conflicts and merged.get(u) == was, u
        elif changed_a or changed_b:
            assert merged.get(u) == (in_a if changed_a else in_b), u
        else:
            assert merged.get(u) == was, u
