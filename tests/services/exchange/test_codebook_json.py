"""Nested JSON codebooks: the shipped files are byte-for-byte what the exporter writes."""

from __future__ import annotations

import json

import pytest

from annotator.domain.codebook import Codebook
from annotator.domain.errors import ValidationError
from annotator.resources import resource_path
from annotator.services.exchange.codebook_json import export_json, import_json

TEMPLATE_IDS = ("ciri", "country-reports-2019", "country-reports-2021", "pts", "udhr",
                "violations")


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_shipped_files_round_trip_byte_for_byte(template_id: str) -> None:
    raw = resource_path("codebooks", f"{template_id}.json").read_bytes()
    result = import_json(raw)
    assert result.warnings == []
    assert export_json(result.codebook) == raw


def test_rich_codebook_round_trip(rich: Codebook) -> None:
    data = export_json(rich)
    again = import_json(data).codebook
    assert again == rich
    assert json.loads(data)["codes"][0]["children"][0]["attributes"][0]["levels"][0] == \
        "0 frequent"


def test_name_can_be_replaced_and_repairs_are_reported() -> None:
    data = json.dumps({"format": "annotator-codebook", "format_version": 1, "name": "x",
                       "codes": [{"name": "A", "color": "#abc"}, {"name": "B"}]}).encode()
    result = import_json(b"\xef\xbb\xbf" + data, name="Mine")
    assert result.codebook.name == "Mine"
    assert result.codebook.nodes[0].color == "#AABBCC"
    assert result.warnings == ["2 code(s) had no uuid; ids were derived from their paths "
                               "(e.g. 'A')"]


@pytest.mark.parametrize(("data", "fragment"), [
    (b"{not json", "not valid JSON"),
    (b"\xff\xfe{}", "not UTF-8"),
    (b'{"format": "annotator-codebook", "format_version": 2}', "format version 2"),
    (b'{"codes": [{"name": "A"}, {"name": "A"}]}', "two codes are called 'A'"),
    (b"[" * 100000 + b"]" * 100000, "nested too deeply|JSON object"),
])
def test_bad_json_is_refused(data: bytes, fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        import_json(data)
