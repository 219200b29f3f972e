"""Agreement over a project's codings: units, hierarchy, pooling, exclusions, exports, refusals.

The expected values come from the statistics engine run on matrices written out by hand, so a
wrong unit, presence rule or document selection in the project layer shows up as a mismatch.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from annotator import agreement as ag
from annotator.domain.errors import ValidationError
from annotator.services.agreement import (STATISTICS, AgreementRequest, compute_agreement,
                                          export_matrix, load_study)
from annotator.services.agreement.masks import weighted_data
from annotator.services.agreement.tables import code_table, pair_matrix
from annotator.services.assignments import assign
from annotator.services.project import Project

from tests.services import agreement_helpers as h  # noqa: E402

ALL = STATISTICS


@pytest.fixture(scope="module")
def fx(tmp_path_factory: pytest.TempPathFactory) -> h.Fixture:
    return h.build(tmp_path_factory.mktemp("agreement"), coders=("alice", "bob", "carol"))


@pytest.fixture
def project(fx: h.Fixture) -> Project:
    p = Project.open(fx.path, backup=False)
    yield p
    p.close()


def _req(*coders: str, **kw: object) -> AgreementRequest:
    return AgreementRequest(coders or ("alice", "bob"), **kw)  # type: ignore[arg-type]


def _expected(name: str) -> np.ndarray:
    return np.asarray(h.EXPECTED_PARAGRAPHS[name], dtype=bool)


def test_paragraph_rows_equal_the_engine_on_hand_made_matrices(project: Project) -> None:
    rep = compute_agreement(project, _req(unit="paragraph", statistics=ALL))
    assert [d["title"] for d in rep.documents] == ["Doc A", "Doc B"]
    assert rep.excluded == [{"id": 3, "title": "Doc C", "reason": "not coded by bob"}]
    for name in ("Torture", "Detention", "Expression"):
        row = rep.code(_path(name))
        m = _expected(name)
        assert row.n_units == 9
        assert row.marked == {"alice": int(m[:, 0].sum()), "bob": int(m[:, 1].sum())}
        assert row.value("alpha") == pytest.approx(ag.krippendorff_alpha(m).value)
        assert row.value("kappa") == pytest.approx(ag.cohen_kappa(m).value)
        assert row.value("pi") == pytest.approx(ag.scott_pi(m).value)
        assert row.value("ac1") == pytest.approx(ag.gwet_ac1(m).value)
        assert row.value("bp") == pytest.approx(ag.brennan_prediger(m).value)
        assert row.value("percent") == pytest.approx(ag.percent_agreement(m).value)


def _path(name: str) -> str:
    return {"Torture": "Rights/Torture", "Detention": "Rights/Detention"}.get(name, name)


def test_parent_is_present_where_any_child_is_and_levels_pool(project: Project) -> None:
    rep = compute_agreement(project, _req(statistics=("alpha", "percent")))
    parent = _expected("Torture") | _expected("Detention")
    row = rep.code("Rights")
    assert row.aggregated and row.value("alpha") == pytest.approx(
        ag.krippendorff_alpha(parent).value)
    level1 = np.concatenate([parent, _expected("Expression")])
    level2 = np.concatenate([_expected("Torture"), _expected("Detention")])
    leaves = np.concatenate([_expected(n) for n in ("Torture", "Detention", "Expression")])
    assert [r.key for r in rep.levels] == ["level:1", "level:2"]
    assert rep.levels[0].value("alpha") == pytest.approx(ag.krippendorff_alpha(level1).value)
    assert rep.levels[1].value("alpha") == pytest.approx(ag.krippendorff_alpha(level2).value)
    assert rep.overall.value("alpha") == pytest.approx(ag.krippendorff_alpha(leaves).value)
    assert rep.overall.n_units == 27 and rep.overall.n_codes == 3
    assert code_table(rep)[1][-1][1] == "3 × 9"


def test_per_document_rows_pool_the_codes_of_one_document(project: Project) -> None:
    rep = compute_agreement(project, _req(statistics=("alpha",)))
    leaves = np.stack([_expected(n) for n in ("Torture", "Detention", "Expression")])
    doc_a, doc_b = leaves[:, :6].reshape(-1, 2), leaves[:, 6:].reshape(-1, 2)
    assert [r.document_id for r in rep.per_document] == [1, 2]
    assert rep.per_document[0].value("alpha") == pytest.approx(
        ag.krippendorff_alpha(doc_a).value)
    assert rep.per_document[1].value("alpha") == pytest.approx(
        ag.krippendorff_alpha(doc_b).value)


def test_span_statistics_equal_the_engine_on_the_passages(project: Project,
                                                          fx: h.Fixture) -> None:
    rep = compute_agreement(project, _req(statistics=("alpha_u", "char_kappa")))
    study = load_study(project, _req())
    lengths = [len(fx.texts["A"]), len(fx.texts["B"])]
    spans = []
    with project.read() as tx:
        names = {c.id: c.name for c in tx.coders()}
        torture = tx.code_by_uuid(fx.codes["Torture"]).id
        for c in tx.codings(code_ids=[torture]):
            if c.document_id in (fx.docs["A"], fx.docs["B"]) and names[c.coder_id] != "carol":
                base = 0 if c.document_id == fx.docs["A"] else lengths[0]
                spans.append((names[c.coder_id], c.start + base, c.end + base, "T"))
    total = sum(lengths)
    row = rep.code("Rights/Torture")
    au = ag.unitized_alpha(spans, (0, total), coders=("alice", "bob"))
    assert row.value("alpha_u") == pytest.approx(au.per_category["T"].value)
    ck = ag.character_kappa(spans, [(0, lengths[0]), (lengths[0], total)], ("alice", "bob"), "T")
    assert row.value("char_kappa") == pytest.approx(ck.value)
    assert row.results["char_kappa"].details["both"] == ck.details["both"]
    assert study.total == total


def test_character_unit_equals_the_expanded_character_matrix(project: Project,
                                                             fx: h.Fixture) -> None:
    rep = compute_agreement(project, _req(unit="character", statistics=ALL))
    row = rep.code("Expression")
    total = len(fx.texts["A"]) + len(fx.texts["B"])
    s, e = fx.paras["A"][4]
    m = np.zeros((total, 2), dtype=bool)
    m[s:e, 0] = True  # alice: the whole paragraph
    m[s:s + 23, 1] = True  # bob: its first 23 characters
    assert row.n_units == total
    for stat, fn in (("alpha", ag.krippendorff_alpha), ("kappa", ag.cohen_kappa),
                     ("pi", ag.scott_pi), ("ac1", ag.gwet_ac1), ("percent",
                                                                  ag.percent_agreement)):
        assert row.value(stat) == pytest.approx(fn(m).value), stat
    assert row.value("kappa") == pytest.approx(row.value("char_kappa"))


@pytest.mark.parametrize("n_coders", [2, 3])
def test_weighted_patterns_match_the_expanded_matrix(n_coders: int) -> None:
    rng = np.random.default_rng(n_coders)
    full = rng.random((500, n_coders)) < 0.3
    masks_ = (full * (1 << np.arange(n_coders))).sum(axis=1)
    weights = np.bincount(masks_, minlength=1 << n_coders).astype(float)
    rd = weighted_data(weights, n_coders)
    assert ag.krippendorff_alpha(rd).value == pytest.approx(ag.krippendorff_alpha(full).value)
    assert ag.fleiss_kappa(rd).value == pytest.approx(ag.fleiss_kappa(full).value)
    assert ag.gwet_ac1(rd).value == pytest.approx(ag.gwet_ac1(full).value)
    assert ag.cohen_kappa(rd.select_coders([0, 1])).value == pytest.approx(
        ag.cohen_kappa(full[:, :2]).value)


def test_sentence_and_document_units(project: Project) -> None:
    rep = compute_agreement(project, _req(unit="sentence", statistics=("alpha",)))
    # A: 1 + 2 + 2 + 1 + 2 + 1 sentences, B: 2 + 1 + 1 ("Mr." and "U.S." do not split)
    assert [d["units"] for d in rep.documents] == [9, 4]
    rep = compute_agreement(project, _req(unit="document", statistics=("alpha", "percent")))
    torture = rep.code("Rights/Torture")
    assert torture.value("alpha") is None and "only one value" in torture.results["alpha"].note
    assert torture.value("percent") == 1.0


def test_section_units_exclude_documents_without_sections(project: Project) -> None:
    rep = compute_agreement(project, _req(unit="section", statistics=("alpha",)))
    assert [d["title"] for d in rep.documents] == ["Doc A"]
    assert {"id": 2, "title": "Doc B", "reason": "is not a report with sections (sections "
            "come from importing a report)"} in rep.excluded
    assert rep.documents[0]["units"] == 2
    with pytest.raises(ValidationError, match="none of the 1 documents compared has sections"):
        compute_agreement(project, _req(unit="section", documents=(2,)))


def test_majority_rule_needs_half_the_unit(project: Project) -> None:
    rep = compute_agreement(project, _req(statistics=("alpha",), rule="majority"))
    # Torture: alice covers 36 of 82 characters of A1, 10 of 77 of A2 and 22 of 49 of B0 (all
    # under half); bob covers 29 of 82 of A1 but the whole of B0.
    assert rep.code("Rights/Torture").marked == {"alice": 0, "bob": 1}
    # Expression: alice the whole of A4, bob 23 of its 50 characters.
    assert rep.code("Expression").marked == {"alice": 1, "bob": 0}
    assert "half of the unit" in rep.definitions["presence"]


def test_three_coders_use_multi_coder_forms_and_pairs(project: Project) -> None:
    rep = compute_agreement(project, _req("alice", "bob", "carol", statistics=("kappa", "pi",
                                                                              "alpha")))
    assert rep.code("Rights/Torture").results["kappa"].statistic == "conger_kappa"
    assert rep.code("Rights/Torture").results["pi"].statistic == "fleiss_kappa"
    assert [r.coders for r in rep.pairwise] == [("alice", "bob"), ("alice", "carol"),
                                                ("bob", "carol")]
    two = compute_agreement(project, _req("alice", "bob", statistics=("alpha",),
                                          documents=(1, 2)))
    # carol also skipped Doc C, so the pair alice-bob pools the same units as the 2-coder run
    assert rep.pair("alice", "bob").value("alpha") == pytest.approx(two.overall.value("alpha"))
    coders, mat = pair_matrix(rep, "alpha")
    assert mat[0][1] == mat[1][0] == rep.pair("alice", "bob").value("alpha")
    assert mat[0][0] is None


def test_intervals_are_seeded(project: Project) -> None:
    a = compute_agreement(project, _req(statistics=("alpha",), ci=True, n_boot=200, seed=4))
    b = compute_agreement(project, _req(statistics=("alpha",), ci=True, n_boot=200, seed=4))
    ci = a.overall.results["alpha"].ci
    assert ci is not None and ci[0] <= a.overall.value("alpha") <= ci[1]
    assert ci == b.overall.results["alpha"].ci
    assert "bootstrap" in a.definitions["ci"]


def test_assigned_documents_count_even_without_codings(project: Project, fx: h.Fixture,
                                                       tmp_path: Path) -> None:
    fresh = h.build(tmp_path)
    with Project.open(fresh.path, backup=False) as p:
        assign(p, ["alice", "bob"], documents=[fresh.docs["C"]])
        rep = compute_agreement(p, _req(statistics=("alpha",)))
        assert [d["title"] for d in rep.documents] == ["Doc A", "Doc B", "Doc C"]
        assert rep.excluded == []


@pytest.mark.parametrize("kwargs, message", [
    ({"coders": ("alice", "zoe")}, "no coder named 'zoe'"),
    ({"documents": (3,)}, "have no documents in common in the chosen documents"),
    ({"codes": ("Unused",)}, "no codings of 'Unused' by alice, bob"),
    ({"codes": ("Nope",)}, "no code 'Nope'"),
    ({"documents": (99,)}, "no document with id 99"),
    ({"unit": "page"}, "unknown unit 'page'"),
    ({"statistics": ("alpha", "bogus")}, "unknown statistic 'bogus'"),
    ({"coders": ("alice",)}, "at least two coders"),
])
def test_bad_requests_get_clear_messages(project: Project, kwargs: dict[str, object],
                                         message: str) -> None:
    from annotator.domain.errors import AnnotatorError

    args = {"coders": ("alice", "bob"), **kwargs}
    with pytest.raises(AnnotatorError, match=message):
        compute_agreement(project, AgreementRequest(**args))  # type: ignore[arg-type]


def test_coders_without_common_documents(tmp_path: Path) -> None:
    fx = h.build(tmp_path)
    with Project.open(fx.path, backup=False) as p:
        p.use_coder("dora")
        with pytest.raises(ValidationError, match="alice and dora have no documents in common"):
            compute_agreement(p, _req("alice", "dora"))


def test_report_is_json_ready_and_explains_itself(project: Project) -> None:
    rep = compute_agreement(project, _req(statistics=ALL, ci=True, n_boot=50))
    data = json.loads(json.dumps(rep.to_dict()))
    assert data["overall"]["results"]["alpha"]["ci"] is not None
    assert set(data["definitions"]) >= {"unit", "presence", "alpha", "char_kappa", "ci"}
    assert any(".800 is customarily required" in line for line in rep.reading)
    assert "shares at least one character" in rep.definitions["presence"]


def test_matrix_csv_holds_the_presence_values(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "m.csv"
    n = export_matrix(project, _req(), out)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert n == len(rows) == 4 * 9  # 4 code rows x 9 paragraphs
    torture = [(int(r["alice"]), int(r["bob"])) for r in rows if r["code_path"] ==
               "Rights/Torture"]
    assert torture == h.EXPECTED_PARAGRAPHS["Torture"]
    chars = tmp_path / "c.csv"
    export_matrix(project, _req(unit="character"), chars)
    crow = [r for r in csv.DictReader(chars.open(encoding="utf-8"))
            if r["code_path"] == "Expression"]
    assert sum(int(r["chars"]) for r in crow) == load_study(project, _req()).total
    marked = sum(int(r["chars"]) for r in crow if r["alice"] == "1")
    assert marked == compute_agreement(project, _req(unit="character")).code(
        "Expression").marked["alice"]
