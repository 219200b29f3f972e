"""Train the shipped Country Reports outline model.

    python -m annotator.services.suggest.train_shipped \
        [--series ../shared/corpus/series/state-dept-html-2016-2021.tar.xz] \
        [--cache ~/.cache/annotator/suggest] [--out resources/models] [--date 2026-12-07]

Reads every page of the 2016–2021 series with the project's own HTML importer and structure
recognition, labels each body paragraph by the report's own outline (headings removed), and
trains one model over the outline codes of ``country-reports-2021`` (mapped onto
``country-reports-2019`` too). The model card records the per-code accuracy of the same
recipe trained on 2016–2020 and tested on the 2021 reports. The same inputs give the same
``.npz`` bytes; the script prints the sha256.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from annotator.services.exchange.templates import load_template
from annotator.services.suggest.corpus import (TEMPLATES, LabelledReport, cached_reports,
                                               template_codes, unpack_series)
from annotator.services.suggest.evaluate import evaluate_documents
from annotator.services.suggest.model import SuggestModel
from annotator.services.suggest.training import Progress, TrainParams, train

MODEL_ID = "country-reports-outline"
MODEL_VERSION = "1"
SERIES_NAME = "state-dept-html-2016-2021.tar.xz"


def default_series() -> Path:
    shared = os.environ.get("ANNOTATOR_SHARED")
    root = Path(shared) if shared else Path(__file__).resolve().parents[3].parent / "shared"
    return root / "corpus" / "series" / SERIES_NAME


def default_cache() -> Path:
    from annotator.paths import data_dir

    return data_dir() / "suggest-cache"


def outline_classes() -> tuple[list[str], dict[str, str]]:
    """Outline labels of ``country-reports-2021`` (codable codes, tree order) and their names."""
    book = load_template(TEMPLATES[0])
    nodes = [n for n in book if n.codable]
    return [n.label for n in nodes], {n.label: n.name for n in nodes}


def as_label_docs(reports: Sequence[LabelledReport]) -> list[list[tuple[str, str]]]:
    """Reports as lists of ``(text, outline label)`` (the corpus holds 2021 code uuids)."""
    label_of = {n.uuid: n.label for n in load_template(TEMPLATES[0])}
    return [[(t, label_of[c]) for t, c in r.paragraphs] for r in reports]


def train_outline(docs: Sequence[Sequence[tuple[str, str]]], params: TrainParams = TrainParams(),
                  meta: dict[str, Any] | None = None, progress: Progress | None = None,
                  cancelled: Any = None, consume: bool = False) -> SuggestModel:
    """The outline model from labelled documents (texts in reading order). With ``consume``
    the document lists are emptied once their texts are turned into features (for a caller
    that holds no other reference to the texts: memory for the full corpus)."""
    classes, names = outline_classes()
    texts = [t for d in docs for t, _ in d]
    labels = [c for d in docs for _, c in d]
    codes = {lab: template_codes(lab) for lab in classes}

    def release() -> None:
        texts.clear()
        for d in docs:
            d.clear()  # type: ignore[attr-defined]

    return train(texts, labels, [[c for _, c in d] for d in docs], classes, params,
                 meta={"id": MODEL_ID, "version": MODEL_VERSION, "kind": "shipped",
                       "names": names, "codes": codes, **(meta or {})},
                 progress=progress, cancelled=cancelled, release=release if consume else None)


def model_card(manifest: dict[str, Any], digest: str, size: int) -> str:
    """The human-readable model card (the JSON manifest beside the model holds the same)."""
    data = manifest["training_data"]
    lines = [f"# Model card: {manifest['id']} v{manifest['version']}", "",
             manifest["description"], "",
             f"- Trained: {manifest['trained']}; file `{manifest['id']}-v{manifest['version']}"
             f".npz`, {size:,} bytes, sha256 `{digest}` (checked on every load).",
             f"- Method: {manifest['method']}.",
             f"- Training data: {data['reports']} Country Reports {data['years']} "
             f"({data['paragraphs']:,} paragraphs, headings removed, labelled by each report's "
             f"own outline), `{data['archive']}` sha256 `{data['archive_sha256'][:16]}…`.",
             "- Codes: the outline codes of `country-reports-2021`, mapped onto "
             "`country-reports-2019` where that codebook has the topic.",
             "- Runs offline; no text leaves the computer.", ""]
    ev = manifest.get("evaluation") or {}
    if ev:
        e, alone = ev["in_order"], ev["single_paragraphs"]
        lines += [f"## Accuracy (trained on {ev['trained_on']}, tested on {ev['reports']} "
                  f"reports of {ev['tested_on']})", "",
                  f"- Paragraphs in document order: top-1 {e['top1']:.3f}, top-3 "
                  f"{e['top3']:.3f}, macro-F1 {e['macro_f1']:.3f}, Cohen's κ {e['kappa']:.3f} "
                  f"({e['units']:,} paragraphs).",
                  f"- Each paragraph alone (pasted excerpts): top-1 {alone['top1']:.3f}, top-3 "
                  f"{alone['top3']:.3f}, macro-F1 {alone['macro_f1']:.3f}.", "",
                  "| code | paragraphs | precision | recall | F1 |", "|---|---:|---:|---:|---:|"]
        for code, row in e["per_code"].items():
            lines.append(f"| {code} | {row['support']} | {row['precision']:.3f} | "
                         f"{row['recall']:.3f} | {row['f1']:.3f} |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m annotator.services.suggest.train_shipped",
                                 description=__doc__.split("\n\n")[0])
    ap.add_argument("--series", type=Path, default=default_series())
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[3]
                    / "resources" / "models")
    ap.add_argument("--date", default=dt.datetime.now(dt.timezone.utc).date().isoformat(),
                    help="training date for the model card (not part of the model file)")
    ap.add_argument("--no-eval", action="store_true", help="skip the 2016–2020 → 2021 check")
    args = ap.parse_args(argv)
    if not args.series.is_file():
        print(f"error: series archive not found: {args.series}", file=sys.stderr)
        return 2
    cache = args.cache or default_cache()
    html_root = unpack_series(args.series, cache)
    reports = cached_reports(html_root, cache)
    docs = as_label_docs(reports)
    years = [r.year for r in reports]
    del reports  # the texts live on in ``docs`` only (emptied by the final training)
    evaluation: dict[str, Any] = {}
    if not args.no_eval:
        train_docs = [d for d, y in zip(docs, years, strict=True) if y <= 2020]
        test_docs = [d for d, y in zip(docs, years, strict=True) if y == 2021]
        trial = train_outline(train_docs)
        evaluation = {"trained_on": "2016–2020", "tested_on": "2021 (headings removed)",
                      "reports": len(test_docs),
                      "in_order": evaluate_documents(trial, test_docs),
                      "single_paragraphs": {k: v for k, v in evaluate_documents(
                          trial, test_docs, in_order=False).items() if k != "per_code"}}
    archive_sha = hashlib.sha256(args.series.read_bytes()).hexdigest()
    model = train_outline(docs, meta={"training_data": {
        "archive": SERIES_NAME, "archive_sha256": archive_sha, "years": "2016–2021",
        "reports": len(docs), "paragraphs": sum(len(d) for d in docs)}}, consume=True)
    manifest = {
        "id": MODEL_ID, "version": MODEL_VERSION, "trained": args.date,
        "codebooks": list(TEMPLATES),
        "description": "Suggests the Country Reports outline code (section / subsection) of "
                       "each paragraph of a text without the report's headings.",
        "method": "TF-IDF word uni- and bigrams, linear classifier (SGD, modified Huber), "
                  "forward-backward smoothing over the paragraphs in order",
        "training_data": model.meta["training_data"], "evaluation": evaluation,
    }
    path = args.out / f"{MODEL_ID}-v{MODEL_VERSION}.npz"
    digest = model.save(path, manifest)
    path.with_suffix(".md").write_text(model_card(manifest, digest, path.stat().st_size),
                                       encoding="utf-8")
    print(f"{path}  {path.stat().st_size:,} bytes  sha256 {digest}")
    if evaluation:
        e = evaluation["in_order"]
        print(f"2016–2020 → 2021: top-1 {e['top1']:.3f}, top-3 {e['top3']:.3f}, "
              f"macro-F1 {e['macro_f1']:.3f}, κ {e['kappa']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
