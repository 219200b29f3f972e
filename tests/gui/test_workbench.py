"""The coding workbench driven as a user would: select, press a key, undo, find, jump, adjust."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.services import workbench as reads

from tests.gui.gui_helpers import (ASTRAL_TEXT, PHRASE, _restore_qt_app_state,  # noqa: E402,F401
                         build_project, drag_select, open_app,
                         stored_codings)


def _doc(app, built, label="astral"):  # type: ignore[no-untyped-def]
    wb = app.workbench
    wb.open_document(built.docs[label])
    return wb


def test_mouse_selection_and_shortcut_store_code_point_offsets(qtbot, tmp_path, open_app):
    built = build_project(tmp_path)
    app = open_app(built)
    wb = _doc(app, built)
    start = ASTRAL_TEXT.index(PHRASE)
    end = start + len(PHRASE)
    # astral characters before the phrase make UTF-16 and code points differ
    assert len(ASTRAL_TEXT[:start].encode("utf-16-le")) // 2 > start
    drag_select(qtbot, wb.view, start, end)
    assert wb.view.selection() == (start, end)
    scroll = wb.view.editor.verticalScrollBar().value()
    qtbot.keyClick(wb.view.editor, "t")  # Torture's own shortcut
    assert stored_codings(built.path) == [(built.docs["astral"], start, end,
                                           built.codes["Torture"])]
    assert wb.view.editor.verticalScrollBar().value() == scroll  # the text did not move
    assert [(s.start, s.end) for s in wb.view.spans_at(start + 1)] == [(start, end)]
    assert wb.codings_model.rowCount() == 1


def test_undo_and_redo_with_keyboard_follow_the_store(qtbot, tmp_path, open_app):
    built = build_project(tmp_path)
    app = open_app(built)
    wb = _doc(app, built)
    start = ASTRAL_TEXT.index("Almaty")
    wb.view.select(start, start + len("Almaty"))
    # digits go to the first codable codes without a key of their own (Torture has "t")
    qtbot.keyClick(wb.view.editor, "1")
    first = stored_codings(built.path)
    assert first == [(built.docs["astral"], start, start + 6, built.codes["Detention"])]
    uuid_before = wb.session.codings()[0].uuid
    qtbot.keyClick(wb.view.editor, "z", Qt.KeyboardModifier.ControlModifier)
    assert stored_codings(built.path) == []
    assert wb.view.spans_at(start) == []
    qtbot.keyClick(wb.view.editor, "z",
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert stored_codings(built.path) == first
    assert wb.session.codings()[0].uuid == uuid_before  # redo brings back the same coding
    assert len(wb.view.spans_at(start)) == 1


def test_code_report_phrase_by_double_clicking_a_code(qtbot, tmp_path, open_app):
    built = build_project(tmp_path, corpus=True)
    app = open_app(built)
    wb = _doc(app, built, "kz")
    text = wb.session.text
    phrase = "torture by and on behalf of the government"
    start = text.index(phrase)
    wb.view.select(start, start + len(phrase))
    tree = wb.codebook.view
    idx = wb.codebook.index_for_uuid(built.codes["Detention"])
    tree.scrollTo(idx)
    pos = tree.visualRect(idx).center()
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=pos)  # a real double
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=pos)  # click: press first
    assert stored_codings(built.path) == [(built.docs["kz"], start, start + len(phrase),
                                           built.codes["Detention"])]


def test_paragraph_click_and_in_vivo_are_single_undo_steps(qtbot, tmp_path, open_app):
    built = build_project(tmp_path)
    app = open_app(built)
    wb = _doc(app, built)
    wb.controller.set_current_code(built.codes["Expression"])
    para = wb.session.paragraphs[2]
    wb.view.activate_paragraph(2)  # what a click on the paragraph number does
    assert stored_codings(built.path) == [(built.docs["astral"], para.start, para.end,
                                           built.codes["Expression"])]
    start = ASTRAL_TEXT.index("peaceful protesters")
    wb.view.select(start, start + len("peaceful protesters"))
    wb.window.actions_.in_vivo.trigger()
    codes = {c.name: c for c in reads.codes(wb.controller.project)}
    assert "peaceful protesters" in codes and "In-vivo codes" in codes
    assert len(stored_codings(built.path)) == 2
    wb.controller.undo_stack.undo()
    codes = {c.name for c in reads.codes(wb.controller.project)}
    assert "peaceful protesters" not in codes and "In-vivo codes" not in codes
    assert len(stored_codings(built.path)) == 1


def test_find_highlights_hits_and_codes_them_in_one_step(qtbot, tmp_path, open_app):
    built = build_project(tmp_path)
    app = open_app(built)
    wb = _doc(app, built)
    qtbot.keyClick(wb.view.editor, "f", Qt.KeyboardModifier.ControlModifier)
    bar = wb.pane.find_bar
    assert bar.isVisible()
    qtbot.keyClicks(bar.edit, "THE")
    bar.search()
    expected = [i for i in range(len(ASTRAL_TEXT)) if ASTRAL_TEXT[i:i + 3].lower() == "the"]
    assert [s for s, _ in bar.hits] == expected
    assert len(wb.view.marks.hits) == len(expected) if hasattr(wb.view.marks, "hits") else True
    wb.controller.set_current_code(built.codes["Expression"])
    qtbot.mouseClick(bar.code_all, Qt.MouseButton.LeftButton)
    assert len(stored_codings(built.path)) == len(expected)
    wb.controller.undo_stack.undo()
    assert stored_codings(built.path) == []
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()


def test_project_search_opens_and_selects_the_hit(qtbot, tmp_path, open_app):
    built = build_project(tmp_path, corpus=True)
    app = open_app(built)
    wb = _doc(app, built, "kz")
    wb.window.actions_.find_project.trigger()
    wb.search.edit.setText("Almaty")
    wb.search.search()
    qtbot.waitUntil(lambda: wb.search.model.rowCount() > 0, timeout=20000)
    group = next(wb.search.model.item(r) for r in range(wb.search.model.rowCount())
                 if wb.search.model.item(r).text().startswith("Astral test"))
    wb.search.view.activated.emit(group.child(0).index())
    start = ASTRAL_TEXT.index("Almaty")
    assert wb.session.document_id == built.docs["astral"]
    assert wb.view.selection() == (start, start + len("Almaty"))


def test_codings_list_jumps_and_delete_key_removes(qtbot, tmp_path, open_app):
    built = build_project(tmp_path, corpus=True)
    app = open_app(built)
    wb = _doc(app, built, "kz")
    text = wb.session.text
    start = text.rindex("Almaty")
    wb.view.select(start, start + 6)
    wb.ops.apply_code(built.codes["Torture"])
    wb.view.move_cursor(0)
    wb.view.scroll_to(0)
    table = wb.codings.table
    idx = wb.codings.proxy.index(0, 2)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(idx).center())
    assert wb.view.editor.verticalScrollBar().value() > 0  # jumped to the passage
    assert wb.memo.coding is not None and wb.memo.coding.start == start
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert stored_codings(built.path) == []
    wb.controller.undo_stack.undo()
    assert len(stored_codings(built.path)) == 1


def test_clicking_a_highlight_then_delete_and_recode(qtbot, tmp_path, open_app):
    built = build_project(tmp_path)
    app = open_app(built)
    wb = _doc(app, built)
    start = ASTRAL_TEXT.index(PHRASE)
    wb.view.select(start, start + len(PHRASE))
    wb.ops.apply_code(built.codes["Torture"])
    uuid = wb.session.codings()[0].uuid
    wb.view.activate_coding(uuid)  # a click on the highlight or its margin bar
    assert wb.ops.active_coding == uuid
    wb.ops.recode([uuid], built.codes["Detention"])
    assert stored_codings(built.path)[0][3] == built.codes["Detention"]
    wb.view.setFocus()
    wb.window.actions_.delete_coding.trigger()
    assert stored_codings(built.path) == []


def test_adjust_boundary_with_keyboard_merges_into_one_undo_step(qtbot, tmp_path, open_app):
    built = build_project(tmp_path)
    app = open_app(built)
    wb = _doc(app, built)
    start = ASTRAL_TEXT.index(PHRASE)
    end = start + len(PHRASE)
    wb.view.select(start, end)
    wb.ops.apply_code(built.codes["Torture"])
    wb.view.activate_coding(wb.session.codings()[0].uuid)
    wb.view.move_cursor(start + 2)
    mods = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
            | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(wb.view.editor, Qt.Key.Key_Right, mods)
    qtbot.keyClick(wb.view.editor, Qt.Key.Key_Right, mods)
    new_end = ASTRAL_TEXT.index("without charge") + len("without charge")
    assert stored_codings(built.path)[0][1:3] == (start, new_end)
    wb.view.coding_bounds_edited.emit(wb.session.codings()[0].uuid, start + 9, new_end)
    assert stored_codings(built.path)[0][1:3] == (start + 9, new_end)
    wb.controller.undo_stack.undo()  # all nudges of one coding are one step
    assert stored_codings(built.path)[0][1:3] == (start, end)


def test_drag_selection_onto_code_and_quick_code_box(qtbot, tmp_path, open_app):
    built = build_project(tmp_path)
    app = open_app(built)
    wb = _doc(app, built)
    start = ASTRAL_TEXT.index("officials")
    wb.view.select(start, start + len("officials"))
    mime = wb.view.selection_mime()
    model = wb.codebook.model
    target = model.index_for_uuid(built.codes["Expression"])
    assert model.canDropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, target)
    model.dropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, target)
    assert stored_codings(built.path) == [(built.docs["astral"], start, start + 9,
                                           built.codes["Expression"])]
    # the same drop works on the filtered list; grouping codes refuse it
    wb.codebook.filter.setText("tort")
    wb.codebook._apply_filter()
    flat = wb.codebook.matches
    assert not flat.canDropMimeData(mime, Qt.DropAction.CopyAction, -1, -1,
                                    flat.index_for_uuid(built.codes["Rights"]))
    flat.dropMimeData(mime, Qt.DropAction.CopyAction, -1, -1,
                      flat.index_for_uuid(built.codes["Torture"]))
    assert len(stored_codings(built.path)) == 2
    wb.codebook.filter.clear()
    second = ASTRAL_TEXT.index("observers")
    wb.view.select(second, second + len("observers"))
    qtbot.keyClick(wb.view.editor, "k", Qt.KeyboardModifier.ControlModifier)
    picker = wb.quick_picker
    qtbot.keyClicks(picker.edit, "deten")
    assert [wb.codebook.model.code_by_uuid(u).name for u in picker.shown_uuids()] == ["Detention"]
    qtbot.keyClick(picker.edit, Qt.Key.Key_Return)
    assert (built.docs["astral"], second, second + 9, built.codes["Detention"]) in \
        stored_codings(built.path)


def test_memo_and_ordinal_attribute_are_saved(qtbot, tmp_path, open_app):
    built = build_project(tmp_path)
    app = open_app(built)
    wb = _doc(app, built)
    start = ASTRAL_TEXT.index(PHRASE)
    wb.view.select(start, start + len(PHRASE))
    wb.ops.apply_code(built.codes["Score"])
    coding = wb.session.codings()[0]
    wb.view.activate_coding(coding.uuid)
    box = wb.memo.editors["score"]
    box.setCurrentText("2")
    wb.window.actions_.memo.trigger()
    qtbot.keyClicks(wb.memo.memo, "Seen in two sources")
    wb.memo.commit_memo()
    fresh = reads.coding(wb.controller.project, coding.uuid)
    assert fresh.attributes == {"score": "2"}
    assert fresh.memo == "Seen in two sources"
    tip = wb.tooltip_for(wb.view.spans_at(start + 1))
    assert "score: 2" in tip and "Seen in two sources" in tip and "alice" in tip


def test_refused_command_shows_readable_dialog(qtbot, tmp_path, open_app):
    built = build_project(tmp_path)
    app = open_app(built)
    wb = _doc(app, built)
    wb.view.select(3, 9)
    wb.ops.apply_code(built.codes["Rights"])  # a grouping code: refused with a message
    assert stored_codings(built.path) == []
    assert "grouping" in app.window.statusBar().currentMessage()
    from annotator.services.coding_commands import ApplyCode

    wb.controller.execute(ApplyCode(built.docs["astral"], 5, 10_000, built.codes["Torture"]))
    box = wb.last_error
    assert "outside the document" in box.text()
    assert "Traceback" not in box.text() + box.informativeText()
    box.close()


def test_outline_marks_inferred_headings_and_confirms_them(qtbot, tmp_path, open_app):
    built = build_project(tmp_path)
    app = open_app(built)
    wb = _doc(app, built)
    item = wb.outline.model.item(0)
    assert item.text().endswith("?") and item.font().italic()
    wb.outline.confirm_requested.emit("1", None)  # context menu ▸ Confirm Heading
    assert not wb.outline.model.item(0).text().endswith("?")
    assert not wb.controller.project.outline(built.docs["astral"])[0].inferred
    wb.outline.confirm_requested.emit("1", "Witnesses")  # ▸ Rename Heading…
    assert wb.outline.model.item(0).text() == "1  Witnesses"
    wb.controller.undo_stack.undo()
    assert wb.controller.project.outline(built.docs["astral"])[0].title == "Witness statements"
    assert wb.outline.model.item(0).text() == "1  Witness statements"
    wb.outline.view.clicked.emit(wb.outline.model.item(0).index())
    assert wb.pane.title.text().count("Witness statements") == 1


def test_right_to_left_text_codes_at_the_right_offsets(qtbot, tmp_path, open_app):
    built = build_project(tmp_path)
    app = open_app(built)
    wb = _doc(app, built)
    phrase = "مرحبا بالعالم"
    start = ASTRAL_TEXT.index(phrase)
    drag_select(qtbot, wb.view, start, start + len(phrase))
    assert wb.view.selection() == (start, start + len(phrase))
    qtbot.keyClick(wb.view.editor, "t")
    assert stored_codings(built.path) == [(built.docs["astral"], start, start + len(phrase),
                                           built.codes["Torture"])]
    assert wb.session.text[start:start + len(phrase)] == phrase
