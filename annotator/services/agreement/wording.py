"""The words of a report: the exact definitions used and a plain-language reading of the numbers."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.services.agreement.report import GOOD, TENTATIVE, StatRow, grade
from annotator.services.agreement.request import UNIT_NOUNS, AgreementRequest, stat_label

THRESHOLDS = ("Krippendorff's α ≥ .800 is customarily required before drawing conclusions; "
              ".667–.800 allows tentative conclusions only; below .667 the coding is not "
              "reliable enough to rely on.")

_UNIT_TEXT = {
    "character": "every character of the compared documents is a unit",
    "sentence": "sentences, split inside each imported paragraph (full stops after "
                "abbreviations such as 'Mr.', 'No.', 'U.S.' and after initials do not end a "
                "sentence)",
    "paragraph": "the paragraphs found at import",
    "section": "the report sections and subsections found at import, at the finest level: "
               "each stretch of text belongs to the innermost (sub)section holding it; text "
               "before the first section (the title) is not compared",
    "document": "whole documents (was the code used anywhere in the document?)",
}


def _fmt(v: float | None) -> str:
    if v is None:
        return "undefined"
    s = f"{v:.3f}"
    return s.replace("0.", ".", 1) if s.startswith(("0.", "-0.")) else s


def definitions(req: AgreementRequest, n_coders: int) -> dict[str, str]:
    """Statistic and policy name -> the definition this report used."""
    many = n_coders > 2
    out = {
        "unit": f"Units of analysis: {_UNIT_TEXT[req.unit]}.",
        "presence": (
            "A code counts as present in a unit for a coder when at least one of that coder's "
            "passages with the code shares at least one character with the unit, so a passage "
            "that only reaches into a unit marks it as well."
            if req.rule == "any" else
            "A code counts as present in a unit for a coder when that coder's passages with "
            "the code cover at least half of the unit's characters (majority rule)."),
        "merging": "Overlapping passages of one coder with the same code are merged (union) "
                   "before comparing.",
        "hierarchy": "A parent code counts as present wherever it or any code below it is. "
                     "A level row pools every code at that depth of the codebook (each code x "
                     "unit pair is one rating, so its count is codes x units); 'All codes' "
                     "pools the most specific codes shown.",
        "documents": "Only documents that every compared coder coded or was assigned are "
                     "compared; a coder who marked nothing there counts as finding nothing.",
        "alpha": "Krippendorff's alpha, nominal: 1 - D_o / D_e, observed over expected "
                 "disagreement from the coincidence matrix of all pairable values "
                 "(Krippendorff 2004, 2011).",
        "kappa": ("Conger's kappa (1980): Cohen's kappa extended to several coders, chance "
                  "agreement from each coder's own proportions." if many else
                  "Cohen's kappa (1960): (p_o - p_e) / (1 - p_e), chance agreement p_e from "
                  "each coder's own proportions of present and absent."),
        "pi": ("With more than two coders Scott's pi becomes Fleiss' kappa (see there)." if many
               else "Scott's pi (1955): as kappa, but chance agreement from the proportions of "
                    "both coders pooled."),
        "fleiss": "Fleiss' kappa (1971), Scott's pi for several coders: p_e = sum of squared "
                  "mean category shares (Gwet's form when values are missing).",
        "ac1": "Gwet's AC1 (2008): p_e = sum_k pi_k (1 - pi_k) / (q - 1); stays high when a "
               "code is rare and coders agree on its absence.",
        "bp": "Brennan and Prediger's kappa (1981): chance agreement fixed at 1/q = 1/2 "
              "(present or absent).",
        "percent": "Percent agreement: in each unit, the share of coder pairs giving the same "
                   "value, averaged over units (Gwet 2014). Not corrected for chance.",
        "alpha_u": "Krippendorff's alpha-U for unitizing (1995/2004): compares where passages "
                   "begin and end on the characters of the documents laid end to end (gaps may "
                   "run across a document boundary); the pooled value is 1 - mean D_o / mean "
                   "D_e over codes. No interval is computed for it.",
        "char_kappa": "Cohen's kappa on the 2 x 2 table of characters (marked by both, by one "
                      "coder only, by neither), pooled over documents as NVivo's coding "
                      "comparison counts it" + (", averaged over coder pairs." if many else "."),
    }
    if req.ci:
        out["ci"] = (f"95% intervals: percentile bootstrap over units ({req.n_boot} replicates, "
                     f"seed {req.seed}). Units are drawn independently, which ignores that "
                     "units of one document hang together, so intervals are on the narrow side. "
                     "Per-document rows, coder pairs, alpha-U, per-character kappa and every "
                     "statistic at character level have no interval.")
    return out


def _names(rows: Sequence[StatRow], limit: int = 8) -> str:
    names = [r.label for r in rows]
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f" and {len(names) - limit} more"


def main_statistic(req: AgreementRequest) -> str:
    for s in ("alpha", "alpha_u", "kappa", "char_kappa", "pi", "fleiss", "ac1", "bp", "percent"):
        if s in req.statistics:
            return s
    return req.statistics[0]


def reading(req: AgreementRequest, codes: Sequence[StatRow], overall: StatRow,
            n_docs: int, n_excluded: int, n_coders: int, n_units: int) -> list[str]:
    """A few plain sentences on what the numbers mean."""
    stat = main_statistic(req)
    name = stat_label(stat, n_coders)
    noun = UNIT_NOUNS[req.unit][1]
    res = overall.results.get(stat)
    out: list[str] = []
    if res is not None:
        ci = (f" (95% interval {_fmt(res.ci[0])} to {_fmt(res.ci[1])})" if res.ci else "")
        verdict = {"good": f"at or above the customary {GOOD:.3f}".replace("0.", "."),
                   "tentative": "enough for tentative conclusions only",
                   "poor": f"below {TENTATIVE:.3f}: not reliable".replace("0.", "."),
                   "undefined": f"undefined ({res.note or 'no variation'})"}[grade(res.value)]
        where = "characters" if stat in ("alpha_u", "char_kappa") else noun
        out.append(f"All codes pooled, over {n_units:,} {where} in {n_docs} "
                   f"document(s): {name} = {_fmt(res.value)}{ci}, {verdict}.")
    out.append(THRESHOLDS)
    leaves = [r for r in codes if r.results.get(stat) is not None]
    groups = {g: [r for r in leaves if grade(r.value(stat)) == g]
              for g in ("good", "tentative", "poor", "undefined")}
    if leaves:
        parts = [f"{len(groups['good'])} of {len(leaves)} code rows reach .800"]
        if groups["tentative"]:
            parts.append(f"tentative (.667–.800): {_names(groups['tentative'])}")
        if groups["poor"]:
            parts.append(f"not reliable (< .667): {_names(groups['poor'])}; sharpen their "
                         "definitions or retrain before relying on them")
        if groups["undefined"]:
            parts.append(f"undefined: {_names(groups['undefined'])} (one value only, e.g. "
                         "nobody or everybody marked it)")
        out.append("; ".join(parts) + ".")
    if stat != "percent" and "percent" in req.statistics:
        out.append("Percent agreement is not corrected for chance: with rare codes most units "
                   "agree on 'absent', so it looks high even when coders rarely agree on "
                   "'present'.")
    if any(s in req.statistics for s in ("ac1", "bp")):
        out.append("AC1 and Brennan-Prediger use a different chance term and are usually higher "
                   "than alpha for rare codes; report alpha alongside them.")
    if n_excluded:
        out.append(f"{n_excluded} document(s) were left out (see the list of excluded "
                   "documents).")
    return out
