"""Reconcile a :class:`CodebookModel` with the stored codes using minimal, correct model signals.

Top-down over the new tree: each parent's children are put in order by inserting new codes and
moving existing ones (``beginMoveRows``), then whatever is left at the end of a child list was
deleted. Processing parents top-down guarantees a code is never moved below itself, because every
ancestor of the target parent is already where it belongs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.domain.model import Code

if TYPE_CHECKING:
    from annotator.gui.models.codebook_model import CodebookModel, _Node


def reconcile(model: CodebookModel, codes: list[Code],
              kids: dict[str | None, list[Code]]) -> None:
    from annotator.gui.models.codebook_model import _renumber

    wanted = {c.uuid for c in codes}
    changed: list[_Node] = []
    queue: list[tuple[_Node, str | None]] = [(model._root, None)]
    while queue:
        parent, key = queue.pop(0)
        targets = kids.get(key, [])
        i = 0
        while i < len(targets):
            c = targets[i]
            node = model._by_uuid.get(c.uuid)
            if node is None:
                j = i
                while j + 1 < len(targets) and targets[j + 1].uuid not in model._by_uuid:
                    j += 1
                _insert(model, parent, i, targets[i:j + 1])
                i = j + 1
                continue
            if node.code != c:
                node.code = c
                changed.append(node)
            if not (node.parent is parent and node.row == i):
                _move(model, node, parent, i)
            i += 1
        # leftovers at the end of the list were deleted (survivors have been moved away)
        extra = len(parent.children) - len(targets)
        if extra > 0:
            first = len(targets)
            model.beginRemoveRows(model._index_of(parent), first, len(parent.children) - 1)
            for gone in parent.children[first:]:
                model._forget(gone)
            del parent.children[first:]
            model.endRemoveRows()
        queue.extend((child, child.code.uuid) for child in parent.children
                     if child.code is not None and child.code.uuid in wanted)
    for node in changed:
        if model._nodes.get(node.handle) is node:
            model.dataChanged.emit(model.createIndex(node.row, 0, node.handle),
                                   model.createIndex(node.row, 2, node.handle))


def _insert(model: CodebookModel, parent: _Node, row: int, codes: list[Code]) -> None:
    from annotator.gui.models.codebook_model import _Node, _renumber

    model.beginInsertRows(model._index_of(parent), row, row + len(codes) - 1)
    fresh: list[_Node] = []
    for c in codes:
        node = model._new_node(c, parent)
        fresh.append(node)
    parent.children[row:row] = fresh
    _renumber(parent.children, row)
    model.endInsertRows()


def _move(model: CodebookModel, node: _Node, parent: _Node, row: int) -> None:
    from annotator.gui.models.codebook_model import _renumber

    source = node.parent
    assert source is not None
    src_idx = model._index_of(source)
    dst_idx = model._index_of(parent)
    old_row = node.row
    # Within one parent the node always moves up (rows before ``row`` are already in place),
    # so Qt's "destination counted before the move" rule needs no adjustment.
    if not model.beginMoveRows(src_idx, old_row, old_row, dst_idx, row):
        raise RuntimeError("invalid codebook move")  # pragma: no cover - guarded by the order
    del source.children[old_row]
    parent.children.insert(row, node)
    node.parent = parent
    if source is parent:
        _renumber(parent.children, min(row, old_row))
    else:
        _renumber(source.children, old_row)
        _renumber(parent.children, row)
    model.endMoveRows()
