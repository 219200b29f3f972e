"""Adjudication: listing disagreements, every decision kind, undo/redo, provenance and the
agreement of each coder with gold."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from annotator.domain.errors import AnnotatorError, ValidationError
from annotator.services import adjudication as adj
from annotator.services.coder_commands import RemoveCoder
from annotator.services.gold_agreement import gold_agreement
from annotator.services.project import Project
from annotator.services.undo import UndoStack

from tests.services import agreement_helpers as h  # noqa: E402

CODERS = ["alice", "bob"]


@pytest.fixture
def fx(tmp_path: Path) -> h.Fixture:
    return h.build(tmp_path)


@pytest.fixture
def project(fx: h.Fixture) -> Project:
    p = Project.open(fx.path, backup=False)
    p.use_coder("judge")
    yield p
    p.close()


def state(project: Project) -> dict[str, Any]:
    dump = project.store.dump()
    dump.pop("events")
    dump.pop("coders")  # the gold coder, once created, stays
    return dump


def gold_spans(project: Project) -> list[tuple[int, int, int, str]]:
    with project.read() as tx:
        gold = next(c for c in tx.coders() if c.is_gold)
        uuid_of = {c.id: c.uuid for c in tx.codes()}
        return sorted((c.document_id, c.start, c.end, uuid_of[c.code_id])
                      for c in tx.codings(coder_ids=[gold.id]))


def test_disagreements_list_every_differing_passage(project: Project, fx: h.Fixture) -> None:
    items = adj.disagreements(project, CODERS)
    a, b = fx.docs["A"], fx.docs["B"]
    pa, pb = fx.paras["A"], fx.paras["B"]
    got = [(it.document_id, it.code_path, it.start, it.end) for it in items]
    assert got == [
        (a, "Rights/Torture", pa[1][0], pa[1][0] + 36),
        (a, "Rights/Detention", pa[2][0], pa[2][1]),
        (a, "Rights/Torture", pa[2][0], pa[2][0] + 10),
        (a, "Expression", pa[4][0], pa[4][1]),
        (b, "Rights/Torture", pb[0][0], pb[0][1]),
        (b, "Rights/Detention", pb[0][0] + 23, pb[0][0] + 48),
        (b, "Rights/Detention", pb[1][0], pb[1][1]),
    ]
    first = items[0]
    assert first.passages["alice"][0].text == "Police tortured detainees in prisons"
    assert first.passages["bob"][0].text == "tortured detainees in prisons"
    assert [it.number for it in items] == list(range(1, 8))
    assert str(adj.progress(items)) == "0 of 7 settled"
    assert all(fx.docs["C"] != it.document_id for it in items)  # bob never coded C


def test_paragraph_items_are_presence_disagreements(project: Project, fx: h.Fixture) -> None:
    items = adj.disagreements(project, CODERS, unit="paragraph")
    assert [(it.code_path, it.unit_label) for it in items] == [
        ("Rights/Torture", "¶ 3"), ("Rights/Detention", "¶ 1"), ("Rights/Detention", "¶ 2")]
    s, e = fx.paras["B"][0]
    assert items[1].spans == {"alice": [(s + 23, s + 48)], "bob": []}


def test_each_decision_creates_gold_codings_and_a_record(project: Project) -> None:
    items = adj.disagreements(project, CODERS)
    stack = UndoStack(project)
    adj.decide(project, items[0], "accept:bob", reason="bob's bounds", execute=stack.push)
    adj.decide(project, items[1], "union", execute=stack.push)
    adj.decide(project, items[3], "intersection", execute=stack.push)
    adj.decide(project, items[2], "edit", edit=[(items[2].start, items[2].start + 5)],
               execute=stack.push)
    adj.decide(project, items[6], "reject", execute=stack.push)
    adj.decide(project, items[5], "accept:bob", execute=stack.push)  # bob had nothing there
    code = {it.code_path: it.code_uuid for it in items}
    d = items[0].document_id
    assert gold_spans(project) == sorted([
        (d, items[0].start + 7, items[0].end, code["Rights/Torture"]),
        (d, items[1].start, items[1].end, code["Rights/Detention"]),
        (d, items[3].start, items[3].start + 23, code["Expression"]),
        (d, items[2].start, items[2].start + 5, code["Rights/Torture"]),
    ])
    recs = adj.decisions(project)
    assert sorted(r["decision"] for r in recs) == sorted(
        ["accept:bob", "union", "intersection", "edit", "reject", "accept:bob"])
    first = next(r for r in recs if r["reason"] == "bob's bounds")
    assert first["decided_by"] == "judge"
    assert {s["coder"] for s in first["sources"]} == {"alice", "bob"}
    assert str(adj.progress(adj.disagreements(project, CODERS))) == "6 of 7 settled"


def test_decisions_undo_and_redo_exactly(project: Project) -> None:
    items = adj.disagreements(project, CODERS)
    stack = UndoStack(project)
    adj.decide(project, items[0], "union", execute=stack.push)  # creates the gold coder
    stack.undo()
    before = state(project)
    adj.decide(project, items[0], "accept:alice", execute=stack.push)
    after_one = state(project)
    adj.decide(project, items[0], "reject", reason="changed my mind", execute=stack.push)
    assert [r["decision"] for r in adj.decisions(project)] == ["reject"]
    stack.undo()
    assert state(project) == after_one  # the earlier decision and its gold coding are back
    stack.undo()
    assert state(project) == before
    stack.redo()
    assert state(project) == after_one
    stack.redo()
    assert [r["decision"] for r in adj.decisions(project)] == ["reject"]


def test_refusals_leave_nothing_behind(project: Project) -> None:
    items = adj.disagreements(project, CODERS)
    before = state(project)
    with pytest.raises(ValidationError, match="bob did not code it"):
        adj.decide(project, items[2], "intersection")
    with pytest.raises(ValidationError, match="outside the document"):
        adj.decide(project, items[2], "edit", edit=[(0, 10_000)])
    with pytest.raises(ValidationError, match="compared coders"):
        adj.decide(project, items[2], "accept:carol")
    with pytest.raises(AnnotatorError, match="no disagreement number 99"):
        adj.find_item(items, "99")
    assert state(project) == before
    assert adj.find_item(items, items[3].key) is items[3]
    assert adj.find_item(items, "4") is items[3]


def test_removed_coder_stays_named_in_the_gold_provenance(project: Project) -> None:
    items = adj.disagreements(project, CODERS)
    stack = UndoStack(project)
    adj.decide(project, items[0], "accept:alice", execute=stack.push)
    gold_before = gold_spans(project)
    stack.push(RemoveCoder("alice"))
    assert "alice" not in [c.name for c in project.coders()]
    rec = adj.decisions(project)[0]
    assert rec["decision"] == "accept:alice"
    assert [s["coder"] for s in rec["sources"]] == ["alice", "bob"]
    assert gold_spans(project) == gold_before
    with pytest.raises(ValidationError, match="no coder named 'alice'"):
        adj.disagreements(project, CODERS)
    stack.undo()
    assert len(adj.disagreements(project, CODERS)) == 7  # codings back with the coder


def test_gold_coder_with_decisions_cannot_be_removed(project: Project) -> None:
    adj.decide(project, adj.disagreements(project, CODERS)[0], "union")
    with pytest.raises(ValidationError, match="holds the gold standard of 1 decision"):
        project.execute(RemoveCoder("Gold"))


def test_agreement_with_gold(project: Project) -> None:
    stack = UndoStack(project)
    for it in adj.disagreements(project, CODERS):
        adj.decide(project, it, "accept:alice", execute=stack.push)
    found = {g.coder: g for g in gold_agreement(project, CODERS, statistics=("alpha",))}
    assert found["alice"].report.overall.value("alpha") == pytest.approx(1.0)
    assert found["alice"].span_f1.value == pytest.approx(1.0)
    assert found["bob"].report.overall.value("alpha") < 1.0
    assert 0 < found["bob"].span_f1.value < 1.0
    assert found["bob"].gold == "Gold"


def test_gold_agreement_needs_gold(project: Project) -> None:
    with pytest.raises(ValidationError, match="no gold standard yet"):
        gold_agreement(project, CODERS)


def test_adopt_agreed_copies_identical_passages(project: Project, fx: h.Fixture) -> None:
    h.code(project, fx, "alice", "B", 2, "Expression")
    h.code(project, fx, "bob", "B", 2, "Expression")
    project.use_coder("judge")
    stack = UndoStack(project)
    out = adj.adopt_agreed(project, CODERS, execute=stack.push)
    assert out is not None and len(out.result) == 1
    assert [r["decision"] for r in adj.decisions(project)] == ["agreed"]
    assert adj.adopt_agreed(project, CODERS) is None  # nothing new
    assert str(adj.progress(adj.disagreements(project, CODERS))) == "0 of 7 settled"
    stack.undo()
    assert adj.decisions(project) == []


def test_gold_coder_cannot_be_compared(project: Project) -> None:
    items = adj.disagreements(project, CODERS)
    adj.decide(project, items[0], "union")
    gold = adj.gold_coder(project)
    assert gold is not None and gold.is_gold and gold.name == "Gold"
    with pytest.raises(ValidationError, match="gold coder holds the decisions"):
        adj.disagreements(project, ["alice", "Gold"])
