"""The document view: read-only report text with coding highlights, margin bars and a gutter.

Public API in code points only; see :class:`DocumentView`.
"""

from annotator.domain.spans import SpanInfo
from annotator.gui.document_view.view import MIME_SELECTION, DocumentView

__all__ = ["MIME_SELECTION", "DocumentView", "SpanInfo"]
