"""Codebook CSV: lossless round trip, spreadsheet-made files, bad parent references."""

from __future__ import annotations

import csv
import io

import pytest

from annotator.domain.codebook import Codebook, stable_uuid
from annotator.domain.errors import ValidationError
from annotator.services.exchange.codebook_csv import (
    COLUMNS, csv_export_warnings, export_csv, import_csv,
)
from annotator.services.exchange.templates import load_template

A = "aaaaaaaa-0000-4000-8000-000000000001"
B = "aaaaaaaa-0000-4000-8000-000000000002"
C = "aaaaaaaa-0000-4000-8000-000000000003"


def rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("template_id", ["ciri", "country-reports-2019", "udhr"])
def test_templates_round_trip(template_id: str) -> None:
    book = load_template(template_id)
    data = export_csv(book)
    result = import_csv(data)
    assert result.warnings == []
    assert result.codebook.nodes == book.nodes
    assert export_csv(result.codebook) == data


def test_every_field_survives_and_the_layout_is_spreadsheet_friendly(rich: Codebook) -> None:
    data = export_csv(rich)
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    table = rows(data)
    assert list(table[0]) == list(COLUMNS)
    assert [r["path"] for r in table] == [
        "Physical integrity", "Physical integrity/Torture",
        "Physical integrity/National\\/Racial\\/Ethnic Minorities", "Physical integrity/Other",
        "Civil", "Civil/Other", "Civil/Only extras"]
    assert table[1]["codable"] == "true" and table[0]["codable"] == "false"
    assert table[1]["attributes"].startswith('[{"name": "score"')
    again = import_csv(data, name="Rich")
    assert again.codebook.nodes == rich.nodes
    assert csv_export_warnings(rich) and not csv_export_warnings(Codebook("x"))


def test_hand_made_file_with_paths_only() -> None:
    text = ("Path;Definition;Colour\n"
            "Rights;All rights;#0072B2\n"
            "Rights/Speech;Free speech;rgb(0, 158, 115)\n"
            "Rights/Assembly\\/Association;Meetings;blue\n"
            "Groups/Women;Women's rights;not a colour\n"
            "\n")
    result = import_csv(text.encode("cp1252"))
    book = result.codebook
    assert ["  " * d + n.name for d, n in book.walk_with_depth()] == [
        "Rights", "  Speech", "  Assembly/Association", "Groups", "  Women"]
    assert book.find_path("Rights/Speech").color == "#009E73"
    assert book.find_path("Groups").codable is False
    assert book.find_path("Rights/Speech").uuid == stable_uuid("imported", "Rights/Speech")
    joined = "\n".join(result.warnings)
    assert "created as grouping codes" in joined and "'not a colour'" in joined
    assert "had no GUID" in joined


def test_non_utf8_files_are_read_with_a_warning() -> None:
    data = "path,definition\nDétention,Garde à vue prolongée\n".encode("cp1252")
    result = import_csv(data)
    assert result.codebook.nodes[0].name == "Détention"
    assert any("not UTF-8" in w for w in result.warnings)


def test_cyclic_parent_reference_is_refused() -> None:
    text = (f"path,uuid,parent_uuid\nA,{A},{C}\nB,{B},{A}\nC,{C},{B}\n")
    with pytest.raises(ValidationError, match="cyclic parent reference") as info:
        import_csv(text.encode())
    assert "'A' (row 2)" in str(info.value) and "row 4" in str(info.value)


def test_code_that_is_its_own_parent_is_refused() -> None:
    with pytest.raises(ValidationError, match="cyclic"):
        import_csv(f"path,uuid,parent_uuid\nA,{A},{A}\n".encode())


def test_dangling_parent_reference_is_refused() -> None:
    with pytest.raises(ValidationError, match="row 3 .*dangling parent reference"):
        import_csv(f"path,uuid,parent_uuid\nA,{A},\nB,{B},{C}\n".encode())


def test_parent_uuid_wins_over_a_disagreeing_path() -> None:
    result = import_csv(f"path,uuid,parent_uuid\nA,{A},\nB,{B},\nB/X,{C},{A}\n".encode())
    assert result.codebook.path(C) == "A/X"
    assert any("disagrees" in w for w in result.warnings)


@pytest.mark.parametrize(("text", "fragment"), [
    (f"path,uuid\nA,{A}\nB,{A}\n", "duplicate uuid"),
    ("path,attributes\nA,not json\n", "row 2: the attributes column"),
    ("definition,colour\nx,y\n", "needs a 'path'"),
    ("", "empty"),
])
def test_bad_files_are_refused(text: str, fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        import_csv(text.encode())


def test_unknown_columns_and_odd_flags_give_warnings() -> None:
    result = import_csv(b"path,codable,notes\nA,perhaps,hello\n")
    assert result.codebook.nodes[0].codable is True
    joined = "\n".join(result.warnings)
    assert "'notes'" in joined and "perhaps" in joined


def test_duplicate_shortcuts_and_long_labels_are_repaired() -> None:
    label = "L" * 300
    result = import_csv(f"path,shortcut,label\nA,1,{label}\nB,1,\nC,2,\n".encode())
    book = result.codebook
    assert [n.shortcut for n in book.nodes] == ["1", None, "2"]
    assert len(book.nodes[0].label) == 200
    joined = "\n".join(result.warnings)
    assert "'B: 1'" in joined and "label(s)" in joined


def test_formula_like_text_is_guarded_for_spreadsheets_and_comes_back_as_it_was() -> None:
    from annotator.domain.codebook import CodeNode

    book = Codebook("Hostile", nodes=(
        CodeNode(A, '=HYPERLINK("x.example","click")', None,
                 definition="+1 means present"),
        CodeNode(B, "Torture", A, definition="-- see the manual", inclusion="@mention",
                 examples="=1+1", atypical_examples="-2"),  # "-2" is a number: left alone
        CodeNode(C, "Plain", A, definition="'quoted' at the start", position=1),
    ))
    data = export_csv(book)
    table = rows(data)
    assert table[0]["path"] == '\'=HYPERLINK("x.example","click")'
    assert table[0]["definition"] == "'+1 means present"
    assert (table[1]["definition"], table[1]["inclusion"], table[1]["examples"]) == (
        "'-- see the manual", "'@mention", "'=1+1")
    assert table[1]["atypical_examples"] == "-2"
    assert table[2]["definition"] == "'quoted' at the start"  # not a formula: untouched
    for row in table:  # nothing a spreadsheet would run
        assert not any(v.startswith(("=", "+", "@")) for v in row.values())
    again = import_csv(data, name="Hostile")
    assert again.codebook.nodes == book.nodes
