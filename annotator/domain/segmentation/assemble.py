"""Turn found headings and inline labels into nested :class:`Segment` objects (paths, ends)."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.domain.model import Segment
from annotator.domain.segmentation.headings import Block, Heading

_TOP = ("es", "section", "endmatter")
_PRIORITY = {"es": 0, "section": 0, "endmatter": 0, "subsection": 1, "subheading": 2}
_LABEL_PRIORITY = 99


@dataclass(slots=True)
class _Node:
    kind: str
    block: int
    start: int
    title: str
    path: str
    level: int
    parent: int | None
    inferred: bool
    cue: str
    last_block: int
    children: int = 0


def _segment_kind(kind: str) -> str:
    return "section" if kind in _TOP else kind


class _Builder:
    def __init__(self) -> None:
        self.nodes: list[_Node] = []
        self.paths: set[str] = set()
        self.top: int | None = None  # ES, section or end matter
        self.sub: int | None = None  # lettered subsection
        self.stack: list[tuple[int, int]] = []  # (rank, node) of open subheadings

    def _unique(self, path: str) -> str:
        candidate, n = path, 1
        while candidate in self.paths:
            n += 1
            candidate = f"{path}~{n}"
        self.paths.add(candidate)
        return candidate

    def _child_path(self, parent: int) -> tuple[str, int]:
        p = self.nodes[parent]
        p.children += 1
        return f"{p.path}.{p.children}", min(p.level + 1, 4)

    def add(self, kind: str, h: Heading | None, block: int, start: int, title: str) -> None:
        rank = h.rank if h else 0
        if kind in _TOP:
            path = {"es": "ES", "endmatter": "EN"}.get(kind, str(h.section if h else 0))
            parent, level = None, 1
            self.sub, self.stack = None, []
        elif kind == "subsection":
            if self.top is None:
                return
            parent = self.top
            path, level = f"{self.nodes[parent].path}.{h.letter if h else '?'}", 2
            self.stack = []
        else:
            base = self.sub if self.sub is not None else self.top
            if base is None:
                return
            if kind == "subheading":
                while self.stack and self.stack[-1][0] >= rank:
                    self.stack.pop()
            parent = self.stack[-1][1] if self.stack else base
            path, level = self._child_path(parent)
        node = _Node(kind, block, start, title, self._unique(path), level, parent,
                     bool(h and h.inferred), h.cue if h else "",
                     h.last_block if h and h.last_block >= block else block)
        self.nodes.append(node)
        idx = len(self.nodes) - 1
        if kind in _TOP:
            self.top = idx
        elif kind == "subsection":
            self.sub = idx
        elif kind == "subheading":
            self.stack.append((rank, idx))

    def is_descendant(self, j: int, i: int) -> bool:
        p = self.nodes[j].parent
        while p is not None:
            if p == i:
                return True
            p = self.nodes[p].parent
        return False


def assemble(
    blocks: list[Block], headings: list[Heading], labels: dict[int, str], body_last: int,
) -> tuple[list[Segment], dict[str, str]]:
    """Segments in document order and the cue of each inferred one (by path).

    ``labels`` maps a block index to the label text opening it; a label is kept only inside a
    numbered section. ``body_last`` is the last block that belongs to the report body.
    """
    events: list[tuple[int, int, int]] = []  # (block, priority, heading index or -1 - block)
    for idx, h in enumerate(headings):
        events.append((h.block, _PRIORITY[h.kind] + (h.rank if h.kind == "subheading" else 0), idx))
    heading_blocks = {h.block for h in headings if not h.inferred}
    for k in labels:
        if k not in heading_blocks:
            events.append((k, _LABEL_PRIORITY, -1 - k))
    events.sort()
    b = _Builder()
    for block, _prio, ref in events:
        if ref >= 0:
            h = headings[ref]
            b.add(h.kind, h, block, h.start, h.title)
        elif b.top is not None and b.nodes[b.top].kind == "section":
            b.add("label", None, block, blocks[block].start, labels[block])
    segments: list[Segment] = []
    cues: dict[str, str] = {}
    nodes = b.nodes
    for i, node in enumerate(nodes):
        j = i + 1
        if node.kind != "label":
            while j < len(nodes) and b.is_descendant(j, i):
                j += 1
        boundary = nodes[j].block if j < len(nodes) else body_last + 1
        last = max(min(boundary - 1, body_last), node.last_block)
        segments.append(Segment(kind=_segment_kind(node.kind), path=node.path, title=node.title,
                                start=node.start, end=blocks[last].end, inferred=node.inferred,
                                level=node.level))
        if node.inferred:
            cues[node.path] = node.cue
    return segments, cues
