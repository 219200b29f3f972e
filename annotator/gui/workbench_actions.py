"""Connect the window's actions and toolbar to an open workbench (and undo that on close)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QSizePolicy, QToolButton, QWidget

from annotator.gui import assignment_ops, file_ops
from annotator.gui.panels.coders_panel import CoderButton, VisibleButton

if TYPE_CHECKING:
    from annotator.gui.workbench import Workbench


class Connections:
    """Signal connections made for one workbench, undone when it closes."""

    def __init__(self) -> None:
        self._pairs: list[tuple[Any, Callable[..., Any]]] = []

    def connect(self, signal: Any, slot: Callable[..., Any]) -> None:
        signal.connect(slot)
        self._pairs.append((signal, slot))

    def disconnect_all(self) -> None:
        for signal, slot in self._pairs:
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
        self._pairs.clear()


def install_actions(wb: Workbench) -> None:
    w, a, c = wb.window, wb.window.actions_, wb.controller
    conns = wb.connections = Connections()
    on = conns.connect
    # undo / redo: one stack per coder, coding and codebook edits alike
    undo = c.undo_group.createUndoAction(w, "Undo")
    redo = c.undo_group.createRedoAction(w, "Redo")
    undo.setShortcuts(QKeySequence.StandardKey.Undo)
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    for act in (undo, redo):
        act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        w.addAction(act)
    w.add_undo_actions(undo, redo)
    wb.undo_action, wb.redo_action = undo, redo
    # toolbar: fixed labels (the menu entries say what will be undone). Buttons, not actions:
    # a toolbar re-lays out the whole window whenever one of its actions changes, and the undo
    # entry changes with every edit; a button's state and tooltip change without any layout.
    tb = w.toolbar
    tb.clear()
    for menu_act, label in ((undo, "Undo"), (redo, "Redo")):
        button = QToolButton(tb)
        button.setObjectName(f"{label.lower()}Button")
        button.setText(label)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(menu_act.trigger)
        menu_act.changed.connect(
            lambda m=menu_act, t=button, lab=label: _mirror(m, t, lab))
        _mirror(menu_act, button, label)
        tb.addWidget(button)
    tb.addSeparator()
    tb.addAction(a.quick_code)
    tb.addAction(a.find)
    tb.addAction(a.find_project)
    tb.addSeparator()
    wb.coder_button = CoderButton(c)
    wb.visible_button = VisibleButton(c)
    tb.addWidget(wb.coder_button)
    tb.addWidget(wb.visible_button)
    tb.addAction(a.blind_mode)
    spacer = QWidget()
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    tb.addWidget(spacer)
    tb.addAction(a.import_documents)
    w.set_workbench_mode(True)
    a.quick_code.setText("Quick Code")
    a.find.setText("Find")
    a.find_project.setText("Search Project")
    # actions
    on(a.find.triggered, lambda: open_find(wb))
    on(a.find_next.triggered, wb.pane.find_bar.next)
    on(a.find_previous.triggered, wb.pane.find_bar.previous)
    on(a.find_project.triggered, lambda: open_project_search(wb))
    on(a.quick_code.triggered, lambda: quick_code(wb))
    on(a.code_selection.triggered, wb.ops.apply_current)
    on(a.in_vivo.triggered, wb.ops.in_vivo)
    on(a.memo.triggered, lambda: wb.open_memo())
    on(a.recode.triggered, lambda: wb.prompt_recode())
    on(a.delete_coding.triggered, lambda: delete_selected(wb))
    on(a.add_code.triggered, lambda: add_code(wb))
    on(a.zoom_in.triggered, lambda: zoom(wb, 1))
    on(a.zoom_out.triggered, lambda: zoom(wb, -1))
    on(a.zoom_reset.triggered, lambda: zoom(wb, -wb.settings.zoom))
    a.snap_to_words.setChecked(wb.settings.snap_to_words)
    on(a.snap_to_words.toggled, lambda v: snap(wb, v))
    on(a.switch_coder.triggered, lambda: ask_coder(wb))
    on(wb.coder_button.switch_requested, lambda: ask_coder(wb))
    a.blind_mode.setChecked(c.blind)
    on(a.blind_mode.toggled, c.set_blind)
    on(c.visibility_changed, lambda: a.blind_mode.setChecked(c.blind))
    on(a.show_all_coders.triggered, lambda: show_all(wb))
    on(a.agreement.triggered, lambda: open_agreement(wb))
    on(a.analysis.triggered, lambda: open_analysis_dock(wb))
    on(a.export.triggered, lambda: file_ops.export(wb))
    on(a.create_package.triggered, lambda: file_ops.create_package(wb))
    on(a.merge_packages.triggered, lambda: file_ops.merge_packages(wb))
    on(a.mark_done.triggered, lambda: assignment_ops.mark_done(wb))
    on(a.assign_documents.triggered, lambda: assignment_ops.assign_documents(wb))
    on(a.remove_coder.triggered, lambda: assignment_ops.remove_coder(wb))
    on(wb.documents.import_requested, a.import_documents.trigger)
    on(wb.codebook.empty_add.clicked, lambda: add_code(wb, top_level=True))
    on(wb.codebook.empty_template.clicked, lambda: template_menu_at(wb))


def _mirror(menu_act: QAction, button: QToolButton, label: str) -> None:
    button.setEnabled(menu_act.isEnabled())
    keys = menu_act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    what = menu_act.text().replace("&", "")
    button.setToolTip(f"{what} ({keys})" if menu_act.isEnabled() else f"Nothing to {label.lower()}")


def uninstall_actions(wb: Workbench) -> None:
    conns = getattr(wb, "connections", None)
    if conns is not None:
        conns.disconnect_all()
    w = wb.window
    tools = getattr(w, "_agreement_tools", None)
    if tools is not None:  # these docks belong to the project being closed
        for dock in tools.docks.values():
            w.removeDockWidget(dock)
            dock.deleteLater()
        del w._agreement_tools
    for act in (getattr(wb, "undo_action", None), getattr(wb, "redo_action", None)):
        if isinstance(act, QAction):
            w.removeAction(act)
            w.menus["edit"].removeAction(act)
            act.deleteLater()
    w.set_workbench_mode(False)


def open_find(wb: Workbench) -> None:
    sel = wb.view.selection()
    text = wb.session.text[sel[0]:sel[1]] if sel else ""
    wb.pane.find_bar.open_bar(text, sel[0] if sel else 0)


def open_project_search(wb: Workbench) -> None:
    dock = wb.window.docks["searchDock"]
    dock.show()
    dock.raise_()
    sel = wb.view.selection()
    wb.search.focus_search(wb.session.text[sel[0]:sel[1]] if sel else "")


def quick_code(wb: Workbench) -> None:
    """Ctrl+K: a popup list of codes near the text; type to filter, Enter applies."""
    from annotator.gui.dialogs.code_picker import CodePicker

    if wb.session.document_id is None:
        wb.window.statusBar().showMessage("Open a document first.", 5000)
        return
    picker = CodePicker(wb.window, "Quick code", "Apply which code? (type, then Enter)",
                        popup=True)
    wb._fill_picker(picker)
    picker.chosen.connect(lambda uuid: wb.ops.apply_code(uuid))
    view = wb.view
    corner = view.mapToGlobal(QPoint(max(40, view.width() // 2 - 220), 60))
    picker.move(corner)
    wb.quick_picker = picker
    picker.open()
    picker.edit.setFocus()


def delete_selected(wb: Workbench) -> None:
    focus = QApplication.focusWidget()
    if focus is not None and wb.codings.isAncestorOf(focus) and wb.codings.selected_codings():
        wb.ops.delete([x.uuid for x in wb.codings.selected_codings()])
    elif focus is not None and wb.codebook.isAncestorOf(focus):
        code = wb.codebook.current_code()
        if code is not None:
            from annotator.gui.panels.codebook_menu import delete

            delete(wb.codebook, code)
    elif focus is None or focus is wb.view or wb.view.isAncestorOf(focus):
        wb.ops.delete_active()  # the coding last clicked in the text or margin


def add_code(wb: Workbench, top_level: bool = False) -> None:
    from annotator.gui.panels.codebook_menu import prompt_add

    current = wb.codebook.current_code()
    parent = None
    if not top_level and current is not None:
        parent = current.uuid if not current.codable else (
            wb.codebook.model.code_by_id(current.parent_id).uuid  # type: ignore[union-attr]
            if current.parent_id is not None and wb.codebook.model.code_by_id(current.parent_id)
            else None)
    prompt_add(wb.codebook, parent)


def template_menu_at(wb: Workbench) -> None:
    from annotator.gui.panels.codebook_menu import add_template, template_menu

    button = wb.codebook.empty_template
    menu = template_menu(button, lambda t: add_template(wb.codebook, t))
    menu.exec(button.mapToGlobal(QPoint(0, button.height())))


def zoom(wb: Workbench, steps: int) -> None:
    if steps:
        wb.view.zoom(steps)
        wb.settings.zoom += steps


def snap(wb: Workbench, on: bool) -> None:
    wb.view.set_snap_to_words(on)
    wb.settings.snap_to_words = on


def ask_coder(wb: Workbench) -> None:
    from annotator.gui.dialogs.coder_name import CoderNameDialog

    c = wb.controller
    name = CoderNameDialog.ask(wb.window, [x.name for x in c.coders()],
                               c.coder.name if c.coder else "")
    if name:
        switch_coder(wb, name)


def switch_coder(wb: Workbench, name: str) -> None:
    if wb.controller.switch_coder(name) is not None:
        wb.settings.coder_name = name
        if wb.session.document_id is not None:  # blind assignments are per coder
            assignment_ops.apply_blind_state(wb, wb.session.document_id)
        wb.window.statusBar().showMessage(f"Now coding as {name}.", 5000)


def open_agreement(wb: Workbench) -> None:
    """The agreement view, disagreement browser and adjudication panel (bottom docks)."""
    from annotator.gui.agreement import open_agreement_tools

    open_agreement_tools(wb.window, wb.controller.project, controller=wb.controller,
                         runner=wb.runner, jump=wb.jump_to)


def open_analysis_dock(wb: Workbench) -> None:
    """Frequencies, co-occurrence, code × country/year, passages and the printable report."""
    from annotator.gui.analysis import open_analysis

    open_analysis(wb.window, wb.controller.project, jump=wb.jump_to, runner=wb.runner)


def show_all(wb: Workbench) -> None:
    c = wb.controller
    c.set_blind(False)
    for coder in c.coders():
        c.set_coder_visible(coder.id, True)
