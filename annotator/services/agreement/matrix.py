"""Export the raw reliability data as CSV, to check the numbers in R, SPSS or Stata.

One line per (code row, unit): the code, the document, the unit's bounds and label, then one
column per coder with 1 (marked present) or 0. At character level consecutive characters with
the same values share a line and the ``chars`` column gives their number (use it as a case
weight); every other unit has ``chars`` equal to its length and counts once.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import numpy as np

from annotator import agreement as ag
from annotator.domain.errors import InputError
from annotator.services.agreement import masks
from annotator.services.agreement.request import AgreementRequest
from annotator.services.agreement.study import Study, load_study
from annotator.services.exporting.formula_guard import guard_cell, guard_row
from annotator.services.project import Project


def _presence(study: Study) -> np.ndarray:
    n_rows, m = len(study.rows), len(study.coders)
    if study.request.rule == "majority":
        merged = masks.merge_by_group(study.table, n_rows, m, study.total)
        return masks.coverage_fraction(merged, study.units) >= 0.5
    _, p = ag.presence_matrices(study.table, study.units, study.coders, list(range(n_rows)))
    return p


def _stretches(study: Study, row: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(starts, ends, masks) of the maximal stretches of one row, on the study axis."""
    m = len(study.coders)
    merged = masks.merge_by_group(study.table.where(study.table.category == row), 1, m,
                                  study.total)
    bits = np.left_shift(1, merged.group % m)
    cuts = np.concatenate((merged.start, merged.end, study.doc_begin, [study.total]))
    delta = np.concatenate((bits, -bits, np.zeros(study.doc_begin.size + 1, dtype=np.int64)))
    order = np.argsort(cuts, kind="stable")
    cuts, mask = cuts[order], np.cumsum(delta[order])
    ok = np.diff(cuts) > 0
    return cuts[:-1][ok], cuts[1:][ok], mask[:-1][ok]


def write_matrix_csv(study: Study, path: str | os.PathLike[str]) -> int:
    """Write the matrix of a loaded study; returns the number of data lines."""
    dest = Path(path)
    if not dest.parent.exists():
        raise InputError(f"{dest}: folder {dest.parent} does not exist")
    docs, m = study.docs, len(study.coders)
    # code paths, titles and coder names are untrusted text: guard them against formula injection
    header = guard_row(["code_uuid", "code_path", "document_id", "document", "unit", "start",
                        "end", "chars", *study.coders])
    titles = [guard_cell(d.title) for d in docs]
    n = 0
    tmp = dest.with_name(dest.name + ".part")
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        if study.request.unit == "character":
            begins = study.doc_begin
            for r, spec in enumerate(study.rows):
                s, e, mk = _stretches(study, r)
                di = np.searchsorted(begins, s, side="right") - 1
                for a, b, k, i in zip(s.tolist(), e.tolist(), mk.tolist(), di.tolist(),
                                      strict=True):
                    d = docs[i]
                    vals = [(k >> c) & 1 for c in range(m)]
                    w.writerow([spec.uuid, guard_cell(spec.path), d.id, titles[i], "characters",
                                a - d.begin, b - d.begin, b - a, *vals])
                    n += 1
        else:
            pres = _presence(study).astype(np.int8)
            us, ue = study.units[:, 0].tolist(), study.units[:, 1].tolist()
            ud = study.unit_doc.tolist()
            for r, spec in enumerate(study.rows):
                vals = pres[r].tolist()
                for u in range(len(us)):
                    d = docs[ud[u]]
                    w.writerow([spec.uuid, guard_cell(spec.path), d.id, titles[ud[u]],
                                study.unit_labels[u],
                                us[u] - d.begin, ue[u] - d.begin, ue[u] - us[u], *vals[u]])
                    n += 1
    os.replace(tmp, dest)
    return n


def export_matrix(project: Project, request: AgreementRequest,
                  path: str | os.PathLike[str]) -> int:
    """Load the data of ``request`` and write its reliability matrix to ``path`` (CSV)."""
    return write_matrix_csv(load_study(project, request), path)
