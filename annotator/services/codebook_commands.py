"""Codebook commands, one import for front ends.

Every command follows :mod:`annotator.services.commands`: ``apply(tx, ctx)`` returns an
``Outcome`` whose ``inverse`` restores the codebook (and any codings touched) exactly, and whose
``log`` goes to the event log. Codes are identified by uuid; renaming keeps the uuid.

* editing single codes: :mod:`annotator.services.codebook_edit`
* delete, merge, split (and the rules they follow): :mod:`annotator.services.codebook_restructure`
* versions, templates, import: :mod:`annotator.services.codebook_bulk`
"""

from __future__ import annotations

from annotator.services.codebook_bulk import (
    AddTemplate, FreezeVersion, ImportCodebook, ImportSummary,
)
from annotator.services.codebook_edit import (
    AddCode, DeprecateCode, MoveCode, ReorderCode, UpdateCode,
)
from annotator.services.codebook_restructure import (
    CHILDREN_CHOICES, CODINGS_CHOICES, DeleteCode, MergeCodes, SplitCode,
)
from annotator.services.codebook_state import RestoreState

__all__ = [
    "CHILDREN_CHOICES", "CODINGS_CHOICES", "AddCode", "AddTemplate", "DeleteCode",
    "DeprecateCode", "FreezeVersion", "ImportCodebook", "ImportSummary", "MergeCodes",
    "MoveCode", "ReorderCode", "RestoreState", "SplitCode", "UpdateCode",
]
