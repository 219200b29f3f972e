"""Publishable codebook: the document a team attaches to its paper (Markdown, HTML, DOCX).

Each code shows its place in the tree, label, definition, inclusion and exclusion criteria,
typical and atypical examples, attribute scales and, optionally, up to N real coded passages
(``examples``: code uuid → list of :class:`Example`). The header gives the version and date.
"""

from __future__ import annotations

import datetime as _dt
import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from annotator.domain.codebook import Codebook, CodeNode
from annotator.domain.model import AttributeDef


@dataclass(frozen=True, slots=True)
class Example:
    """A real coded passage shown under its code."""

    text: str
    document: str
    section: str = ""


Examples = Mapping[str, Sequence[Example]]

CRITERIA = (("inclusion", "Include"), ("exclusion", "Exclude"),
            ("examples", "Typical examples"), ("atypical_examples", "Atypical examples"))


def passages(node: CodeNode, examples: Examples | None, limit: int | None) -> list[Example]:
    """The coded passages to show for ``node`` (at most ``limit`` when given)."""
    found = list((examples or {}).get(node.uuid, ()))
    return found if limit is None else found[:max(0, limit)]


def meta_line(book: Codebook, date: _dt.date | None) -> str:
    day = (date or _dt.date.today()).isoformat()
    version = f"Version {book.version}" if book.version else "Unversioned"
    codable = sum(1 for n in book.nodes if n.codable)
    return f"{version} · {day} · {len(book)} codes ({codable} applicable)"


def status_words(node: CodeNode) -> list[str]:
    words = []
    if not node.codable:
        words.append("grouping code (not applied to text)")
    if node.deprecated:
        words.append("deprecated (kept for old codings; do not use)")
    if node.shortcut:
        words.append(f"shortcut {node.shortcut}")
    return words


def source_of(example: Example) -> str:
    return example.document + (f", {example.section}" if example.section else "")


# ----- Markdown -------------------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def _md(text: str) -> str:
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    return re.sub(r"(?m)^(\s*)([#+-]|\d+\.)(\s)", r"\1\\\2\3", escaped)


def _md_attr(attr: AttributeDef) -> list[str]:
    head = f"- `{attr.name}` ({attr.type})" + (f": {_md(attr.description)}"
                                               if attr.description else "")
    return [head] + [f"    - {_md(level)}" for level in attr.levels]


def render_markdown(codebook: Codebook, examples: Examples | None = None, *,
                    date: _dt.date | None = None, max_examples: int | None = None) -> str:
    """The codebook as a Markdown document."""
    out = [f"# {_md(codebook.name)}", "", f"*{meta_line(codebook, date)}*", ""]
    if codebook.about:
        out += [_md(codebook.about), ""]
    out += ["## Contents", ""]
    for depth, node in codebook.walk_with_depth():
        out.append("  " * depth + f"- [{_md(node.name)}](#c-{node.uuid})")
    out += ["", "## Codes", ""]
    for depth, node in codebook.walk_with_depth():
        label = f" `{node.label}`" if node.label else ""
        out += [f"{'#' * min(3 + depth, 6)} {_md(node.name)}{label}", "",
                f'<a id="c-{node.uuid}"></a>', "",
                f"*{_md(codebook.path(node.uuid))}*"
                + ("".join(f" · *{w}*" for w in status_words(node))), ""]
        if node.definition:
            out += [_md(node.definition), ""]
        for key, title in CRITERIA:
            if getattr(node, key):
                out += [f"**{title}:** {_md(getattr(node, key))}", ""]
        if node.attributes:
            out += ["**Attributes**", ""]
            for attr in node.attributes:
                out += _md_attr(attr)
            out.append("")
        shown = passages(node, examples, max_examples)
        if shown:
            out += ["**Coded passages**", ""]
            for ex in shown:
                quoted = "\n".join("> " + line for line in _md(ex.text).split("\n"))
                out += [quoted, ">", f"> — *{_md(source_of(ex))}*", ""]
    return "\n".join(out).rstrip("\n") + "\n"


