"""What a ``.qdpx`` import has learnt so far, and the report it gives the user."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from annotator.domain.model import DocumentInfo, new_uuid
from annotator.services.exchange.codebook_common import ImportLog
from annotator.services.exchange.qdpx_common import guid
from annotator.services.exchange.qdpx_extras import Extras
from annotator.services.exchange.qdpx_parse import ParsedProject
from annotator.services.exchange.qdpx_positions import Reading
from annotator.services.exchange.qdpx_text import PositionMap
from annotator.services.exchange.qdpx_zip import QdpxArchive

if TYPE_CHECKING:
    from annotator.storage.store import Tx

UNKNOWN_CODER = "unknown coder (REFI-QDA import)"


@dataclass
class QdpxReport:
    """Outcome of :func:`annotator.services.exchange.qdpx_import.import_qdpx`."""

    path: str
    documents_added: list[DocumentInfo] = field(default_factory=list)
    documents_matched: list[tuple[str, str]] = field(default_factory=list)  # (source, existing)
    codes_added: int = 0
    codes_matched: int = 0
    coders_added: list[str] = field(default_factory=list)
    coders_matched: list[str] = field(default_factory=list)
    codings_added: int = 0
    codings_present: int = 0
    memos_added: int = 0
    #: per source: positions that were not code points of the text as written, converted
    positions: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    not_imported: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{len(self.documents_added)} documents added, {len(self.documents_matched)} "
                f"matched existing ones, {self.codes_added} codes added "
                f"({self.codes_matched} matched), {len(self.coders_added)} coders added, "
                f"{self.codings_added} codings added ({self.codings_present} already present), "
                f"{self.memos_added} memos added")

    def messages(self) -> list[str]:
        """Everything the user should read, one line each."""
        out = [f"source {s!r} has the same text as document {t!r}; its codings were attached "
               "to it" for s, t in self.documents_matched]
        out += self.positions
        out += [f"skipped: {m}" for m in self.skipped]
        if self.not_imported:
            out.append("not imported (annotator has no place for them): "
                       + "; ".join(self.not_imported))
        return out + self.warnings


@dataclass
class SourceDoc:
    """Where a source's selections go: a document and the raw→canonical position map."""

    document_id: int
    document_uuid: str
    raw: str
    positions: PositionMap
    length: int


@dataclass
class State:
    tx: Tx
    archive: QdpxArchive
    parsed: ParsedProject
    extras: Extras
    report: QdpxReport
    skipped: ImportLog = field(default_factory=ImportLog)
    warnings: ImportLog = field(default_factory=ImportLog)
    coder_by_guid: dict[str, int] = field(default_factory=dict)
    code_by_guid: dict[str, tuple[int, str]] = field(default_factory=dict)  # guid -> (id, uuid)
    docs: dict[int, SourceDoc] = field(default_factory=dict)  # index of PSource -> target
    source_uuid: dict[str, str] = field(default_factory=dict)  # file guid -> document uuid
    actor: str = "system"
    #: how selection positions count: "auto", "codepoints" or "utf16" (see qdpx_positions)
    positions: str = "auto"
    #: the reading the evidence singled out for an earlier source of this file
    reading: Reading | None = None
    _unknown_coder: int | None = None

    def coder_for(self, *candidates: str | None) -> int:
        """The coder for the first usable user GUID among ``candidates``; a GUID not in
        <Users> becomes a new coder; no GUID at all gives the "unknown coder"."""
        for raw in candidates:
            g = guid(raw)
            if g is None:
                continue
            if g not in self.coder_by_guid:
                existing = next((c for c in self.tx.coders() if c.uuid == g), None)
                if existing is None:
                    name = self.free_coder_name(f"user {g[:8]}")
                    existing = self.tx.add_coder(name, uuid=g)
                    self.report.coders_added.append(name)
                    self.warnings.add("nouser", "{n} user GUID(s) used in the file are not "
                                      "listed in <Users>; a coder was created for each "
                                      "({examples})", name)
                self.coder_by_guid[g] = existing.id
            return self.coder_by_guid[g]
        if self._unknown_coder is None:
            coder = self.tx.coder_by_name(UNKNOWN_CODER)
            if coder is None:
                coder = self.tx.add_coder(UNKNOWN_CODER, uuid=new_uuid())
                self.report.coders_added.append(UNKNOWN_CODER)
            self._unknown_coder = coder.id
        self.warnings.add("anon", "{n} coding(s) or memo(s) name no user; they were "
                          f"attributed to '{UNKNOWN_CODER}'")
        return self._unknown_coder

    def free_coder_name(self, base: str) -> str:
        """``base``, or ``base (2)``, ``base (3)``… when taken."""
        name, n = base, 1
        while self.tx.coder_by_name(name) is not None:
            n += 1
            name = f"{base} ({n})"
        return name
