"""The analysis report as one self-contained HTML file.

Everything is inside the file: CSS in a ``<style>`` element, charts as inline SVG, no scripts,
fonts, images or links to anywhere else; it prints to PDF from any browser (print styles keep
figures and passages whole). Sections: summary, codebook, code frequencies per coder,
co-occurrence heatmap, agreement (when the agreement feature is present) and typical passages.

Usage::

    from annotator.services.reporting import ReportOptions, write_html_report
    write_html_report(project, "report.html", ReportOptions(filter=ExportFilter(coders=("a", "b"))))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from annotator import __version__
from annotator.domain.codebook_colors import ACCENT, GRADE_COLORS, GRID_LINE, INK, MUTED_INK
from annotator.services.exporting.atomic import atomic_open
from annotator.services.project import Project
from annotator.services.reporting import report_sections as sec
from annotator.services.reporting.charts_svg import Chart
from annotator.services.reporting.content import (Progress, ReportContent, ReportOptions,
                                                  build_content)

SECTIONS = (("summary", "Summary"), ("codebook", "Codebook"),
            ("frequencies", "Code frequencies"), ("cooccurrence", "Co-occurrence"),
            ("agreement", "Agreement"), ("passages", "Typical passages"))

CSS = f"""
:root{{--text:{INK};--muted:{MUTED_INK};--line:{GRID_LINE};--soft:#f5f5f3;--accent:{ACCENT};
 --warn:{GRADE_COLORS["tentative"]}}}
""" + """*{box-sizing:border-box}
body{margin:0;color:var(--text);background:#fff;font:15px/1.5 system-ui,-apple-system,
 'Segoe UI',Roboto,Arial,sans-serif}
header.top{padding:1.6rem 2.5rem 1rem;border-bottom:3px solid var(--accent)}
header.top h1{margin:0 0 .3rem;font-size:1.7rem}
header.top p{margin:.1rem 0;color:var(--muted);font-size:.9rem}
nav.toc{padding:.5rem 2.5rem;border-bottom:1px solid var(--line);background:var(--soft);
 font-size:.9rem}
