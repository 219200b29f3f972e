"""Markdown import: text kept as written, ATX headings become hints."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from annotator.services.importing.base import ImportFailed
from annotator.services.importing.markdown import MarkdownImporter, atx_headings


def run(text: str | bytes):
    data = text.encode() if isinstance(text, str) else text
    return MarkdownImporter().extract(Path("report.md"), data)


def headings(text: str) -> list[tuple[int, str]]:
    return [(h.level, text[h.start:h.end]) for h in atx_headings(text)]


def test_text_is_kept_and_headings_are_hinted() -> None:
    source = ("# 2019 Country Reports: Kazakhstan\n\nExecutive Summary\n\n"
              "## Section 1. Respect for the Integrity of the Person\n\n"
              "### a. Arbitrary Deprivation of Life ###\n\n*Some* **bold** [link](x).\n")
    result = run(source)
    assert result.text == source
    assert result.source_type == "md"
    assert result.title == "2019 Country Reports: Kazakhstan"
    assert [(h.level, result.text[h.start:h.end]) for h in result.headings] == [
        (1, "2019 Country Reports: Kazakhstan"),
        (2, "Section 1. Respect for the Integrity of the Person"),
        (3, "a. Arbitrary Deprivation of Life"),
    ]


@pytest.mark.parametrize("line, expected", [
    ("###### six", [(6, "six")]),
    ("####### seven", []),
    ("#hashtag", []),
    ("#", []),
    ("# #", []),
    ("   # three spaces", [(1, "three spaces")]),
    ("    # four spaces is code", []),
    ("# C# and F# #", [(1, "C# and F#")]),
    ("## Title #not-closing", [(2, "Title #not-closing")]),
    ("#\tTabbed\t", [(1, "Tabbed")]),
    ("\\# escaped", []),
])
def test_atx_rules(line: str, expected: list[tuple[int, str]]) -> None:
    assert headings(line) == expected


def test_fenced_code_is_not_scanned() -> None:
    text = ("# Real\n```python\n# comment, not a heading\n~~~\n# still code\n```\n"
            "~~~~\n# tilde code\n~~~~\n## After\n")
    assert headings(text) == [(1, "Real"), (2, "After")]


def test_unclosed_fence_hides_the_rest() -> None:
    assert headings("# A\n```\n# B\n") == [(1, "A")]


def test_offsets_refer_to_the_canonical_text() -> None:
    data = codecs.BOM_UTF8 + "Cafe\u0301 \U0001F600\r\n\r\n## Re\u0301sume\u0301 שלום\r\n".encode()
    result = run(data)
    assert result.text == "Café \U0001F600\n\n## Résumé שלום\n"
    (hint,) = result.headings
    assert result.text[hint.start:hint.end] == "Résumé שלום"
    assert result.title is None


def test_legacy_encoding_is_decoded_and_noted() -> None:
    result = run("# Доклад\n\nТекст.\n".encode("cp1251"))
    assert result.text == "# Доклад\n\nТекст.\n"
    assert result.headings[0].level == 1
    assert result.warnings == ["text is not UTF-8; decoded as Windows-1251"]


@pytest.mark.parametrize("data", [b"", b"\n\n  \n"])
def test_empty_markdown_is_refused(data: bytes) -> None:
    with pytest.raises(ImportFailed, match="^file is empty$"):
        run(data)


def test_binary_markdown_is_refused() -> None:
    with pytest.raises(ImportFailed, match="^binary file, not text$"):
        run(b"\x00\x01\x02" * 50)
