"""The codebook tree: codes with stable UUIDs, sibling-unique names, criteria and attributes.

:class:`CodeNode` is one code, :class:`Codebook` an immutable tree of them. Nothing here does I/O;
readers and writers for files live in ``annotator.services.exchange``.

Paths join names with ``/``; a ``/`` inside a name is written ``\\/`` and a backslash ``\\\\``.
"""

from __future__ import annotations

import dataclasses
import re
import uuid as _uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from annotator.domain.codebook_colors import DEFAULT_CODE_COLOR, is_hex_color, normalize_color
from annotator.domain.codebook_diff import CodebookDiff, DiffEntry, diff_codebooks
from annotator.domain.errors import NotFoundError, ValidationError
from annotator.domain.model import AttributeDef

__all__ = [
    "ATTRIBUTE_TYPES", "CODEBOOK_NAMESPACE", "DEFAULT_COLOR", "FORMAT_ID", "FORMAT_VERSION",
    "MAX_DEPTH", "MAX_NAME_LENGTH", "TEXT_FIELDS", "CodeNode", "Codebook", "CodebookDiff",
    "DiffEntry", "diff_codebooks", "escape_name", "has_control_chars", "is_hex_color", "is_uuid",
    "join_path", "normalize_color", "split_path", "stable_uuid",
]

MAX_NAME_LENGTH = 200
MAX_DEPTH = 100
DEFAULT_COLOR = DEFAULT_CODE_COLOR
FORMAT_ID = "annotator-codebook"
FORMAT_VERSION = 1
ATTRIBUTE_TYPES = ("ordinal", "choice", "text", "number", "boolean")
TEXT_FIELDS = ("label", "definition", "inclusion", "exclusion", "examples", "atypical_examples")

#: Namespace for name-based (uuid5) code ids: shipped templates and imported codes without ids.
CODEBOOK_NAMESPACE = _uuid.UUID("6f0c8a52-3b7e-5d1a-9c44-0e2f6a1b7d3c")