nav.toc a{color:var(--accent);text-decoration:none;margin-right:1.2rem}
main{padding:0 2.5rem 2rem;max-width:76rem}
section{margin-top:2rem}
h2{font-size:1.35rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}
h3{font-size:1.05rem;margin:1.4rem 0 .5rem}
p{margin:.5rem 0;max-width:60rem}
.muted{color:var(--muted)}
.note{background:#fff8e1;border-left:4px solid var(--warn);padding:.6rem .9rem}
.rule{background:var(--soft);border-left:4px solid var(--accent);padding:.6rem .9rem}
dl.cards{display:flex;flex-wrap:wrap;gap:.8rem;margin:1rem 0}
.card{border:1px solid var(--line);border-radius:6px;padding:.7rem 1rem;min-width:11rem;
 flex:1 1 11rem}
.card dt{font-size:.8rem;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.card dd{margin:0}
.card dd.big{font-size:1.6rem;font-weight:600}
.card dd.small{font-size:.85rem;color:var(--muted)}
table{border-collapse:collapse;margin:.6rem 0 1rem;font-size:.88rem}
th,td{border-bottom:1px solid var(--line);padding:.3rem .6rem;text-align:left;
 vertical-align:top}
th{background:var(--soft);font-weight:600}
td{overflow-wrap:anywhere}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.num{white-space:nowrap;overflow-wrap:normal}
td:first-child{min-width:min(14rem,40vw)}
ol.codebook{list-style:none;padding:0;margin:.8rem 0}
li.cb{margin:0;padding:.55rem 0 .5rem;border-bottom:1px solid var(--line);
 break-inside:avoid}
li.cb.depth-0{border-top:2px solid var(--line);margin-top:.6rem}
.cb-head{display:flex;flex-wrap:wrap;align-items:baseline;gap:.2rem .5rem}
.cb-name{font-weight:600}
.cb-count{margin-left:auto;color:var(--muted);font-size:.85rem;
 font-variant-numeric:tabular-nums;white-space:nowrap}
li.cb p{margin:.2rem 0 0;max-width:42rem}
p.crit{font-size:.85rem;color:#3d4248}
.code{overflow-wrap:anywhere}
blockquote,p,li,dd{overflow-wrap:anywhere}
.sw{display:inline-block;width:.8em;height:.8em;border-radius:2px;margin-right:.4em;
 vertical-align:-.05em;border:1px solid rgba(0,0,0,.25)}
.tag{font-size:.72rem;background:#e8e8e5;border-radius:3px;padding:0 .35em;color:#444;
 margin-left:.3em}
.key{margin-right:.9em;white-space:nowrap}
div.charts{display:flex;flex-wrap:wrap;gap:0 2rem}
figure.chart{margin:1rem 0;overflow-x:auto}
mark{background:#fde9a9;color:inherit;padding:0 .05em}
figure.chart svg{max-width:100%;height:auto}
figcaption{font-size:.85rem;color:var(--muted)}
ul.reading li{margin:.2rem 0}
dl.defs dt{font-weight:600;margin-top:.4rem}
dl.defs dd{margin:0 0 0 1rem;font-size:.9rem}
article.code-passages{margin:1rem 0 1.4rem}
article.code-passages ol{padding-left:1.4rem}
article.code-passages li{margin:.5rem 0}
blockquote{margin:.2rem 0;padding:.4rem .8rem;border-left:3px solid var(--line);
 background:#fafaf8;font-family:Georgia,'Times New Roman',serif}
p.meta{font-size:.8rem;color:var(--muted);margin:.15rem 0}
p.memo{font-size:.85rem;margin:.15rem 0}
footer{padding:1rem 2.5rem;color:var(--muted);font-size:.8rem;border-top:1px solid var(--line)}
@media print{
 @page{size:A4;margin:15mm 14mm}
 body{font-size:10pt}
 nav.toc{display:none}
 header.top,main,footer{padding-left:0;padding-right:0}
 main{max-width:none}
 section{break-before:page}
 section#summary{break-before:auto}
 figure.chart,blockquote,li,tr,.card{break-inside:avoid}
 h2,h3{break-after:avoid}
 figure.chart{overflow:visible}
 a{color:inherit;text-decoration:none}
}
"""


def inline_svg(chart: Chart) -> str:
    return chart.svg


@dataclass
class ReportResult:
    path: Path
    sections: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    bytes: int = 0


def render_html(content: ReportContent, embed: sec.Embed = inline_svg) -> str:
    """The whole HTML document. ``embed`` turns a chart into markup (inline SVG by default)."""
    title = content.title
    when = content.generated_at.strftime("%Y-%m-%d %H:%M UTC")
    selection = content.filter_text()
    nav = "".join(f'<a href="#{k}">{escape(label)}</a>' for k, label in SECTIONS)
    body = "".join((sec.summary_section(content), sec.codebook_section(content),
                    sec.frequencies_section(content, embed),
                    sec.cooccurrence_section(content, embed),
                    sec.agreement_section(content, embed), sec.passages_section(content)))
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<meta name=\"generator\" content=\"annotator " + escape(__version__) + "\">"
            "<link rel=\"icon\" href=\"data:,\">"
            f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
            f'<header class="top"><h1>{escape(title)}</h1>'
            f"<p>Generated {escape(when)} by annotator {escape(__version__)}.</p>"
            f"<p>Selection: {escape(selection or 'all documents, coders and codes')}.</p>"
            f'</header><nav class="toc">{nav}</nav><main>{body}</main>'
            "<footer>Offsets are Unicode code points into each document's canonical text, "
            "half-open [start, end).</footer></body></html>\n")


def write_html_report(project: Project, path: Path | str, options: ReportOptions | None = None,
                      progress: Progress | None = None) -> ReportResult:
    """Compute and write the report; the file appears complete or not at all."""
    content = build_content(project, options, progress)
    html = render_html(content)
    with atomic_open(path, "w", encoding="utf-8") as handle:
        handle.write(html)
    notes = [content.agreement.note] if content.agreement.note else []
    return ReportResult(Path(path), [k for k, _ in SECTIONS], notes, len(html.encode("utf-8")))
