"""Malformed or hostile REFI-QDA input is refused with a message, or repaired with a warning."""

from __future__ import annotations

import time

import pytest
from lxml import etree

from annotator.domain.codebook import MAX_NAME_LENGTH, stable_uuid
from annotator.domain.errors import ValidationError
from annotator.services.exchange import safe_xml
from annotator.services.exchange.qdc import NS, import_qdc

G1 = "11111111-2222-4333-8444-555555555555"
G2 = "11111111-2222-4333-8444-666666666666"


def book(codes: str, ns: str = NS, head: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>{head}\n<CodeBook xmlns="{ns}"><Codes>'
            f"{codes}</Codes></CodeBook>").encode("utf-8")


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
<Code guid="11111111-2222-4333-8444-555555555555" name="&lol9;" isCodable="true"/>
</Codes></CodeBook>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE CodeBook [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
<Code guid="11111111-2222-4333-8444-555555555555" name="leak" isCodable="true">
<Description>&xxe;</Description></Code></Codes></CodeBook>"""


def test_entity_expansion_bomb_is_refused_quickly() -> None:
    t0 = time.perf_counter()
    with pytest.raises(ValidationError, match="DOCTYPE"):
        import_qdc(BOMB)
    assert time.perf_counter() - t0 < 1.0


def test_external_entity_is_refused_and_the_file_is_never_read() -> None:
    with pytest.raises(ValidationError, match="DOCTYPE") as info:
        import_qdc(XXE)
    assert "root:" not in str(info.value)


def test_the_parser_itself_does_not_resolve_entities_even_without_the_pre_check(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safe_xml, "_has_doctype", lambda data: False)
    with pytest.raises(ValidationError, match="DOCTYPE"):
        import_qdc(XXE)
    root = etree.fromstring(XXE, safe_xml._parser())
    assert "root:" not in etree.tostring(root).decode()
    with pytest.raises(ValidationError):
        import_qdc(BOMB)


def test_doctype_in_utf16_and_external_dtd_are_refused() -> None:
    with pytest.raises(ValidationError, match="DOCTYPE"):
        import_qdc(XXE.decode().replace('<?xml version="1.0"?>',
                                        '<?xml version="1.0" encoding="UTF-16"?>')
                   .encode("utf-16"))
    with pytest.raises(ValidationError, match="DOCTYPE"):
        import_qdc(book("", head='<!DOCTYPE CodeBook SYSTEM "http://example.invalid/x.dtd">'))


def test_undeclared_entity_is_not_well_formed() -> None:
    with pytest.raises(ValidationError, match="not well-formed"):
        import_qdc(book(f'<Code guid="{G1}" name="&foo;" isCodable="true"/>'))


def test_wrong_namespace_is_refused_with_its_name() -> None:
    with pytest.raises(ValidationError, match="urn:example:other"):
        import_qdc(book(f'<Code guid="{G1}" name="A" isCodable="true"/>',
                        ns="urn:example:other"))


def test_missing_namespace_is_read_with_a_warning() -> None:
    data = (f'<CodeBook><Codes><Code guid="{G1}" name="A" isCodable="true"/></Codes>'
            "</CodeBook>").encode()
    result = import_qdc(data)
    assert [n.name for n in result.codebook.nodes] == ["A"]
    assert any("no XML namespace" in w for w in result.warnings)


@pytest.mark.parametrize(("data", "fragment"), [
    (b"<Project xmlns='urn:example'/>", "root element is <Project>"),
    (f"<CodeBook xmlns='{NS}'/>".encode(), "no <Codes> element"),
    (b"<CodeBook", "not well-formed"),
    (b"", "not well-formed"),
])
def test_not_a_codebook(data: bytes, fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        import_qdc(data)


def test_missing_guids_get_stable_ids_from_their_path() -> None:
    data = book('<Code name="Parent" isCodable="false"><Code name="Child" isCodable="true"/>'
                f'</Code><Code guid="{G1}" name="Kept" isCodable="true"/>')
    result = import_qdc(data)
    child = result.codebook.find_path("Parent/Child")
    assert child.uuid == stable_uuid("imported", "Parent/Child")
    assert result.codebook.find_path("Kept").uuid == G1
    assert [n.uuid for n in import_qdc(data).codebook.nodes] == \
        [n.uuid for n in result.codebook.nodes]
    assert any("2 code(s) had no GUID" in w for w in result.warnings)


def test_malformed_guid_is_replaced_with_a_warning() -> None:
    result = import_qdc(book('<Code guid="not-a-guid" name="A" isCodable="true"/>'))
    assert result.codebook.nodes[0].uuid == stable_uuid("imported", "A")
    assert any("'not-a-guid'" in w for w in result.warnings)


@pytest.mark.parametrize("second", [G1, G1.upper(), "{" + G1 + "}"])
def test_duplicate_guids_are_refused(second: str) -> None:
    data = book(f'<Code guid="{G1}" name="A" isCodable="true"/>'
                f'<Code guid="{second}" name="B" isCodable="true"/>')
    with pytest.raises(ValidationError, match=f"duplicate GUID {G1}"):
        import_qdc(data)


def test_over_long_names_are_shortened_with_a_warning() -> None:
    long_name = "A very long name " * 20
    result = import_qdc(book(f'<Code guid="{G1}" name="{long_name}" isCodable="true">'
                             "<Description>Old definition</Description></Code>"))
    node = result.codebook.nodes[0]
    assert len(node.name) <= MAX_NAME_LENGTH and node.name.endswith("long…")
    assert node.definition == f"Original name: {long_name.strip()}\n\nOld definition"
    assert any("shortened" in w for w in result.warnings)


def test_duplicate_sibling_names_are_renamed_with_a_warning() -> None:
    result = import_qdc(book(f'<Code guid="{G1}" name="Other" isCodable="true"/>'
                             f'<Code guid="{G2}" name="other" isCodable="true"/>'))
    assert [n.name for n in result.codebook.nodes] == ["Other", "other (2)"]
    assert any("same name as a sibling" in w for w in result.warnings)


def test_names_with_line_breaks_and_missing_names_are_repaired() -> None:
    result = import_qdc(book(f'<Code guid="{G1}" name="two&#10;lines" isCodable="maybe"/>'
                             f'<Code guid="{G2}" isCodable="true"/>'))
    assert [n.name for n in result.codebook.nodes] == ["two lines", "Unnamed code"]
    assert result.codebook.nodes[0].codable is True
    assert any("unreadable isCodable" in w for w in result.warnings)
    assert any("no name" in w for w in result.warnings)


def test_unknown_elements_in_codes_are_ignored_with_a_warning() -> None:
    result = import_qdc(book(f'<Code guid="{G1}" name="A" isCodable="true"><Note>x</Note>'
                             "</Code>"))
    assert any("<Note>" in w for w in result.warnings)


def test_too_large_input_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safe_xml, "MAX_XML_BYTES", 100)
    with pytest.raises(ValidationError, match="too large"):
        import_qdc(book(f'<Code guid="{G1}" name="{"x" * 200}" isCodable="true"/>'))


def test_a_project_file_gives_its_codebook() -> None:
    data = (b'<Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook><Codes>'
            b'<Code guid="11111111-2222-4333-8444-555555555555" name="A" isCodable="true"/>'
            b"</Codes></CodeBook></Project>")
    result = import_qdc(data)
    assert [n.name for n in result.codebook.nodes] == ["A"]
    assert any("project file" in w for w in result.warnings)
