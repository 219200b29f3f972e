"""REFI-QDA codebook exchange (``.qdc``, namespace ``urn:QDA-XML:codebook:1.0``).

Export is deterministic (the same codebook gives the same bytes) and checked against the
shipped ``Codebook.xsd``. GUIDs are our code uuids. Fields REFI-QDA has no place for are written
into the Description (see :mod:`qdc_description`) and read back, so our own round trip loses
nothing; :func:`qdc_export_warnings` says what other programs will not understand.

Import is lenient with the ways other programs write the format (namespace prefixes, missing
``isCodable``, odd colours, flat path-style names, BOM, extra attributes) and strict with what
cannot be repaired safely (DOCTYPE/entities, unknown namespace, duplicate GUIDs). Names longer
than 200 characters are shortened (with a warning) and the full name starts the definition;
duplicate sibling names get a " (2)" suffix; missing or malformed GUIDs are replaced by uuid5 ids
derived from the code's path, so importing the same file twice gives the same ids.
"""

from __future__ import annotations

from functools import lru_cache

from lxml import etree

from annotator import __version__
from annotator.domain.codebook import Codebook, CodeNode
from annotator.domain.errors import ValidationError
from annotator.resources import resource_path
from annotator.services.exchange.codebook_common import (
    Draft, ImportLog, ImportResult, finish_import,
)
from annotator.services.exchange.flat_names import rebuild_hierarchy
from annotator.services.exchange.qdc_description import (
    compose_description, extra_sections, parse_description,
)
from annotator.services.exchange.safe_xml import parse_xml, xml_safe_text

NS = "urn:QDA-XML:codebook:1.0"
PROJECT_NS = "urn:QDA-XML:project:1.0"
_WHAT = "REFI-QDA codebook"


# ----- schema ---------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _schema() -> etree.XMLSchema:
    path = resource_path("refi-qda", "Codebook.xsd")
    return etree.XMLSchema(parse_xml(path.read_bytes(), what="Codebook.xsd"))


def validate_qdc(data: bytes) -> list[str]:
    """Check a ``.qdc`` file against the REFI-QDA Codebook schema; returns the problems found.

    Raises :class:`ValidationError` only when the bytes are not safe, well-formed XML.
    """
    return _schema_problems(parse_xml(data, what=_WHAT))


def _schema_problems(root: etree._Element) -> list[str]:
    schema = _schema()
    if schema.validate(root):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


# ----- export ---------------------------------------------------------------------------------
def export_qdc(codebook: Codebook, *, origin: str | None = None, validate: bool = True) -> bytes:
    """Serialise ``codebook`` as a REFI-QDA codebook (UTF-8 bytes)."""
    codebook.validate()
    if not len(codebook):
        raise ValidationError("an empty codebook cannot be written as REFI-QDA "
                              "(the format needs at least one code)")
    root = etree.Element(f"{{{NS}}}CodeBook", nsmap={None: NS})
    root.set("origin", origin or f"annotator {__version__}")
    codes = etree.SubElement(root, f"{{{NS}}}Codes")
    stack: list[tuple[etree._Element, CodeNode]] = [(codes, n) for n in reversed(codebook.roots())]
    while stack:
        parent_el, node = stack.pop()
        el = etree.SubElement(parent_el, f"{{{NS}}}Code")
        el.set("guid", node.uuid)
        el.set("name", node.name)
        el.set("isCodable", "true" if node.codable else "false")
        el.set("color", node.color.upper())
        text, _ = xml_safe_text(compose_description(node))
        if text:
            etree.SubElement(el, f"{{{NS}}}Description").text = text
        stack.extend((el, c) for c in reversed(codebook.children(node.uuid)))
    data = b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(
        root, encoding="UTF-8", xml_declaration=False, pretty_print=True)
    if validate:
        problems = validate_qdc(data)
        if problems:  # a bug on our side, never the user's data
            raise ValidationError("the REFI-QDA file written does not match the schema: "
                                  + problems[0])
    return data


def qdc_export_warnings(codebook: Codebook) -> list[str]:
    """What other REFI-QDA programs cannot take over from this codebook as such."""
    out = []
    if codebook.about or codebook.version:
        out.append("REFI-QDA codebooks have no place for the codebook's name, description and "
                   "version; they are not in the .qdc file")
    with_extras = [n for n in codebook.nodes if extra_sections(n)]
    if with_extras:
        out.append(f"{len(with_extras)} code(s) have labels, criteria, examples, shortcuts, "
                   "attributes or a deprecated flag; REFI-QDA has no fields for them, so they "
                   "are written into the description text (annotator reads them back; other "
                   "programs show them as plain text)")
    dropped = sum(xml_safe_text(compose_description(n))[1] for n in codebook.nodes)
    if dropped:
        out.append(f"{dropped} control character(s) that XML cannot hold were left out of "
                   "descriptions")
    return out


