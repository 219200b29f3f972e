"""Codebook invariants, checked all at once so a message can name every problem."""

from __future__ import annotations

from annotator.domain.codebook import (
    ATTRIBUTE_TYPES, MAX_DEPTH, MAX_NAME_LENGTH, Codebook, CodeNode, has_control_chars, is_uuid,
)
from annotator.domain.codebook_colors import is_hex_color

MAX_SHORTCUT_LENGTH = 32


def name_key(name: str) -> str:
    """How sibling names are compared: case-insensitive, surrounding spaces ignored."""
    return name.strip().casefold()


def find_problems(book: Codebook) -> list[str]:
    """Return every broken invariant of ``book`` as a one-line message."""
    problems: list[str] = []
    by_uuid: dict[str, CodeNode] = {}
    for node in book.nodes:
        where = f"code {node.name!r}"
        if not is_uuid(node.uuid):
            problems.append(f"{where} has an invalid id {node.uuid!r} (expected a UUID)")
        elif node.uuid.lower() in by_uuid:
            problems.append(f"codes {by_uuid[node.uuid.lower()].name!r} and {node.name!r} "
                            f"share the id {node.uuid}")
        else:
            by_uuid[node.uuid.lower()] = node
        problems += _name_problems(node)
        if not is_hex_color(node.color):
            problems.append(f"{where} has colour {node.color!r}; expected #RRGGBB")
        if node.parent_uuid is not None and node.parent_uuid not in book:
            problems.append(f"{where} names a parent {node.parent_uuid} that does not exist")
        if node.parent_uuid == node.uuid:
            problems.append(f"{where} is its own parent")
        problems += _attribute_problems(node)
    problems += _cycle_problems(book)
    problems += _sibling_problems(book)
    problems += _shortcut_problems(book)
    deepest = max((d for d, _ in book.walk_with_depth()), default=0)
    if deepest >= MAX_DEPTH:
        problems.append(f"the tree is {deepest + 1} levels deep; at most {MAX_DEPTH} are allowed")
    return problems


def _name_problems(node: CodeNode) -> list[str]:
    max_len = MAX_NAME_LENGTH
    out = []
    if not isinstance(node.name, str) or not node.name.strip():
        return [f"a code (id {node.uuid}) has an empty name"]
    if len(node.name) > max_len:
        out.append(f"code name {node.name[:40]!r}… is {len(node.name)} characters long; "
                   f"at most {max_len} are allowed")
    if has_control_chars(node.name):
        out.append(f"code name {node.name!r} contains a line break or control character")
    if node.name != node.name.strip():
        out.append(f"code name {node.name!r} starts or ends with spaces")
    if len(node.label) > max_len:
        out.append(f"code {node.name!r} has a label longer than {max_len} characters")
    return out


def _attribute_problems(node: CodeNode) -> list[str]:
    types = ATTRIBUTE_TYPES
    out = []
    seen: set[str] = set()
    for attr in node.attributes:
        where = f"attribute {attr.name!r} of code {node.name!r}"
        if not attr.name.strip():
            out.append(f"code {node.name!r} has an attribute without a name")
        elif attr.name.casefold() in seen:
            out.append(f"code {node.name!r} has two attributes called {attr.name!r}")
        seen.add(attr.name.casefold())
        if attr.type not in types:
            out.append(f"{where} has unknown type {attr.type!r} (use one of {', '.join(types)})")
        if attr.type in ("ordinal", "choice") and not attr.levels:
            out.append(f"{where} is {attr.type} but has no levels")
        if len(set(attr.levels)) != len(attr.levels):
            out.append(f"{where} lists the same level twice")
    return out


def _cycle_problems(book: Codebook) -> list[str]:
    parent = {n.uuid: n.parent_uuid for n in book.nodes}
    names = {n.uuid: n.name for n in book.nodes}
    state: dict[str, int] = {}  # 1 = on the current chain, 2 = known to reach a root
    out = []
    for start in parent:
        chain: list[str] = []
        current: str | None = start
        while current is not None and current in parent and state.get(current) is None:
            state[current] = 1
            chain.append(current)
            current = parent[current]
        if current is not None and state.get(current) == 1:
            loop = chain[chain.index(current):] + [current]
            if len(loop) > 2:
                out.append("cyclic parent reference: " + " → ".join(names[u] for u in loop))
        for u in chain:
            state[u] = 2
    return out


def _sibling_problems(book: Codebook) -> list[str]:
    out = []
    groups: dict[str | None, dict[str, str]] = {}
    for node in book.nodes:
        seen = groups.setdefault(node.parent_uuid, {})
        key = name_key(node.name)
        if key in seen:
            where = "at the top level" if node.parent_uuid is None else (
                f"under {book.path(node.parent_uuid)!r}" if node.parent_uuid in book else
                "under a missing parent")
            out.append(f"two codes are called {node.name!r} {where}; "
                       "names must differ among siblings")
        seen[key] = node.name
    return out


def _shortcut_problems(book: Codebook) -> list[str]:
    out = []
    owners: dict[str, str] = {}
    for node in book.nodes:
        if node.shortcut is None:
            continue
        key = node.shortcut.strip().casefold()
        if not key:
            out.append(f"code {node.name!r} has an empty shortcut (use none instead)")
        elif len(key) > MAX_SHORTCUT_LENGTH:
            out.append(f"code {node.name!r} has a shortcut longer than {MAX_SHORTCUT_LENGTH}")
        elif key in owners:
            out.append(f"codes {owners[key]!r} and {node.name!r} share the shortcut "
                       f"{node.shortcut!r}")
        else:
            owners[key] = node.name
    return out
