"""What a command changed: the views decide what to refresh from this."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.domain.model import Coding


@dataclass(slots=True)
class Changes:
    documents: set[int] = field(default_factory=set)
    codes: set[int] = field(default_factory=set)
    codings: set[int] = field(default_factory=set)
    #: documents whose codings changed (for re-highlighting)
    coded_documents: set[int] = field(default_factory=set)
    codebook: bool = False
    coders: bool = False
    memos: bool = False
    #: documents whose proposed codings changed (made, decided, withdrawn)
    proposals: set[int] = field(default_factory=set)
    #: the state of codings after the command, where the command had it at hand (``None``:
    #: deleted), so that the open document need not read them back; a coding of ``codings``
    #: missing here is read back. Not part of equality: it says nothing more than ``codings``.
    records: dict[int, Coding | None] = field(default_factory=dict, compare=False)

    def merge(self, other: Changes) -> Changes:
        return Changes(self.documents | other.documents, self.codes | other.codes,
                       self.codings | other.codings, self.coded_documents | other.coded_documents,
                       self.codebook or other.codebook, self.coders or other.coders,
                       self.memos or other.memos, self.proposals | other.proposals,
                       {**self.records, **other.records})