# ----- import ---------------------------------------------------------------------------------
def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _find_codebook(root: etree._Element, log: ImportLog) -> tuple[etree._Element, str | None]:
    ns = etree.QName(root).namespace
    if _local(root) == "Project" and ns == PROJECT_NS:
        books = [c for c in root if _local(c) == "CodeBook"]
        if not books:
            raise ValidationError("this REFI-QDA project file has no codebook")
        log.add("project", "this is a REFI-QDA project file; only its codebook was read")
        return books[0], ns
    if _local(root) != "CodeBook":
        raise ValidationError(f"not a REFI-QDA codebook: the root element is <{_local(root)}>, "
                              "expected <CodeBook>")
    if ns == NS:
        return root, ns
    if ns == PROJECT_NS:
        log.add("ns", f"the file uses the project namespace {PROJECT_NS!r} instead of {NS!r}; "
                "it was read as a codebook")
        return root, ns
    if ns is None:
        log.add("ns", f"the file has no XML namespace (expected {NS!r}); it was read as a "
                "REFI-QDA codebook")
        return root, ns
    raise ValidationError(f"unknown namespace {ns!r} on <CodeBook>; a REFI-QDA codebook uses "
                          f"{NS!r}")


def _attrs(el: etree._Element) -> dict[str, str]:
    return {etree.QName(k).localname.lower(): v for k, v in el.attrib.items()}


def _draft(el: etree._Element, parent: Draft | None, index: int, log: ImportLog) -> Draft:
    attrs = _attrs(el)
    name = attrs.get("name")
    where = f"code #{index}" + (f" {name!r}" if name else "")
    name = name or ""  # an empty name becomes "Unnamed code" (with a warning) later
    codable = True
    raw = attrs.get("iscodable")
    if raw is None:
        log.add("nocodable", "{n} code(s) had no isCodable attribute and were made codable "
                "({examples})", name)
    elif raw.strip().lower() in ("false", "0", "no"):
        codable = False
    elif raw.strip().lower() not in ("true", "1", "yes"):
        log.add("badcodable", "{n} code(s) had an unreadable isCodable value and were made "
                "codable ({examples})", raw)
    draft = Draft(name=name, parent=parent, uuid=attrs.get("guid") or None,
                  color=attrs.get("color"), codable=codable, where=where)
    for child in el:
        kind = _local(child)
        if kind == "Description":
            fields, problems = parse_description("".join(child.itertext()))
            for key, value in fields.items():
                setattr(draft, key, value)
            for problem in problems:
                log.add("desc:" + problem, f"code {name!r}: {problem}")
        elif kind and kind != "Code":
            log.add("el:" + kind, f"<{kind}> elements inside codes are not supported and were "
                    "ignored ({n})")
    return draft


def import_qdc(data: bytes, *, name: str = "Imported codebook") -> ImportResult:
    """Read a ``.qdc`` file. Raises :class:`ValidationError` when it cannot be used."""
    log = ImportLog()
    root = parse_xml(data, what=_WHAT)
    book_el, ns = _find_codebook(root, log)
    if ns == NS and book_el is root:
        problems = _schema_problems(root)
        if problems:
            log.add("schema", "the file does not follow the REFI-QDA codebook schema exactly "
                    f"({len(problems)} problem(s), first: {problems[0]}); it was read leniently")
    codes_el = next((c for c in book_el if _local(c) == "Codes"), None)
    if codes_el is None:
        raise ValidationError("not a REFI-QDA codebook: there is no <Codes> element")
    sets = [s for c in book_el if _local(c) == "Sets" for s in c if _local(s) == "Set"]
    if sets:
        log.add("sets", f"{len(sets)} code set(s) were ignored (annotator codebooks have no sets)")
    drafts: list[Draft] = []
    stack: list[tuple[etree._Element, Draft | None]] = [
        (c, None) for c in reversed([c for c in codes_el if _local(c) == "Code"])]
    while stack:
        el, parent = stack.pop()
        draft = _draft(el, parent, len(drafts) + 1, log)
        drafts.append(draft)
        stack.extend((c, draft) for c in reversed([c for c in el if _local(c) == "Code"]))
    if not drafts:
        log.add("empty", "the codebook has no codes")
    nested = any(d.parent is not None for d in drafts)
    if not nested:
        drafts = rebuild_hierarchy(drafts, log)
    origin = book_el.get("origin") or ""
    book = finish_import(drafts, log, name=name,
                         about=f"Imported from a REFI-QDA codebook written by {origin}."
                         if origin else "")
    return ImportResult(book, log.messages())
