"""Check an Office (zip) package before any library unpacks it.

Every member is inflated as a stream and its bytes are counted as they come: the sizes in a zip
header can lie (a part may claim 4,000 bytes and inflate to a gigabyte), so they are never what
keeps memory bounded. Every XML member is run through a pull parser that refuses a DOCTYPE
(entities can expand without limit, or silently drop text) and counts elements, so a parser
that later builds a whole tree stays within :data:`~.base.MAX_MARKUP_ELEMENTS`.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from annotator.services.importing.base import MAX_MARKUP_ELEMENTS, ImportFailed

MAX_PART_BYTES = 200 * 1024 * 1024
MAX_PACKAGE_BYTES = 512 * 1024 * 1024
MAX_MEMBERS = 10_000
_CHUNK = 1 << 20
_XML_SUFFIXES = (".xml", ".rels", ".vml")


def check_package(data: bytes, what: str) -> zipfile.ZipFile:
    """Open ``data`` as a zip and stream-check every member; the caller closes the result.

    Raises :class:`ImportFailed` ("not a valid {what} file (...)") on a damaged archive, a part
    that inflates beyond :data:`MAX_PART_BYTES` (whatever its header says), a package beyond
    :data:`MAX_PACKAGE_BYTES`, a DOCTYPE in an XML part, or too many XML elements.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _Refused("not a zip archive, or truncated").as_failure(what) from None
    try:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise _Refused(f"{len(infos):,} parts; at most {MAX_MEMBERS:,} are accepted")
        budget = _Budget()
        for info in infos:
            if info.is_dir():
                continue
            if info.file_size > MAX_PART_BYTES:  # an honest header: refuse without inflating
                raise _Refused(f"{_shown(info.filename)} would unpack to "
                               f"{info.file_size // 2**20} MB; limit {MAX_PART_BYTES // 2**20} MB")
            _check_member(archive, info, budget)
    except _Refused as exc:
        archive.close()
        raise exc.as_failure(what) from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError,
            RuntimeError, zipfile.LargeZipFile) as exc:
        archive.close()
        raise _Refused(_short(exc)).as_failure(what) from None
    return archive


class _Refused(Exception):
    def as_failure(self, what: str) -> ImportFailed:
        return ImportFailed(f"not a valid {what} file ({self})")


class _Budget:
    def __init__(self) -> None:
        self.package_bytes = 0
        self.elements = 0


def _check_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> None:
    name = _shown(info.filename)
    is_xml = info.filename.lower().endswith(_XML_SUFFIXES)
    parser = etree.XMLPullParser(events=("start", "end"), resolve_entities=False,
                                 no_network=True, load_dtd=False, huge_tree=False) \
        if is_xml else None
    checked_doctype = False
    size = 0
    with archive.open(info) as member:
        while chunk := member.read(_CHUNK):  # inflates at most about one chunk at a time
            size += len(chunk)
            budget.package_bytes += len(chunk)
            if size > MAX_PART_BYTES:
                raise _Refused(f"{name} unpacks to more than {MAX_PART_BYTES // 2**20} MB")
            if budget.package_bytes > MAX_PACKAGE_BYTES:
                raise _Refused(f"the package unpacks to more than "
                               f"{MAX_PACKAGE_BYTES // 2**20} MB")
            if parser is None:
                continue
            try:
                parser.feed(chunk)
            except etree.XMLSyntaxError as exc:
                raise _Refused(f"{name} is not well-formed XML: {_short(exc)}") from None
            for event, element in parser.read_events():
                if not checked_doctype:
                    checked_doctype = True
                    if _has_dtd(element):
                        raise _Refused(f"{name} declares a DTD, which is refused: its "
                                       "entities can expand without limit or drop text")
                if event == "start":
                    continue
                budget.elements += 1
                if budget.elements > MAX_MARKUP_ELEMENTS:
                    raise _Refused(f"more than {MAX_MARKUP_ELEMENTS:,} XML elements")
                _forget(element)
    if parser is not None and size:
        try:
            parser.close()
        except etree.XMLSyntaxError as exc:
            raise _Refused(f"{name} is not well-formed XML: {_short(exc)}") from None


def _has_dtd(element: etree._Element) -> bool:
    info = element.getroottree().docinfo
    return bool(info.doctype) or info.internalDTD is not None


def _forget(element: etree._Element) -> None:
    """Free a finished element and its finished earlier siblings (constant memory)."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _shown(name: str) -> str:
    return ascii(name)[1:-1] if not name.isprintable() else name


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."
