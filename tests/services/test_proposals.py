"""Proposed codings: make (dedupe, rejected not offered again), accept, reject, change code,
batch decisions and withdrawal, each one undo step; invisible to counts; check; code merge."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.proposals import NewProposal
from annotator.domain.text import text_sha256
from annotator.services.codebook_commands import AddCode
from annotator.services.codebook_restructure import DeleteCode, MergeCodes
from annotator.services.coding_commands import ApplyCode
from annotator.services.project import Project
from annotator.services.proposals import (
    AcceptProposal, DecideProposals, MakeProposals, RejectProposal, WithdrawProposals,
    proposal_listing, select_proposals,
)
from annotator.services.undo import UndoStack

TEXT = "The police detained journalists. Courts were slow.\n\nA second paragraph here."


def _no_events(dump: dict) -> dict:
    return {k: v for k, v in dump.items() if k != "events"}


@pytest.fixture
def project(tmp_path: Path) -> Project:
    p = Project.create(tmp_path / "p.annotator")
    p.use_coder("alice")
    with p.store.begin() as tx:
        tx.add_document(title="d", country=None, year=None, source_name="d.txt",
                        source_type="txt", text=TEXT, sha256=text_sha256(TEXT), is_report=False,
                        segs=[])
    yield p
    p.close()


def _offer(p: Project, code: str, start: int, end: int, score: float = 1.0,
           method: str = "same") -> NewProposal:
    assert p.coder is not None
    return NewProposal(1, start, end, code, p.coder.id, "carry", "src-coding", score,
                       {"method": method})


def test_make_dedupes_and_undo_redo_exact(project: Project) -> None:
    code = project.execute(AddCode("Arrest")).result.uuid
    project.execute(ApplyCode(1, 0, 10, code))
    stack = UndoStack(project)
    before = _no_events(project.store.dump())
    out = stack.push(MakeProposals([_offer(project, code, 0, 10), _offer(project, code, 11, 20),
                                    _offer(project, code, 11, 20)]))
    made = out.result
    assert len(made.uuids) == 1 and made.duplicates == 2
    after = _no_events(project.store.dump())
    stack.undo()
    assert _no_events(project.store.dump()) == before
    stack.redo()
    assert _no_events(project.store.dump()) == after


def test_accept_reject_change_code_and_undo(project: Project) -> None:
    a = project.execute(AddCode("Arrest")).result.uuid
    b = project.execute(AddCode("Courts")).result.uuid
    made = project.execute(MakeProposals([_offer(project, a, 4, 10), _offer(project, a, 11, 20),
                                          _offer(project, a, 33, 50, 0.9, "edited")])).result
    u1, u2, u3 = made.uuids
    stack = UndoStack(project)
    with project.read() as tx:
        assert tx.count_codings() == 0  # proposals are not codings
    before = _no_events(project.store.dump())
    stack.push(AcceptProposal(u1))
    with project.read() as tx:
        [c] = tx.codings()
        assert (c.start, c.end, c.origin, c.origin_ref) == (4, 10, "carry", "src-coding")
        assert tx.proposal_by_uuid(u1).status == "accepted"
        assert tx.proposal_by_uuid(u1).coding_uuid == c.uuid
    stack.push(RejectProposal(u2))
    stack.push(AcceptProposal(u3, code_uuid=b))
    with project.read() as tx:
        assert tx.proposal_by_uuid(u2).status == "rejected"
        assert {tx.code(c.code_id).name for c in tx.codings()} == {"Arrest", "Courts"}
        assert tx.pending_counts() == {}
    after = _no_events(project.store.dump())
    for _ in range(3):
        stack.undo()
    assert _no_events(project.store.dump()) == before
    for _ in range(3):
        stack.redo()
    assert _no_events(project.store.dump()) == after
    # A rejected offer is not made again; an accepted one is a coding now (duplicate).
    again = project.execute(MakeProposals([_offer(project, a, 11, 20),
                                           _offer(project, a, 4, 10)])).result
    assert again.uuids == [] and again.rejected_before == 1 and again.duplicates == 1


def test_batch_accept_exact_is_one_step_and_withdraw(project: Project) -> None:
    a = project.execute(AddCode("Arrest")).result.uuid
    made = project.execute(MakeProposals([_offer(project, a, 4, 10), _offer(project, a, 11, 20),
                                          _offer(project, a, 33, 50, 0.9, "edited")])).result
    with project.read() as tx:
        exact = select_proposals(tx, batch=made.batch, exact_only=True)
    assert len(exact) == 2
    stack = UndoStack(project)
    stack.push(DecideProposals([p.uuid for p in exact], "accept"))
    with project.read() as tx:
        assert tx.count_codings() == 2
    stack.undo()
    with project.read() as tx:
        assert tx.count_codings() == 0 and tx.pending_counts() == {1: 3}
    out = stack.push(WithdrawProposals(batch=made.batch))
    assert out.result == 3
    with project.read() as tx:
        assert tx.proposals() == []
    stack.undo()
    assert len(proposal_listing(project, document_id=1)) == 3


def test_code_merge_and_delete_follow_proposals_and_check(project: Project) -> None:
    a = project.execute(AddCode("Arrest")).result.uuid
    b = project.execute(AddCode("Courts")).result.uuid
    project.execute(MakeProposals([_offer(project, a, 4, 10)]))
    project.execute(MergeCodes(a, b))
    [row] = proposal_listing(project)
    assert row["code_uuid"] == b and row["status"] == "pending" and row["similarity"] == 1.0
    out = project.execute(DeleteCode(b))
    assert proposal_listing(project) == []  # withdrawn with its code
    project.execute(out.inverse)
    assert len(proposal_listing(project)) == 1
    assert project.store.check() == []
    with project.store.begin() as tx:
        from sqlalchemy import update

        from annotator.storage.schema import proposals
        tx.conn.execute(update(proposals).values(doc_sha256="0" * 64))
    assert any("another text" in p for p in project.store.check())


def test_proposals_travel_through_a_package_and_merge_back(project: Project,
                                                           tmp_path: Path) -> None:
    from annotator.services.team.merge import merge_packages
    from annotator.services.team.package_make import make_package

    a = project.execute(AddCode("Arrest")).result.uuid
    made = project.execute(MakeProposals([_offer(project, a, 4, 10), _offer(project, a, 11, 20),
                                          _offer(project, a, 21, 30)])).result
    project.execute(AcceptProposal(made.uuids[2]))
    pkg = tmp_path / "alice.annotator-pkg"
    make_package(project, pkg, "alice", "all", blind=True)
    with Project.open(pkg, backup=False) as copy:
        copy.use_coder("alice", create=False)
        rows = {r["uuid"]: r for r in proposal_listing(copy)}
        assert set(rows) == set(made.uuids)
        copy.execute(AcceptProposal(made.uuids[0]))
        copy.execute(RejectProposal(made.uuids[1]))
        with copy.read() as tx:
            assert {c.origin for c in tx.codings()} == {"carry"}
    report = merge_packages(project, [pkg])
    assert report.packages[0].proposals["decided"] == 2
    rows = {r["uuid"]: r for r in proposal_listing(project)}
    assert [rows[u]["status"] for u in made.uuids] == ["accepted", "rejected", "accepted"]
    with project.read() as tx:
        cs = tx.codings()
        assert len(cs) == 2 and {c.origin for c in cs} == {"carry"}
        assert {c.uuid for c in cs} == {rows[made.uuids[0]]["coding"],
                                        rows[made.uuids[2]]["coding"]}


@pytest.mark.postgres
@pytest.mark.sqlite_only("copies a SQLite project to the server and back")
def test_proposals_copy_to_postgresql_and_back(project: Project, tmp_path: Path,
                                               pg_url: str) -> None:
    from annotator.services.team.copy import copy_project

    a = project.execute(AddCode("Arrest")).result.uuid
    made = project.execute(MakeProposals([_offer(project, a, 4, 10),
                                          _offer(project, a, 11, 20, 0.9, "edited")])).result
    project.execute(AcceptProposal(made.uuids[0]))
    before = proposal_listing(project)
    report = copy_project(project.target, pg_url)
    assert report.rows["proposals"] == 2
    with Project.open(pg_url, backup=False) as server:
        assert proposal_listing(server) == before
        with server.read() as tx:
            assert [c.origin for c in tx.codings()] == ["carry"]


def test_qdpx_export_leaves_proposals_out(project: Project, tmp_path: Path) -> None:
    import zipfile

    from annotator.services.exchange.qdpx_export import export_qdpx

    a = project.execute(AddCode("Arrest")).result.uuid
    project.execute(ApplyCode(1, 0, 3, a))
    made = project.execute(MakeProposals([_offer(project, a, 4, 10)])).result
    out = tmp_path / "p.qdpx"
    export_qdpx(project, out)
    with zipfile.ZipFile(out) as z:
        xml = z.read("project.qde").decode("utf-8")
    assert made.uuids[0] not in xml and xml.count("<Coding ") == 1


def test_a_gold_proposal_becomes_a_gold_coding(project: Project) -> None:
    a = project.execute(AddCode("Arrest")).result.uuid
    with project.store.begin() as tx:
        gold = tx.add_coder("Gold", role="adjudicator", is_gold=True)
    made = project.execute(MakeProposals([NewProposal(1, 4, 10, a, gold.id, "carry")])).result
    project.execute(AcceptProposal(made.uuids[0]))  # reviewed by alice
    with project.read() as tx:
        [c] = tx.codings()
        assert c.coder_id == gold.id
        assert tx.proposal_by_uuid(made.uuids[0]).decided_by == "alice"
