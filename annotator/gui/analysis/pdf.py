"""Print the analysis report to PDF without a web engine.

The report's HTML goes into a QTextDocument; its SVG charts are rendered with QSvgRenderer
into images registered as document resources (QTextDocument shows no inline SVG). The PDF is
written with QPdfWriter into a temporary file that replaces the target only when complete.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QUrl
from PySide6.QtGui import (QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument)
from PySide6.QtSvg import QSvgRenderer

from annotator.services.exporting.atomic import atomic_path
from annotator.services.reporting import ReportContent, render_html
from annotator.services.reporting.charts_svg import Chart

SCALE = 2  # chart images are rendered at twice their size, so they stay sharp in print
MAX_WIDTH = 640  # px: wider charts are scaled down to fit an A4 text column

#: QTextDocument understands a subset of CSS; these rules replace the browser stylesheet.
PRINT_CSS = """
body{font-family:sans-serif;font-size:9pt;color:#1f2328}
h1{font-size:16pt} h2{font-size:13pt;margin-top:14pt} h3{font-size:10.5pt}
table{border-collapse:collapse} th{background:#f0f0ee;text-align:left}
td,th{padding:2px 5px;border-bottom:1px solid #d9d9d6}
td.num,th.num{text-align:right}
.muted,.small,figcaption,p.meta{color:#6b6f76}
blockquote{font-family:serif;background:#fafaf8;margin-left:12px}
mark{background:#fde9a9}
.tag{color:#444;font-size:7.5pt}
dt{font-weight:bold}
"""


def _image(chart: Chart) -> QImage:
    renderer = QSvgRenderer(chart.standalone().encode("utf-8"))
    image = QImage(chart.width * SCALE, chart.height * SCALE, QImage.Format.Format_ARGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    renderer.render(painter, QRectF(0, 0, image.width(), image.height()))
    painter.end()
    return image


def report_document(content: ReportContent) -> QTextDocument:
    """The report as a text document, charts included as images."""
    doc = QTextDocument()
    images: list[tuple[str, QImage]] = []

    def embed(chart: Chart) -> str:
        name = f"chart-{len(images) + 1}.png"
        images.append((name, _image(chart)))
        width = min(chart.width, MAX_WIDTH)
        height = round(chart.height * width / chart.width)
        return f'<img src="{name}" width="{width}" height="{height}">'

    html = render_html(content, embed)
    html = re.sub(r"<style>.*?</style>", f"<style>{PRINT_CSS}</style>", html, flags=re.S)
    html = re.sub(r"<nav\b.*?</nav>", "", html, flags=re.S)  # links are useless on paper
    # Qt's rich text knows no HTML5 sectioning elements: make them plain blocks
    html = re.sub(r"<(/?)(?:section|article|header|main|footer|figure)\b", r"<\1div", html)
    html = re.sub(r"<(/?)figcaption\b", r"<\1p", html)
    html = re.sub(r'<span class="code" style="padding-left:([0-9.]+)em">',  # no padding
                  lambda m: "<span>" + "&nbsp;" * round(float(m.group(1)) * 2.5), html)
    html = re.sub(r'<span class="sw" style="background:(#[0-9A-Fa-f]{6})"></span>',
                  r'<span style="color:\1">■</span> ', html)
    for name, image in images:
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
    doc.setHtml(html)
    return doc


def write_pdf(content: ReportContent, path: str | Path) -> Path:
    """Write the report as an A4 PDF (all or nothing); returns the path."""
    doc = report_document(content)
    with atomic_path(path) as tmp:
        writer = QPdfWriter(str(tmp))
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                         QPageLayout.Orientation.Portrait,
                                         QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
        writer.setTitle(content.title)
        writer.setCreator("annotator")
        doc.print_(writer)
        del writer  # closes the file before it is moved into place
    return Path(path)
