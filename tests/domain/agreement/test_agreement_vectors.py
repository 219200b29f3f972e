"""Every public acceptance vector of reference/agreement-vectors.json, within its tolerance."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from annotator import agreement as ag


def _vectors_file() -> Path:
    shared = os.environ.get("ANNOTATOR_SHARED")
    base = Path(shared) if shared else Path(__file__).resolve().parents[3] / ".." / "shared"
    return base / "reference" / "agreement-vectors.json"


VECTORS_FILE = _vectors_file()
VECTORS: list[dict[str, Any]] = (json.loads(VECTORS_FILE.read_text(encoding="utf-8"))
                                 if VECTORS_FILE.exists() else [])
needs_vectors = pytest.mark.skipif(not VECTORS, reason=f"reference vectors not found at "
                                   f"{VECTORS_FILE} (set ANNOTATOR_SHARED)")


def _alpha(v: dict[str, Any]) -> dict[str, float]:
    r = ag.krippendorff_alpha(v["data"]["matrix"], level=v["level"])
    return {"alpha": r.value, "D_o": r.observed, "D_e": r.expected}


def _cohen(v: dict[str, Any]) -> dict[str, float]:
    d = v["data"]
    r = ag.cohen_kappa_from_table(d["table"], categories=d["categories"])
    return {"kappa": r.value, "p_o": r.observed, "p_e": r.expected}


def _gwet(v: dict[str, Any]) -> dict[str, float]:
    m = v["data"]["matrix"]
    ac1, fleiss = ag.gwet_ac1(m), ag.fleiss_kappa(m)
    return {"gwet_ac1": ac1.value, "gwet_ac1_pe": ac1.expected,
            "brennan_prediger": ag.brennan_prediger(m).value, "fleiss_kappa": fleiss.value,
            "fleiss_pe": fleiss.expected, "conger_kappa": ag.conger_kappa(m).value,
            "percent_agreement": ag.percent_agreement(m).value}


def _fleiss(v: dict[str, Any]) -> dict[str, float]:
    r = ag.fleiss_kappa(v["data"]["matrix"])
    return {"kappa": r.value, "p_o": r.observed, "p_e": r.expected}


def _nvivo(v: dict[str, Any]) -> dict[str, float]:
    d = v["data"]
    one = d["exactly_one"]
    values = {ag.character_kappa_from_counts(d["both"], a, one - a, d["neither"]).observed
              for a in (0, one // 3, one)}  # the split of single-coded characters is unknown
    assert len({round(x, 12) for x in values}) == 1
    return {"percent_agreement": values.pop()}


def _unitized(v: dict[str, Any]) -> dict[str, float]:
    d = v["data"]
    r = ag.unitized_alpha([tuple(s) for s in d["spans"]], tuple(d["continuum"]),
                          coders=d["coders"])
    out: dict[str, float] = {"alpha_overall_dkpro": r.value}
    for cat, res in r.per_category.items():
        out.update({f"alpha_{cat}": res.value, f"D_o_{cat}": res.observed,
                    f"D_e_{cat}": res.expected})
    return out


def _distance(v: dict[str, Any]) -> dict[str, Any]:
    return {"delta2": [ag.unitizing_distance(g, h) for g, h in v["data"]["pairs"]]}


HANDLERS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "krippendorff_alpha": _alpha,
    "cohen_kappa": _cohen,
    "gwet_ac1|brennan_prediger|fleiss_kappa|conger_kappa|percent_agreement": _gwet,
    "fleiss_kappa": _fleiss,
    "nvivo_percentage_agreement": _nvivo,
    "krippendorff_alpha_unitizing_1995": _unitized,
    "krippendorff_unitizing_distance": _distance,
}


@needs_vectors
@pytest.mark.parametrize("vector", VECTORS, ids=[v["id"] for v in VECTORS])
def test_vector(vector: dict[str, Any]) -> None:
    handler = HANDLERS.get(vector["statistic"])
    assert handler is not None, f"no handler for statistic {vector['statistic']!r}"
    got = handler(vector)
    tol = vector["tolerance"]
    for key, expected in vector["expected"].items():
        assert key in got, f"{vector['id']}: {key} not computed"
        if isinstance(expected, list):
            assert got[key] == pytest.approx(expected, abs=tol), key
        else:
            assert got[key] is not None, f"{vector['id']}: {key} undefined"
            assert got[key] == pytest.approx(expected, abs=tol), key


@needs_vectors
def test_fleiss_category_kappas() -> None:
    """Fleiss (1971) per-category kappas (notes of FK-01, tolerance 0.005)."""
    fk = next(v for v in VECTORS if v["id"] == "FK-01")
    r = ag.fleiss_kappa(fk["data"]["matrix"])
    got = [r.per_category[k].value for k in (1, 2, 3, 4, 5)]
    assert got == pytest.approx([0.248, 0.248, 0.517, 0.470, 0.565], abs=0.005)


@needs_vectors
def test_cohen_vector_from_raw_units() -> None:
    """The contingency form and the expanded units x coders form agree."""
    ck = next(v for v in VECTORS if v["id"] == "CK-01")
    cats, table = ck["data"]["categories"], ck["data"]["table"]
    rows = [[cats[i], cats[j]] for i in range(2) for j in range(2) for _ in range(table[i][j])]
    assert ag.cohen_kappa(rows, order=cats).value == pytest.approx(0.4, abs=1e-12)


@needs_vectors
def test_percent_agreement_definitions_on_k2011() -> None:
    """The four 'percent agreements' of agreement.md 2.1 on the K2011 data."""
    m = next(v for v in VECTORS if v["id"] == "KA-01")["data"]["matrix"]
    r = ag.percent_agreement(m)
    assert r.value == pytest.approx(0.8181818, abs=1e-6)
    assert r.details["pairable_weighted"] == pytest.approx(0.8, abs=1e-9)
    assert r.details["pooled_pairs"] == pytest.approx(0.7818182, abs=1e-6)
    assert r.details["unanimous"] == pytest.approx(8 / 11, abs=1e-9)
