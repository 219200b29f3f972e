"""Coded documents as self-contained HTML and as Word files."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest

from annotator.services.exporting.atomic import ExportError
from annotator.services.exporting.dispatch import run_export
from annotator.services.exporting.filters import ExportFilter
from annotator.services.exporting.highlight import runs, safe_color, tint
from annotator.services.project import Project


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []  # the document text (outside markers, tables and styles)
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in ("meta", "br", "img", "link", "input", "hr"):  # void elements
            self._open.append(tag if tag != "div" else dict(attrs).get("class") or "div")

    def handle_endtag(self, tag: str) -> None:
        if self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if "text" in self._open and self._open[-1] != "sup":
            self.text.append(data)


def test_html_is_self_contained_with_highlights_and_legend(project: Project,
                                                           tmp_path: Path) -> None:
    out = tmp_path / "doc.html"
    run_export(project, "coded-html", out, ExportFilter(documents=("1",)))
    html = out.read_text(encoding="utf-8")
    parsed = _Collect()
    parsed.feed(html)
    tags = [t for t, _ in parsed.tags]
    assert "script" not in tags and "link" not in tags and "img" not in tags
    assert not re.search(r"(src|href)=\"https?:", html)  # nothing fetched from elsewhere
    assert "".join(parsed.text) == project.text(1)  # the whole text, unchanged
    markers = [a for t, a in parsed.tags if t == "sup"]
    assert len(markers) == 5  # one numbered marker per coding
    legend = html[html.index('<div class="legend">'):html.index("</aside>")]
    assert "Rights/Press freedom" in legend and "Rights/Physical integrity/Killings" in legend
    assert "#0072B2" in legend
    # Three codings cover "killings by 𝑴 security forces": three stacked bars and a tooltip
    # naming all three.
    span = next(a for t, a in parsed.tags if t == "span" and "[5]" in (a.get("title") or ""))
    assert span["title"].count("[") == 3
    assert span["style"].count("linear-gradient") == 3
    assert "clear case" in html  # memos are in the codings table


def test_html_escapes_markup_in_text_and_names(project: Project, tmp_path: Path) -> None:
    with project.store.begin() as tx:
        code = tx.codes()[-1]
        tx.update_code(code.id, name="<script>alert(1)")
    out = tmp_path / "doc.html"
    run_export(project, "coded-html", out)
    html = out.read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)" in html


def test_docx_has_legend_table_highlighted_runs_and_codings_table(project: Project,
                                                                  tmp_path: Path) -> None:
    out = tmp_path / "doc.docx"
    run_export(project, "coded-docx", out, ExportFilter(documents=("1",)))
    document = docx.Document(str(out))
    legend, codings = document.tables
    assert [c.text for c in legend.rows[0].cells] == ["Colour", "Code", "Codings"]
    assert {r.cells[1].text for r in legend.rows[1:]} == {
        "Rights/Physical integrity", "Rights/Physical integrity/Killings",
        "Rights/Press freedom"}
    assert len(codings.rows) == 6
    body = "\n".join(p.text for p in document.paragraphs)
    assert "killings by 𝑴 security forces" in body
    xml = document.element.xml
    assert 'w:fill="' in xml  # shaded passages
    assert 'w:val="double"' in xml  # overlapping codings are double-underlined
    assert '<w:vertAlign w:val="superscript"/>' in xml


def test_coded_export_without_documents_is_refused(project: Project, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="no document"):
        run_export(project, "coded-html", tmp_path / "x.html", ExportFilter(country="Nowhere"))


def test_runs_cut_at_every_boundary() -> None:
    from annotator.services.exporting.highlight import Mark
    from annotator.storage.exchange_queries import CodingRow

    def mark(n: int, s: int, e: int) -> Mark:
        return Mark(n, CodingRow(n, str(n), 1, s, e, 1, 1, "", {}, None, None, None), "#FF0000",
                    "A", "ann")

    a, b = mark(1, 2, 8), mark(2, 5, 10)
    pieces = runs(12, [a, b])
    assert [(s, e, [m.number for m in ms]) for s, e, ms in pieces] == [
        (0, 2, []), (2, 5, [1]), (5, 8, [1, 2]), (8, 10, [2]), (10, 12, [])]


def test_colours_are_sanitised() -> None:
    assert safe_color("red;background:url(x)") == "#888888"
    assert safe_color("#00ff00") == "#00FF00"
    assert tint("#000000", 0.5) == "#808080"
