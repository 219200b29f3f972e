"""Plain-text import: encodings, canonicalisation, refusal of empty and binary files."""

from __future__ import annotations

import codecs
import os
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.text import canonical_text
from annotator.services.importing.base import ImportFailed
from annotator.services.importing.plain_text import PlainTextImporter, decode_text

RUSSIAN = ("Правительство в целом уважало право на свободу собраний, однако власти "
           "задерживали активистов и журналистов.\nСуды не были независимыми.\n")
FRENCH = ("Les autorités ont arrêté des manifestants pacifiques à Genève ; l'enquête a été "
          "close sans suite.\n")
CP1252_EXTRAS = "He said “no” – and left… it’s over; the fine was 500 € (‰).\n"
ARABIC = "احترمت الحكومة بشكل عام حرية التعبير والصحافة.\n"
HEBREW = "\u200fהממשלה כיבדה באופן כללי את חופש הביטוי.\n"
ASTRAL = "Emoji 👨‍👩‍👧 and CJK extension B 𠀀 and math 𝑴 stay intact.\n"


def run(data: bytes):
    return PlainTextImporter().extract(Path("x.txt"), data)


def failure(data: bytes) -> str:
    with pytest.raises(ImportFailed) as info:
        run(data)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_utf8_is_returned_canonical_without_warnings() -> None:
    result = run("Section 1. Respect\n\nBody text.\n".encode())
    assert result.text == "Section 1. Respect\n\nBody text.\n"
    assert result.source_type == "txt"
    assert result.warnings == []
    assert result.title is None and result.headings == []


def test_crlf_cr_and_bom_are_normalised() -> None:
    data = codecs.BOM_UTF8 + "one\r\ntwo\rthree\u2028four\r\n".encode()
    assert run(data).text == "one\ntwo\nthree\nfour\n"
    assert run(data).warnings == []


def test_nfc_is_applied() -> None:
    assert run("Cafe\u0301 society".encode()).text == "Café society"


@pytest.mark.parametrize("codec, bom", [
    ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-32-le", codecs.BOM_UTF32_LE), ("utf-32-be", codecs.BOM_UTF32_BE),
])
def test_utf16_and_utf32_with_bom(codec: str, bom: bytes) -> None:
    text = RUSSIAN + ASTRAL + ARABIC
    result = run(bom + text.replace("\n", "\r\n").encode(codec))
    assert result.text == text
    assert "\ufeff" not in result.text
    assert any(codec[:6].upper() in w for w in result.warnings)


def test_utf16_without_bom_is_recognised() -> None:
    result = run(("Plain English report text. " * 20).encode("utf-16-le"))
    assert result.text.startswith("Plain English report text.")
    assert "UTF-16-LE" in result.warnings[0]


def test_cp1251_russian() -> None:
    result = run(RUSSIAN.encode("cp1251"))
    assert result.text == RUSSIAN
    assert result.warnings == ["text is not UTF-8; decoded as Windows-1251"]


def test_short_cp1251_phrase() -> None:
    assert run("Привет, мир!".encode("cp1251")).text == "Привет, мир!"


@pytest.mark.parametrize("codec", ["latin-1", "cp1252"])
def test_western_legacy_text_decodes_as_windows_1252(codec: str) -> None:
    result = run(FRENCH.encode(codec))
    assert result.text == FRENCH
    assert result.warnings == ["text is not UTF-8; decoded as Windows-1252"]


def test_cp1252_punctuation_beats_latin1_control_codes() -> None:
    # Bytes 0x80-0x9F are quotes, dashes and the euro sign here, not C1 control codes.
    assert run(CP1252_EXTRAS.encode("cp1252")).text == CP1252_EXTRAS


def test_german_cp1252() -> None:
    text = "Die Behörden haben die Versammlungsfreiheit eingeschränkt und überwacht."
    assert run(text.encode("cp1252")).text == text


def test_rtl_and_astral_text_passes_unchanged() -> None:
    text = ARABIC + HEBREW + ASTRAL
    assert run(text.encode()).text == text


def test_damaged_utf8_stays_utf8_with_replacement() -> None:
    good = "Überwachung der Presse, «Zensur» und Zwangsräumungen. " * 3
    result = run(good.encode() + b"\xff" + good.encode())
    assert result.text == good + "\ufffd" + good
    assert result.warnings == ["undecodable bytes were replaced by U+FFFD in 1 place(s)"]


def test_encoded_surrogates_never_survive() -> None:
    data = "Before ".encode() + b"\xed\xa0\x80" + " after – ünïcödé ünïcödé".encode()
    text = run(data).text
    assert not any("\ud800" <= ch <= "\udfff" for ch in text)
    assert text.startswith("Before ") and "\ufffd" in text


def test_stray_late_nul_is_replaced_not_refused() -> None:
    data = b"word " * 4000 + b"\x00" + b" end"
    assert "\ufffd" in run(data).text


def test_terminal_escape_sequences_are_text() -> None:
    data = b"\x1b[1mWARNING\x1b[0m: disk almost full\n" * 5
    assert run(data).text.startswith("\x1b[1mWARNING")


@pytest.mark.parametrize("data", [
    b"", b"   \n\t\r\n  ", codecs.BOM_UTF8, codecs.BOM_UTF16_LE + "  \n".encode("utf-16-le"),
    "\u3000\u00a0\n".encode(),
])
def test_empty_files_are_refused(data: bytes) -> None:
    assert failure(data) == "file is empty"


def test_binary_files_are_refused() -> None:
    rng = random.Random(7)
    garbage = bytes(rng.randrange(256) for _ in range(5000))
    assert failure(garbage) == "binary file, not text"
    assert failure(b"text\x00with\x00nuls" * 10) == "binary file, not text"
    assert failure(bytes(range(1, 32)) * 20) == "binary file, not text"
    assert failure(os.urandom(64).replace(b"\x00", b"\x01") + b"\x02\x03" * 300) == \
        "binary file, not text"


def test_decode_text_reports_encoding() -> None:
    assert decode_text(b"abc").encoding == "UTF-8"
    assert decode_text(RUSSIAN.encode("koi8_r")).text == RUSSIAN


_TEXT = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=200)


@settings(max_examples=150, deadline=None)
@given(_TEXT)
def test_any_utf8_and_utf16_text_round_trips_to_its_canonical_form(text: str) -> None:
    expected = canonical_text(text)
    if not expected.strip():
        return
    assert run(text.encode()).text == expected
    assert run(codecs.BOM_UTF16_LE + text.encode("utf-16-le")).text == expected
