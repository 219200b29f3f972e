"""Title, country and year of a state.gov report page from all the evidence the page holds.

Some pages put the whole report title in the headline ("2023 Country Reports on Human Rights
Practices: Russia"); others hold only the country there, and the year appears only in the
``<title>``, the canonical link (``…/2023-country-reports-on-human-rights-practices/russia/``),
``og:url``, the breadcrumb and the JSON-LD ``BreadcrumbList``. Every source is read; each value
is taken from the most trusted source that has one (the order of :data:`SOURCES`), and a source
that disagrees is named in a note for the import report.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import html

from annotator.domain.text import canonical_text

REPORT_NAME = "Country Reports on Human Rights Practices"
# Most trusted first: what the reader sees on the page, then the page's own address.
SOURCES = ("headline", "breadcrumb", "JSON-LD", "canonical link", "og:url", "<title>")
_FULL_TITLE = re.compile(r"^\s*((?:19|20)\d\d)\s+Country\s+Reports?\s+on\s+Human\s+Rights\s+"
                         r"Practices\s*:?\s*(.*?)\s*$", re.IGNORECASE)
_URL = re.compile(r"/((?:19|20)\d\d)-country-reports-on-human-rights-practices/([a-z0-9-]+)/?",
                  re.IGNORECASE)
_SITE_SUFFIX = re.compile(r"\s*[-–|]\s*(?:United States )?Department of State\s*$", re.IGNORECASE)
_MAX_JSON = 200_000


@dataclass(slots=True)
class Evidence:
    source: str
    year: int | None = None
    country: str | None = None


@dataclass(slots=True)
class ReportMeta:
    title: str | None
    country: str | None
    year: int | None
    notes: list[str] = field(default_factory=list)
    year_source: str | None = None
    country_source: str | None = None


def report_meta(doc: html.HtmlElement, headline: html.HtmlElement | None) -> ReportMeta:
    """Read every source (call before scripts are stripped: JSON-LD lives in one)."""
    found = [e for e in _evidence(doc, headline) if e.year is not None or e.country]
    return resolve(found)


def resolve(found: list[Evidence]) -> ReportMeta:
    """Pick each value from the most trusted source; note the sources that disagree."""
    rank = {name: i for i, name in enumerate(SOURCES)}
    found = sorted(found, key=lambda e: rank.get(e.source, len(SOURCES)))
    notes: list[str] = []
    year, year_src = _pick([(e.year, e.source) for e in found if e.year is not None])
    country, country_src = _pick([(e.country, e.source) for e in found if e.country])
    for e in found:
        if year is not None and e.year is not None and e.year != year:
            notes.append(f"report year {year} taken from the {year_src}; the {e.source} "
                         f"says {e.year}")
        if country and e.country and _key(e.country) != _key(country) and \
                e.source not in ("canonical link", "og:url"):  # a slug is not a name
            notes.append(f"country {country!r} taken from the {country_src}; the {e.source} "
                         f"says {e.country!r}")
    title = None
    if year is not None and country:
        title = f"{year} {REPORT_NAME}: {country}"
    elif country:
        title = country
    return ReportMeta(title, country, year, list(dict.fromkeys(notes)), year_src, country_src)


def _pick(values: list[tuple[Any, str]]) -> tuple[Any, str | None]:
    return values[0] if values else (None, None)


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", name.casefold())


def _text(el: html.HtmlElement) -> str:
    return canonical_text(" ".join("".join(el.itertext()).split()))


def _from_title_text(source: str, text: str) -> Evidence:
    text = _SITE_SUFFIX.sub("", " ".join(text.split()))
    m = _FULL_TITLE.match(text)
    if m:
        return Evidence(source, int(m.group(1)), m.group(2) or None)
    return Evidence(source, None, text or None)


def _from_url(source: str, url: str | None) -> Evidence:
    m = _URL.search(url or "")
    if m is None:
        return Evidence(source)
    return Evidence(source, int(m.group(1)), m.group(2).replace("-", " ").title())


def _evidence(doc: html.HtmlElement, headline: html.HtmlElement | None) -> list[Evidence]:
    """Every source. The ``<head>`` is read child by child (cheap); the whole page is searched
    (breadcrumb, JSON-LD outside the head) only when the headline does not give the year."""
    out: list[Evidence] = []
    first = _headline(headline) if headline is not None else Evidence("headline")
    out.append(first)
    head = doc.find("head")
    scripts: list[html.HtmlElement] = []
    canonical = og = title = None
    for el in head if head is not None else ():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "link" and "canonical" in (el.get("rel") or "").split() and canonical is None:
            canonical = el.get("href")
        elif tag == "meta" and el.get("property") == "og:url" and og is None:
            og = el.get("content")
        elif tag == "title" and title is None:
            title = _text(el)
        elif tag == "script" and el.get("type") == "application/ld+json":
            scripts.append(el)
    if first.year is None:
        out.append(_breadcrumb(doc))
        scripts = doc.xpath('//script[@type="application/ld+json"]')
    out.append(_json_ld(scripts))
    out.append(_from_url("canonical link", canonical))
    out.append(_from_url("og:url", og))
    if title:
        out.append(_from_title_text("<title>", title))
    return out


def _headline(h1: html.HtmlElement) -> Evidence:
    """The h1's own text (a trailing ``<span>`` such as a date is not part of the name)."""
    full = _from_title_text("headline", _text(h1))
    if full.year is not None:
        return full
    own = " ".join((h1.text or "").split())
    return Evidence("headline", None, canonical_text(own) or full.country)


def _breadcrumb(doc: html.HtmlElement) -> Evidence:
    crumbs = doc.xpath('//*[@id="breadcrumbs"]//a | //*[@id="breadcrumbs"]//span[contains('
                       'concat(" ", normalize-space(@class), " "), " bc_current ")]')
    year = country = None
    for el in crumbs:
        parsed = _from_title_text("breadcrumb", _text(el))
        if parsed.year is not None:
            year = parsed.year
        elif year is not None and "bc_current" in (el.get("class") or ""):
            country = parsed.country
    return Evidence("breadcrumb", year, country)


def _json_ld(scripts: list[html.HtmlElement]) -> Evidence:
    for script in scripts:
        raw = script.text or ""
        if len(raw) > _MAX_JSON:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        for node in _nodes(data):
            if node.get("@type") != "BreadcrumbList":
                continue
            items = [i for i in node.get("itemListElement") or [] if isinstance(i, dict)]
            items.sort(key=lambda i: i.get("position") if isinstance(i.get("position"), int)
                       else 0)
            year = country = None
            for item in items:
                parsed = _from_title_text("JSON-LD", str(item.get("name") or ""))
                if parsed.year is not None:
                    year = parsed.year
                    if parsed.country:
                        country = parsed.country
                elif year is not None:
                    country = parsed.country
            if year is not None or country:
                return Evidence("JSON-LD", year, country)
    return Evidence("JSON-LD")


def _nodes(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [n for n in data if isinstance(n, dict)]
    if isinstance(data, dict):
        graph = data.get("@graph")
        return [data, *(_nodes(graph) if graph is not None else [])]
    return []
