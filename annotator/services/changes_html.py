""""What changed" between two editions as one self-contained HTML page (no scripts needed to
read it; a few lines of script add the filters)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from annotator.services.alignment import change_records, section_summary

if TYPE_CHECKING:
    from annotator.services.alignment import DocumentPair

_CSS = """
body{font:15px/1.5 system-ui,sans-serif;max-width:70em;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.4em} h2{font-size:1.1em;margin-top:1.6em;border-bottom:1px solid #ccc}
table.summary{border-collapse:collapse} .summary td,.summary th{padding:2px 8px;text-align:right}
.summary td:first-child,.summary th:first-child{text-align:left}
.s{margin:.25em 0;padding:.1em .5em;border-left:4px solid transparent}
.same{color:#555} .new{border-color:#1a7f37;background:#e9f7ee}
.edited{border-color:#b58100;background:#fff8e1} .moved{border-color:#5a4fcf;background:#efeefe}
.removed{border-color:#c62828;background:#fdecea;text-decoration:line-through}
ins{background:#b7ebc6;text-decoration:none} del{background:#f8c4c0}
.tag{font-size:.75em;font-weight:600;text-transform:uppercase;margin-right:.5em;color:#666}
.sim{font-size:.75em;color:#666;margin-left:.5em}
#filters label{margin-right:1em}
"""

_JS = """
for (const box of document.querySelectorAll('#filters input')) {
  box.addEventListener('change', () => {
    for (const el of document.querySelectorAll('.s.' + box.value))
      el.style.display = box.checked ? '' : 'none';
  });
}
"""


def _diffed(rec: dict[str, Any]) -> str:
    return diff_inline(rec, "<del>", "</del>", "<ins>", "</ins>")


def diff_inline(rec: dict[str, Any], del_open: str, del_close: str, ins_open: str,
                ins_close: str) -> str:
    """An edited sentence as HTML: unchanged words plain, removed and added words marked."""
    old, new = rec["old_text"], rec["text"]
    out, pos = [], 0
    for _tag, os_, oe, ns, ne in rec.get("diff", []):
        out.append(escape(new[pos:ns]))  # unchanged text between changes
        if oe > os_:
            out.append(f"{del_open}{escape(old[os_:oe])}{del_close}")
        if ne > ns:
            out.append(f"{ins_open}{escape(new[ns:ne])}{ins_close}")
        pos = ne
    out.append(escape(new[pos:]))
    return "".join(out)


def diff_sides(rec: dict[str, Any], del_open: str, del_close: str, ins_open: str,
               ins_close: str) -> tuple[str, str]:
    """An edited sentence as two HTML columns: the old with removals marked, the new with
    additions marked."""
    old, new = rec["old_text"], rec["text"]
    a, b, pa, pb = [], [], 0, 0
    for _tag, os_, oe, ns, ne in rec.get("diff", []):
        a.append(escape(old[pa:os_]))
        b.append(escape(new[pb:ns]))
        if oe > os_:
            a.append(f"{del_open}{escape(old[os_:oe])}{del_close}")
        if ne > ns:
            b.append(f"{ins_open}{escape(new[ns:ne])}{ins_close}")
        pa, pb = oe, ne
    a.append(escape(old[pa:]))
    b.append(escape(new[pb:]))
    return "".join(a), "".join(b)


def changes_html(pair: DocumentPair) -> str:
    al = pair.alignment
    recs = change_records(al)
    counts = al.counts()
    title = f"What changed: {pair.old.title} → {pair.new.title}"
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
             f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
             f"<h1>{escape(title)}</h1>"]
    for w in pair.warnings:
        parts.append(f"<p><strong>Warning:</strong> {escape(w)}</p>")
    parts.append("<p>" + ", ".join(f"{counts[k]} {k}" for k in
                                   ("same", "edited", "moved", "new", "removed")) +
                 " sentences.</p>")
    parts.append("<div id='filters'>Show: " + "".join(
        f"<label><input type='checkbox' value='{k}' checked> {k}</label>"
        for k in ("same", "edited", "moved", "new", "removed")) + "</div>")
    parts.append("<h2>Summary per section</h2><table class='summary'><tr><th>section</th>"
                 "<th>new</th><th>edited</th><th>moved</th><th>removed</th><th>same</th></tr>")
    for s in section_summary(al):
        c = s.counts
        parts.append(f"<tr><td><a href='#sec-{escape(s.section)}'>{escape(s.section or '—')}"
                     f" {escape(s.title)}</a></td><td>{c['new']}</td><td>{c['edited']}</td>"
                     f"<td>{c['moved']}</td><td>{c['removed']}</td><td>{c['same']}</td></tr>")
    parts.append("</table>")
    current = None
    titles = {**al.old.section_titles, **al.new.section_titles}
    for r in recs:
        if r["section"] != current:
            current = r["section"]
            parts.append(f"<h2 id='sec-{escape(current)}'>{escape(current or '—')} "
                         f"{escape(titles.get(current, ''))}</h2>")
        body = _diffed(r) if "old_text" in r else escape(r["text"])
        sim = (f"<span class='sim'>similarity {r['similarity']:.2f}</span>"
               if r["status"] in ("edited", "moved") and not r["identical"] else "")
        where = (f" title='old {r['old_start']}–{r['old_end']}, new {r['new_start']}–"
                 f"{r['new_end']}'")
        parts.append(f"<div class='s {r['status']}'{where}><span class='tag'>{r['status']}"
                     f"</span>{body}{sim}</div>")
    parts.append(f"<script>{_JS}</script></body></html>")
    return "\n".join(parts)
