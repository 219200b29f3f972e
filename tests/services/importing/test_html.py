"""HTML import: state.gov report pages (text identical to the corpus .txt, heading hints that
agree with the page's own headings) and generic pages; refusal of unusable input."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import lxml.html
import pytest

from annotator.domain.segmentation import segment
from annotator.domain.text import canonical_text
from annotator.services.importing.base import Extracted, HeadingHint, ImportFailed
from annotator.services.importing.html import HtmlImporter

REPO = Path(__file__).resolve().parents[3]
CORPUS = Path(os.environ.get("ANNOTATOR_SHARED", REPO.parent / "shared")) / "corpus"
MANIFEST = CORPUS / "state-dept" / "MANIFEST.tsv"


def _rows() -> list[dict[str, str]]:
    if not MANIFEST.exists():
        return []
    with MANIFEST.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


ROWS = _rows()
FILES = [r["file"] for r in ROWS] or ["<corpus missing>"]


def run(data: bytes, name: str = "page.html") -> Extracted:
    return HtmlImporter().extract(Path(name), data)


@pytest.fixture(scope="module")
def pages(corpus: Path) -> dict[str, tuple[bytes, Extracted, str]]:
    """Every corpus page read and extracted once: (html bytes, extracted, corpus .txt)."""
    out = {}
    for row in ROWS:
        data = (corpus / "state-dept" / row["html_file"]).read_bytes()
        txt = (corpus / "state-dept" / row["file"]).read_text(encoding="utf-8")
        out[row["file"]] = (data, run(data, row["html_file"]), txt)
    return out


@pytest.fixture(params=FILES)
def page(request: pytest.FixtureRequest, pages) -> tuple[bytes, Extracted, str]:
    if request.param not in pages:
        pytest.skip("corpus missing")
    return pages[request.param]


def test_report_text_equals_corpus_text(page) -> None:
    _data, ex, txt = page
    assert ex.source_type == "html"
    assert ex.text == txt
    assert canonical_text(ex.text) == ex.text
    assert ex.title == txt.split("\n", 1)[0]


def _page_headings(data: bytes) -> list[str]:
    """Headings read straight from the page: h2–h5 in the report body, a "Section N." marker
    joined to the title after it, navigation headings left out."""
    doc = lxml.html.document_fromstring(data)
    main = doc.xpath('//section[contains(@class, "report__main")]')[0]
    out: list[str] = []
    marker = ""
    for el in main.iter("h2", "h3", "h4", "h5", "p"):
        text = " ".join("".join(t for t in el.xpath(".//text()[not(ancestor::svg)]")).split())
        if "report-toc-section" in (el.get("class") or ""):
            marker = text + " "
        elif el.tag != "p" and text and not text.startswith("Read a Section"):
            out.append(marker + text)
            marker = ""
    return out


def test_hints_mark_the_page_headings(page) -> None:
    data, ex, _txt = page
    hinted = [ex.text[h.start:h.end] for h in ex.headings]
    assert hinted[0] == ex.title and ex.headings[0].level == 1
    assert [t for t in hinted[1:] if not t.startswith("Read a Section")] == _page_headings(data)
    for h in ex.headings:  # each hint is one whole block
        assert ex.text[h.start - 2:h.start] in ("\n\n", "") and ex.text[h.end] == "\n"


def test_outline_from_html_hints_matches_page_headings(page) -> None:
    data, ex, txt = page
    st = segment(ex.text, ex.headings)
    lines = [ex.text[s.start:ex.text.index("\n", s.start)] for s in st.segments
             if s.kind != "label"]
    assert lines == _page_headings(data)
    assert st.segments == segment(txt).segments  # hints and plain-text rules agree


def test_generic_html_paragraphs_headings_and_title() -> None:
    page = (b"<!DOCTYPE html><html><head><title>A  Page</title><style>p{color:red}</style>"
            b"<script>var x = '<p>no</p>';</script></head><body><nav><a href='/'>Home</a></nav>"
            b"<h1>Main&nbsp;Title</h1><p>First &amp; <b>bold</b>\n   text.</p>"
            b"<div>Loose text<p>Inner</p>tail</div><h2 class='sub'>Second</h2>"
            b"<ul><li>one</li><li>two<br>lines</li></ul><svg><text>drawn</text></svg>"
            b"</body></html>")
    ex = run(page)
    assert ex.title == "A Page"
    assert ex.text == ("Home\n\nMain Title\n\nFirst & bold text.\n\nLoose text\n\nInner\n\ntail"
                       "\n\nSecond\n\none\n\ntwo\nlines\n")
    assert [(ex.text[h.start:h.end], h.level, h.css_class) for h in ex.headings] == [
        ("Main Title", 1, ""), ("Second", 2, "sub")]


def test_encodings() -> None:
    assert run("<p>Grüße</p>".encode("utf-16")).text == "Grüße\n"
    latin = b'<meta charset="iso-8859-1"><p>Gr\xfc\xdfe</p>'
    assert run(latin).text == "Grüße\n"
    mislabelled = '<meta charset="iso-8859-1"><p>Grüße</p>'.encode()
    assert run(mislabelled).text == "Grüße\n"
    assert run("<p>e\u0301t\u00e9</p>".encode()).text == "\u00e9t\u00e9\n"  # NFC


def test_entities_are_never_expanded_from_declarations() -> None:
    page = (b'<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">'
            b'<!ENTITY ext SYSTEM "file:///etc/passwd">]><html><body><p>x &b; &ext; y</p>'
            b"</body></html>")
    ex = run(page)
    assert "aaaa" not in ex.text and "root:" not in ex.text
    assert ex.text.startswith("x ")


@pytest.mark.parametrize("data", [
    b"", b"  \n\t ", b"\x00\x01\x02\x03binary" * 50, bytes(range(256)) * 20,
    b"<html><body></body></html>", b"<html><body><script>var a = 1;</script></body></html>",
])
def test_unusable_input_fails_with_one_line_reason(data: bytes) -> None:
    with pytest.raises(ImportFailed) as info:
        run(data)
    assert str(info.value) and "\n" not in str(info.value)


def test_hint_type_is_the_importer_contract() -> None:
    ex = run(b"<h2>Heading</h2><p>Body</p>")
    assert all(isinstance(h, HeadingHint) for h in ex.headings)
    assert ex.text[ex.headings[0].start:ex.headings[0].end] == "Heading"
