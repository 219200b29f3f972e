"""The one review loop for proposed codings of every origin (carried forward, suggested, ...).

Keys while a proposal is the current one (selected in the text): Enter accepts, Del rejects,
Ctrl+K changes the code and accepts. F9 / Shift+F9 go to the next / previous pending proposal
(Coding ▸ Proposals). "Accept All Exact" accepts every exact proposal of the document at once.
Each decision is one step on the coder's undo stack (Ctrl+Z). The status bar reads "N of M
decided". Proposals are drawn by :class:`ProposalLayer` (dashed underline, hollow mark).

Blind mode: a coder sees only proposals offered to them, and no model suggestions unless
``allow_suggestions_in_blind`` is set (the project lead's switch, see issue 14).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from annotator.domain.changes import Changes
from annotator.domain.codebook_colors import MISSING_CODE_COLOR
from annotator.domain.proposals import PENDING, SUGGEST, Proposal, describe
from annotator.gui.document_view.proposal_layer import ProposalLayer, ProposalMark
from annotator.services.proposals import AcceptProposal, DecideProposals, RejectProposal

if TYPE_CHECKING:
    from annotator.gui.workbench import Workbench

_ACCEPT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class ReviewStatus(QWidget):
    """Status-bar widget: previous, next, accept, reject and the "N of M decided" counter."""

    def __init__(self, review: ProposalReview) -> None:
        super().__init__()
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        self.label = QLabel()
        self.label.setObjectName("proposalCounter")
        self.label.setToolTip("Proposed codings of this document (carried forward or "
                              "suggested): F9 next, Shift+F9 previous, Enter accepts, Del "
                              "rejects, Ctrl+K another code; Coding ▸ Proposals")
        lay.addWidget(self.label)
        for text, tip, fn in (("◀", "Previous proposal (Shift+F9)", review.prev_proposal),
                              ("▶", "Next proposal (F9)", review.next_proposal),
                              ("✓", "Accept (Enter)", review.accept_current),
                              ("✗", "Reject (Del)", review.reject_current)):
            b = QToolButton()
            b.setText(text)
            b.setToolTip(tip)
            b.setAutoRaise(True)
            b.clicked.connect(fn)
            lay.addWidget(b)
        self.hide()


class ProposalReview(QObject):
    counter_changed = Signal(str)

    def __init__(self, wb: Workbench) -> None:
        super().__init__(wb)
        self.wb = wb
        self.controller = wb.controller
        self.view = wb.view
        self.layer = ProposalLayer(self.view)
        self.allow_suggestions_in_blind = False
        self.origin_filter: str | None = None
        self.min_score: float | None = None
        self.code_filter: str | None = None
        self.section_filter: str | None = None
        self._gold: set[int] = set()
        self.pending: list[Proposal] = []
        self.total = 0
        self.decided = 0
        self.current: str | None = None
        self._message = ""  # the status line shown for the current proposal
        self.status = ReviewStatus(self)
        wb.window.statusBar().addPermanentWidget(self.status)
        self.view.editor.installEventFilter(self)
        c = self.controller
        c.changed.connect(self._on_changes)
        c.visibility_changed.connect(self.reload)
        c.coder_changed.connect(self.reload)
        wb.session.opened.connect(lambda _doc: self.reload())
        wb.session.closed.connect(self.reload)
        self.view.selection_changed.connect(self._on_selection)

    # --- data -------------------------------------------------------------------------------
    def set_filter(self, *, origin: str | None = None, min_score: float | None = None,
                   code_uuid: str | None = None, section: str | None = None) -> None:
        """Review only proposals of this origin, score, code and section (a path such as
        ``1.c``, with its subsections; ``None``: any)."""
        self.origin_filter, self.min_score, self.code_filter = origin, min_score, code_uuid
        self.section_filter = section
        self.reload()

    def _in_section(self, pos: int) -> bool:
        want = self.section_filter
        if not want:
            return True
        return any(s.start <= pos < s.end and (s.path == want or s.path.startswith(want + "."))
                   for s in self.wb.session.outline)

    def _visible(self, p: Proposal) -> bool:
        me = self.controller.coder
        if me is not None and p.coder_id != me.id and (
                self.controller.blind or p.coder_id not in self._gold):
            return False  # someone else's (the gold standard's are shown unless blind)
        if self.code_filter and p.code_uuid != self.code_filter:
            return False
        if not self._in_section(p.start):
            return False
        if self.controller.blind and p.origin == SUGGEST and not self.allow_suggestions_in_blind:
            return False
        if self.origin_filter and p.origin != self.origin_filter:
            return False
        return not (self.min_score is not None and (p.score or 0.0) < self.min_score)

    def reload(self) -> None:
        doc = self.wb.session.document_id
        found: list[Proposal] = []
        self._gold = {c.id for c in self.controller.coders() if c.is_gold}
        if doc is not None:
            with self.controller.project.read() as tx:
                found = [p for p in tx.proposals(document_id=doc) if self._visible(p)]
        self.pending = [p for p in found if p.status == PENDING]
        self.total = len(found)
        self.decided = self.total - len(self.pending)
        if self.current not in {p.uuid for p in self.pending}:
            self.current = None
            self._clear_message()
        code_of = self.wb.codebook.model.code_by_uuid
        marks = []
        for p in self.pending:
            code = code_of(p.code_uuid)
            name = code.name if code is not None else "?"
            marks.append(ProposalMark(p.uuid, p.start, p.end,
                                      code.color if code is not None else MISSING_CODE_COLOR,
                                      f"Proposed: {name} — {describe(p)}"))
        self.layer.set_marks(marks)
        self.layer.set_current(self.current)
        text = self.counter_text()
        self.status.label.setText(text)
        self.status.setVisible(self.total > 0)
        self.counter_changed.emit(text)

    def counter_text(self) -> str:
        if not self.total:
            return ""
        return f"Proposals: {self.decided} of {self.total} decided"

    def _on_changes(self, changes: Changes) -> None:
        doc = self.wb.session.document_id
        # proposals of the open document, code names/colours, gold coders; a coding change
        # alone changes no proposal (accepting or undoing one also names its document in
        # changes.proposals; another process's proposal events arrive as changes.documents)
        if doc is not None and (doc in changes.proposals or changes.codebook or changes.coders
                                or doc in changes.documents):
            self.reload()

    def proposal(self, uuid: str | None) -> Proposal | None:
        return next((p for p in self.pending if p.uuid == uuid), None)

    # --- navigation -------------------------------------------------------------------------
    def next_proposal(self) -> None:
        self._step(+1)

    def prev_proposal(self) -> None:
        self._step(-1)

    def _step(self, direction: int) -> None:
        if not self.pending:
            self.wb.window.statusBar().showMessage("No proposals to review here.", 4000)
            return
        cur = self.proposal(self.current)
        if cur is None:
            pos = self.view.cursor_position()
            if direction > 0:
                nxt = next((p for p in self.pending if p.start >= pos), self.pending[0])
            else:
                nxt = next((p for p in reversed(self.pending) if p.start < pos),
                           self.pending[-1])
        else:
            i = self.pending.index(cur)
            nxt = self.pending[(i + direction) % len(self.pending)]
        self.go_to(nxt.uuid)

    def go_to(self, uuid: str) -> None:
        p = self.proposal(uuid)
        if p is None:
            return
        self.current = uuid
        self.layer.set_current(uuid)
        self.view.select(p.start, p.end)
        self.view.flash(p.start, p.end)
        self.view.setFocus()
        self._message = self.proposal_message(p)
        # stays while this proposal is the current one: the code is what the coder decides on
        self.wb.window.statusBar().showMessage(self._message)

    def proposal_message(self, p: Proposal) -> str:
        """Status line for the current proposal: the code and the keys first (a narrow window
        cuts the end), then where it came from."""
        code = self.wb.codebook.model.code_by_uuid(p.code_uuid)
        name = code.name if code is not None else "(missing code)"
        return (f"Proposed: {name} — Enter accepts, Del rejects, Ctrl+K another code · "
                f"{describe(p)}")

    def _clear_message(self) -> None:
        bar = self.wb.window.statusBar()
        if self._message and bar.currentMessage() == self._message:
            bar.clearMessage()
        self._message = ""

    def _on_selection(self, start: int, end: int) -> None:
        p = self.proposal(self.current)
        if p is not None and (start, end) != (p.start, p.end):
            self.current = None
            self.layer.set_current(None)
            self._clear_message()

    # --- decisions (each one undo step) -----------------------------------------------------
    def _decide(self, cmd: object, after: Proposal) -> None:
        i = self.pending.index(after)
        out = self.controller.execute(cmd)  # type: ignore[arg-type]
        if out is None:
            return
        self.reload()
        if self.pending:
            self.go_to(self.pending[min(i, len(self.pending) - 1)].uuid)

    def accept_current(self, code_uuid: str | None = None) -> None:
        p = self.proposal(self.current)
        if p is None:
            self.wb.window.statusBar().showMessage("Go to a proposal first (F9).", 4000)
            return
        self._decide(AcceptProposal(p.uuid, code_uuid), p)

    def reject_current(self) -> None:
        p = self.proposal(self.current)
        if p is None:
            self.wb.window.statusBar().showMessage("Go to a proposal first (F9).", 4000)
            return
        self._decide(RejectProposal(p.uuid), p)

    def change_code_current(self) -> None:
        from annotator.gui.dialogs.code_picker import CodePicker

        p = self.proposal(self.current)
        if p is None:
            return
        picker = CodePicker(self.wb.window, "Change Code and Accept",
                            "Accept this proposal with the code…")
        self.wb._fill_picker(picker)
        picker.chosen.connect(lambda code: self._accept_as(p.uuid, code))
        picker.open()
        self.picker = picker

    def _accept_as(self, uuid: str, code_uuid: str) -> None:
        self.current = uuid
        self.accept_current(code_uuid)

    def accept_all_exact(self) -> None:
        exact = [p.uuid for p in self.pending if p.exact]
        if not exact:
            self.wb.window.statusBar().showMessage("No exact proposals here.", 4000)
            return
        out = self.controller.execute(DecideProposals(exact, "accept",
                                                      description=f"accept {len(exact)} exact "
                                                                  "proposals"))
        self.reload()
        if out is not None:
            self.wb.window.statusBar().showMessage(
                f"Accepted {len(exact)} exact proposals as one step (Ctrl+Z undoes them all).",
                8000)

    # --- keys -------------------------------------------------------------------------------
    def _key_action(self, event: QKeyEvent) -> str | None:
        if self.proposal(self.current) is None:
            return None
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = event.key()
        if key in _ACCEPT_KEYS and mods == Qt.KeyboardModifier.NoModifier:
            return "accept"
        if key == Qt.Key.Key_Delete and mods == Qt.KeyboardModifier.NoModifier:
            return "reject"
        if key == Qt.Key.Key_K and mods == Qt.KeyboardModifier.ControlModifier:
            return "change"
        return None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        t = event.type()
        if t == QEvent.Type.ShortcutOverride and self._key_action(event):  # type: ignore[arg-type]
            event.accept()
            return True
        if t == QEvent.Type.KeyPress:
            action = self._key_action(event)  # type: ignore[arg-type]
            if action == "accept":
                self.accept_current()
                return True
            if action == "reject":
                self.reject_current()
                return True
            if action == "change":
                self.change_code_current()
                return True
        return False


def install_review(wb: Workbench) -> ProposalReview:
    """Create the review loop for a workbench and add its actions to the Coding menu."""
    review = ProposalReview(wb)
    w = wb.window
    menu = w.menus["coding"].addMenu("&Proposals")
    acts = []
    for text, key, fn in (
            ("&Next Proposal", "F9", review.next_proposal),
            ("&Previous Proposal", "Shift+F9", review.prev_proposal),
            ("&Accept Proposal\tEnter", None, review.accept_current),
            ("&Reject Proposal\tDel", None, review.reject_current),
            ("&Change Code and Accept…\tCtrl+K", None, review.change_code_current),
            ("Accept All &Exact Proposals", "Ctrl+Shift+F9", review.accept_all_exact)):
        act = QAction(text, w)
        if key:
            act.setShortcut(QKeySequence(key))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            w.addAction(act)
        act.triggered.connect(lambda _=False, f=fn: f())
        menu.addAction(act)
        acts.append(act)
    review.actions = acts
    review.menu = menu
    return review


def uninstall_review(wb: Workbench) -> None:
    """Remove what :func:`install_review` added to the window (the project is closing)."""
    review: ProposalReview | None = getattr(wb, "review", None)
    if review is None:
        return
    w = wb.window
    for act in getattr(review, "actions", []):
        w.removeAction(act)
        act.deleteLater()
    menu = getattr(review, "menu", None)
    if menu is not None:
        w.menus["coding"].removeAction(menu.menuAction())
        menu.deleteLater()
    w.statusBar().removeWidget(review.status)
    review.status.deleteLater()
    review.layer.deleteLater()
