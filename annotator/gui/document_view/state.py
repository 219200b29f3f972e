"""What the document view knows about the open document (Qt-free, code points)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from annotator.domain.spans import SpanIndex, SpanInfo
from annotator.domain.text import paragraph_spans
from annotator.gui.document_view.geometry import Offsets
from annotator.gui.document_view.lanes import Lanes
from annotator.gui.document_view.runs import HighlightRuns, StylePolicy


@dataclass(slots=True)
class DocState:
    text: str = ""
    offsets: Offsets = field(default_factory=lambda: Offsets(""))
    index: SpanIndex = field(default_factory=SpanIndex)
    policy: StylePolicy = field(default_factory=StylePolicy)
    runs: HighlightRuns = field(default_factory=HighlightRuns)
    lanes: Lanes = field(default_factory=Lanes)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    para_starts: list[int] = field(default_factory=list)
    snap: bool = True
    current: str | None = None  # the coding last activated (keyboard edits act on it)

    def load(self, text: str, spans: list[SpanInfo], paragraphs: list[tuple[int, int]]) -> None:
        """Replace everything with a new document (spans are validated against its length)."""
        n = len(text)
        for sp in spans:
            if sp.end > n:
                raise ValueError(f"span {sp.uuid} [{sp.start}, {sp.end}) is beyond the text "
                                 f"({n} code points)")
        self.text = text
        self.offsets = Offsets(text)
        self.index = SpanIndex(spans)
        if not paragraphs:
            paragraphs = [(p.start, p.end) for p in paragraph_spans(text)]
        self.paragraphs = sorted((s, e) for s, e in paragraphs if 0 <= s < e <= n)
        self.para_starts = [s for s, _ in self.paragraphs]
        self.current = None
        self.runs = HighlightRuns(n)  # filled block by block as the highlighter needs them
        self.lanes.hidden = None  # (a new document: no lanes to keep)
        self.rebuild_lanes()

    def rebuild_lanes(self) -> None:
        """Lanes for the visible codings. Hiding more coders keeps everyone else's lanes
        (their bars do not jump) and costs one pass over the lanes; showing coders again, or
        a new document, recomputes them."""
        hidden = self.policy.hidden_coders
        if self.lanes.hidden is not None and hidden > self.lanes.hidden:
            coder = {sp.uuid: sp.coder_id for sp in self.index}
            self.lanes.keep(lambda uuid: coder.get(uuid) not in hidden)
        else:
            spans = self.index.in_start_order()
            if hidden:
                spans = [s for s in spans if s.coder_id not in hidden]
            self.lanes.rebuild(spans, ordered=True)
        self.lanes.hidden = frozenset(hidden)

    def visible_spans(self, a: int, b: int) -> list[SpanInfo]:
        vis = self.policy.visible
        return [s for s in self.index.query(a, b) if vis(s)]

    def spans_at(self, pos: int) -> list[SpanInfo]:
        """Visible spans holding ``pos``, the one shown on top first."""
        vis = self.policy.visible
        return sorted((s for s in self.index.at(pos) if vis(s)), key=self.policy.priority)

    def paragraph_at(self, pos: int) -> int:
        """Index of the paragraph holding ``pos``, or of the next one; -1 if none follows."""
        i = bisect.bisect_right(self.para_starts, pos) - 1
        if i >= 0 and pos < self.paragraphs[i][1]:
            return i
        return i + 1 if i + 1 < len(self.paragraphs) else -1
