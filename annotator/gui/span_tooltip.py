"""The hover text for highlighted passages: code, coder, memo and attributes of each coding."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from annotator.domain.spans import SpanInfo

if TYPE_CHECKING:
    from annotator.gui.controller import Controller
    from annotator.gui.document_session import DocumentSession
    from annotator.gui.models.codebook_model import CodebookModel

MAX_SHOWN = 6


def describe_spans(spans: list[SpanInfo], session: DocumentSession, codes: CodebookModel,
                   controller: Controller) -> str:
    if not spans:
        return ""
    parts: list[str] = []
    for span in spans[:MAX_SHOWN]:
        coding = session.coding(span.uuid)
        code = codes.code_by_uuid(span.code_uuid)
        name = html.escape(codes.path(span.code_uuid) if code else "(deleted code)")
        who = html.escape(controller.coder_name(span.coder_id))
        line = (f"<span style='color:{html.escape(span.color)}'>■</span> <b>{name}</b>"
                f" <span style='color:gray'>· {who}</span>")
        if coding is not None:
            if coding.attributes:
                attrs = ", ".join(f"{html.escape(k)}: {html.escape(v)}"
                                  for k, v in sorted(coding.attributes.items()))
                line += f"<br>&nbsp;&nbsp;{attrs}"
            if coding.memo:
                memo = coding.memo if len(coding.memo) < 240 else coding.memo[:240] + "…"
                line += f"<br>&nbsp;&nbsp;<i>{html.escape(memo)}</i>"
        parts.append(line)
    if len(spans) > MAX_SHOWN:
        parts.append(f"<span style='color:gray'>and {len(spans) - MAX_SHOWN} more…</span>")
    return "<p style='white-space:pre-wrap'>" + "<br>".join(parts) + "</p>"
