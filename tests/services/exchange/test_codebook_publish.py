"""Publishable codebook: Markdown, self-contained HTML and DOCX with the tree and criteria."""

from __future__ import annotations

import datetime as dt
import io

import docx
import lxml.html
import pytest

from annotator.domain.codebook import Codebook, CodeNode
from annotator.services.exchange.codebook_publish import (
    Example, render_docx, render_html, render_markdown,
)
from annotator.services.exchange.templates import load_template

DAY = dt.date(2024, 5, 17)
TORTURE = "00000000-0000-4000-8000-000000000002"


@pytest.fixture
def passages() -> dict[str, list[Example]]:
    return {TORTURE: [Example("Detainees were beaten <b>daily</b>.", "Kazakhstan 2019", "1.c"),
                      Example("Second passage.", "Turkey 2020"),
                      Example("Third passage.", "Iran 2020", "1.c")]}


def test_markdown_has_tree_criteria_scales_version_and_examples(
        rich: Codebook, passages: dict[str, list[Example]]) -> None:
    text = render_markdown(rich, passages, date=DAY, max_examples=2)
    assert text.startswith("# Rich\n\n*Version 2.1 · 2024-05-17 · 7 codes (6 applicable)*")
    headings = [line for line in text.splitlines() if line.startswith("###")]
    assert headings[:3] == ["### Physical integrity", "#### Torture `TORT`",
                            "#### National/Racial/Ethnic Minorities"]
    assert "**Include:** Beatings\nShocks" in text
    assert "**Exclude:** Inclusion: looks like a field" in text
    assert "- `score` (ordinal): CIRI score; \"quoted\" and ünïcödé" in text
    assert "    - 0 frequent" in text
    assert "> Detainees were beaten \\<b\\>daily\\</b\\>." in text
    assert "> — *Kazakhstan 2019, 1.c*" in text and "> — *Turkey 2020*" in text
    assert "Third passage" not in text  # limited to 2
    assert "deprecated" in text and "grouping code" in text


def test_html_is_self_contained_printable_and_escaped(
        rich: Codebook, passages: dict[str, list[Example]]) -> None:
    evil = rich.with_node(CodeNode("00000000-0000-4000-8000-000000000099",
                                   "<script>alert(1)</script>", None, position=9))
    page = render_html(evil, passages, date=DAY)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "@media print" in page and "<style>" in page
    doc = lxml.html.document_fromstring(page)
    assert not doc.xpath("//script|//link|//img|//iframe")
    assert all(a.get("href", "").startswith("#") for a in doc.xpath("//a"))
    sections = doc.xpath("//section[@class='code']")
    assert len(sections) == len(evil)
    torture = doc.xpath(f"//section[@id='c-{TORTURE}']")[0]
    assert "--c:#E07A33" in torture.get("style")
    assert torture.xpath("string(.//h3)").strip() == "TortureTORT"
    assert [dt_.text_content() for dt_ in torture.xpath(".//dt")][:2] == ["Include", "Exclude"]
    assert len(torture.xpath(".//blockquote")) == 3
    assert "Version 2.1 · 2024-05-17" in page
    assert len(doc.xpath("//nav//a")) == len(evil)


def test_docx_has_headings_definitions_and_passages(
        rich: Codebook, passages: dict[str, list[Example]]) -> None:
    data = render_docx(rich, passages, date=DAY, max_examples=1)
    document = docx.Document(io.BytesIO(data))
    assert document.core_properties.title == "Rich"
    heads = [(p.style.name, p.text) for p in document.paragraphs
             if p.style.name.startswith("Heading") or p.style.name == "Title"]
    assert heads[:3] == [("Title", "Rich"), ("Heading 1", "■ Physical integrity"),
                         ("Heading 2", "■ Torture  [TORT]")]
    texts = [p.text for p in document.paragraphs]
    assert "Include: Beatings\nShocks" in texts
    assert "0 frequent" in texts
    assert "Detainees were beaten <b>daily</b>." in texts
    assert "— Kazakhstan 2019, 1.c" in texts and "Second passage." not in texts


@pytest.mark.parametrize("template_id", ["ciri", "country-reports-2021"])
def test_templates_render_in_every_format(template_id: str) -> None:
    book = load_template(template_id)
    md = render_markdown(book, date=DAY)
    page = render_html(book, date=DAY)
    data = render_docx(book, date=DAY)
    for node in book.nodes:
        assert node.definition.split(".")[0][:40].replace("*", "") in \
            md.replace("\\", "") or not node.definition
    assert page.count('<section class="code"') == len(book)
    assert len(data) > 10_000
