"""The Suggestions tab: suggestions from the shipped model become proposals, listed least sure
first; the shared review loop accepts (Enter), rejects (Del) and undoes (Ctrl+Z) them by keys;
blind coding hides suggestions until the document is done, unless the rule is off."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.services.assignments import assign
from annotator.services.codebook_bulk import AddTemplate
from annotator.services.project import Project
from tests.gui.gui_helpers import (_restore_qt_app_state,  # noqa: F401
                                   add_synthetic, build_project, open_app, stored_codings)

REPORT = (
    "Testland is a constitutional republic with a president elected in free elections; the "
    "security forces report to the Ministry of Internal Affairs.\n\n"
    "The law prohibits torture, but detainees reported that police beat them in custody to "
    "obtain confessions.\n\n"
    "Prison conditions were harsh and overcrowded; inmates lacked medical care.\n\n"
    "Journalists faced censorship and the government blocked independent news websites.\n\n"
    "The law provides for the right of workers to form unions, bargain collectively and "
    "strike; employers dismissed union leaders after a strike.\n")


def _built(tmp_path):  # type: ignore[no-untyped-def]
    built = build_project(tmp_path, coders=("alice", "bob"))
    with Project.open(built.path, backup=False) as p:
        p.use_coder("alice", create=False)
        p.execute(AddTemplate("country-reports-2021"))
        built.docs["report"] = add_synthetic(p, "Testland 2021", REPORT)
    return built


def _proposals(built):  # type: ignore[no-untyped-def]
    with Project.open(built.path, backup=False) as p, p.read() as tx:
        return {x.uuid: x.status for x in tx.proposals(origin="suggest")}


def test_suggest_then_review_by_keys(qtbot, tmp_path, open_app):  # type: ignore[no-untyped-def]
    built = _built(tmp_path)
    app = open_app(built)
    wb = app.workbench
    wb.open_document(built.docs["report"])
    ops = wb.suggestions
    ops.panel.threshold.setValue(0.0)
    assert ops.panel.suggest_button.isEnabled()
    ops.suggest()
    qtbot.waitUntil(lambda: ops.task is None and ops.panel.list.count() > 0, timeout=30000)
    scores = [float(ops.panel.list.item(i).text().split()[0])
              for i in range(ops.panel.list.count())]
    assert scores == sorted(scores)  # least sure first
    assert any("—" in ops.panel.list.item(i).text()  # the words behind it
               for i in range(ops.panel.list.count()))
    first = ops.panel.uuids()[0]
    assert wb.review.current == first  # the loop starts at the least sure suggestion
    assert stored_codings(built.path) == []  # proposals are not codings
    ed = wb.view.editor
    ed.setFocus()
    qtbot.keyClick(ed, Qt.Key.Key_Return)  # accept
    assert _proposals(built)[first] == "accepted"
    assert len(stored_codings(built.path)) == 1
    second = wb.review.current
    qtbot.keyClick(ed, Qt.Key.Key_Delete)  # reject
    assert _proposals(built)[second] == "rejected"
    assert len(stored_codings(built.path)) == 1
    qtbot.keyClick(ed, "z", Qt.KeyboardModifier.ControlModifier)  # undo the reject
    assert _proposals(built)[second] == "pending"
    qtbot.keyClick(ed, "z", Qt.KeyboardModifier.ControlModifier)  # undo the accept
    assert stored_codings(built.path) == []
    assert set(_proposals(built).values()) == {"pending"}
    assert ops.panel.list.count() == len(_proposals(built))


def test_blind_coding_hides_suggestions_until_done(qtbot, tmp_path,  # type: ignore[no-untyped-def]
                                                   open_app):
    built = _built(tmp_path)
    with Project.open(built.path, backup=False) as p:
        p.use_coder("alice", create=False)
        assign(p, ["alice", "bob"], documents=[built.docs["report"]])
    app = open_app(built)
    wb = app.workbench
    wb.open_document(built.docs["report"])
    ops = wb.suggestions
    assert not ops.panel.suggest_button.isEnabled()
    assert "mark this document done" in ops.panel.message.text()
    ops.panel.blind_rule.setChecked(False)  # the project lead turns the rule off
    assert ops.panel.suggest_button.isEnabled()
    with Project.open(built.path, backup=False) as p, p.read() as tx:
        assert tx.meta()["suggest.blind_rule"] == "off"
    ops.panel.blind_rule.setChecked(True)
    assert not ops.panel.suggest_button.isEnabled()


def test_agreement_view_compares_the_model_with_gold_per_code(qtbot, tmp_path):  # type: ignore[no-untyped-def]
    import numpy as np

    from annotator.gui.agreement import AgreementView
    from annotator.services.codebook import codebook
    from annotator.services.codebook_commands import AddCode
    from annotator.services.coding_commands import ApplyCode
    from annotator.services.suggest import run
    from annotator.services.suggest.project_model import (load_project_model,
                                                          train_project_model)
    from annotator.services.suggest.training import TrainParams

    topics = {"Torture": "police beat detainees batons torture custody shocks",
              "Labour": "workers union strike wages factory employer bargaining"}
    rng = np.random.default_rng(0)
    p = Project.create(tmp_path / "g.annotator")
    p.use_coder("amina")
    codes = {t: p.execute(AddCode(t)).result.uuid for t in topics}
    paras = [(t, " ".join(rng.choice(topics[t].split(), size=10)) + ".")
             for _ in range(12) for t in topics]
    doc = add_synthetic(p, "doc", "\n\n".join(x for _, x in paras) + "\n")
    with p.store.begin() as tx:
        gold = tx.add_coder("gold", is_gold=True)
    pos = 0
    for t, x in paras:
        p.execute(ApplyCode(doc, pos, pos + len(x), codes[t]))
        p.execute(ApplyCode(doc, pos, pos + len(x), codes[t], coder_id=gold.id))
        pos += len(x) + 2
    book = codebook(p)
    train_project_model(p, book, min_examples=5,
                        params=TrainParams(max_features=500, min_df=1, epochs=5, alpha=1e-4,
                                           jobs=1))
    bound = load_project_model(p, book)
    found = run.suggest_document(p, bound, book, doc)
    run.write_as_coder(p, run.model_coder(p, "model-1"), found, bound.ref)
    view = AgreementView(p)
    qtbot.addWidget(view)
    lst = view.controls.coders.list
    labels = {lst.item(i).text() for i in range(lst.count())}
    assert labels == {"amina", "gold (gold)", "model-1 (model)"}
    view.controls.coders.set_checked(["model-1", "gold"])
    view.controls.stats.set_checked(["kappa", "percent"])
    report = view.compute(background=False)
    assert report is not None and set(report.coders) == {"model-1", "gold"}
    assert {r.label for r in report.codes} >= {"Torture", "Labour"}
    p.close()