_UUID_RE = re.compile(r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def stable_uuid(*parts: str) -> str:
    """A uuid5 under :data:`CODEBOOK_NAMESPACE`; the same parts always give the same id."""
    return str(_uuid.uuid5(CODEBOOK_NAMESPACE, "\x1f".join(parts)))


def escape_name(name: str) -> str:
    """Escape one name for use inside a path."""
    return name.replace("\\", "\\\\").replace("/", "\\/")


def join_path(names: Iterable[str]) -> str:
    """``["A/B", "C"]`` -> ``"A\\/B/C"``."""
    return "/".join(escape_name(n) for n in names)


def split_path(path: str) -> list[str]:
    """Inverse of :func:`join_path`: split on unescaped ``/`` and unescape."""
    parts: list[str] = []
    buf: list[str] = []
    i = 0
    while i < len(path):
        ch = path[i]
        if ch == "\\" and i + 1 < len(path):
            buf.append(path[i + 1])
            i += 2
            continue
        if ch == "/":
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
        i += 1
    parts.append("".join(buf))
    return parts


@dataclass(frozen=True, slots=True)
class CodeNode:
    """One code. ``codable=False`` makes it a grouping node that cannot be applied to text."""

    uuid: str
    name: str
    parent_uuid: str | None
    label: str = ""
    definition: str = ""
    inclusion: str = ""
    exclusion: str = ""
    examples: str = ""
    atypical_examples: str = ""
    color: str = DEFAULT_COLOR
    shortcut: str | None = None
    codable: bool = True
    position: int = 0
    deprecated: bool = False
    attributes: tuple[AttributeDef, ...] = ()

    def replace(self, **changes: Any) -> CodeNode:
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """Flat JSON-ready form (includes ``parent_uuid`` and ``position``)."""
        d = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        d["attributes"] = [a.to_json() for a in self.attributes]
        return d

    @staticmethod
    def from_dict(d: dict[str, Any]) -> CodeNode:
        """Inverse of :meth:`to_dict`; unknown keys are ignored."""
        known = {f.name for f in dataclasses.fields(CodeNode)}
        kwargs = {k: v for k, v in d.items() if k in known}
        kwargs["attributes"] = tuple(AttributeDef.from_json(a) for a in d.get("attributes") or ())
        return CodeNode(**kwargs)


@dataclass(frozen=True)
class Codebook:
    """An immutable code tree. ``nodes`` is kept in tree order (depth-first, by position).

    Construction never fails on bad data so that importers can build first and then call
    :meth:`validate`; nodes that cannot be reached from a root (cycles, missing parents) are kept
    after the reachable ones.
    """

    name: str
    about: str = ""
    version: str = ""
    nodes: tuple[CodeNode, ...] = ()
    id: str = ""
    _by_uuid: dict[str, CodeNode] = field(init=False, repr=False, compare=False)
    _kids: dict[str | None, list[CodeNode]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_uuid: dict[str, CodeNode] = {}
        kids: dict[str | None, list[CodeNode]] = {}
        for node in self.nodes:
            by_uuid.setdefault(node.uuid, node)
            kids.setdefault(node.parent_uuid, []).append(node)
        for group in kids.values():
            group.sort(key=lambda n: n.position)  # stable: equal positions keep input order
        object.__setattr__(self, "_by_uuid", by_uuid)
        object.__setattr__(self, "_kids", kids)
        ordered = [n for _, n in self._walk()]
        if len(ordered) != len(self.nodes):
            seen = {id(n) for n in ordered}
            ordered += [n for n in self.nodes if id(n) not in seen]
        object.__setattr__(self, "nodes", tuple(ordered))

    # ----- lookup -------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.nodes)

    def __iter__(self) -> Iterator[CodeNode]:
        return iter(self.nodes)

    def __contains__(self, code_uuid: object) -> bool:
        return code_uuid in self._by_uuid

    def find(self, code_uuid: str) -> CodeNode | None:
        return self._by_uuid.get(code_uuid)

    def get(self, code_uuid: str) -> CodeNode:
        node = self._by_uuid.get(code_uuid)
        if node is None:
            raise NotFoundError(f"no code with id {code_uuid} in codebook {self.name!r}")
        return node

    def roots(self) -> list[CodeNode]:
        return list(self._kids.get(None, ()))

    def children(self, code_uuid: str | None) -> list[CodeNode]:
        """Direct children ordered by position; ``None`` gives the top-level codes."""
        return list(self._kids.get(code_uuid, ()))

    def parent(self, code_uuid: str) -> CodeNode | None:
        parent_uuid = self.get(code_uuid).parent_uuid
        return None if parent_uuid is None else self._by_uuid.get(parent_uuid)

    def ancestors(self, code_uuid: str) -> list[CodeNode]:
        """Ancestors from the root down (the code itself excluded); stops at a cycle."""
        chain: list[CodeNode] = []
        seen = {code_uuid}
        current = self.get(code_uuid).parent_uuid
        while current is not None and current not in seen and current in self._by_uuid:
            seen.add(current)
            node = self._by_uuid[current]
            chain.append(node)
            current = node.parent_uuid
        chain.reverse()
        return chain

    def descendants(self, code_uuid: str) -> list[CodeNode]:
        """All codes below ``code_uuid`` in depth-first order."""
        return [n for _, n in self._walk(code_uuid)]

    def depth(self, code_uuid: str) -> int:
        return len(self.ancestors(code_uuid))

    def path_parts(self, code_uuid: str) -> list[str]:
        return [n.name for n in self.ancestors(code_uuid)] + [self.get(code_uuid).name]

    def path(self, code_uuid: str) -> str:
        """``"Parent/Child"``; a ``/`` inside a name is escaped as ``\\/``."""
        return join_path(self.path_parts(code_uuid))

    def find_path(self, path: str) -> CodeNode | None:
        """The code at an escaped path such as ``"Physical integrity rights/Torture"``."""
        parent: str | None = None
        node: CodeNode | None = None
        for part in split_path(path):
            node = next((n for n in self._kids.get(parent, ()) if n.name == part), None)
            if node is None:
                return None
            parent = node.uuid
        return node

    def walk(self) -> Iterator[CodeNode]:
        """Depth-first over the reachable tree, siblings by position."""
        for _, node in self._walk():
            yield node

    def walk_with_depth(self) -> Iterator[tuple[int, CodeNode]]:
        """Like :meth:`walk`, with the depth (0 for top-level codes)."""
        return self._walk()

    def _walk(self, start: str | None = None) -> Iterator[tuple[int, CodeNode]]:
        stack = [(0, n) for n in reversed(self._kids.get(start, ()))]
        seen: set[int] = set()
        while stack:
            depth, node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            yield depth, node
            stack.extend((depth + 1, c) for c in reversed(self._kids.get(node.uuid, ())))

    def listing(self) -> list[dict[str, Any]]:
        """One dict per code: ``uuid, path, name, parent_uuid, color, codable, deprecated``."""
        return [{"uuid": n.uuid, "path": self.path(n.uuid), "name": n.name,
                 "parent_uuid": n.parent_uuid, "color": n.color, "codable": n.codable,
                 "deprecated": n.deprecated} for n in self.walk()]

    # ----- derived codebooks -----------------------------------------------------------------
    def replace(self, **changes: Any) -> Codebook:
        """A copy with some of ``name, about, version, nodes, id`` changed."""
        return dataclasses.replace(self, **changes)

    def with_node(self, node: CodeNode) -> Codebook:
        """Add ``node``, or replace the code with the same uuid."""
        if node.uuid in self._by_uuid:
            return self.replace(nodes=tuple(node if n.uuid == node.uuid else n for n in self.nodes))
        return self.replace(nodes=self.nodes + (node,))

    def without(self, code_uuid: str) -> Codebook:
        """Remove a code and everything below it."""
        gone = {code_uuid} | {n.uuid for n in self.descendants(code_uuid)}
        return self.replace(nodes=tuple(n for n in self.nodes if n.uuid not in gone))

    def nested_under(self, root_name: str, *, root_uuid: str | None = None,
                     color: str | None = None, definition: str | None = None) -> Codebook:
        """Put every top-level code under one new grouping code (to combine templates)."""
        rid = root_uuid or stable_uuid("root", self.id or self.name, root_name)
        root = CodeNode(uuid=rid, name=root_name, parent_uuid=None, codable=False,
                        color=color or DEFAULT_COLOR,
                        definition=self.about if definition is None else definition)
        moved = tuple(n.replace(parent_uuid=rid) if n.parent_uuid is None else n
                      for n in self.nodes)
        return self.replace(nodes=(root,) + moved)

    def renumbered(self) -> Codebook:
        """Positions rewritten as 0, 1, 2 … within each parent, keeping the order."""
        index: dict[str | None, int] = {}
        out = []
        for node in self.nodes:
            pos = index.get(node.parent_uuid, 0)
            index[node.parent_uuid] = pos + 1
            out.append(node if node.position == pos else node.replace(position=pos))
        return self.replace(nodes=tuple(out))

    # ----- invariants -------------------------------------------------------------------------
    def problems(self) -> list[str]:
        """Every broken invariant, as one-line messages (empty when the codebook is sound)."""
        from annotator.domain.codebook_checks import find_problems
        return find_problems(self)

    def validate(self) -> None:
        """Raise :class:`ValidationError` naming the first problem (and how many more)."""
        found = self.problems()
        if found:
            more = f" (and {len(found) - 1} more problems)" if len(found) > 1 else ""
            raise ValidationError(f"codebook {self.name!r}: {found[0]}{more}")

    # ----- nested JSON form ---------------------------------------------------------------------
    def to_nested(self) -> dict[str, Any]:
        """The ``annotator-codebook`` JSON structure (children nested, order = position)."""
        def code(node: CodeNode) -> dict[str, Any]:
            return {"uuid": node.uuid, "name": node.name, "label": node.label,
                    "definition": node.definition, "inclusion": node.inclusion,
                    "exclusion": node.exclusion, "examples": node.examples,
                    "atypical_examples": node.atypical_examples, "color": node.color,
                    "shortcut": node.shortcut, "codable": node.codable,
                    "deprecated": node.deprecated,
                    "attributes": [a.to_json() for a in node.attributes],
                    "children": [code(c) for c in self._kids.get(node.uuid, ())]}
        return {"format": FORMAT_ID, "format_version": FORMAT_VERSION, "id": self.id,
                "name": self.name, "about": self.about, "version": self.version,
                "codes": [code(r) for r in self._kids.get(None, ())]}

    @staticmethod
    def from_nested(data: dict[str, Any], warnings: list[str] | None = None) -> Codebook:
        """Build from :meth:`to_nested` output. Does not call :meth:`validate`.

        Repairs: a code without ``uuid`` gets one derived from its path, and an unknown colour
        becomes the default; each repair is reported in ``warnings`` when a list is given.
        Structural errors (wrong types, unknown format) raise :class:`ValidationError`.
        """
        from annotator.domain.codebook_nested import parse_nested
        return parse_nested(data, warnings)


def is_uuid(value: object) -> bool:
    """True for the 8-4-4-4-12 hexadecimal form (no braces)."""
    return isinstance(value, str) and _UUID_RE.fullmatch(value) is not None


def has_control_chars(text: str) -> bool:
    return _CONTROL.search(text) is not None

