"""One open project in the main window: builds the panels and wires them together.

Panels never know each other; this class connects their signals to the controller, the open
document (:class:`DocumentSession`) and the coding operations (:class:`CodingOps`).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from annotator.domain.changes import Changes
from annotator.domain.model import Coding
from annotator.domain.spans import SpanInfo
from annotator.gui.assignment_ops import apply_blind_state
from annotator.gui.busy_state import BusyIndicator
from annotator.gui.actions import CodeShortcuts
from annotator.gui.coding_ops import CodingOps
from annotator.gui.controller import Controller
from annotator.gui.document_pane import DocumentPane
from annotator.gui.document_session import DocumentSession, is_local
from annotator.gui.main_window import MainWindow
from annotator.gui.models.codings_model import CodingsModel
from annotator.gui.panels.codebook_panel import CodebookPanel
from annotator.gui.panels.coders_panel import CodersPanel
from annotator.gui.panels.codings_panel import CodingsPanel
from annotator.gui.panels.documents_panel import DocumentsPanel
from annotator.gui.panels.memo_panel import MemoPanel
from annotator.gui.panels.outline_panel import OutlinePanel
from annotator.gui.panels.search_panel import SearchPanel
from annotator.gui.status import StatusLine
from annotator.gui.workers import Runner
from annotator.services import workbench as reads
from annotator.services.project import Project
from annotator.settings import AppSettings


class Workbench(QObject):
    def __init__(self, window: MainWindow, project: Project, settings: AppSettings,
                 runner: Runner) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.runner = runner
        self.controller = Controller(project, self)
        c = self.controller
        self._project_total: int | None = None  # codings in the project, for the status bar
        self._rehearsed = False  # the database path of a code key warmed (see _rehearse)
        # panels
        self.pane = DocumentPane()
        self.view = self.pane.view
        self.codebook = CodebookPanel(c)
        cb = self.codebook.model
        self.codings_model = CodingsModel(cb.code_by_id, c.coder_name, self)
        self.codings = CodingsPanel(self.codings_model)
        self.documents = DocumentsPanel()
        self.outline = OutlinePanel()
        self.memo = MemoPanel(cb.code_by_id, c.coder_name)
        self.search = SearchPanel(project, runner)
        self.coders = CodersPanel(c)
        self.session = DocumentSession(c, self.view, self.codings_model, cb.code_by_id, self)
        self.ops = CodingOps(c, self.session, self.view, cb.code_by_uuid, cb.children_uuids, self)
        self.shortcuts = CodeShortcuts(window)
        self.status = StatusLine(window.statusBar(), c)
        self.busy = BusyIndicator(window, project)  # "waiting for another program…"
        self.live = self._start_live_sync(project)
        window.show_widget(self.pane)
        window.install_panels({
            "documentsDock": self.documents, "searchDock": self.search,
            "codersDock": self.coders, "outlineDock": self.outline,
            "codebookDock": self.codebook, "codingsDock": self.codings, "memoDock": self.memo})
        self._wire()
        from annotator.gui.workbench_actions import install_actions

        install_actions(self)
        from annotator.gui.series_ops import install_series

        install_series(self)  # proposals review loop, series dock, carry forward, what changed
        from annotator.gui.suggestions_panel import install_suggestions

        self.suggestions = install_suggestions(self)  # Suggestions tab (uses the review loop)
        self.view.set_snap_to_words(settings.snap_to_words)
        if settings.zoom:
            self.view.zoom(settings.zoom)
        self.view.set_tooltip_provider(self.tooltip_for)
        self._on_codes_reloaded()
        self.refresh_documents()
        self._update_status()
        self.window.setWindowTitle(f"{project.name} — annotator")
        self._reopen_last_document()

    # --- wiring -----------------------------------------------------------------------------
    def _wire(self) -> None:
        c, v = self.controller, self.view
        c.failed.connect(self._show_error)
        c.changed.connect(self._on_changes)
        c.visibility_changed.connect(self._on_visibility)
        c.current_code_changed.connect(self._on_current_code)
        self.ops.message.connect(lambda m: self.window.statusBar().showMessage(m, 6000))
        # document view
        v.coding_activated.connect(self.activate_coding)
        v.coding_bounds_edited.connect(self.ops.move_bounds)
        v.paragraph_activated.connect(self.ops.apply_to_paragraph)
        v.visible_range_changed.connect(self._on_scrolled)
        # codebook
        self.codebook.code_activated.connect(lambda u: self.ops.apply_code(u))
        self.codebook.apply_requested.connect(lambda u, s, e: self.ops.apply_code(u, s, e))
        self.codebook.current_code_changed.connect(c.set_current_code)
        self.codebook.codes_reloaded.connect(self._on_codes_reloaded)
        self.shortcuts.triggered.connect(lambda u: self.ops.apply_code(u))
        # codings list and memo
        self.codings.coding_activated.connect(self.jump_to_coding)
        self.codings.coding_selected.connect(self._on_coding_selected)
        self.codings.delete_requested.connect(self.ops.delete)
        self.codings.recode_requested.connect(self.prompt_recode)
        self.codings.memo_requested.connect(self.open_memo)
        self.memo.update_requested.connect(self.ops.update)
        # navigation
        self.documents.document_activated.connect(self.open_document)
        self.outline.section_activated.connect(self._goto_section)
        self.outline.confirm_requested.connect(self._confirm_heading)
        self.search.hit_activated.connect(self.jump_to)
        self.session.opened.connect(self._on_opened)
        self.session.codings_changed.connect(self._update_status)
        # counts follow local edits by difference (no counting query per keystroke)
        self.codebook.delta_document = lambda: self.session.document_id
        self.session.counts_delta.connect(self.codebook.apply_count_deltas)
        self.session.counts_delta.connect(self._on_counts_delta)
        # find bar
        fb = self.pane.find_bar
        fb.hits_changed.connect(self._on_find_hits)
        fb.code_all_requested.connect(self.ops.code_hits)
        fb.closed.connect(lambda: self.view.setFocus())

    def _start_live_sync(self, project: Project) -> object | None:
        """On a team server, other coders' work arrives within about a second."""
        if project.store.is_sqlite:
            return None
        from annotator.gui.live_sync import LiveSync

        live = LiveSync(project, parent=self)
        live.remote_changes.connect(self.controller.announce)
        live.connection_changed.connect(self._on_connection)
        live.start()  # before the views load, so nothing committed in between is missed
        return live

    def _on_connection(self, connected: bool) -> None:
        bar = self.window.statusBar()
        if connected:
            bar.showMessage("Connected to the team server again.", 6000)
        else:
            bar.showMessage("Lost the connection to the team server: actions are refused until "
                            "it is back (nothing you did before is lost).")

    def close(self) -> None:
        from annotator.gui.series_ops import uninstall_series

        # the project's text goes with it: nothing may go on highlighting it in the background
        # (a closed project's pass would run under the next one's keystrokes)
        self.view.clear()
        self.view.highlighter.stop()
        self.suggestions.close()
        uninstall_series(self)
        if self.live is not None:
            self.live.stop()
        self.busy.detach()
        self.memo.commit_memo()
        self.search.shutdown()
        self.controller.close()

    # --- documents --------------------------------------------------------------------------
    def refresh_documents(self) -> None:
        docs = self.controller.project.documents()
        self.documents.set_documents(docs)
        if self.session.document_id is None:
            self.pane.show_document(False)
            hint = ("Choose a document on the left to start reading and coding." if docs else
                    "Import a report to start (File ▸ Import Documents…).")
            self.pane.hint.setText(hint)

    def _reopen_last_document(self) -> None:
        wanted = self.settings.last_documents.get(str(self.controller.project.target))
        for doc in self.controller.project.documents():
            if doc.uuid == wanted:
                self.open_document(doc.id)
                return

    def open_document(self, document_id: int) -> None:
        if document_id == self.session.document_id:
            return
        self.memo.show_coding(None)
        self.session.open(document_id)
        if self.session.info is not None:
            self.settings.remember_document(self.controller.project.target,
                                            self.session.info.uuid)

    def _on_opened(self, document_id: int) -> None:
        s = self.session
        assert s.info is not None
        self.controller.open_document(document_id)
        apply_blind_state(self, document_id)
        self.pane.show_document(True)
        self.pane.set_title(s.info.title, "")
        self.documents.mark_current(document_id)
        self.outline.set_outline(s.outline)
        self.memo.set_text(s.text)
        self.pane.find_bar.set_document_text(s.text)
        self.window.setWindowTitle(f"{s.info.title} — {self.controller.project.name} — annotator")
        self.view.set_emphasis(self.controller.current_code)
        self._update_status()
        if not self._rehearsed:  # once the document is on screen and the app idle
            QTimer.singleShot(0, self, lambda d=document_id: self._rehearse(d))

    def _rehearse(self, document_id: int) -> None:
        """Warm the database path of a code key and Ctrl+Z (statement compilation, the
        driver) in a transaction that is rolled back: nothing is written (see
        :mod:`annotator.services.rehearsal`); the first real apply then costs what later
        ones cost."""
        from annotator.services.rehearsal import rehearse_coding

        if self._rehearsed or self.session.document_id != document_id:
            return
        code = next((c.uuid for c in self.codebook.model.codes_in_tree_order()
                     if c.codable and not c.deprecated), None)
        if code is not None:
            self._rehearsed = rehearse_coding(self.controller.project, document_id, code)

    def jump_to(self, document_id: int, start: int, end: int) -> None:
        """Open a document (if needed), bring ``[start, end)`` into view and flash it."""
        self.open_document(document_id)
        self.view.scroll_to(start)
        self.view.select(start, end)
        self.view.flash(start, end)

    def jump_to_coding(self, coding: Coding) -> None:
        self.ops.active_coding = coding.uuid
        self.memo.show_coding(coding)
        self.view.scroll_to(coding.start)
        self.view.flash(coding.start, coding.end)

    def activate_coding(self, uuid: str) -> None:
        """A coding was clicked in the text or margin: select it in the list, show its memo."""
        c = self.session.coding(uuid)
        if c is None:
            return
        self.ops.active_coding = uuid
        self.codings.select_coding(c.id)
        self.memo.show_coding(c)

    def _on_coding_selected(self, coding: Coding | None) -> None:
        if coding is not None:
            self.ops.active_coding = coding.uuid
            self.memo.show_coding(coding)

    def open_memo(self, uuid: str | None = None) -> None:
        uuid = uuid or self.ops.active_coding
        c = self.session.coding(uuid) if uuid else None
        if c is None:
            self.window.statusBar().showMessage("Click a coding first, then press Ctrl+M.", 5000)
            return
        self.memo.show_coding(c)
        self.window.docks["memoDock"].show()
        self.window.docks["memoDock"].raise_()
        self.memo.focus_memo()

    def _goto_section(self, start: int, end: int) -> None:
        self.view.scroll_to(start)
        self.pane.set_title(self.session.info.title if self.session.info else "",
                            self.session.section_label(start))

    def _confirm_heading(self, path: str, title: object) -> None:
        from annotator.services.outline_commands import ConfirmHeading

        doc = self.session.document_id
        if doc is not None:
            self.controller.execute(ConfirmHeading(doc, path, title if title else None))

    def _on_scrolled(self, start: int, _end: int) -> None:
        if self.session.info is None:
            return
        self.outline.mark_position(start)
        self.pane.set_title(self.session.info.title, self.session.section_label(start))

    # --- codes ------------------------------------------------------------------------------
    def _on_codes_reloaded(self) -> None:
        keys = self.shortcuts.rebuild(self.codebook.model.codes_in_tree_order())
        self.codebook.model.set_keys(keys)

    def _on_current_code(self, uuid: object) -> None:
        self.view.set_emphasis(uuid if isinstance(uuid, str) else None)
        if isinstance(uuid, str) and uuid != self.codebook.current_uuid():
            self.codebook.select_code(uuid)

    def prompt_recode(self, uuids: list[str] | None = None) -> None:
        from annotator.gui.dialogs.code_picker import CodePicker

        uuids = uuids or ([self.ops.active_coding] if self.ops.active_coding else [])
        if not uuids:
            self.window.statusBar().showMessage("Click a coding first to recode it.", 5000)
            return
        picker = CodePicker(self.window, "Recode", f"Recode {len(uuids)} coding(s) to…")
        self._fill_picker(picker)
        picker.chosen.connect(lambda code: self.ops.recode(uuids, code))
        picker.open()

    def _fill_picker(self, picker: object) -> None:
        model = self.codebook.model
        codes = model.codes_in_tree_order()
        picker.set_codes(codes, {c.uuid: model.path(c.uuid) for c in codes},  # type: ignore
                         self.shortcuts.keys)

    def tooltip_for(self, spans: list[SpanInfo]) -> str:
        from annotator.gui.span_tooltip import describe_spans

        return describe_spans(spans, self.session, self.codebook.model, self.controller)

    # --- changes ----------------------------------------------------------------------------
    def _on_changes(self, changes: Changes) -> None:
        if changes.documents:
            self.refresh_documents()
            if self.session.document_id in changes.documents:
                self.outline.set_outline(self.session.outline)
        if changes.coded_documents or changes.codings or changes.codebook or changes.memos:
            c = self.memo.coding
            if c is not None:
                self.memo.refresh(self.session.coding(c.uuid))
        if changes.codings and not is_local(changes, self.session.document_id):
            self._project_total = None  # counted again when shown
            QTimer.singleShot(0, self._update_status)
        if changes.coders:
            self.coders.refresh()

    def _on_visibility(self) -> None:
        hidden = self.controller.hidden_coders()
        self.view.set_hidden_coders(hidden)
        self.codings.set_hidden_coders(hidden)
        shown = self.memo.coding
        if shown is not None and shown.coder_id in hidden:  # never show a hidden coder's memo
            self.memo.show_coding(None)
        active = self.session.coding(self.ops.active_coding) if self.ops.active_coding else None
        if active is not None and active.coder_id in hidden:
            self.ops.active_coding = None
        self._update_status()

    def _on_find_hits(self, hits: list, current: int) -> None:
        self.view.set_find_hits(hits, current)
        if 0 <= current < len(hits):
            s, e = hits[current]
            self.view.scroll_to(s)
            self.view.select(s, e)

    def _on_counts_delta(self, deltas: list[tuple[int, int, int]]) -> None:
        if self._project_total is not None:
            self._project_total += sum(sign for _, _, sign in deltas)

    def _update_status(self) -> None:
        hidden = self.controller.hidden_coders()
        if self._project_total is None:
            self._project_total = reads.count_codings(self.controller.project)
        self.status.set_counts(self.session.count(), self.session.count(hidden),
                               self._project_total)

    def _show_error(self, exc: object) -> None:
        from annotator.gui.errors import show_error

        if isinstance(exc, BaseException):
            self.last_error = show_error(self.window, exc)
