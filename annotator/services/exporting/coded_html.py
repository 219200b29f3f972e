"""A coded document as one self-contained HTML file: the text with coloured highlights,
numbered markers, and a margin legend of the codes; a table lists every coding.

Overlapping codings stay readable: each coding draws its own coloured bar under the text, so a
passage coded three times shows three stacked bars, and its tooltip names all three.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

from annotator.domain.model import DocumentInfo
from annotator.services.exporting.atomic import atomic_open
from annotator.services.exporting.data import ExportData
from annotator.services.exporting.highlight import Mark, legend, marks_for, runs, tint
from annotator.storage.exchange_queries import CodingRow

BAR = 3  # px per coding bar
MAX_BARS = 6

CSS = """
body{font-family:Georgia,'Times New Roman',serif;margin:0;color:#222;background:#fff}
header{padding:1rem 2rem;border-bottom:1px solid #ddd;font-family:sans-serif}
header h1{font-size:1.3rem;margin:0 0 .3rem}
header p{margin:0;color:#555;font-size:.9rem}
.doc{display:grid;grid-template-columns:minmax(0,1fr) 18rem;gap:2rem;padding:1rem 2rem;
 border-bottom:2px solid #ccc}
.text{white-space:pre-wrap;line-height:2.1;font-size:1rem;max-width:48rem}
.c{background-repeat:no-repeat}
sup.m{font:bold .65rem sans-serif;padding:0 .1rem;border-radius:.2rem;color:#fff;
 vertical-align:super;margin-right:.1rem}
aside{font-family:sans-serif;font-size:.85rem}
aside .legend{position:sticky;top:1rem}
aside h2,section h2{font-size:1rem;margin:.2rem 0 .5rem}
.sw{display:inline-block;width:.9rem;height:.9rem;border-radius:.15rem;vertical-align:middle;
 margin-right:.4rem;border:1px solid rgba(0,0,0,.25)}
aside li{list-style:none;margin:.25rem 0}
aside ul{padding:0;margin:0}
table{border-collapse:collapse;font-family:sans-serif;font-size:.8rem;margin:1rem 2rem;
 max-width:calc(100% - 4rem)}
th,td{border:1px solid #ddd;padding:.25rem .4rem;vertical-align:top;text-align:left}
th{background:#f3f3f3}
@media print{.doc{display:block}aside .legend{position:static;margin-top:1rem}}
"""


def _style(marks: Sequence[Mark]) -> str:
    shown = marks[:MAX_BARS]
    images = ",".join(f"linear-gradient({m.color},{m.color})" for m in shown)
    positions = ",".join(f"0 calc(100% - {i * (BAR + 1)}px)" for i in range(len(shown)))
    sizes = ",".join(f"100% {BAR}px" for _ in shown)
    pad = len(shown) * (BAR + 1)
    return (f"background-color:{tint(marks[0].color, 0.22)};background-image:{images};"
            f"background-position:{positions};background-size:{sizes};padding-bottom:{pad}px")


def _title(marks: Sequence[Mark]) -> str:
    return "; ".join(f"[{m.number}] {m.code_path} ({m.coder})" for m in marks)


def _document_html(data: ExportData, doc: DocumentInfo, codings: list[CodingRow]) -> str:
    doc_id = doc.id
    text = data.text(doc_id)
    marks = marks_for(data, codings)
    starts: dict[int, list[Mark]] = {}
    for m in marks:
        starts.setdefault(m.coding.start, []).append(m)
    parts: list[str] = []
    for a, b, active in runs(len(text), marks):
        for m in starts.pop(a, []):
            parts.append(f'<sup class="m" id="m{doc_id}-{m.number}" style="background:{m.color}"'
                         f' title="{escape(m.code_path)} ({escape(m.coder)})">{m.number}</sup>')
        piece = escape(text[a:b], quote=False)
        if active:
            parts.append(f'<span class="c" style="{_style(active)}" '
                         f'title="{escape(_title(active))}">{piece}</span>')
        else:
            parts.append(piece)
    meta = " · ".join(str(x) for x in (doc.country, doc.year) if x)
    items = "".join(f'<li><span class="sw" style="background:{e.color}"></span>'
                    f'{escape(e.code_path)} <small>({e.count})</small></li>'
                    for e in legend(data, marks))
    table_rows = "".join(
        f"<tr><td>{m.number}</td><td><span class='sw' style='background:{m.color}'></span>"
        f"{escape(m.code_path)}</td><td>{escape(m.coder)}</td>"
        f"<td>{m.coding.start}–{m.coding.end}</td>"
        f"<td>{escape(_attrs(m))}</td><td>{escape(m.coding.memo)}</td></tr>" for m in marks)
    return (f'<section class="document"><header><h1>{escape(doc.title)}</h1>'
            f"<p>{escape(meta)}{' · ' if meta else ''}{len(marks)} codings</p></header>"
            f'<div class="doc"><div class="text">{"".join(parts)}</div>'
            f'<aside><div class="legend"><h2>Codes</h2><ul>{items or "<li>no codings</li>"}'
            f"</ul></div></aside></div>"
            + (f"<table><thead><tr><th>#</th><th>Code</th><th>Coder</th><th>Characters</th>"
               f"<th>Attributes</th><th>Memo</th></tr></thead><tbody>{table_rows}</tbody>"
               f"</table>" if marks else "")
            + "</section>")


def _attrs(m: Mark) -> str:
    return ", ".join(f"{k}: {v}" for k, v in sorted(m.coding.attributes.items()))


def write_coded_html(data: ExportData, path: Path | str) -> int:
    """Write every selected document into one HTML file; returns the number of documents."""
    body = "".join(_document_html(data, d, cs) for d, cs in data.codings_by_document())
    title = data.documents[0].title if len(data.documents) == 1 else "Coded documents"
    html = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{escape(title)}</title><style>{CSS}</style></head><body>{body}"
            "</body></html>\n")
    with atomic_open(path, "w", encoding="utf-8") as handle:
        handle.write(html)
    return len(data.documents)
