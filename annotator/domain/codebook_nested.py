"""Read the nested ``annotator-codebook`` JSON structure (already decoded) into a Codebook."""

from __future__ import annotations

from typing import Any

from annotator.domain.codebook import (
    DEFAULT_COLOR, FORMAT_ID, FORMAT_VERSION, TEXT_FIELDS, Codebook, CodeNode, join_path,
    stable_uuid,
)
from annotator.domain.codebook_colors import normalize_color
from annotator.domain.errors import ValidationError
from annotator.domain.model import AttributeDef


def parse_nested(data: Any, warnings: list[str] | None = None) -> Codebook:
    """See :meth:`Codebook.from_nested`."""
    if not isinstance(data, dict):
        raise ValidationError("a codebook must be a JSON object")
    fmt = data.get("format", FORMAT_ID)
    if fmt != FORMAT_ID:
        raise ValidationError(f"not an annotator codebook (format is {fmt!r}, "
                              f"expected {FORMAT_ID!r})")
    version = data.get("format_version", FORMAT_VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValidationError(f"format_version must be a whole number, got {version!r}")
    if version > FORMAT_VERSION:
        raise ValidationError(f"this codebook uses format version {version}; this version of "
                              f"annotator reads up to {FORMAT_VERSION} (please update)")
    header = {key: _text(data, key, "the codebook") for key in ("id", "name", "about", "version")}
    codes = data.get("codes", [])
    if not isinstance(codes, list):
        raise ValidationError("'codes' must be a list")
    missing: list[str] = []
    bad_colors: list[str] = []
    nodes: list[CodeNode] = []
    used: set[str] = set()
    # Iterative depth-first walk: (json object, parent uuid, parent path names, position).
    stack: list[tuple[Any, str | None, tuple[str, ...], int]] = [
        (c, None, (), i) for i, c in reversed(list(enumerate(codes)))]
    while stack:
        raw, parent_uuid, parent_path, position = stack.pop()
        node = _node(raw, parent_uuid, parent_path, position, missing, bad_colors, used)
        used.add(node.uuid)
        nodes.append(node)
        kids = raw.get("children", [])
        if not isinstance(kids, list):
            raise ValidationError(f"code {node.name!r}: 'children' must be a list")
        path = parent_path + (node.name,)
        stack.extend((c, node.uuid, path, i) for i, c in reversed(list(enumerate(kids))))
    if warnings is not None:
        if missing:
            warnings.append(f"{len(missing)} code(s) had no uuid; ids were derived from their "
                            f"paths (e.g. {missing[0]!r})")
        if bad_colors:
            warnings.append(f"{len(bad_colors)} code(s) had an unknown colour and got "
                            f"{DEFAULT_COLOR} instead (e.g. {bad_colors[0]!r})")
    return Codebook(name=header["name"] or "Untitled codebook", about=header["about"],
                    version=header["version"], nodes=tuple(nodes), id=header["id"])


def _text(obj: dict[str, Any], key: str, where: str) -> str:
    value = obj.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(f"{where}: {key!r} must be text, got {type(value).__name__}")
    return value


def _flag(obj: dict[str, Any], key: str, default: bool, where: str) -> bool:
    value = obj.get(key, default)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise ValidationError(f"{where}: {key!r} must be true or false, got {value!r}")
    return value


def _node(raw: Any, parent_uuid: str | None, parent_path: tuple[str, ...], position: int,
          missing: list[str], bad_colors: list[str], used: set[str]) -> CodeNode:
    if not isinstance(raw, dict):
        raise ValidationError(f"under {join_path(parent_path) or 'the top level'}: "
                              "each code must be a JSON object")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ValidationError(f"a code under {join_path(parent_path) or 'the top level'} "
                              "has no name")
    where = f"code {join_path(parent_path + (name,))!r}"
    code_uuid = raw.get("uuid")
    if code_uuid in (None, ""):
        path = join_path(parent_path + (name,))
        code_uuid = stable_uuid("imported", path)
        n = 1
        while code_uuid in used:  # two codes with the same path: keep the ids distinct
            n += 1
            code_uuid = stable_uuid("imported", path, str(n))
        missing.append(path)
    elif not isinstance(code_uuid, str):
        raise ValidationError(f"{where}: 'uuid' must be text")
    color = _text(raw, "color", where) or DEFAULT_COLOR
    try:
        color = normalize_color(color)
    except ValidationError:
        bad_colors.append(color)
        color = DEFAULT_COLOR
    shortcut = raw.get("shortcut")
    if shortcut is not None and not isinstance(shortcut, str):
        raise ValidationError(f"{where}: 'shortcut' must be text or null")
    attrs = raw.get("attributes") or []
    if not isinstance(attrs, list) or not all(isinstance(a, dict) and "name" in a for a in attrs):
        raise ValidationError(f"{where}: 'attributes' must be a list of objects with a name")
    for attr in attrs:
        levels = attr.get("levels", [])
        if levels is not None and not isinstance(levels, list):
            raise ValidationError(f"{where}: levels of attribute {attr['name']!r} must be a list")
    texts = {key: _text(raw, key, where) for key in TEXT_FIELDS}
    return CodeNode(uuid=code_uuid.lower(), name=name, parent_uuid=parent_uuid,
                    color=color, shortcut=shortcut, codable=_flag(raw, "codable", True, where),
                    position=position, deprecated=_flag(raw, "deprecated", False, where),
                    attributes=tuple(AttributeDef.from_json(a) for a in attrs), **texts)
