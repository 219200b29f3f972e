"""REFI-QDA codebook export: schema-valid, deterministic, lossless for our own round trip."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import xmlschema
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from annotator.domain.codebook import Codebook, CodeNode
from annotator.domain.errors import ValidationError
from annotator.resources import resource_path
from annotator.services.exchange.qdc import (
    NS, export_qdc, import_qdc, qdc_export_warnings, validate_qdc,
)
from annotator.services.exchange.templates import load_template

SHARED = Path(os.environ.get("ANNOTATOR_SHARED",
                             Path(__file__).resolve().parents[3].parent / "shared"))
REFERENCE_XSD = SHARED / "reference" / "refi-qda" / "Codebook.xsd"
TEMPLATE_IDS = ("ciri", "country-reports-2019", "country-reports-2021", "pts", "udhr",
                "violations")


def u(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


@pytest.fixture(scope="module")
def reference_schema() -> xmlschema.XMLSchema:
    """The official schema from the shared reference folder, read by a second validator."""
    path = REFERENCE_XSD if REFERENCE_XSD.exists() else resource_path("refi-qda",
                                                                      "Codebook.xsd")
    return xmlschema.XMLSchema(str(path))


def test_shipped_schema_copy_matches_the_reference() -> None:
    if not REFERENCE_XSD.exists():
        pytest.skip("shared reference folder not found")
    assert resource_path("refi-qda", "Codebook.xsd").read_bytes() == REFERENCE_XSD.read_bytes()


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_every_template_round_trips_to_identical_bytes(
        template_id: str, reference_schema: xmlschema.XMLSchema) -> None:
    book = load_template(template_id)
    first = export_qdc(book)
    assert validate_qdc(first) == []
    reference_schema.validate(first.decode("utf-8"))
    result = import_qdc(first)
    assert result.warnings == []
    assert result.codebook.nodes == book.nodes
    assert export_qdc(result.codebook) == first


def test_rich_codebook_round_trip_loses_nothing(rich: Codebook,
                                               reference_schema: xmlschema.XMLSchema) -> None:
    book = rich
    data = export_qdc(book)
    reference_schema.validate(data.decode("utf-8"))
    result = import_qdc(data, name="Rich")
    assert result.warnings == []
    assert result.codebook.nodes == book.nodes
    assert export_qdc(result.codebook) == data


def test_output_is_deterministic_and_uses_our_uuids_as_guids(rich: Codebook) -> None:
    book = rich
    shuffled = Codebook(book.name, nodes=tuple(reversed(book.nodes)))
    data = export_qdc(book)
    assert data == export_qdc(book) == export_qdc(shuffled)
    root = etree.fromstring(data)
    assert root.tag == f"{{{NS}}}CodeBook"
    guids = [el.get("guid") for el in root.iter(f"{{{NS}}}Code")]
    assert guids == [n.uuid for n in book.walk()]
    torture = root.find(f".//{{{NS}}}Code[@guid='{u(2)}']")
    assert torture is not None and torture.getparent().get("name") == "Physical integrity"
    assert torture.get("isCodable") == "true" and torture.get("color") == "#E07A33"
    assert root.find(f".//{{{NS}}}Code[@guid='{u(1)}']").get("isCodable") == "false"


def test_extras_are_readable_text_in_the_description(rich: Codebook) -> None:
    data = export_qdc(rich).decode("utf-8")
    assert "--- annotator fields ---\nLabel: TORT\nInclusion: Beatings\n  Shocks" in data
    assert "Deprecated: yes" in data
    assert 'Attribute: {"name": "score", "type": "ordinal"' in data


def test_export_warnings_say_what_other_programs_cannot_read(rich: Codebook) -> None:
    warnings = qdc_export_warnings(rich)
    assert any("name, description and version" in w for w in warnings)
    assert any("3 code(s)" in w and "description text" in w for w in warnings)
    plain = Codebook("p", nodes=(CodeNode(u(1), "A", None, definition="d"),))
    assert qdc_export_warnings(plain) == []


def test_control_characters_are_dropped_and_reported() -> None:
    book = Codebook("c", nodes=(CodeNode(u(1), "A", None, definition="form\x0cfeed\x00"),))
    data = export_qdc(book)
    assert validate_qdc(data) == []
    assert import_qdc(data).codebook.nodes[0].definition == "formfeed"
    assert any("control character" in w for w in qdc_export_warnings(book))


def test_empty_or_invalid_codebooks_are_not_exported() -> None:
    with pytest.raises(ValidationError, match="at least one code"):
        export_qdc(Codebook("empty"))
    with pytest.raises(ValidationError, match="two codes are called"):
        export_qdc(Codebook("dupes", nodes=(CodeNode(u(1), "A", None),
                                            CodeNode(u(2), "A", None))))


def test_validate_qdc_reports_schema_problems() -> None:
    bad = (f'<CodeBook xmlns="{NS}"><Codes><Code guid="{u(1)}" name="A" color="red"/>'
           "</Codes></CodeBook>").encode()
    problems = validate_qdc(bad)
    assert len(problems) == 2
    assert any("isCodable" in p for p in problems) and any("color" in p for p in problems)


_XML_CHAR = st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufffe\uffff",
                          min_codepoint=9).filter(lambda c: c in "\t\n\r" or c >= " ")
_XML_TEXT = st.text(_XML_CHAR, max_size=40)
_MARKERISH = st.sampled_from(["", "\n\n--- annotator fields ---\n", "Label: x", "  ", "\n"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_MARKERISH, _XML_TEXT, _MARKERISH), min_size=6, max_size=6),
       st.booleans())
def test_any_text_survives_the_description_format(parts: list[tuple[str, str, str]],
                                                  deprecated: bool) -> None:
    texts = ["".join(p) for p in parts]
    node = CodeNode(u(1), "A", None, definition=texts[0], inclusion=texts[1],
                    exclusion=texts[2], examples=texts[3], atypical_examples=texts[4],
                    label=texts[5][:200], deprecated=deprecated)
    book = Codebook("h", nodes=(node,))
    data = export_qdc(book, validate=False)
    assert import_qdc(data).codebook.nodes == book.nodes
