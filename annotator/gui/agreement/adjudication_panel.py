"""Adjudication: settle each disagreement with one key press, see "N of M settled", compare
each coder with the gold standard.

Keys (when the list or the passages have focus): A / B (/ C / D) accept that coder, 1-9 accept
the n-th coder, U union, I intersection, E edit (asks for the passage), R reject. The reason box
is stored with the next decision. Decisions are service commands: with a GUI controller they go
on its undo stack (Ctrl+Z in the main window); standalone the panel keeps its own stack.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (QHBoxLayout, QInputDialog, QLabel, QLineEdit, QMenu,
                               QProgressBar, QPushButton, QSplitter, QTableWidget,
                               QTableWidgetItem, QToolButton, QVBoxLayout, QWidget)

from annotator.domain.errors import AnnotatorError
from annotator.domain.review import merge
from annotator.gui.agreement.disagreements import (DisagreementModel, ItemFilter, ReviewLoader,
                                                   item_table)
from annotator.gui.agreement.side_by_side import SideBySide
from annotator.gui.flow_layout import FlowLayout
from annotator.gui.workers import Runner
from annotator.services import adjudication as adj
from annotator.services.agreement.tables import fmt_value
from annotator.services.commands import Command, Outcome
from annotator.services.project import Project
from annotator.services.undo import UndoStack

EditProvider = Callable[[Any], "list[tuple[int, int]] | None"]
KEYS = {Qt.Key.Key_U: "union", Qt.Key.Key_I: "intersection", Qt.Key.Key_E: "edit",
        Qt.Key.Key_R: "reject"}
ACCEPT_LETTERS = (Qt.Key.Key_A, Qt.Key.Key_B, Qt.Key.Key_C, Qt.Key.Key_D)


class AdjudicationPanel(QWidget):
    jump_requested = Signal(int, int, int)  # document id, start, end
    decided = Signal(object)  # the adjudication record (dict)
    message = Signal(str)

    def __init__(self, project: Project, runner: Runner | None = None,
                 controller: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project, self.controller = project, controller
        self.undo_stack = None if controller is not None else UndoStack(project)
        self.edit_provider: EditProvider | None = None
        self.loader = ReviewLoader(project, runner, self)
        self.model = DisagreementModel(self, compact=True)
        self.proxy = ItemFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = item_table(self.proxy)
        self.detail = SideBySide(project)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setFixedWidth(72)
        self.progress_label = QLabel("0 of 0 settled")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Reason (optional, stored with the next decision)")
        self.status = QLabel()
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        # the two gold actions share one menu button: one row of controls at 1366 px
        self.gold_button = QToolButton()
        self.gold_button.setText("Gold")
        self.gold_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.gold_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        gold_menu = QMenu(self.gold_button)
        self.adopt = gold_menu.addAction("Copy agreed passages to gold")
        self.adopt.setToolTip("Passages every coder marked identically go to the gold layer "
                              "unchanged (one undo step)")
        gold_menu.setToolTipsVisible(True)
        self.compare = gold_menu.addAction("Compare coders with gold")
        self.gold_button.setMenu(gold_menu)
        self.undo_button = QPushButton("Undo")
        self.gold_table = QTableWidget()
        self.gold_table.setVisible(False)
        self.gold_table.verticalHeader().hide()
        self._build()
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(250)
        self._reload_timer.timeout.connect(lambda: self.loader.load())
        if controller is not None:
            controller.changed.connect(self._on_project_changed)
        else:
            sc = QShortcut(QKeySequence.StandardKey.Undo, self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(self.undo)

    # --- layout -----------------------------------------------------------------------------
    def _build(self) -> None:
        # controls flow onto a second row in a narrow dock instead of being clipped
        top_row = QWidget()
        top = FlowLayout(top_row)
        top.setContentsMargins(8, 8, 8, 4)
        for w in (self.loader.coders, self.loader.unit, self.loader.refresh_button,
                  self.progress, self.progress_label, self.gold_button):
            top.addWidget(w)
        decide_row = QWidget()
        decide = FlowLayout(decide_row)
        decide.setContentsMargins(8, 2, 8, 6)
        for kind, label in (("accept:0", "A  Accept"), ("accept:1", "B  Accept"),
                            ("union", "U  Union"), ("intersection", "I  Intersection"),
                            ("edit", "E  Edit…"), ("reject", "R  Reject")):
            b = QPushButton(label)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.clicked.connect(lambda _=False, k=kind: self.decide_current(self._decision(k)))
            self.buttons[kind] = b
            decide.addWidget(b)
        decide.addWidget(self.undo_button)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.setSpacing(2)
        rl.addWidget(self.detail, 1)
        reason = QHBoxLayout()
        reason.setContentsMargins(8, 0, 8, 0)
        reason.addWidget(self.reason, 1)
        rl.addLayout(reason)
        rl.addWidget(decide_row)
        rl.addWidget(self.gold_table)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([440, 860])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(top_row)
        lay.addWidget(self.loader.message)
        lay.addWidget(split, 1)
        lay.addWidget(self.status)
        self.status.setContentsMargins(10, 0, 10, 4)
        self.loader.message.setContentsMargins(10, 0, 10, 0)
        self.loader.loaded.connect(self._show)
        self.loader.refresh_button.clicked.connect(lambda: self.loader.load())
        self.loader.coders.changed.connect(self._relabel)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._on_current())
        self.table.activated.connect(lambda *_: self._jump())
        self.table.installEventFilter(self)
        self.detail.installEventFilter(self)
        self.reason.returnPressed.connect(self.table.setFocus)
        self.adopt.triggered.connect(self.adopt_agreed)
        self.undo_button.clicked.connect(self.undo)
        self.compare.triggered.connect(self.compare_with_gold)
        self._relabel()

    def _relabel(self) -> None:
        coders, _ = self.loader.chosen()
        for i, key in enumerate(("accept:0", "accept:1")):
            name = coders[i] if i < len(coders) else "?"
            self.buttons[key].setText(f"{'AB'[i]}  Accept {name}")
            self.buttons[key].setEnabled(i < len(coders))

    # --- items ------------------------------------------------------------------------------
    def load(self, background: bool = True) -> None:
        self.loader.load(background)

    def _show(self, items: list[adj.Disagreement]) -> None:
        current = self.current()
        self.model.set_items(items, [])  # compact list: the passages show on the right
        self.detail.clear_texts()
        h = self.table.horizontalHeader()
        for col, width in ((0, 40), (1, 150), (2, 130), (3, 100)):
            h.resizeSection(col, width)
        h.setStretchLastSection(True)
        self._update_progress()
        row = self.model.row_of(current.key) if current else -1
        if row < 0:
            row = next((i for i, it in enumerate(items) if not it.settled), 0 if items else -1)
        self._select(row)
        if not items and not self.loader.message.text().startswith("<span"):
            self.loader.say("No disagreements between these coders.")
        elif items:
            self.loader.say("")

    def _select(self, source_row: int) -> None:
        if source_row < 0:
            self.detail.show_item(None)
            return
        idx = self.proxy.mapFromSource(self.model.index(source_row, 0))
        # chosen by the program (after loading or deciding): move the text there only when the
        # panel is in view, never from behind another tab (opening Agreement must not switch
        # the document the user is reading)
        # (a dock tabbed behind another stays "visible" to Qt, with nothing of it on screen)
        self._quiet = not self.isVisible() or self.visibleRegion().isEmpty()
        try:
            self.table.setCurrentIndex(idx)
            self.table.scrollTo(idx)
            self._on_current()
        finally:
            self._quiet = False

    def current(self) -> adj.Disagreement | None:
        idx = self.table.currentIndex()
        return idx.data(DisagreementModel.ITEM_ROLE) if idx.isValid() else None

    def _on_current(self) -> None:
        item = self.current()
        self.detail.show_item(item)
        if item is not None and not getattr(self, "_quiet", False):
            self.jump_requested.emit(item.document_id, item.start, item.end)

    def _jump(self) -> None:
        item = self.current()
        if item is not None:
            self.jump_requested.emit(item.document_id, item.start, item.end)

    def _update_progress(self) -> None:
        done = adj.progress(self.model.items)
        self.progress.setMaximum(max(done.total, 1))
        self.progress.setValue(done.settled)
        self.progress_label.setText(str(done))

    # --- deciding ---------------------------------------------------------------------------
    def _decision(self, kind: str) -> str:
        if kind.startswith("accept:"):
            coders = self.current().coders if self.current() else ()
            i = int(kind.split(":")[1])
            return f"accept:{coders[i]}" if i < len(coders) else "accept:"
        return kind

    def _execute(self, cmd: Command) -> Outcome | None:
        if self.controller is not None:
            return self.controller.execute(cmd)
        assert self.undo_stack is not None
        return self.undo_stack.push(cmd)

    def decide_current(self, decision: str) -> Outcome | None:
        """Settle the selected item; moves on to the next unsettled one."""
        item = self.current()
        if item is None:
            return None
        edit = None
        if decision == "edit":
            edit = self._ask_edit(item)
            if not edit:
                return None
        try:
            out = adj.decide(self.project, item, decision, reason=self.reason.text(), edit=edit,
                             execute=self._execute)
        except AnnotatorError as exc:
            self._say(str(exc), error=True)
            return None
        if out is None:  # refused; the controller has reported it
            return None
        self.reason.clear()
        row = self.model.row_of(item.key)
        self.model.replace_item(row, replace(item, settled=out.result))
        self._update_progress()
        self._say(f"{out.description} (item {item.number})")
        self.decided.emit(out.result)
        nxt = next((i for i in range(row + 1, len(self.model.items))
                    if not self.model.items[i].settled),
                   next((i for i in range(len(self.model.items))
                         if not self.model.items[i].settled), row))
        self._select(nxt)
        return out

    def _ask_edit(self, item: adj.Disagreement) -> list[tuple[int, int]] | None:
        if self.edit_provider is not None:
            return self.edit_provider(item)
        union = merge([s for v in item.spans.values() for s in v]) or [(item.start, item.end)]
        text, ok = QInputDialog.getText(
            self, "Edit gold passage", "Passage(s) as START:END (code points), separated by "
            "spaces:", text=" ".join(f"{s}:{e}" for s, e in union))
        if not ok:
            return None
        try:
            return [(int(a), int(b)) for a, b in (p.split(":") for p in text.split())]
        except ValueError:
            self._say("Write each passage as START:END, e.g. 120:180", error=True)
            return None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if self.handle_key(event):
                return True
        return super().eventFilter(obj, event)

    def handle_key(self, event: QKeyEvent) -> bool:
        """One key per decision; returns True when the key was used."""
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        key = event.key()
        if key in KEYS:
            self.decide_current(KEYS[Qt.Key(key)])
            return True
        if key in ACCEPT_LETTERS:
            self.decide_current(self._decision(f"accept:{ACCEPT_LETTERS.index(Qt.Key(key))}"))
            return True
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            self.decide_current(self._decision(f"accept:{key - Qt.Key.Key_1}"))
            return True
        return False

    def undo(self) -> None:
        if self.controller is not None:
            self.controller.undo_stack.undo()
            return
        assert self.undo_stack is not None
        if self.undo_stack.can_undo:
            self.undo_stack.undo()
            self._say("undone")
            self.loader.load(background=False)

    def adopt_agreed(self) -> None:
        coders, _ = self.loader.chosen()
        try:
            out = adj.adopt_agreed(self.project, coders, execute=self._execute)
        except AnnotatorError as exc:
            self._say(str(exc), error=True)
            return
        self._say("No identical passages left to copy." if out is None else out.description)

    def _on_project_changed(self, changes: Any) -> None:
        if getattr(changes, "codings", None) or getattr(changes, "coders", False):
            self._reload_timer.start()

    def _say(self, text: str, error: bool = False) -> None:
        color = "#b3261e" if error else ""
        self.status.setText(f"<span style='color:{color}'>{text}</span>" if error else text)
        self.message.emit(text)

    # --- gold -------------------------------------------------------------------------------
    def compare_with_gold(self) -> None:
        from annotator.services.gold_agreement import gold_agreement

        coders, _ = self.loader.chosen()
        try:
            found = gold_agreement(self.project, coders, statistics=("alpha", "kappa",
                                                                     "percent"))
        except AnnotatorError as exc:
            self._say(str(exc), error=True)
            return
        heads = ["Coder", "α", "κ", "% agree", "Span F1", "Precision", "Recall"]
        t = self.gold_table
        t.clear()
        t.setColumnCount(len(heads))
        t.setHorizontalHeaderLabels(heads)
        t.setRowCount(len(found))
        for r, g in enumerate(found):
            o = g.report.overall
            m = g.span_f1.details["overlap_match"]
            vals = [g.coder, fmt_value(o.value("alpha")), fmt_value(o.value("kappa")),
                    fmt_value(o.value("percent")), fmt_value(g.span_f1.value),
                    fmt_value(m["precision"]), fmt_value(m["recall"])]
            for c, v in enumerate(vals):
                it = QTableWidgetItem(v)
                if c:
                    it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                t.setItem(r, c, it)
        t.resizeColumnsToContents()
        t.setFixedHeight(t.horizontalHeader().height() + 26 * max(len(found), 1) + 6)
        t.setVisible(True)
        self._say(f"Compared with {found[0].gold if found else 'gold'} over paragraphs, all "
                  "codes pooled.")
