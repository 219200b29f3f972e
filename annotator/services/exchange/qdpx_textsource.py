"""The ``<TextSource>`` part of ``project.qde``, written as text.

A project has one selection and one coding element per coding, so this is the hot path of
the export: building the elements through an XML library costs several seconds for 60,000
codings, formatting them directly a fraction of that. Everything user-written goes through
:func:`attr` / :func:`text` (XML escaping, characters XML cannot hold removed).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from annotator.domain.model import DocumentInfo
from annotator.services.exchange.qdpx_common import (
    COUNTRY_VARIABLE, INTERNAL, YEAR_VARIABLE, coding_memo_guid, excerpt_name,
    format_datetime, selection_guid, xml_text,
)
from annotator.storage.exchange_queries import CodingRow

#: ``refs(target_type, target_uuid)`` -> GUIDs of the notes about it (registering them)
Refs = Callable[[str, str | None], list[str]]
#: ``add_note(guid, name, text, user_guid, created, modified)``
AddNote = Callable[[str, str, str, str | None, datetime | None, datetime | None], None]


def text(value: str) -> str:
    """Element content: escaped, without characters XML 1.0 cannot hold."""
    return xml_text(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(value: str) -> str:
    """An attribute value for ``name="…"`` (line breaks and tabs kept as references)."""
    return (text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;")
            .replace("\t", "&#9;"))


def _times(prefix: str, dt: datetime | None) -> str:
    return f' {prefix}="{format_datetime(dt)}"' if dt else ""


def text_source_xml(doc: DocumentInfo, codings: list[CodingRow], source_text: str, *,
                    user_of: dict[int, str], code_of: dict[int, str], refs: Refs,
                    add_note: AddNote, level: int = 2, creating_user: str | None = None) -> str:
    """One ``<TextSource>`` with a selection and a coding per coding, indented for ``level``.

    A coding's memo is written twice: as the selection's ``Description`` (the only place
    QualCoder reads) and as a Note referenced from the Coding (where NVivo and the schema's
    examples put it). Our import reads either and keeps one.
    """
    pad = "  " * level
    user_attr = f' creatingUser="{creating_user}"' if creating_user else ""
    out = [f'<TextSource guid="{doc.uuid}" name="{attr(doc.title)}" '
           f'plainTextPath="{INTERNAL}{doc.uuid}.txt"{user_attr}'
           f'{_times("creationDateTime", doc.imported_at)}>']
    for c in codings:
        user = user_of[c.coder_id]
        created = _times("creationDateTime", c.created_at)
        modified = (created.replace("creationDateTime", "modifiedDateTime")
                    if c.modified_at == c.created_at else _times("modifiedDateTime", c.modified_at))
        out.append(f'{pad}  <PlainTextSelection guid="{selection_guid(c.uuid)}" '
                   f'name="{attr(excerpt_name(source_text, c.start, c.end))}" '
                   f'startPosition="{c.start}" endPosition="{c.end}" creatingUser="{user}"'
                   f'{created} modifyingUser="{user}"{modified}>')
        if c.memo:
            out.append(f"{pad}    <Description>{text(c.memo)}</Description>")
        out.append(f'{pad}    <Coding guid="{c.uuid}" creatingUser="{user}"{created}>')
        out.append(f'{pad}      <CodeRef targetGUID="{code_of[c.code_id]}"/>')
        if c.memo:
            memo_guid = coding_memo_guid(c.uuid)
            add_note(memo_guid, "Coding memo", c.memo, user, c.created_at, c.modified_at)
            out.append(f'{pad}      <NoteRef targetGUID="{memo_guid}"/>')
        out += [f'{pad}      <NoteRef targetGUID="{g}"/>' for g in refs("coding", c.uuid)]
        out.append(f"{pad}    </Coding>")
        out.append(f"{pad}  </PlainTextSelection>")
    out += [f'{pad}  <NoteRef targetGUID="{g}"/>' for g in refs("document", doc.uuid)]
    if doc.country:
        out.append(f'{pad}  <VariableValue>\n{pad}    <VariableRef '
                   f'targetGUID="{COUNTRY_VARIABLE}"/>\n{pad}    <TextValue>'
                   f"{text(doc.country)}</TextValue>\n{pad}  </VariableValue>")
    if doc.year is not None:
        out.append(f'{pad}  <VariableValue>\n{pad}    <VariableRef '
                   f'targetGUID="{YEAR_VARIABLE}"/>\n{pad}    <IntegerValue>'
                   f"{int(doc.year)}</IntegerValue>\n{pad}  </VariableValue>")
    if len(out) == 1:
        return out[0][:-1] + "/>"
    out.append(f"{pad}</TextSource>")
    return "\n".join(out)
