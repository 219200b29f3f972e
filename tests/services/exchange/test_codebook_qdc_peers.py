"""REFI-QDA codebooks written the way other programs write them import correctly.

The fixtures are built from the REFI-QDA 1.5 specification and its examples, with the
differences seen between tools: namespace prefixes, GUIDs in braces or upper case, BOM and
CRLF, missing isCodable or colours, colours as rgb()/names/#AARRGGBB, flat path-style names,
extra attributes, empty descriptions and code sets.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.codebook import Codebook
from annotator.services.exchange.qdc import export_qdc, import_qdc, validate_qdc


def load(fixtures_dir: Path, name: str) -> tuple[Codebook, list[str]]:
    result = import_qdc((fixtures_dir / name).read_bytes(), name=name)
    result.codebook.validate()
    assert validate_qdc(export_qdc(result.codebook)) == []  # and it can be written back
    return result.codebook, result.warnings


def tree(book: Codebook) -> list[str]:
    return ["  " * d + n.name for d, n in book.walk_with_depth()]


def test_nvivo_style_bom_crlf_upper_case_guids_and_sets(fixtures_dir: Path) -> None:
    raw = (fixtures_dir / "nvivo.qdc").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    book, warnings = load(fixtures_dir, "nvivo.qdc")
    assert tree(book) == ["Physical integrity", "  Torture", "  Killing", "  Other",
                          "Civil liberties", "  Expression", "  Other"]
    torture = book.find_path("Physical integrity/Torture")
    assert torture is not None
    assert torture.uuid == "6b1e4a4c-2f0d-4c8b-9b7e-3a1c5d2e8f02"
    assert torture.definition.startswith("Severe pain") and "custody" in torture.definition
    assert torture.color == "#E07A33"
    assert book.find_path("Physical integrity/Other").color == "#888888"  # no colour given
    assert [n.codable for n in book.roots()] == [False, False]
    assert warnings == ["1 code set(s) were ignored (annotator codebooks have no sets)"]


def test_maxqda_style_prefixes_braces_short_and_argb_colours(fixtures_dir: Path) -> None:
    book, warnings = load(fixtures_dir, "maxqda.qdc")
    assert tree(book) == ["Topics", "  Economy", "  Health care", "Values", "  Conservatives",
                          "  Liberals"]
    health = book.find_path("Topics/Health care")
    assert health.uuid == "0dcef2f5-e55c-49da-8c33-9b0803c7aeb4" and health.color == "#33CC33"
    assert book.find_path("Values").color == "#336699"  # #AARRGGBB, alpha dropped
    assert book.find_path("Values").definition == ""
    assert book.find_path("Values/Liberals").codable is True  # isCodable="1"
    assert book.find_path("Topics/Economy").definition == "Anything about jobs or taxes or " \
                                                            "business"
    assert len(warnings) == 1 and "weight" in warnings[0] and "read leniently" in warnings[0]


def test_atlas_ti_style_flat_names_are_rebuilt_into_a_tree(fixtures_dir: Path) -> None:
    book, warnings = load(fixtures_dir, "atlasti.qdc")
    assert tree(book) == ["happiness", "Feelings", "Coke", "  full-fat Coke", "  diet Coke",
                          "milk", "Breakfast food", "  cereal", "    cornflakes", '"rushed"']
    coke = book.find_path("Coke")
    assert coke.uuid == "7496ba52-9c8d-4396-8fab-cc438614e453"  # the existing code is the parent
    assert coke.definition == "the breakfast of champions" and coke.codable
    assert book.find_path("Coke/diet Coke").definition == "non sucré"
    cereal = book.find_path("Breakfast food/cereal")
    assert cereal.codable is False and cereal.color == "#888888"
    assert book.find_path("Breakfast food/cereal/cornflakes").color == "#463CC8"
    assert len(warnings) == 1
    assert "'::'" in warnings[0] and "3 code(s)" in warnings[0] and "1 missing" in warnings[0]


def test_qualcoder_style_rgb_and_named_colours(fixtures_dir: Path) -> None:
    book, warnings = load(fixtures_dir, "qualcoder.qdc")
    assert tree(book) == ["Detention", "  Pretrial detention", "  Prison conditions",
                          "  Incommunicado", "Memo-only"]
    assert book.find_path("Detention/Pretrial detention").color == "#56B4E9"
    assert book.find_path("Detention/Prison conditions").color == "#FFA500"
    assert book.find_path("Detention/Incommunicado").color == "#888888"
    assert any("'#zzzzzz'" in w and "#888888" in w for w in warnings)
    assert any("schema" in w for w in warnings)


def test_taguette_style_flat_tags_without_is_codable(fixtures_dir: Path) -> None:
    book, warnings = load(fixtures_dir, "taguette.qdc")
    assert tree(book) == ["interesting", "people", "  police", "  journalists",
                          "National/Racial/Ethnic Minorities"]
    assert all(n.codable for n in book.nodes if n.name != "people")
    assert book.find_path("people").codable is False
    assert any("no isCodable" in w and "made codable" in w for w in warnings)
    assert any("separator '/'" in w for w in warnings)


def test_old_project_namespace_is_read_with_a_warning(fixtures_dir: Path) -> None:
    book, warnings = load(fixtures_dir, "old-namespace.qdc")
    assert tree(book) == ["Legacy code"]
    assert len(warnings) == 1 and "urn:QDA-XML:project:1.0" in warnings[0]


@pytest.mark.parametrize("name", ["nvivo.qdc", "maxqda.qdc", "atlasti.qdc", "qualcoder.qdc",
                                  "taguette.qdc", "old-namespace.qdc"])
def test_importing_twice_gives_the_same_ids(fixtures_dir: Path, name: str) -> None:
    first, _ = load(fixtures_dir, name)
    second, _ = load(fixtures_dir, name)
    assert [n.uuid for n in first.nodes] == [n.uuid for n in second.nodes]


def test_utf16_files_are_read(fixtures_dir: Path) -> None:
    text = (fixtures_dir / "old-namespace.qdc").read_text(encoding="utf-8")
    data = text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    assert tree(import_qdc(data).codebook) == ["Legacy code"]
