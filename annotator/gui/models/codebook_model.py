"""The codebook as a QAbstractItemModel that updates in place.

:meth:`CodebookModel.set_codes` reconciles the tree with the stored codes using proper
insert/move/remove/dataChanged signals, so expansion, selection and scroll position survive every
edit (no rebuilds). Edits made in the view (rename, drag-and-drop) are only *requested* through
signals; the panel turns them into undoable service commands and the model then follows the store.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

from PySide6.QtCore import (QAbstractItemModel, QByteArray, QMimeData, QModelIndex,
                            QPersistentModelIndex, Qt, Signal)

from annotator.domain.model import Code
from annotator.gui.models.code_display import CodeDisplay

CODE_MIME = "application/x-annotator-code"
SELECTION_MIME = "application/x-annotator-selection"

UUID_ROLE = Qt.ItemDataRole.UserRole + 1
CODE_ROLE = Qt.ItemDataRole.UserRole + 2
FILTER_ROLE = Qt.ItemDataRole.UserRole + 3
_R = Qt.ItemDataRole
#: the roles the model answers (CodeDisplay.data and the three above); others are None at once
_ROLES = frozenset(int(r.value) if hasattr(r, "value") else int(r) for r in (
    _R.DisplayRole, _R.EditRole, _R.DecorationRole, _R.FontRole, _R.ForegroundRole,
    _R.ToolTipRole, _R.TextAlignmentRole, _R.UserRole, UUID_ROLE, CODE_ROLE, FILTER_ROLE))

AnyIndex = QModelIndex | QPersistentModelIndex

_F = Qt.ItemFlag
#: item flags, combined once (enum arithmetic is slow in Python and flags() is hot)
ROOT_FLAGS = _F.ItemIsDropEnabled
ITEM_FLAGS = (_F.ItemIsDropEnabled | _F.ItemIsEnabled | _F.ItemIsSelectable
              | _F.ItemIsDragEnabled)
NAME_FLAGS = ITEM_FLAGS | _F.ItemIsEditable


class _Node:
    __slots__ = ("children", "code", "handle", "parent", "row")

    def __init__(self, code: Code | None, handle: int, parent: _Node | None) -> None:
        self.code = code
        self.handle = handle
        self.parent = parent
        self.children: list[_Node] = []
        self.row = 0


def _renumber(nodes: list[_Node], start: int = 0) -> None:
    for i in range(start, len(nodes)):
        nodes[i].row = i


class CodebookModel(QAbstractItemModel):
    """Columns: name (with colour swatch), key (shortcut), count of codings."""

    COL_NAME, COL_KEY, COL_COUNT = 0, 1, 2
    HEADERS = ("Code", "Key", "Codings")

    move_requested = Signal(str, object, int)  # code uuid, new parent uuid or None, position
    rename_requested = Signal(str, str)  # code uuid, new name
    apply_requested = Signal(str, int, int)  # code uuid, start, end (a dropped text selection)

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._handles = itertools.count(1)
        self._root = _Node(None, 0, None)
        self._nodes: dict[int, _Node] = {0: self._root}
        self._by_uuid: dict[str, _Node] = {}
        self._by_id: dict[int, _Node] = {}
        self.display = CodeDisplay()

    # --- public API -------------------------------------------------------------------------
    def set_codes(self, codes: Iterable[Code]) -> None:
        """Bring the tree in line with ``codes`` (parents before children not required)."""
        codes = list(codes)
        if not self._by_uuid:
            self.beginResetModel()
            self._build(codes)
            self.endResetModel()
        else:
            self._reconcile(codes)
        self.display.recompute_totals(self._walk_nodes())

    def set_counts(self, counts: dict[int, int]) -> None:
        self.display.counts = dict(counts)
        self.display.recompute_totals(self._walk_nodes())
        self._emit_column(self.COL_COUNT)

    def add_counts(self, deltas: dict[int, int]) -> None:
        """Change some codes' counts by a difference (code id -> +n/-n): only those codes and
        their ancestors' totals change, and only their count cells are repainted."""
        counts, totals = self.display.counts, self.display.totals
        touched: dict[int, _Node] = {}
        for code_id, d in deltas.items():
            node = self._by_id.get(code_id)
            if not d or node is None:
                continue
            counts[code_id] = counts.get(code_id, 0) + d
            while node is not None and node.code is not None:
                cid = node.code.id
                totals[cid] = totals.get(cid, counts.get(cid, 0) - d) + d
                touched[node.handle] = node
                node = node.parent
        for node in touched.values():
            idx = self.createIndex(node.row, self.COL_COUNT, node.handle)
            self.dataChanged.emit(idx, idx)

    def set_keys(self, keys: dict[str, str]) -> None:
        if keys != self.display.keys:
            self.display.keys = dict(keys)
            self._emit_column(self.COL_KEY)

    def code(self, index: AnyIndex) -> Code | None:
        node = self._node(index)
        return None if node is None else node.code

    def code_by_uuid(self, uuid: str) -> Code | None:
        node = self._by_uuid.get(uuid)
        return None if node is None else node.code

    def code_by_id(self, code_id: int) -> Code | None:
        node = self._by_id.get(code_id)
        return None if node is None else node.code

    def index_for_uuid(self, uuid: str, column: int = 0) -> QModelIndex:
        node = self._by_uuid.get(uuid)
        if node is None:
            return QModelIndex()
        return self.createIndex(node.row, column, node.handle)

    def codes_in_tree_order(self) -> list[Code]:
        return [n.code for n in self._walk_nodes() if n.code is not None]

    def walk_with_ancestors(self) -> Iterator[tuple[Code, int, list[Code]]]:
        """Every code in tree order with its depth and its ancestors (root first)."""
        stack: list[tuple[_Node, list[Code]]] = [(n, []) for n in reversed(self._root.children)]
        while stack:
            node, chain = stack.pop()
            if node.code is None:
                continue
            yield node.code, len(chain), chain
            if node.children:
                below = [*chain, node.code]
                stack.extend((c, below) for c in reversed(node.children))

    def has_children(self, uuid: str) -> bool:
        node = self._by_uuid.get(uuid)
        return node is not None and bool(node.children)

    def children_uuids(self, uuid: str | None) -> list[str]:
        node = self._root if uuid is None else self._by_uuid.get(uuid)
        return [] if node is None else [c.code.uuid for c in node.children if c.code]

    def path(self, uuid: str) -> str:
        node = self._by_uuid.get(uuid)
        parts: list[str] = []
        while node is not None and node.code is not None:
            parts.append(node.code.name)
            node = node.parent
        return " › ".join(reversed(parts))

    def __len__(self) -> int:
        return len(self._by_uuid)

    # --- Qt model interface -----------------------------------------------------------------
    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:
        node = self._node(parent) if parent.isValid() else self._root
        if node is None or not 0 <= row < len(node.children) or not 0 <= column < 3:
            return QModelIndex()
        return self.createIndex(row, column, node.children[row].handle)

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        node = self._node(index)
        if node is None or node.parent is None or node.parent is self._root:
            return QModelIndex()
        return self.createIndex(node.parent.row, 0, node.parent.handle)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802
        if parent.isValid():
            if parent.column() != 0:
                return 0
            node = self._node(parent)
            return 0 if node is None else len(node.children)
        return len(self._root.children)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802
        return 3

    def hasChildren(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: N802
        return self.rowCount(parent) > 0

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section] if 0 <= section < 3 else None
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role not in _ROLES:  # (first: views ask for about eight roles per cell)
            return None
        node = self._node(index)
        if node is None or node.code is None:
            return None
        code = node.code
        if role == UUID_ROLE:
            return code.uuid
        if role == CODE_ROLE:
            return code
        if role == FILTER_ROLE:
            return self.display.filter_text(code)
        return self.display.data(code, index.column(), role, bool(node.children))

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return ROOT_FLAGS
        return NAME_FLAGS if index.column() == self.COL_NAME else ITEM_FLAGS

    def setData(self, index: AnyIndex, value: object,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        code = self.code(index)
        if role != Qt.ItemDataRole.EditRole or code is None or index.column() != 0:
            return False
        name = " ".join(str(value).split())
        if name and name != code.name:
            self.rename_requested.emit(code.uuid, name)
        return True

    # --- drag and drop ----------------------------------------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [CODE_MIME, SELECTION_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # noqa: N802
        mime = QMimeData()
        uuids = list(dict.fromkeys(c.uuid for c in map(self.code, indexes) if c is not None))
        if uuids:
            mime.setData(CODE_MIME, QByteArray(uuids[0].encode("ascii")))
            mime.setText(self.path(uuids[0]))
        return mime

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int,  # noqa: N802
                        column: int, parent: AnyIndex) -> bool:
        if data.hasFormat(SELECTION_MIME):
            target = self.code(parent)
            return target is not None and target.codable and row < 0
        if data.hasFormat(CODE_MIME):
            uuid = bytes(data.data(CODE_MIME).data()).decode("ascii", "replace")
            return self._valid_move(uuid, self.code(parent))
        return False

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int,  # noqa: N802
                     column: int, parent: AnyIndex) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        target = self.code(parent)
        if data.hasFormat(SELECTION_MIME):
            start, end = _parse_selection(bytes(data.data(SELECTION_MIME).data()))
            if target is not None and end > start:
                self.apply_requested.emit(target.uuid, start, end)
            return False
        uuid = bytes(data.data(CODE_MIME).data()).decode("ascii", "replace")
        parent_node = self._root if target is None else self._by_uuid[target.uuid]
        position = len(parent_node.children) if row < 0 else row
        moving = self._by_uuid[uuid]
        if moving.parent is parent_node and row >= 0 and moving.row < row:
            position -= 1  # the position counts siblings without the moved code
        self.move_requested.emit(uuid, None if target is None else target.uuid, position)
        return False

    def _valid_move(self, uuid: str, target: Code | None) -> bool:
        node = self._by_uuid.get(uuid)
        if node is None:
            return False
        walk = None if target is None else self._by_uuid.get(target.uuid)
        while walk is not None and walk.code is not None:
            if walk is node:
                return False  # into itself or one of its descendants
            walk = walk.parent
        return True

    # --- internals --------------------------------------------------------------------------
    def _node(self, index: AnyIndex) -> _Node | None:
        if not index.isValid():
            return None
        return self._nodes.get(index.internalId())

    def _new_node(self, code: Code, parent: _Node) -> _Node:
        node = _Node(code, next(self._handles), parent)
        self._nodes[node.handle] = node
        self._by_uuid[code.uuid] = node
        self._by_id[code.id] = node
        return node

    def _forget(self, node: _Node) -> None:
        for n in _subtree(node):
            self._nodes.pop(n.handle, None)
            if n.code is not None:
                self._by_uuid.pop(n.code.uuid, None)
                if self._by_id.get(n.code.id) is n:
                    self._by_id.pop(n.code.id, None)

    def _walk_nodes(self) -> Iterator[_Node]:
        stack = list(reversed(self._root.children))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def _index_of(self, node: _Node) -> QModelIndex:
        if node is self._root:
            return QModelIndex()
        return self.createIndex(node.row, 0, node.handle)

    def _emit_column(self, column: int) -> None:
        for parent in [self._root, *self._walk_nodes()]:
            if parent.children:
                pidx = self._index_of(parent)
                self.dataChanged.emit(self.index(0, column, pidx),
                                      self.index(len(parent.children) - 1, column, pidx))

    def _build(self, codes: list[Code]) -> None:
        kids = _children_map(codes)
        stack: list[tuple[_Node, str | None]] = [(self._root, None)]
        while stack:
            parent, key = stack.pop()
            for c in kids.get(key, ()):
                node = self._new_node(c, parent)
                node.row = len(parent.children)
                parent.children.append(node)
                stack.append((node, c.uuid))

    def _reconcile(self, codes: list[Code]) -> None:
        from annotator.gui.models.codebook_sync import reconcile

        reconcile(self, codes, _children_map(codes))


def _children_map(codes: list[Code]) -> dict[str | None, list[Code]]:
    """Children per parent uuid (siblings by position, then id); orphans become top level."""
    by_id = {c.id: c for c in codes}
    kids: dict[str | None, list[Code]] = {}
    for c in codes:
        parent = by_id.get(c.parent_id) if c.parent_id is not None else None
        kids.setdefault(parent.uuid if parent else None, []).append(c)
    for group in kids.values():
        group.sort(key=lambda c: (c.position, c.id))
    return kids


def _subtree(node: _Node) -> Iterator[_Node]:
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(n.children)


def _parse_selection(raw: bytes) -> tuple[int, int]:
    try:
        a, b = raw.decode("ascii").split(",")[:2]
        return int(a), int(b)
    except (ValueError, UnicodeDecodeError):
        return 0, 0
