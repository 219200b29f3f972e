"""Put back subheadings a scrape lost, from content cues (reference/report-structure.md §8.9, §9).

Only for the 2019–2020 outline, and only inside a section that visibly lost headings: several
items almost every report has are missing, or the section has no child heading at all. A cue is
searched after the previous anchor (present or inferred heading) and before the next heading
that is present; an optional heading is left out when a later heading's cue fires first.
Inferred headings are suggestions: they are marked ``inferred`` with the cue that placed them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from annotator.domain.segmentation.headings import Block, Heading
from annotator.domain.segmentation.matching import best_match, title_key, tokens
from annotator.domain.segmentation.outlines import Edition, OutlineItem

_FIRST_SENTENCE = re.compile(r"^.*?[.!?](?=[”\"’]?\s+[A-Z“\"]|[”\"’]?$)", re.DOTALL)


def _first_sentence(text: str) -> str:
    m = _FIRST_SENTENCE.match(text)
    return m.group(0) if m else text


def _freedom_re(topic: str) -> re.Pattern[str]:
    return re.compile(
        r"^(?:Although |While )?[Tt]he (?:constitution|law|basic law)[^.]{0,60}?"
        r"(?:provides?|grants?|guarantees?)[^.]{0,40}?(?:freedom of|right to|rights? of) "
        + topic
    )


@dataclass(frozen=True, slots=True)
class Context:
    """What cues look at: block texts and the inline label (title key) opening each block."""

    texts: list[str]
    labels: dict[int, str]


Finder = Callable[[Context, int, int], int | None]


def _first(ctx: Context, lo: int, hi: int, test: Callable[[int], bool]) -> int | None:
    for k in range(lo, hi):
        if test(k):
            return k
    return None


def _text(pattern: str, flags: int = re.IGNORECASE) -> Finder:
    rx = re.compile(pattern, flags)
    return lambda ctx, lo, hi: _first(ctx, lo, hi, lambda k: rx.search(ctx.texts[k]) is not None)


def _labels(*names: str) -> Finder:
    keys = frozenset(title_key(n) for n in names)
    return lambda ctx, lo, hi: _first(ctx, lo, hi, lambda k: ctx.labels.get(k) in keys)


def _either(*finders: Finder) -> Finder:
    def find(ctx: Context, lo: int, hi: int) -> int | None:
        hits = [k for f in finders if (k := f(ctx, lo, hi)) is not None]
        return min(hits) if hits else None
    return find


def _in_order(*finders: Finder) -> Finder:
    """The first finder that fires wins (a preferred cue with fallbacks)."""
    def find(ctx: Context, lo: int, hi: int) -> int | None:
        for f in finders:
            k = f(ctx, lo, hi)
            if k is not None:
                return k
        return None
    return find


_PRESS_LABELS = frozenset(title_key(x) for x in (
    "Freedom of Expression", "Freedom of Speech", "Press and Media, Including Online Media",
    "Freedom of Press and Media, Including Online Media", "Violence and Harassment",
    "Censorship or Content Restrictions", "Libel/Slander Laws", "National Security",
    "Nongovernmental Impact"))
_REFUGEE_LABELS = ("Abuse of Migrants, Refugees, and Stateless Persons",
                   "Abuse of Migrants and Refugees, and Stateless Persons", "Refoulement",
                   "Access to Asylum", "Safe Country of Origin/Transit", "Durable Solutions",
                   "Temporary Protection")
_REFUGEE_KEYS = frozenset(title_key(x) for x in _REFUGEE_LABELS)
_UNHCR = (r"^The government (?:\w+ )?(?:cooperated|collaborated|did not cooperate) with (?:the )?"
          r"(?:Office of the )?(?:UN (?:High )?Commissioner for Refugees|UNHCR)"
          r"|^The government is not a party to the 1951 (?:UN )?Convention")
_ONLINE = re.compile(r"\b(?:internet|online)\b", re.IGNORECASE)
_STATELESS = re.compile(r"stateless", re.IGNORECASE)


def _first_sentence_has(pattern: str) -> Finder:
    rx = re.compile(pattern, re.IGNORECASE)
    return lambda ctx, lo, hi: _first(
        ctx, lo, hi, lambda k: rx.search(_first_sentence(ctx.texts[k])) is not None)


def _internet(ctx: Context, lo: int, hi: int) -> int | None:
    after = max([k + 1 for k in range(lo, hi) if ctx.labels.get(k) in _PRESS_LABELS], default=lo)
    return _first(ctx, after, hi,
                  lambda k: _ONLINE.search(_first_sentence(ctx.texts[k])) is not None)


def _stateless(ctx: Context, lo: int, hi: int) -> int | None:
    return _first(ctx, lo, hi, lambda k: ctx.texts[k] == "Not applicable." or (
        ctx.labels.get(k) not in _REFUGEE_KEYS and _STATELESS.search(ctx.texts[k]) is not None))


def _after_lead(ctx: Context, lo: int, hi: int) -> int | None:
    return lo + 1 if lo + 1 < hi else None


# Cue per expected heading, keyed by (section, title key of its first wording).
_CUES: dict[tuple[int, str], tuple[str, Finder]] = {
    (2, title_key(k)): v for k, v in {
        "Internet Freedom": ("first sentence about the internet after the press labels", _internet),
        "Academic Freedom and Cultural Events": ("'academic freedom'", _text(r"academic freedom")),
        "Freedom of Peaceful Assembly": ("law provides for freedom of assembly",
                                         _text(_freedom_re(r"(?:peaceful )?assembly").pattern, 0)),
        "Freedom of Association": ("law provides for freedom of association",
                                   _text(_freedom_re(r"association").pattern, 0)),
        "Freedom of Religion": ("International Religious Freedom Report referral",
                                _text(r"^See the Department of State.s (?:annual )?International "
                                      r"Religious Freedom Report")),
        "Freedom of Movement": ("freedom of movement opening or movement labels", _either(
            _text(_freedom_re(r"(?:internal )?movement").pattern, 0),
            _labels("In-country Movement", "Foreign Travel", "Exile", "Citizenship"))),
        "Internally Displaced Persons": ("'Not applicable.' or IDP paragraph",
                                         _text(r"^Not applicable\.$|internally displaced persons")),
        "Protection of Refugees": ("refugee labels, UNHCR cooperation or refugee convention",
                                   _either(_labels(*_REFUGEE_LABELS), _text(_UNHCR))),
        "Stateless Persons": ("'stateless' outside refugee labels, or 'Not applicable.'",
                              _stateless),
    }.items()
}
_CUES.update({
    (3, title_key("Elections and Political Participation")): (
        "label 'Recent Elections' (else the block after the lead paragraph)",
        _in_order(_labels("Recent Elections"), _after_lead)),
})
_CUES.update({
    (6, title_key(k)): v for k, v in {
        "Women": ("label 'Rape and Domestic Violence'", _labels("Rape and Domestic Violence")),
        "Children": ("label 'Birth Registration' (else 'Education' or 'Child Abuse')", _in_order(
            _labels("Birth Registration"), _labels("Education", "Child Abuse"))),
        "Anti-Semitism": ("'Jewish' or 'anti-Semitism'", _text(r"jewish|anti-?semiti|antisemiti")),
        "Trafficking in Persons": ("Trafficking in Persons Report referral", _text(
            r"^See the Department of State.s (?:annual |\d{4} )?Trafficking in Persons Report")),
        "Persons with Disabilities": ("disabilities in the first sentence", _either(_text(
            r"discriminat\w*\s+against\s+persons\s+with\s+(?:[\w,]+\s+){0,6}?disabilit"),
            _first_sentence_has(r"disabilit"))),
        "National/Racial/Ethnic Minorities": ("'ethnic', 'minorit' or 'official language'",
                                              _text(r"ethnic|minorit|official language")),
        "Indigenous People": ("'indigenous'", _text(r"indigenous")),
        "Acts of Violence, Discrimination, and Other Abuses Based on Sexual Orientation and "
        "Gender Identity": ("'same-sex', 'LGBTI', 'sexual orientation' or 'gender identity'",
                            _text(r"same-sex|LGBTI|sexual orientation|gender identity")),
        "HIV and AIDS Social Stigma": ("'HIV'", _text(r"\bHIV\b", 0)),
    }.items()
})
_CUES.update({
    (7, title_key(k)): v for k, v in {
        "Freedom of Association and the Right to Collective Bargaining": (
            "right to form and join unions",
            _text(r"form and join (?:independent )?(?:trade )?unions")),
        "Prohibition of Forced or Compulsory Labor": ("'forced or compulsory labor'",
                                                      _text(r"forced or compulsory labor")),
        "Prohibition of Child Labor and Minimum Age for Employment": (
            "'child labor' or 'minimum age'", _text(r"child labor|minimum age")),
        "Discrimination with Respect to Employment and Occupation": (
            "discrimination in employment",
            _text(r"discriminat\w* (?:with respect to|in) employment")),
        "Acceptable Conditions of Work": ("'minimum wage' or 'occupational safety'",
                                          _text(r"minimum wage|occupational safety")),
    }.items()
})


def _match_present(items: list[OutlineItem], present: list[Heading]) -> dict[int, int]:
    """Map expected item index -> block of the present heading that realises it."""
    result: dict[int, int] = {}
    for h in present:
        candidates = [(tokens(t), str(k)) for k, it in enumerate(items)
                      if (it.kind == "subsection") == (h.kind == "subsection") for t in it.titles]
        score, key = best_match(h.title, candidates)
        if score >= 0.6 and int(key) not in result:
            result[int(key)] = h.block
    return result


def recover(
    blocks: list[Block], headings: list[Heading], labels: dict[int, str], edition: Edition,
    wording: int, body_last: int,
) -> list[Heading]:
    """Inferred headings for ``headings`` found in ``blocks`` (2019–2020 outline).

    ``labels`` maps block index to the title key of its inline label; ``wording`` picks the
    title variant (0 = 2019, 1 = 2020); ``body_last`` is the last block of the report body.
    """
    ctx = Context([b.text for b in blocks], labels)
    inferred: list[Heading] = []
    tops = [h for h in headings if h.kind in ("section", "endmatter")]
    for pos, sec in enumerate(tops):
        if sec.kind != "section":
            continue
        end = tops[pos + 1].block if pos + 1 < len(tops) else body_last + 1
        items = edition.in_section(sec.section)
        present = [h for h in headings if sec.block < h.block < end
                   and h.kind in ("subsection", "subheading")]
        where = _match_present(items, present)
        missing = [k for k, it in enumerate(items) if it.mandatory and k not in where]
        if not missing or (len(missing) < 2 and present):
            continue
        cursor = sec.last_block
        for k, item in enumerate(items):
            if k in where:
                cursor = where[k]
                continue
            nxt = min((where[j] for j in where if j > k), default=end)
            cue = _CUES.get((sec.section, title_key(item.titles[0])))
            if cue is None:
                continue
            hit = cue[1](ctx, cursor + 1, nxt)
            if hit is None:
                continue
            if not item.mandatory and _later_cue_fires_first(items, k, where, sec.section, ctx,
                                                             cursor + 1, hit):
                continue
            title = item.titles[min(wording, len(item.titles) - 1)]
            inferred.append(Heading(
                item.kind, hit, blocks[hit].start, title, section=sec.section, letter=item.letter,
                rank=max(1, item.depth), inferred=True, cue=cue[0], last_block=hit))
            cursor = hit
    return inferred


def _later_cue_fires_first(items: list[OutlineItem], k: int, where: dict[int, int], section: int,
                           ctx: Context, lo: int, hit: int) -> bool:
    for j in range(k + 1, len(items)):
        if j in where:
            return False
        cue = _CUES.get((section, title_key(items[j].titles[0])))
        if cue is not None and cue[1](ctx, lo, hit) is not None:
            return True
    return False
