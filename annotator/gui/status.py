"""Status bar content: current coder, visible coders, blind-mode badge, counts."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar

from annotator.gui.controller import Controller
from annotator.gui.panels.coders_panel import visible_summary
from annotator.gui.steady_label import set_steady_text


class StatusLine:
    """Permanent labels on the right of the status bar (messages stay on the left)."""

    def __init__(self, bar: QStatusBar, controller: Controller) -> None:
        self.controller = controller
        self.coder = QLabel()
        self.visible = QLabel()
        self.blind = QLabel("BLIND MODE")
        self.blind.setObjectName("blindBadge")
        self.blind.setToolTip("Other coders' codings are hidden. Coders ▸ Blind Mode to turn off.")
        self.counts = QLabel()
        self.counts.setObjectName("muted")
        for w in (self.counts, self.visible, self.coder, self.blind):
            bar.addPermanentWidget(w)
        self._doc_total = 0
        self._doc_shown = 0
        self._project_total = 0
        controller.coder_changed.connect(self.refresh)
        controller.visibility_changed.connect(self.refresh)
        self.refresh()

    def set_counts(self, doc_total: int, doc_shown: int, project_total: int) -> None:
        self._doc_total, self._doc_shown, self._project_total = doc_total, doc_shown, project_total
        self._show_counts()  # (after each edit: the coder and visibility labels stay as they are)

    def refresh(self) -> None:
        c = self.controller
        self.coder.setText(f"Coder: {c.coder.name if c.coder else '—'}")
        summary = "only mine" if c.blind else visible_summary(c)
        self.visible.setText(f"Visible: {summary}")
        hidden = [x.name for x in c.coders() if not c.is_visible(x.id)]
        self.visible.setToolTip("Hidden: " + ", ".join(hidden) if hidden else
                                "Every coder's codings are shown")
        self.blind.setVisible(c.blind)
        self._show_counts()

    def _show_counts(self) -> None:
        if self._doc_total == self._doc_shown:
            doc = f"{self._doc_total:,} codings here"
        else:
            doc = f"{self._doc_shown:,} of {self._doc_total:,} codings shown here"
        set_steady_text(self.counts, f"{doc} · {self._project_total:,} in project")
