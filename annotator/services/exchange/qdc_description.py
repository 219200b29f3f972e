"""Carry our extra code fields inside a REFI-QDA ``<Description>``.

REFI-QDA gives a code only a name, a colour, a codable flag and one description. We write the
definition first and then, after a marker line, one readable ``Field: value`` section per extra
field, so other programs show them as text and we read them back exactly::

    The definition, as written.

    --- annotator fields ---
    Label: TORT
    Inclusion: first line
      continuation lines are indented by two spaces
    Attribute: {"name": "score", "type": "ordinal", "levels": [...], "description": "..."}
"""

from __future__ import annotations

import json
import re
from typing import Any

from annotator.domain.codebook import CodeNode
from annotator.domain.model import AttributeDef

MARKER = "--- annotator fields ---"
_TEXT_SECTIONS = (("label", "Label"), ("inclusion", "Inclusion"), ("exclusion", "Exclusion"),
                  ("examples", "Examples"), ("atypical_examples", "Atypical examples"),
                  ("shortcut", "Shortcut"))
_TITLES = {title: key for key, title in _TEXT_SECTIONS}
_FIELD_LINE = re.compile(r"(Label|Inclusion|Exclusion|Examples|Atypical examples|Shortcut|"
                         r"Deprecated|Attribute): ?(.*)", re.DOTALL)


def _section(title: str, value: str) -> list[str]:
    lines = value.split("\n")
    return [f"{title}: {lines[0]}"] + ["  " + line for line in lines[1:]]


def extra_sections(node: CodeNode) -> list[str]:
    """The lines written after the marker (empty when the code has no extra fields)."""
    out: list[str] = []
    for key, title in _TEXT_SECTIONS:
        value = getattr(node, key) or ""
        if value:
            out += _section(title, value)
    if node.deprecated:
        out.append("Deprecated: yes")
    for attr in node.attributes:
        out.append("Attribute: " + json.dumps(attr.to_json(), ensure_ascii=False))
    return out


def compose_description(node: CodeNode) -> str:
    """Definition plus the marked extra fields; just the definition when there are none."""
    extras = extra_sections(node)
    plain = node.definition.strip() == node.definition and MARKER not in node.definition
    if not extras and plain:  # other programs' descriptions are trimmed on import
        return node.definition
    head = node.definition + "\n\n" if node.definition else ""
    return head + MARKER + "\n" + "\n".join(extras)


def _split(text: str) -> tuple[str, str | None]:
    """(definition, extra part or None). The marker counts only on a line of its own."""
    if text.startswith(MARKER + "\n") or text == MARKER:
        return "", text[len(MARKER) + 1:]
    at = text.rfind("\n\n" + MARKER + "\n")
    if at < 0:
        if text.endswith("\n\n" + MARKER):
            return text[: -len(MARKER) - 2], ""
        return text, None
    return text[:at], text[at + len(MARKER) + 3:]


def parse_description(text: str) -> tuple[dict[str, Any], list[str]]:
    """Read a Description back: ``({field: value}, problems)``.

    Without our marker the whole text (trimmed) is the definition.
    """
    definition, extra = _split(text)
    if extra is None:
        return {"definition": text.strip()}, []
    fields: dict[str, Any] = {"definition": definition}
    problems: list[str] = []
    attributes: list[AttributeDef] = []
    current: str | None = None
    for line in extra.split("\n") if extra else []:
        m = None if line.startswith("  ") else _FIELD_LINE.fullmatch(line)
        if m is None:
            if current is None:
                problems.append(f"unreadable line in the annotator fields: {line[:60]!r}")
            elif current.startswith("attr"):
                problems.append(f"unexpected text after an attribute: {line[:60]!r}")
            else:
                fields[current] += "\n" + (line[2:] if line.startswith("  ") else line)
            continue
        title, value = m.group(1), m.group(2)
        if title == "Deprecated":
            fields["deprecated"] = value.strip().lower() in ("yes", "true", "1")
            current = None
        elif title == "Attribute":
            current = "attr"
            try:
                attributes.append(AttributeDef.from_json(json.loads(value)))
            except (ValueError, KeyError, TypeError, AttributeError):
                problems.append(f"could not read an attribute definition: {value[:60]!r}")
        else:
            current = _TITLES[title]
            fields[current] = value
    if attributes:
        fields["attributes"] = tuple(attributes)
    return fields, problems
