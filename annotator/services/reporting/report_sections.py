"""The sections of the HTML report, each rendered from already computed results.

Charts go through an ``embed`` callable so the same sections serve the self-contained file
(inline SVG) and the in-app PDF printing (images registered with the text document).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from typing import Any

from annotator.domain.codebook import split_path
from annotator.services.analysis import (TYPICAL_RULE, CodeFrequency, FrequencyTable,
                                         TypicalPassage)
from annotator.services.exporting.highlight import safe_color
from annotator.services.reporting.charts_svg import Chart, grouped_bars, heatmap, value_bars
from annotator.services.reporting.content import ReportContent

Embed = Callable[[Chart], str]
PASSAGE_CHARS = 700  # longer passages are shortened (the offsets still name the whole)
MAX_HEATMAP = 60  # codes; beyond this the most frequent are shown
SINGLE_CHART = 16  # up to this many coded codes fit one frequency chart


def _e(value: object) -> str:
    return escape(str(value))


def pct(x: float) -> str:
    return f"{x * 100:.1f}%"


def swatch(color: str) -> str:
    return f'<span class="sw" style="background:{safe_color(color)}"></span>'


def figure(embed: Embed, chart: Chart, caption: str = "") -> str:
    cap = f"<figcaption>{_e(caption)}</figcaption>" if caption else ""
    return f'<figure class="chart">{embed(chart)}{cap}</figure>'


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, numeric_from: int = 1,
          cls: str = "") -> str:
    """``rows`` hold ready HTML; columns from ``numeric_from`` on are right-aligned."""
    head = "".join(f'<th{" class=num" if i >= numeric_from else ""}>{_e(h)}</th>'
                   for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(f'<td{" class=num" if i >= numeric_from else ""}>{c}</td>'
                                    for i, c in enumerate(r)) + "</tr>" for r in rows)
    return (f'<table class="{cls}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>")


def _section(key: str, title: str, body: str) -> str:
    return f'<section id="{key}"><h2>{_e(title)}</h2>{body}</section>'


# ----- summary ------------------------------------------------------------------------------
def summary_section(c: ReportContent) -> str:
    s = c.summary
    where = ", ".join(s.countries[:8]) + (f" and {len(s.countries) - 8} more"
                                         if len(s.countries) > 8 else "")
    cards = [("Documents", f"{s.documents:,}",
              f"{len(s.countries)} countries" + (f", {s.year_span}" if s.years else "")),
             ("Coders", f"{len(s.coders):,}", ", ".join(x.name for x in s.coders) or "none"),
             ("Codings", f"{s.codings:,}", f"{s.codes_used} of {s.codes} codes used"),
             ("Coded share of text", pct(s.share.share),
              f"{s.share.coded:,} of {s.characters:,} characters")]
    dl = "".join(f'<div class="card"><dt>{_e(a)}</dt><dd class="big">{_e(b)}</dd>'
                 f'<dd class="small">{_e(d)}</dd></div>' for a, b, d in cards)
    rows = [[_e(x.name) + (' <span class="tag">gold</span>' if x.is_gold else ""),
             f"{x.codings:,}", f"{x.documents:,}", pct(x.coded_share)] for x in s.coders]
    coder_table = table(["Coder", "Codings", "Documents coded", "Coded share"], rows)
    text = (f"<p>The selection holds {s.documents:,} document(s)"
            + (f" on {_e(where)}" if where else "") + ". Coded share counts each character "
            "covered by at least one coding once, however many codings overlap it.</p>")
    return _section("summary", "Summary", f'<dl class="cards">{dl}</dl>{text}{coder_table}')


# ----- codebook -----------------------------------------------------------------------------
def codebook_section(c: ReportContent) -> str:
    """A list, not a table: each code's name and count on one line, its definition and
    criteria below at a reading measure (a table squeezed definitions next to long names)."""
    rolled = {r.code.uuid: r for r in c.frequencies.rows}
    items = []
    for cid in c.data.code_order:
        code, ref = c.data.codes[cid], c.data.ref(cid)
        parts = [f'<p class="def">{_e(code.definition)}</p>' if code.definition
                 else '<p class="def muted">No definition.</p>']
        for label, value in (("Include", code.inclusion), ("Exclude", code.exclusion),
                             ("Example", code.examples)):
            if value:
                parts.append(f'<p class="crit"><b>{label}:</b> {_e(value)}</p>')
        flags = [] if code.codable else ["group"]
        if code.deprecated:
            flags.append("deprecated")
        tag = "".join(f' <span class="tag">{f}</span>' for f in flags)
        freq = rolled.get(ref.uuid)
        n = freq.rolled_total if freq else 0
        head = (f'<div class="cb-head"><span class="cb-name">{swatch(ref.color)}'
                f"{_e(ref.name)}</span>{tag}"
                f'<span class="cb-count">{n:,} coding{"" if n == 1 else "s"}</span></div>')
        depth = min(ref.depth, 6)
        items.append(f'<li class="cb depth-{depth}" style="margin-left:{depth * 1.2:.1f}em">'
                     f"{head}{''.join(parts)}</li>")
    body = ('<p>Codes in codebook order, indented under their parent; counts include the '
            'codes below a code.</p><ol class="codebook">' + "".join(items) + "</ol>")
    return _section("codebook", "Codebook", body)


# ----- frequencies --------------------------------------------------------------------------
def _chart_groups(freq: FrequencyTable) -> list[tuple[str, list[CodeFrequency]]]:
    coded = [r for r in freq.rows if r.own_total]
    if len(coded) <= SINGLE_CHART:
        return [("Codings per code and coder", coded)] if coded else []
    groups: dict[str, list[CodeFrequency]] = {}
    for r in coded:
        groups.setdefault(r.code.top, []).append(r)
    return [(f"{root}: codings per code and coder", rows) for root, rows in groups.items()]


def frequencies_section(c: ReportContent, embed: Embed) -> str:
    freq = c.frequencies
    if not freq.total:
        return _section("frequencies", "Code frequencies", '<p class="muted">No codings in '
                        "this selection.</p>")
    charts = []
    for title, rows in _chart_groups(freq):
        chart = grouped_bars([r.code.name for r in rows], freq.coders,
                             [[r.own[k] for k in freq.coders] for r in rows], title=title,
                             tooltips=[r.code.path for r in rows])
        charts.append(figure(embed, chart))
    rows = [[f'<span class="code" style="padding-left:{r.code.depth * 1.1:.1f}em">'
             f"{swatch(r.code.color)}{_e(r.code.name)}</span>",
             *[f"{r.own[k]:,}" for k in freq.coders], f"{r.own_total:,}",
             f"{r.rolled_total:,}", f"{r.rolled_documents:,}"] for r in freq.used()]
    body = ("<p>Bars count each coder's codings of a code (the code itself, not the codes "
            f"below it).</p><div class=\"charts\">{''.join(charts)}</div>"
            "<h3>Table</h3><p>“With codes below” adds the codings of every code under a "
            "code; documents are counted with the codes below.</p>"
            + table(["Code", *freq.coders, "Total", "With codes below", "Documents"], rows))
    return _section("frequencies", "Code frequencies per coder", body)


# ----- co-occurrence ------------------------------------------------------------------------
def cooccurrence_section(c: ReportContent, embed: Embed) -> str:
    m = c.cooccurrence
    if len(m.codes) < 2:
        return _section("cooccurrence", "Code co-occurrence",
                        '<p class="muted">Fewer than two codes have codings.</p>')
    idx = list(range(len(m.codes)))
    note = ""
    if len(idx) > MAX_HEATMAP:
        idx = sorted(sorted(idx, key=lambda i: -m.counts[i][i])[:MAX_HEATMAP])
        note = (f"<p>The {MAX_HEATMAP} most frequent of {len(m.codes)} codes are shown.</p>")
    roots = [m.codes[i].top for i in idx]
    groups = [k for k in range(1, len(idx)) if roots[k] != roots[k - 1]]
    chart = heatmap([m.codes[i].name for i in idx],
                    [[m.counts[i][j] for j in idx] for i in idx],
                    full_labels=[m.codes[i].path for i in idx], groups=groups,
                    title="Code co-occurrence", desc=m.description)
    pairs = [[f"{swatch(a.color)}{_e(a.path)}", f"{swatch(b.color)}{_e(b.path)}", f"{n:,}"]
             for a, b, n in m.top_pairs(10)]
    top = ("<h3>Most frequent pairs</h3>" + table(["Code", "Code", "Count"], pairs,
                                                   numeric_from=2)) if pairs else (
        '<p class="muted">No two codes co-occur under this rule.</p>')
    body = (f'<p class="rule"><b>Rule:</b> {_e(m.description)}</p>{note}'
            + figure(embed, chart, "Darker cells: the two codes co-occur more often. "
                                   "Hover a cell for its count.") + top)
    return _section("cooccurrence", "Code co-occurrence", body)


# ----- agreement ----------------------------------------------------------------------------
def agreement_section(c: ReportContent, embed: Embed) -> str:
    part = c.agreement
    if part.report is None:
        return _section("agreement", "Agreement between coders", f'<p class="note">'
                        f"{_e(part.note)}</p>")
    from annotator.services.agreement import grade, stat_label
    from annotator.services.agreement.request import STATISTICS
    from annotator.services.agreement.tables import pair_table

    rep = part.report
    m = len(rep.coders)
    intro = (f"<p>Unit: paragraph. Coders: {_e(', '.join(rep.coders))}. Statistics: "
             + _e(", ".join(stat_label(s, m) for s in rep.statistics))
             + ". A code row counts a paragraph as marked when the coder applied the code "
               "(or one below it) anywhere in it.</p>")
    reading = "".join(f"<li>{_e(r)}</li>" for r in rep.reading)
    codes_html = _agreement_table(rep)
    pairs_html = ""
    if rep.pairwise:
        ph, pr = pair_table(rep)
        pairs_html = "<h3>Coder pairs</h3>" + table(ph, [[_e(v) for v in r] for r in pr])
    else:
        pairs_html = ('<p>With two coders the pooled row above is the only pair.</p>')
    chart = value_bars([split_path(r.label)[-1] for r in rep.codes],
                       [r.value("alpha") for r in rep.codes],
                       grades=[grade(r.value("alpha")) for r in rep.codes],
                       depths=[r.depth for r in rep.codes],
                       marks=[(0.667, ".667"), (0.8, ".800")],
                       title=f"{stat_label('alpha', m)} per code (paragraph units)")
    notes = "".join(f"<li>{_e(n)}</li>" for n in part.notes)
    defs = "".join(f"<dt>{_e(stat_label(k, m) if k in STATISTICS else k.capitalize())}</dt>"
                   f"<dd>{_e(v)}</dd>" for k, v in rep.definitions.items()
                   if k not in STATISTICS or k in rep.statistics)
    body = (intro + f'<ul class="reading">{reading}</ul>'
            + figure(embed, chart, "Green: .800 or more; amber: .667 to .800; red: below "
                                   ".667; a dash: undefined.")
            + "<h3>By code</h3>" + codes_html + pairs_html
            + (f"<h3>Notes</h3><ul>{notes}</ul>" if notes else "")
            + (f'<h3>Definitions</h3><dl class="defs">{defs}</dl>' if defs else ""))
    return _section("agreement", "Agreement between coders", body)


def _agreement_table(rep: Any) -> str:
    """Codes (indented by depth), hierarchy levels and the pooled row, one column per
    statistic."""
    from annotator.services.agreement.request import STAT_SHORT
    from annotator.services.agreement.tables import fmt_result, units_text

    def row(r: Any, indent: bool) -> list[str]:
        name = split_path(r.label)[-1] if indent else r.label
        label = (f'<span class="code" style="padding-left:{r.depth * 1.1 if indent else 0:.1f}'
                 f'em">{_e(name)}</span>'
                 + (' <span class="tag">with codes below</span>' if r.aggregated else ""))
        if r.kind == "overall":
            label = f"<b>{label}</b>"
        marked = " / ".join(f"{r.marked.get(c, 0):,}" for c in rep.coders)
        return [label, _e(units_text(r)), marked,
                *[_e(fmt_result(r.results.get(s), False)) for s in rep.statistics]]

    rows = [row(r, True) for r in rep.codes] + [row(r, False) for r in rep.levels]
    rows.append(row(rep.overall, False))
    heads = ["Code", "Paragraphs", "Marked by " + " / ".join(rep.coders),
             *[STAT_SHORT[s] for s in rep.statistics]]
    return table(heads, rows, cls="agreement")


# ----- typical passages ---------------------------------------------------------------------
def _shorten(text: str, limit: int = PASSAGE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + " […]"


def _tail(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else "[…] " + text[-limit:].lstrip()


def passage_html(t: TypicalPassage) -> str:
    """The passage text, the part every coding covers in ``<mark>``; long parts shortened."""
    p = t.passage
    if t.core is None:
        return _e(_shorten(p.text))
    a, b = t.core[0] - p.start, t.core[1] - p.start
    before, core, after = p.text[:a], p.text[a:b], p.text[b:]
    context = max(80, (PASSAGE_CHARS - len(core)) // 2)
    return (_e(_tail(before, context)) + (" " if before[-1:].isspace() else "")
            + f"<mark>{_e(_shorten(core))}</mark>" + (" " if after[:1].isspace() else "")
            + _e(_shorten(after, context)))


def passages_section(c: ReportContent) -> str:
    blocks = []
    for cid in c.data.code_order:
        ref = c.data.ref(cid)
        items = c.typical.get(ref.uuid)
        if not items:
            continue
        lis = []
        for t in items:
            p = t.passage
            meta = [p.where, f"characters {p.start:,}–{p.end:,}", ", ".join(p.coders), t.reason]
            memo = (f'<p class="memo"><b>Memo:</b> {_e(_shorten(p.memo))}</p>' if p.memo
                    else "")
            lis.append(f"<li><blockquote>{passage_html(t)}</blockquote>"
                       f'<p class="meta">{_e(" · ".join(x for x in meta if x))}</p>{memo}</li>')
        blocks.append(f'<article class="code-passages"><h3>{swatch(ref.color)}{_e(ref.path)}'
                      f"</h3><ol>{''.join(lis)}</ol></article>")
    body = (f'<p class="rule"><b>How passages are chosen:</b> {_e(TYPICAL_RULE)} Overlapping '
            "codings of a code in one document form one passage; where they differ, the part "
            "all of them cover is highlighted. Passages over "
            f"{PASSAGE_CHARS} characters are shortened ([…]).</p>"
            + ("".join(blocks) or '<p class="muted">No codings in this selection.</p>'))
    return _section("passages", "Typical passages per code", body)