# ----- HTML -----------------------------------------------------------------------------------
_CSS = """
:root{--ink:#1f2328;--muted:#59636e;--rule:#d1d9e0;--soft:#f6f8fa}
*{box-sizing:border-box}
body{font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;
color:var(--ink);max-width:54rem;margin:2.5rem auto;padding:0 1.2rem}
h1{font-size:2rem;margin:0 0 .3rem}
.meta{color:var(--muted);margin:0 0 1.2rem}
.about{white-space:normal;border-left:3px solid var(--rule);padding-left:.9rem}
nav{background:var(--soft);border:1px solid var(--rule);border-radius:6px;
padding:.6rem 1rem;margin:1.5rem 0}
nav ul{list-style:none;margin:0;padding-left:1.1rem}nav>ul{padding-left:0}
nav a{color:inherit;text-decoration:none}nav a:hover{text-decoration:underline}
section.code{border-left:5px solid var(--c);padding:.1rem 0 .1rem 1rem;margin:1.6rem 0}
section.code h2,section.code h3,section.code h4,section.code h5,section.code h6{margin:.2rem 0}
.swatch{display:inline-block;width:.85em;height:.85em;border-radius:2px;background:var(--c);
border:1px solid rgba(0,0,0,.25);margin-right:.45em;vertical-align:-.05em}
.label{font:600 .8em ui-monospace,SFMono-Regular,Menlo,monospace;background:var(--soft);
border:1px solid var(--rule);border-radius:4px;padding:0 .35em;margin-left:.4em}
.path,.status{color:var(--muted);font-size:.9em;margin:.1rem 0}
dl{margin:.6rem 0}dt{font-weight:600;margin-top:.4rem}dd{margin:0 0 0 1.2rem}
ul.levels{margin:.2rem 0 .4rem}
blockquote{margin:.5rem 0;padding:.4rem .9rem;background:var(--soft);border-left:3px solid var(--c)}
blockquote footer{color:var(--muted);font-size:.9em;margin-top:.2rem}
footer.page{color:var(--muted);font-size:.85em;border-top:1px solid var(--rule);margin-top:2rem;
padding-top:.6rem}
@media print{body{max-width:none;margin:0;font-size:11pt}nav{break-after:page}
section.code{break-inside:avoid}a{color:inherit;text-decoration:none}}
"""


def _h(text: str) -> str:
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "".join("<p>" + html.escape(p).replace("\n", "<br>") + "</p>" for p in paragraphs)


def _toc(book: Codebook, parent: str | None) -> str:
    kids = book.children(parent)
    if not kids:
        return ""
    items = "".join(f'<li><a href="#c-{n.uuid}">{html.escape(n.name)}</a>{_toc(book, n.uuid)}</li>'
                    for n in kids)
    return f"<ul>{items}</ul>"


def _html_code(book: Codebook, depth: int, node: CodeNode, examples: Examples | None,
               limit: int | None) -> str:
    level = min(2 + depth, 6)
    label = f'<span class="label">{html.escape(node.label)}</span>' if node.label else ""
    parts = [f'<section class="code" id="c-{node.uuid}" style="--c:{node.color}">',
             f'<h{level}><span class="swatch"></span>{html.escape(node.name)}{label}</h{level}>',
             f'<p class="path">{html.escape(book.path(node.uuid))}</p>']
    if status_words(node):
        parts.append(f'<p class="status">{html.escape(" · ".join(status_words(node)))}</p>')
    parts.append(_h(node.definition))
    rows = [(title, getattr(node, key)) for key, title in CRITERIA if getattr(node, key)]
    if rows:
        parts.append("<dl>" + "".join(f"<dt>{t}</dt><dd>{_h(v)}</dd>" for t, v in rows) + "</dl>")
    if node.attributes:
        items = []
        for a in node.attributes:
            levels = "".join(f"<li>{html.escape(x)}</li>" for x in a.levels)
            desc = f": {html.escape(a.description)}" if a.description else ""
            items.append(f"<dt>Attribute <code>{html.escape(a.name)}</code> ({a.type}){desc}</dt>"
                         f"<dd>{f'<ul class=levels>{levels}</ul>' if levels else ''}</dd>")
        parts.append("<dl>" + "".join(items) + "</dl>")
    for ex in passages(node, examples, limit):
        parts.append(f"<blockquote>{_h(ex.text)}<footer>— {html.escape(source_of(ex))}"
                     "</footer></blockquote>")
    parts.append("</section>")
    return "".join(parts)


def render_html(codebook: Codebook, examples: Examples | None = None, *,
                date: _dt.date | None = None, max_examples: int | None = None) -> str:
    """A self-contained, printable HTML page (inline CSS, no scripts, no external files)."""
    title = html.escape(codebook.name)
    body = [f"<header><h1>{title}</h1><p class=\"meta\">{html.escape(meta_line(codebook, date))}"
            "</p>"]
    if codebook.about:
        body.append(f'<div class="about">{_h(codebook.about)}</div>')
    body.append(f"</header><nav aria-label=\"Contents\"><strong>Contents</strong>"
                f"{_toc(codebook, None)}</nav><main>")
    body += [_html_code(codebook, d, n, examples, max_examples)
             for d, n in codebook.walk_with_depth()]
    body.append("</main><footer class=\"page\">Codebook exported by annotator.</footer>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{title}</title><style>{_CSS}</style></head>\n<body>\n"
            + "\n".join(body) + "\n</body></html>\n")


def render_docx(codebook: Codebook, examples: Examples | None = None, *,
                date: _dt.date | None = None, max_examples: int | None = None) -> bytes:
    """The codebook as a Word document (python-docx)."""
    from annotator.services.exchange.codebook_publish_docx import build_docx
    return build_docx(codebook, examples, date=date, max_examples=max_examples)
