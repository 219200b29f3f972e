"""Shared by the codebook readers: the import result, grouped warnings and safe repairs.

Readers turn a file into :class:`Draft` codes (a loose tree that may be broken) and call
:func:`finish_import`, which repairs what can be repaired safely, reports each repair once
per kind, refuses what cannot be repaired, and returns a validated :class:`Codebook`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from annotator.domain.codebook import (
    DEFAULT_COLOR, MAX_NAME_LENGTH, Codebook, CodeNode, is_uuid, join_path, stable_uuid,
)
from annotator.domain.codebook_checks import MAX_SHORTCUT_LENGTH, name_key
from annotator.domain.codebook_colors import normalize_color
from annotator.domain.errors import ValidationError
from annotator.domain.model import AttributeDef

_EXAMPLES = 3
_CONTROL_RUN = re.compile(r"[\x00-\x1f\x7f]+")


@dataclass(frozen=True)
class ImportResult:
    """A codebook read from a file plus what had to be repaired or left out."""

    codebook: Codebook
    warnings: list[str] = field(default_factory=list)


class ImportLog:
    """Collects warnings by kind so 500 similar repairs give one line with a few examples."""

    def __init__(self) -> None:
        self._kinds: dict[str, tuple[str, list[str]]] = {}
        self._order: list[str] = []

    def add(self, kind: str, message: str, example: str = "") -> None:
        """``message`` may contain ``{n}`` (count) and ``{examples}``; nothing else is expanded."""
        if kind not in self._kinds:
            self._kinds[kind] = (message, [])
            self._order.append(kind)
        self._kinds[kind][1].append(example)

    def extend(self, lines: list[str]) -> None:
        for line in lines:
            self.add(line, line)

    def messages(self) -> list[str]:
        out = []
        for kind in self._order:
            message, examples = self._kinds[kind]
            shown = [e for e in examples if e][:_EXAMPLES]
            listed = ", ".join(repr(e) for e in shown)
            if len([e for e in examples if e]) > _EXAMPLES:
                listed += ", …"
            out.append(message.replace("{n}", str(len(examples))).replace("{examples}", listed))
        return out


@dataclass(eq=False)
class Draft:
    """A code as read from a file, before repair. ``where`` names it in messages."""

    name: str
    parent: Draft | None = None
    uuid: str | None = None
    label: str = ""
    definition: str = ""
    inclusion: str = ""
    exclusion: str = ""
    examples: str = ""
    atypical_examples: str = ""
    color: str | None = None
    shortcut: str | None = None
    codable: bool = True
    deprecated: bool = False
    attributes: tuple[AttributeDef, ...] = ()
    where: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def normalize_guid(value: str | None) -> str | None:
    """``{ABC-…}`` → ``abc-…``; ``None`` for anything that is not a UUID."""
    if value is None:
        return None
    text = value.strip().strip("{}").lower()
    return text if is_uuid(text) else None


def finish_import(drafts: list[Draft], log: ImportLog, *, name: str, about: str = "",
                  version: str = "", book_id: str = "") -> Codebook:
    """Repair, check and build. Raises :class:`ValidationError` for what cannot be repaired."""
    _check_cycles(drafts)
    for d in drafts:
        _clean_name(d, log)
        _clean_color(d, log)
    _dedupe_siblings(drafts, log)
    _clean_shortcuts_and_labels(drafts, log)
    paths = _paths(drafts)
    uuids = _assign_uuids(drafts, paths, log)
    position: dict[int, int] = {}
    nodes = []
    for d in drafts:
        key = id(d.parent)
        position[key] = position.get(key, -1) + 1
        nodes.append(CodeNode(
            uuid=uuids[id(d)], name=d.name, parent_uuid=None if d.parent is None
            else uuids[id(d.parent)], label=d.label, definition=d.definition,
            inclusion=d.inclusion, exclusion=d.exclusion, examples=d.examples,
            atypical_examples=d.atypical_examples, color=d.color or DEFAULT_COLOR,
            shortcut=d.shortcut or None, codable=d.codable, position=position[key],
            deprecated=d.deprecated, attributes=d.attributes))
    book = Codebook(name=name, about=about, version=version, nodes=tuple(nodes), id=book_id)
    book.validate()
    return book


def _check_cycles(drafts: list[Draft]) -> None:
    done: set[int] = set()
    for start in drafts:
        chain: list[Draft] = []
        on_chain: set[int] = set()
        current: Draft | None = start
        while current is not None and id(current) not in done:
            if id(current) in on_chain:
                loop = chain[chain.index(current):] + [current]
                described = " → ".join(f"{d.name!r}" + (f" ({d.where})" if d.where else "")
                                       for d in loop)
                raise ValidationError(f"cyclic parent reference: {described}")
            on_chain.add(id(current))
            chain.append(current)
            current = current.parent
        done |= on_chain


def _clean_name(d: Draft, log: ImportLog) -> None:
    name = _CONTROL_RUN.sub(" ", d.name).strip()  # line breaks and tabs become one space
    if not name:
        name = "Unnamed code"
        log.add("unnamed", "{n} code(s) had no name and were called 'Unnamed code'", d.where)
    if len(name) > MAX_NAME_LENGTH:
        log.add("long", "{n} code name(s) were longer than " + str(MAX_NAME_LENGTH) +
                " characters and were shortened; the full name starts the definition "
                "({examples})", name[:40] + "…")
        full = f"Original name: {name}"
        d.definition = f"{full}\n\n{d.definition}" if d.definition else full
        name = name[:MAX_NAME_LENGTH - 1].rstrip() + "…"
    d.name = name


def _clean_color(d: Draft, log: ImportLog) -> None:
    if d.color is None or not d.color.strip():
        d.color = DEFAULT_COLOR
        return
    try:
        d.color = normalize_color(d.color)
    except ValidationError:
        log.add("colour", "{n} colour(s) could not be read and were replaced by " + DEFAULT_COLOR
                + " ({examples})", d.color)
        d.color = DEFAULT_COLOR


def _clean_shortcuts_and_labels(drafts: list[Draft], log: ImportLog) -> None:
    taken: set[str] = set()
    for d in drafts:
        if len(d.label) > MAX_NAME_LENGTH:
            log.add("longlabel", "{n} label(s) were longer than " + str(MAX_NAME_LENGTH) +
                    " characters and were shortened ({examples})", d.name)
            d.label = d.label[:MAX_NAME_LENGTH - 1] + "…"
        if d.shortcut is None:
            continue
        key = d.shortcut.strip().casefold()
        if not key or len(key) > MAX_SHORTCUT_LENGTH or key in taken:
            log.add("shortcut", "{n} shortcut(s) were empty, too long or already used by another "
                    "code and were removed ({examples})", f"{d.name}: {d.shortcut}")
            d.shortcut = None
        else:
            taken.add(key)


def _dedupe_siblings(drafts: list[Draft], log: ImportLog) -> None:
    seen: dict[tuple[int, str], int] = {}
    for d in drafts:
        key = (id(d.parent), name_key(d.name))
        if key not in seen:
            seen[key] = 1
            continue
        base = d.name
        n = seen[key]
        while (id(d.parent), name_key(candidate := f"{base} ({n + 1})")) in seen:
            n += 1
        seen[key] = n + 1
        seen[(id(d.parent), name_key(candidate))] = 1
        log.add("dupe", "{n} code(s) had the same name as a sibling and were renamed "
                "({examples})", f"{base} → {candidate}")
        d.name = candidate


def _paths(drafts: list[Draft]) -> dict[int, str]:
    parts: dict[int, tuple[str, ...]] = {}

    def of(d: Draft) -> tuple[str, ...]:
        chain = []
        current: Draft | None = d
        while current is not None and id(current) not in parts:
            chain.append(current)
            current = current.parent
        prefix = parts[id(current)] if current is not None else ()
        for item in reversed(chain):
            prefix = prefix + (item.name,)
            parts[id(item)] = prefix
        return parts[id(d)]

    return {id(d): join_path(of(d)) for d in drafts}


def _assign_uuids(drafts: list[Draft], paths: dict[int, str], log: ImportLog) -> dict[int, str]:
    given: dict[str, Draft] = {}
    for d in drafts:
        if d.uuid is None:
            continue
        guid = normalize_guid(d.uuid)
        if guid is None:
            log.add("badguid", "{n} code(s) had an id that is not a GUID; new ids were made "
                    "from their paths ({examples})", d.uuid)
            d.uuid = None
            continue
        if guid in given:
            raise ValidationError(
                f"duplicate GUID {guid}: used by {given[guid].name!r} and {d.name!r}"
                + (f" ({d.where})" if d.where else ""))
        given[guid] = d
        d.uuid = guid
    out: dict[int, str] = {}
    for d in drafts:
        if d.uuid is not None:
            out[id(d)] = d.uuid
            continue
        made = stable_uuid("imported", paths[id(d)])
        n = 1
        while made in given:
            n += 1
            made = stable_uuid("imported", paths[id(d)], str(n))
        given[made] = d
        out[id(d)] = made
        if not d.extra.get("implicit"):
            log.add("noguid", "{n} code(s) had no GUID; stable ids were made from their paths "
                    "({examples})", paths[id(d)])
    return out
