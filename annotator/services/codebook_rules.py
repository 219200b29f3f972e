"""Checks and small helpers shared by the codebook commands: field cleaning, lookups, positions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from annotator.domain.codebook import MAX_NAME_LENGTH, Codebook, CodeNode, has_control_chars
from annotator.domain.codebook_checks import name_key
from annotator.domain.codebook_colors import normalize_color
from annotator.domain.errors import NotFoundError, ValidationError
from annotator.domain.model import AttributeDef, Code

if TYPE_CHECKING:
    from annotator.storage.store import Tx

#: Fields a command may set on a code (the tree place is changed by MoveCode/ReorderCode).
EDITABLE = ("name", "label", "definition", "inclusion", "exclusion", "examples",
            "atypical_examples", "color", "shortcut", "codable", "deprecated", "attributes")
TEXT = ("label", "definition", "inclusion", "exclusion", "examples", "atypical_examples")
MAX_SHORTCUT = 20  # the database column's width


def clean_name(name: object) -> str:
    """A code name with surrounding spaces removed; refused when empty, too long or multi-line."""
    if not isinstance(name, str):
        raise ValidationError("a code name must be text")
    name = name.strip()
    if not name:
        raise ValidationError("a code needs a name")
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError(f"the name {name[:40]!r}… is {len(name)} characters long; "
                              f"at most {MAX_NAME_LENGTH} are allowed")
    if has_control_chars(name):
        raise ValidationError(f"the name {name!r} contains a line break or control character")
    return name


def clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Validate and normalise code fields (colour to ``#RRGGBB``, shortcut trimmed...)."""
    unknown = sorted(set(fields) - set(EDITABLE))
    if unknown:
        raise ValidationError(f"unknown code field(s): {', '.join(unknown)} "
                              f"(known: {', '.join(EDITABLE)})")
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "name":
            out[key] = clean_name(value)
        elif key in TEXT:
            if not isinstance(value, str):
                raise ValidationError(f"{key} must be text")
            if key == "label" and len(value) > MAX_NAME_LENGTH:
                raise ValidationError(f"a label may have at most {MAX_NAME_LENGTH} characters")
            out[key] = value
        elif key == "color":
            out[key] = normalize_color(value)
        elif key == "shortcut":
            out[key] = clean_shortcut(value)
        elif key in ("codable", "deprecated"):
            out[key] = bool(value)
        else:
            out[key] = tuple(a if isinstance(a, AttributeDef) else AttributeDef.from_json(a)
                             for a in value or ())
    return out


def clean_shortcut(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError("a shortcut must be text such as 'Ctrl+1'")
    value = value.strip()
    if not value:
        return None
    if len(value) > MAX_SHORTCUT:
        raise ValidationError(f"the shortcut {value!r} is longer than {MAX_SHORTCUT} characters")
    return value


def require(tx: Tx, code_uuid: str | None, what: str = "code") -> Code:
    if not code_uuid:
        raise ValidationError(f"no {what} given")
    code = tx.code_by_uuid(code_uuid)
    if code is None:
        raise NotFoundError(f"no {what} with uuid {code_uuid}")
    return code


def place_name(book: Codebook, parent_uuid: str | None) -> str:
    """'at the top level' or "under 'A/B'", for messages."""
    return "at the top level" if parent_uuid is None else f"under {book.path(parent_uuid)!r}"


def check_sibling_name(book: Codebook, parent_uuid: str | None, name: str,
                       exclude: str | None = None) -> None:
    """Refuse a name already used by another child of ``parent_uuid`` (case-insensitive)."""
    key = name_key(name)
    for node in book.children(parent_uuid):
        if node.uuid != exclude and name_key(node.name) == key:
            raise ValidationError(f"a code called {node.name!r} already exists "
                                  f"{place_name(book, parent_uuid)}; names must differ among "
                                  "siblings")


def check_shortcut(book: Codebook, shortcut: str | None, exclude: str | None = None) -> None:
    if shortcut is None:
        return
    for node in book.nodes:
        if (node.uuid != exclude and node.shortcut
                and node.shortcut.strip().casefold() == shortcut.casefold()):
            raise ValidationError(f"the shortcut {shortcut!r} is already used by "
                                  f"{book.path(node.uuid)!r}")


def is_inside(book: Codebook, code_uuid: str, ancestor_uuid: str) -> bool:
    """True when ``code_uuid`` is ``ancestor_uuid`` or lies below it."""
    return code_uuid == ancestor_uuid or any(
        a.uuid == ancestor_uuid for a in book.ancestors(code_uuid))


def parent_id(tx: Tx, parent_uuid: str | None) -> int | None:
    return None if parent_uuid is None else require(tx, parent_uuid, "parent code").id


def place(tx: Tx, code_id: int, parent: int | None, position: int | None) -> None:
    """Put a code under ``parent`` at ``position`` (index among its siblings; None = last).

    Siblings are renumbered 0, 1, 2 … when a position is given.
    """
    siblings = [c for c in tx.codes() if c.parent_id == parent and c.id != code_id]
    me = tx.code(code_id)
    if position is None:
        if me.parent_id != parent:
            pos = max((c.position for c in siblings), default=-1) + 1
            tx.update_code(code_id, parent_id=parent, position=pos)
        return
    index = max(0, min(position, len(siblings)))
    order = siblings[:index] + [me] + siblings[index:]
    for i, c in enumerate(order):
        if c.id == code_id:
            if (c.parent_id, c.position) != (parent, i):
                tx.update_code(code_id, parent_id=parent, position=i)
        elif c.position != i:
            tx.update_code(c.id, position=i)


def default_color(book: Codebook, parent_uuid: str | None) -> str:
    """A colour for a new code: the next palette colour at the top, a parent shade below."""
    from annotator.domain.codebook_colors import child_color, palette_color

    index = len(book.children(parent_uuid))
    if parent_uuid is None:
        return palette_color(index)
    return child_color(book.get(parent_uuid).color, index)


def node_fields(node: CodeNode) -> dict[str, Any]:
    """The storable fields of a domain code (no uuid, parent or position)."""
    return {k: getattr(node, k) for k in EDITABLE}
