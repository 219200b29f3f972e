"""Entities as immutable value objects. Storage maps rows to these; the GUI only sees these."""

from __future__ import annotations

import uuid as _uuid
from dataclasses import dataclass, field
from datetime import datetime

from annotator.domain.codebook_colors import DEFAULT_CODE_COLOR


def new_uuid() -> str:
    return str(_uuid.uuid4())


@dataclass(frozen=True, slots=True)
class Coder:
    id: int
    uuid: str
    name: str
    role: str = "coder"  # owner | coder | adjudicator
    is_gold: bool = False
    kind: str = "person"  # person | model (a suggestion engine's pseudo-coder)


@dataclass(frozen=True, slots=True)
class Segment:
    """A structural segment of a document: section, subsection, subheading, label or paragraph."""

    kind: str  # "section" | "subsection" | "subheading" | "label" | "paragraph"
    path: str  # "ES", "1", "1.a", "1.c.2", paragraph number "17" for paragraphs
    title: str
    start: int
    end: int
    inferred: bool = False
    level: int = 1


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """A document without its text (cheap to list)."""

    id: int
    uuid: str
    title: str
    country: str | None
    year: int | None
    source_name: str
    source_type: str
    chars: int
    sha256: str
    imported_at: datetime | None = None
    #: a hand-made series link (None: the series follows from source and country)
    series_key: str | None = None


@dataclass(frozen=True, slots=True)
class AttributeDef:
    """A typed field a coder fills in per coding (e.g. an ordinal CIRI score)."""

    name: str
    type: str  # "ordinal" | "choice" | "text" | "number" | "boolean"
    levels: tuple[str, ...] = ()  # ordinal/choice values, in order
    description: str = ""

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "type": self.type, "levels": list(self.levels),
                "description": self.description}

    @staticmethod
    def from_json(d: dict[str, object]) -> AttributeDef:
        levels = d.get("levels") or ()
        return AttributeDef(name=str(d["name"]), type=str(d.get("type", "text")),
                            levels=tuple(str(x) for x in levels),  # type: ignore[union-attr]
                            description=str(d.get("description", "")))


@dataclass(frozen=True, slots=True)
class Code:
    id: int
    uuid: str
    name: str
    parent_id: int | None = None
    label: str = ""
    definition: str = ""
    inclusion: str = ""
    exclusion: str = ""
    examples: str = ""  # typical examples
    atypical_examples: str = ""
    color: str = DEFAULT_CODE_COLOR
    shortcut: str | None = None
    codable: bool = True
    position: int = 0
    deprecated: bool = False
    attributes: tuple[AttributeDef, ...] = ()
    version: int = 1


@dataclass(frozen=True, slots=True)
class Coding:
    id: int
    uuid: str
    document_id: int
    start: int
    end: int
    code_id: int
    coder_id: int
    memo: str = ""
    attributes: dict[str, str] = field(default_factory=dict)
    created_at: datetime | None = None
    modified_at: datetime | None = None
    codebook_version: str | None = None
    version: int = 1
    #: where an accepted proposal came from ("carry", "suggest"); None for direct codings
    origin: str | None = None
    origin_ref: str | None = None
