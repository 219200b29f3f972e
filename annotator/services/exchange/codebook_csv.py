"""Codebook as CSV: one row per code, for spreadsheets.

Columns: ``path, definition, inclusion, exclusion, examples, atypical_examples, color, uuid,
parent_uuid, label, codable, shortcut, deprecated, attributes`` (attributes as JSON). ``path``
joins names with ``/`` (a ``/`` inside a name is ``\\/``). On import only ``path`` (or ``name``)
is required; when ``parent_uuid`` is filled it decides the parent, otherwise the path does.
The file is UTF-8 with a byte-order mark so that spreadsheet programs detect the encoding.
Text a spreadsheet could run as a formula (a definition starting with ``=``, ``+``, ``-`` or
``@``) is written with a leading apostrophe, as in every CSV export
(:mod:`annotator.services.exporting.formula_guard`), and the apostrophe is dropped again on
import, so the codebook comes back as it was.
"""

from __future__ import annotations

import csv
import io
import json

from annotator.domain.codebook import Codebook, split_path
from annotator.domain.errors import ValidationError
from annotator.domain.model import AttributeDef
from annotator.services.exchange.codebook_common import (
    Draft, ImportLog, ImportResult, finish_import, normalize_guid,
)
from annotator.services.exporting.formula_guard import guard_row, unguard_cell

COLUMNS = ("path", "definition", "inclusion", "exclusion", "examples", "atypical_examples",
           "color", "uuid", "parent_uuid", "label", "codable", "shortcut", "deprecated",
           "attributes")
_ALIASES = {"example": "examples", "colour": "color", "description": "definition",
            "guid": "uuid", "id": "uuid", "code": "path", "atypical": "atypical_examples",
            "parent_guid": "parent_uuid", "parent_id": "parent_uuid", "name": "name"}
_TEXT = ("definition", "inclusion", "exclusion", "examples", "atypical_examples", "label")
_TRUE = {"true", "yes", "1", "y", "x"}
_FALSE = {"false", "no", "0", "n", ""}


def export_csv(codebook: Codebook) -> bytes:
    """All codes in tree order, as UTF-8 CSV with a byte-order mark."""
    codebook.validate()
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for node in codebook.walk():
        attrs = json.dumps([a.to_json() for a in node.attributes], ensure_ascii=False) \
            if node.attributes else ""
        writer.writerow(guard_row([
            codebook.path(node.uuid), node.definition, node.inclusion, node.exclusion,
            node.examples, node.atypical_examples, node.color, node.uuid,
            node.parent_uuid or "", node.label, "true" if node.codable else "false",
            node.shortcut or "", "true" if node.deprecated else "false", attrs]))
    return buf.getvalue().encode("utf-8-sig")


def csv_export_warnings(codebook: Codebook) -> list[str]:
    if codebook.about or codebook.version:
        return ["the CSV file holds the codes only; the codebook's name, description and "
                "version are not in it"]
    return []


def _decode(data: bytes, log: ImportLog) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ValidationError("the CSV file is not text in any encoding we recognise")
    log.add("enc", f"the CSV file is not UTF-8; it was read as {best.encoding}")
    return str(best)


def _header_key(cell: str) -> str:
    key = cell.strip().lower().replace(" ", "_").replace("-", "_")
    return _ALIASES.get(key, key)


def _flag(value: str, default: bool, where: str, column: str, log: ImportLog) -> bool:
    v = value.strip().lower()
    if not v:
        return default
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    log.add("flag:" + column, f"{{n}} unreadable value(s) in column {column!r} were taken as "
            f"{'true' if default else 'false'} ({{examples}})", f"{where}: {value}")
    return default


