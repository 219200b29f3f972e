"""The proposals review loop driven by keys: F9 to the next proposal, Enter accepts, Del
rejects, Ctrl+Z undoes each; proposals are drawn by their own layer, never as codings; the
carry-forward dialog and the "what changed" view."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.domain.proposals import NewProposal
from annotator.services.project import Project
from annotator.services.proposals import MakeProposals
from tests.gui.gui_helpers import (ASTRAL_TEXT, _restore_qt_app_state,  # noqa: F401
                                   build_project, open_app, stored_codings)


def _propose(built, words: list[str], code: str = "Torture") -> list[str]:  # type: ignore[no-untyped-def]
    with Project.open(built.path, backup=False) as p:
        p.use_coder("alice", create=False)
        items = []
        for w in words:
            s = ASTRAL_TEXT.index(w)
            items.append(NewProposal(built.docs["astral"], s, s + len(w), built.codes[code],
                                     p.coder.id, "carry", "src", 1.0,
                                     {"method": "same", "source_year": 2020}))
        return p.execute(MakeProposals(items)).result.uuids


def _proposals(built):  # type: ignore[no-untyped-def]
    with Project.open(built.path, backup=False) as p, p.read() as tx:
        return {x.uuid: x.status for x in tx.proposals()}


def test_review_loop_by_keys_with_undo(qtbot, tmp_path, open_app):  # type: ignore[no-untyped-def]
    built = build_project(tmp_path)
    uuids = _propose(built, ["delegation", "observers", "protesters"])
    app = open_app(built)
    wb = app.workbench
    wb.open_document(built.docs["astral"])
    review = wb.review
    assert [m.uuid for m in review.layer.marks] == uuids
    assert wb.view.spans_at(ASTRAL_TEXT.index("delegation")) == []  # not drawn as a coding
    assert review.counter_text() == "Proposals: 0 of 3 decided"
    ed = wb.view.editor
    ed.setFocus()
    wb.view.move_cursor(0)
    qtbot.keyClick(ed, Qt.Key.Key_F9)
    assert review.current == uuids[0]
    start = ASTRAL_TEXT.index("delegation")
    assert wb.view.selection() == (start, start + len("delegation"))
    qtbot.keyClick(ed, Qt.Key.Key_Return)  # accept → a coding; the loop moves on
    assert stored_codings(built.path) == [(built.docs["astral"], start, start + 10,
                                           built.codes["Torture"])]
    assert review.current == uuids[1]
    assert review.counter_text() == "Proposals: 1 of 3 decided"
    qtbot.keyClick(ed, Qt.Key.Key_Delete)  # reject
    assert _proposals(built)[uuids[1]] == "rejected"
    assert len(stored_codings(built.path)) == 1  # Del rejected, it deleted no coding
    qtbot.keyClick(ed, "z", Qt.KeyboardModifier.ControlModifier)  # undo the reject
    assert _proposals(built)[uuids[1]] == "pending"
    qtbot.keyClick(ed, "z", Qt.KeyboardModifier.ControlModifier)  # undo the accept
    assert stored_codings(built.path) == []
    assert set(_proposals(built).values()) == {"pending"}
    assert review.counter_text() == "Proposals: 0 of 3 decided"
    # accept every exact proposal at once: one undo step
    review.accept_all_exact()
    assert len(stored_codings(built.path)) == 3
    qtbot.keyClick(ed, "z", Qt.KeyboardModifier.ControlModifier)
    assert stored_codings(built.path) == []


def test_change_code_then_accept(qtbot, tmp_path, open_app):  # type: ignore[no-untyped-def]
    built = build_project(tmp_path)
    [u] = _propose(built, ["observers"])
    app = open_app(built)
    wb = app.workbench
    wb.open_document(built.docs["astral"])
    wb.view.editor.setFocus()
    wb.review.go_to(u)
    qtbot.keyClick(wb.view.editor, "k", Qt.KeyboardModifier.ControlModifier)
    picker = wb.review.picker
    assert picker.isVisible()
    picker.chosen.emit(built.codes["Detention"])
    start = ASTRAL_TEXT.index("observers")
    assert stored_codings(built.path) == [(built.docs["astral"], start, start + 9,
                                           built.codes["Detention"])]


def test_layer_paints_without_touching_the_text(qtbot, tmp_path, open_app):  # type: ignore[no-untyped-def]
    built = build_project(tmp_path)
    _propose(built, ["protesters"])
    app = open_app(built)
    wb = app.workbench
    wb.open_document(built.docs["astral"])
    before = wb.view.editor.document().toPlainText()
    img = wb.review.layer.grab().toImage()
    assert wb.view.editor.document().toPlainText() == before
    # some dashed pixels in the code's colour are on the layer
    color = wb.codebook.model.code_by_uuid(built.codes["Torture"]).color.lower()
    found = any(img.pixelColor(x, y).name() == color
                for x in range(0, img.width(), 1) for y in range(0, min(img.height(), 300)))
    assert found


OLD = ("Police detained journalists in the capital.\n\nCourts were slow to act.\n\n"
       "Prisons were overcrowded.")
NEW = ("Police detained journalists in the capital.\n\nCourts were very slow to act.\n\n"
       "Elections were held in May.")


def _series_project(tmp_path):  # type: ignore[no-untyped-def]
    from annotator.domain.model import Segment
    from annotator.domain.text import paragraph_spans, text_sha256
    from annotator.services.coding_commands import ApplyCode

    built = build_project(tmp_path)
    with Project.open(built.path, backup=False) as p:
        p.use_coder("alice", create=False)
        for label, year, text in (("old", 2020, OLD), ("new", 2021, NEW)):
            segs = [Segment("paragraph", str(i + 1), "", s.start, s.end)
                    for i, s in enumerate(paragraph_spans(text))]
            with p.store.begin() as tx:
                built.docs[label] = tx.add_document(
                    title=f"{year} Testland report", country="Testland", year=year,
                    source_name=f"{year}.txt", source_type="txt", text=text,
                    sha256=text_sha256(text), is_report=True, segs=segs).id
        p.execute(ApplyCode(built.docs["old"], 0, OLD.index(" in the"), built.codes["Torture"]))
        s = OLD.index("slow")
        p.execute(ApplyCode(built.docs["old"], s, s + 4, built.codes["Detention"]))
        s = OLD.index("Prisons")
        p.execute(ApplyCode(built.docs["old"], s, len(OLD), built.codes["Expression"]))
    return built


def test_carry_forward_dialog_series_tab_and_what_changed(qtbot, tmp_path, open_app):  # type: ignore[no-untyped-def]
    built = _series_project(tmp_path)
    app = open_app(built)
    wb = app.workbench
    panel = wb.series_ops.panel
    assert panel.item_for(built.docs["old"]) is not None
    wb.open_document(built.docs["new"])
    wb.series_ops.carry_into(None)
    dlg = wb.series_ops.dialog
    assert dlg.old.currentData() == built.docs["old"]
    dlg.accept()
    report = wb.series_ops.last_report
    assert report.methods == {"same": 1, "edited": 1} and len(report.not_carried) == 1
    marks = {NEW[m.start:m.end] for m in wb.review.layer.marks}
    assert marks == {"Police detained journalists", "very slow"} or marks == {
        "Police detained journalists", "slow"}
    assert wb.review.counter_text() == "Proposals: 0 of 2 decided"
    assert panel.item_for(built.docs["new"]).text(2) == "2"  # pending in the Series tab
    assert wb.documents._items[built.docs["new"]].text().endswith("· 2 proposed")
    wb.series_ops.show_changes(None)
    view = wb.series_ops.dialog
    statuses = [r["status"] for r in view.records]
    assert statuses.count("same") == 1 and "edited" in statuses and "new" in statuses
    view.mode.setCurrentIndex(1)  # side by side
    assert "<table" in view.text.toHtml()
    removed = statuses.index("removed")
    view.open_record(removed)  # a removed sentence: jumps into the old edition
    assert wb.session.document_id == built.docs["old"]
    assert wb.view.selection() == (OLD.index("Prisons"), len(OLD))
    view.close()


def test_importing_a_new_edition_offers_to_carry_forward(qtbot, tmp_path, open_app):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from annotator.gui.series_ops import offer_carry_after_import

    built = _series_project(tmp_path)
    app = open_app(built)
    wb = app.workbench
    new = app.workbench.controller.project.document(built.docs["new"])
    offer_carry_after_import(wb, [new])
    box = wb.series_ops.dialog
    assert isinstance(box, QMessageBox) and box.isVisible() and "2020" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    dlg = wb.series_ops.dialog
    assert dlg.objectName() == "carryDialog" and dlg.old.currentData() == built.docs["old"]
    dlg.reject()


def test_review_filters_by_origin_score_and_code(qtbot, tmp_path, open_app):  # type: ignore[no-untyped-def]
    built = build_project(tmp_path)
    carried = _propose(built, ["delegation"])
    detention = _propose(built, ["observers"], code="Detention")
    app = open_app(built)
    wb = app.workbench
    wb.open_document(built.docs["astral"])
    wb.review.set_filter(code_uuid=built.codes["Detention"])
    assert [m.uuid for m in wb.review.layer.marks] == detention
    wb.review.set_filter(origin="suggest")
    assert wb.review.layer.marks == []
    wb.review.set_filter(origin="carry", min_score=0.5)
    assert [m.uuid for m in wb.review.layer.marks] == carried + detention


def test_blind_mode_shows_only_own_proposals_and_no_suggestions(qtbot, tmp_path, open_app):  # type: ignore[no-untyped-def]
    built = build_project(tmp_path, coders=("alice", "bob"))
    mine = _propose(built, ["delegation"])
    with Project.open(built.path, backup=False) as p:
        p.use_coder("bob", create=False)
        s = ASTRAL_TEXT.index("observers")
        p.execute(MakeProposals([NewProposal(built.docs["astral"], s, s + 9,
                                             built.codes["Torture"], p.coder.id, "carry")]))
        p.use_coder("alice", create=False)
        s = ASTRAL_TEXT.index("protesters")
        suggested = p.execute(MakeProposals([NewProposal(
            built.docs["astral"], s, s + 10, built.codes["Torture"], p.coder.id, "suggest",
            "model:test", 0.9, {"features": ["protesters"]})])).result.uuids
    app = open_app(built)
    wb = app.workbench
    wb.open_document(built.docs["astral"])
    assert [m.uuid for m in wb.review.layer.marks] == mine + suggested  # not bob's
    wb.controller.set_blind(True)
    assert [m.uuid for m in wb.review.layer.marks] == mine
    wb.review.allow_suggestions_in_blind = True
    wb.review.reload()
    assert [m.uuid for m in wb.review.layer.marks] == mine + suggested