def _rows(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((reader.line_num, row))
    except csv.Error as exc:
        raise ValidationError(f"the CSV file cannot be read near line {reader.line_num}: {exc}") \
            from None
    if not rows:
        raise ValidationError("the CSV file is empty")
    return [_header_key(c) for c in rows[0][1]], rows[1:]


def import_csv(data: bytes, *, name: str = "Imported codebook") -> ImportResult:
    """Read a CSV codebook. Cyclic or dangling parent references are refused."""
    log = ImportLog()
    header, rows = _rows(_decode(data, log))
    if "path" not in header and "name" not in header:
        raise ValidationError("the CSV file needs a 'path' (or 'name') column; found "
                              + ", ".join(repr(h) for h in header))
    unknown = [h for h in header if h not in COLUMNS and h != "name"]
    if unknown:
        log.add("cols", "unknown column(s) were ignored: " + ", ".join(repr(h) for h in unknown))
    drafts: list[Draft] = []
    for line, row in rows:
        cells = {h: (unguard_cell(row[i]) if i < len(row) else "") for i, h in enumerate(header)}
        draft = _draft(cells, f"row {line}", log)
        if draft is not None:
            drafts.append(draft)
    drafts = _link(drafts, log)
    return ImportResult(finish_import(drafts, log, name=name), log.messages())


def _draft(cells: dict[str, str], where: str, log: ImportLog) -> Draft | None:
    path = cells.get("path", "").strip()
    parts = [p.strip() for p in split_path(path)] if path else [cells.get("name", "").strip()]
    if not any(parts):
        log.add("nopath", "{n} row(s) without a path or name were skipped ({examples})", where)
        return None
    raw_attrs = cells.get("attributes", "").strip()
    attributes: tuple[AttributeDef, ...] = ()
    if raw_attrs:
        try:
            loaded = json.loads(raw_attrs)
            attributes = tuple(AttributeDef.from_json(a) for a in loaded)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ValidationError(f"{where}: the attributes column is not a JSON list of "
                                  f"attribute definitions ({exc})") from None
    draft = Draft(name=parts[-1], uuid=cells.get("uuid", "").strip() or None,
                  color=cells.get("color") or None, shortcut=cells.get("shortcut", "").strip()
                  or None, attributes=attributes, where=where,
                  codable=_flag(cells.get("codable", ""), True, where, "codable", log),
                  deprecated=_flag(cells.get("deprecated", ""), False, where, "deprecated", log),
                  extra={"parts": tuple(parts), "parent_ref": cells.get("parent_uuid", "").strip()})
    for key in _TEXT:
        setattr(draft, key, cells.get(key, ""))
    return draft


def _link(drafts: list[Draft], log: ImportLog) -> list[Draft]:
    by_uuid: dict[str, Draft] = {}
    for d in drafts:
        guid = normalize_guid(d.uuid)
        if guid is None:
            continue
        if guid in by_uuid:
            raise ValidationError(f"duplicate uuid {guid} in {by_uuid[guid].where} and {d.where}")
        by_uuid[guid] = d
    by_path: dict[tuple[str, ...], Draft] = {}
    for d in drafts:
        by_path.setdefault(d.extra["parts"], d)
    created: list[Draft] = []

    def ensure(parts: tuple[str, ...]) -> Draft:
        found = by_path.get(parts)
        if found is None:
            found = Draft(name=parts[-1], parent=ensure(parts[:-1]) if len(parts) > 1 else None,
                          codable=False, where="created for a missing parent",
                          extra={"implicit": True, "parts": parts})
            by_path[parts] = found
            created.append(found)
            log.add("implicit", "{n} parent code(s) named in paths were missing and were created "
                    "as grouping codes ({examples})", "/".join(parts))
        return found

    for d in drafts:
        ref, parts = d.extra["parent_ref"], d.extra["parts"]
        if ref:
            target = by_uuid.get(normalize_guid(ref) or ref.lower())
            if target is None:
                raise ValidationError(f"{d.where} ({d.name!r}): parent_uuid {ref!r} does not match "
                                      "any code in the file (dangling parent reference)")
            d.parent = target
            if len(parts) > 1 and by_path.get(parts[:-1]) is not target:
                log.add("mismatch", "{n} row(s) have a path that disagrees with their parent_uuid; "
                        "parent_uuid was followed ({examples})", d.where)
        elif len(parts) > 1:
            d.parent = ensure(parts[:-1])
    return drafts + created
