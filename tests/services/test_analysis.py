"""Analyses on a hand-checkable project (see analysis_helpers): every expected number below is
worked out from the nine codings listed there."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.domain.errors import NotFoundError
from annotator.services import analysis as an
from annotator.services.exporting.filters import ExportFilter
from annotator.services.project import Project

from tests.services import analysis_helpers as h  # noqa: E402


@pytest.fixture
def built(tmp_path: Path) -> h.Built:
    return h.build_analysis_project(tmp_path / "a.annotator")


@pytest.fixture
def project(built: h.Built):
    p = Project.open(built.path, backup=False)
    yield p
    p.close()


@pytest.fixture
def data(project: Project) -> an.AnalysisData:
    return an.load_analysis(project)


# ----- frequencies --------------------------------------------------------------------------
def test_frequencies_per_coder_with_rollup(data: an.AnalysisData) -> None:
    f = an.code_frequencies(data)
    assert f.coders == ["ann", "bob", "gold"]
    assert [r.code.path for r in f.rows] == [
        "Rights", "Rights/Detention", "Rights/Torture", f"Rights/{h.EXPRESSION}", "Elections"]
    det = f.row("Rights/Detention")
    assert det.own == {"ann": 2, "bob": 1, "gold": 0} and det.own_total == 3
    assert f.row("Rights/Torture").own == {"ann": 1, "bob": 1, "gold": 1}
    rights = f.row("Rights")
    assert rights.own_total == 0
    assert rights.rolled == {"ann": 4, "bob": 3, "gold": 1}
    assert rights.documents == 0 and rights.rolled_documents == 2
    assert f.row("Elections").rolled_documents == 1
    assert f.total == 9
    assert [r.code.name for r in f.used()] == [r.code.name for r in f.rows]
    assert rights.code.depth == 0 and det.code.depth == 1 and not rights.code.codable


def test_frequencies_follow_the_filter(project: Project, built: h.Built) -> None:
    data = an.load_analysis(project, ExportFilter(coders=("bob",), codes=("Rights/Torture",)))
    f = an.code_frequencies(data)
    assert f.coders == ["bob"]
    assert [(r.code.name, r.own_total) for r in f.rows] == [("Torture", 1)]


# ----- coded share --------------------------------------------------------------------------
def _covered(spans: list[tuple[int, int]]) -> int:
    return len({i for s, e in spans for i in range(s, e)})


def test_coded_share_counts_overlaps_once(data: an.AnalysisData) -> None:
    share = an.coded_share(data)
    a_spans = [h.span(h.TEXT_A, n) for n in (
        "Police 😀 detained protesters", "detained protesters in Almaty", "Journalists were beaten",
        "protesters in Almaty. Journalists", "Torture in prisons",
        "Torture in prisons was reported often", "Courts convicted activists")]
    expected = (_covered(a_spans) + len("Torture was common in prisons")
                + len("Elections were postponed"))
    assert share.coded == expected
    assert share.characters == len(h.TEXT_A) + len(h.TEXT_B) + len(h.TEXT_C)
    assert share.share == pytest.approx(expected / share.characters)
    assert share.per_coder["gold"] == len("Torture was common in prisons")
    assert share.documents_coded == 3
    assert 0 < share.coder_share("bob") < share.share


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20)), max_size=25))
def test_union_length_matches_a_character_set(items: list[tuple[int, int]]) -> None:
    spans = [(s, s + n) for s, n in items]
    assert an.union_length(spans) == _covered(spans)


# ----- co-occurrence ------------------------------------------------------------------------
def test_overlap_rule_same_coder(data: an.AnalysisData, built: h.Built) -> None:
    m = an.cooccurrence(data, "overlap")
    d, t, e, el = (built.codes[k] for k in ("Detention", "Torture", "Expression", "Elections"))
    assert [c.uuid for c in m.codes] == [d, t, e, el]
    assert m.count(d, e) == m.count(e, d) == 1  # bob's two codings overlap
    assert m.count(d, t) == 0 and m.count(t, e) == 0
    assert [m.count(x, x) for x in (d, t, e, el)] == [3, 3, 2, 1]  # codings of the code
    assert "same coder" in m.description
    assert [(a.name, b.name, n) for a, b, n in m.top_pairs()] == [
        ("Detention", h.EXPRESSION, 1)]


def test_overlap_rule_any_coder_pairs_across_coders(data: an.AnalysisData,
                                                    built: h.Built) -> None:
    m = an.cooccurrence(data, "overlap", same_coder=False)
    assert m.count(built.codes["Detention"], built.codes["Expression"]) == 2
    assert "any coders" in m.description


def test_paragraph_rule(data: an.AnalysisData, built: h.Built) -> None:
    m = an.cooccurrence(data, "paragraph")
    d, t, e, el = (built.codes[k] for k in ("Detention", "Torture", "Expression", "Elections"))
    assert m.count(d, e) == 1  # paragraph 1 of A (ann and bob: counted once)
    assert m.count(d, t) == 1  # paragraph 2 of A, ann only
    assert m.count(t, e) == 0
    # Torture: A paragraph 2 and B's first blank-line block (B has no stored paragraphs)
    assert [m.count(x, x) for x in (d, t, e, el)] == [2, 2, 1, 1]
    assert m.max_off_diagonal() == 1


def test_unknown_rule_is_refused(data: an.AnalysisData) -> None:
    with pytest.raises(ValueError, match="unknown co-occurrence rule"):
        an.cooccurrence(data, "sentence")


def test_cooccurrence_passages(data: an.AnalysisData, built: h.Built) -> None:
    d, e, t = built.codes["Detention"], built.codes["Expression"], built.codes["Torture"]
    over = an.cooccurrence_passages(data, d, e, "overlap")
    assert [p.text for p in over] == ["detained protesters in Almaty. Journalists"]
    assert over[0].coders == ("bob",) and len(over[0].coding_uuids) == 2
    para = an.cooccurrence_passages(data, d, t, "paragraph")
    assert len(para) == 1
    assert para[0].text == "Courts convicted activists. Torture in prisons was reported often."
    assert para[0].section_path == "1"
    assert an.cooccurrence_passages(data, t, e, "paragraph") == []
    same = an.cooccurrence_passages(data, t, t, "overlap")
    assert len(same) == 3  # where the code occurs: its three codings


# ----- code x country / year ----------------------------------------------------------------
def test_code_by_country_and_year(data: an.AnalysisData, built: h.Built) -> None:
    by_country = an.code_crosstab(data, "country")
    assert by_country.columns == ["Kazakhstan", "Turkey"]
    assert by_country.documents_per_column == [2, 1]
    assert by_country.cell("Rights", "Kazakhstan") == 7
    assert by_country.cell("Rights", "Turkey") == 1
    assert by_country.cell("Elections", "Kazakhstan") == 1
    by_year = an.code_crosstab(data, "year", measure="documents")
    assert by_year.columns == ["2019", "2020"]
    assert by_year.cell("Rights", "2019") == 1 and by_year.cell("Rights", "2020") == 1
    assert by_year.cell("Rights/Torture", "2020") == 1
    flat = an.code_crosstab(data, "country", rollup=False)
    assert "Rights" not in [r.path for r in flat.rows]  # the group has no codings of its own
    assert len(an.code_crosstab(data, "year", keep_empty=True).rows) == 5
    with pytest.raises(ValueError):
        an.code_crosstab(data, "region")


# ----- retrieval ----------------------------------------------------------------------------
def test_retrieve_a_subtree_with_context(project: Project, built: h.Built) -> None:
    found = an.retrieve(project, "Rights/Torture")
    assert [(p.document_title, p.text) for p in found] == [
        ("Kazakhstan 2019", "Torture in prisons"),
        ("Kazakhstan 2019", "Torture in prisons was reported often"),
        ("Turkey 2020", "Torture was common in prisons")]
    first = found[0]
    assert (first.start, first.end) == h.span(h.TEXT_A, "Torture in prisons")
    assert (first.section_path, first.section_title) == ("1", "Integrity")
    assert found[1].memo == "clear" and found[1].coders == ("bob",)
    assert first.code_path == "Rights/Torture"
    det = an.retrieve(project, "Rights/Detention")
    assert det[0].text == "Police 😀 detained protesters"  # code points, not UTF-16 units
    assert det[0].section_path == "1.a" and "Detention" in det[0].where
    assert len(an.retrieve(project, "Rights")) == 8  # the whole subtree


def test_retrieve_filters(project: Project) -> None:
    assert len(an.retrieve(project, "Rights/Torture", coders=["bob"])) == 1
    assert [p.coders for p in an.retrieve(project, "Rights/Torture", country="turkey")] == [
        ("gold",)]
    assert len(an.retrieve(project, "Rights/Torture", year=2019)) == 2
    with pytest.raises(NotFoundError):
        an.retrieve(project, "No such code")
    with pytest.raises(NotFoundError):
        an.retrieve(project, "Rights", coders=["nobody"])


def test_retrieve_from_loaded_data(data: an.AnalysisData, built: h.Built) -> None:
    rights = built.codes["Rights"]
    assert len(an.retrieve_from(data, rights, coders=["ANN"])) == 4
    assert len(an.retrieve_from(data, rights, year=2020)) == 1
    assert len(an.retrieve_from(data, None, document_ids=[built.docs["C"]])) == 1
    assert len(an.retrieve_from(data, rights, country="Kazakhstan", year=2019)) == 7


# ----- typical passages ---------------------------------------------------------------------
def test_typical_passages_rank_by_coders_then_agreement(data: an.AnalysisData,
                                                        built: h.Built) -> None:
    typical = an.typical_passages(data, per_code=2)
    assert list(typical) == [built.codes[k] for k in ("Detention", "Torture", "Expression",
                                                       "Elections")]
    best, second = typical[built.codes["Torture"]]
    assert best.coders == 2 and best.memos == 1
    assert best.passage.text == "Torture in prisons was reported often"
    assert best.core == h.span(h.TEXT_A, "Torture in prisons")
    assert best.agreement == pytest.approx(len("Torture in prisons")
                                           / len("Torture in prisons was reported often"))
    assert second.passage.document_title == "Turkey 2020"  # another document before repeats
    assert second.coders == 1 and second.core is None
    assert "2 coders" in best.reason and "1 memo" in best.reason
    det = typical[built.codes["Detention"]]
    assert det[0].passage.text == "Police 😀 detained protesters in Almaty"
    assert det[0].core == h.span(h.TEXT_A, "detained protesters")
    assert det[1].passage.text == "Courts convicted activists"  # same document: second round
    assert len(an.typical_passages(data, per_code=1)[built.codes["Detention"]]) == 1


# ----- summary ------------------------------------------------------------------------------
def test_project_summary(data: an.AnalysisData) -> None:
    s = an.project_summary(data)
    assert (s.name, s.documents, s.codings, s.codes, s.codes_used) == (
        "analysis test", 3, 9, 5, 4)
    assert s.countries == ["Kazakhstan", "Turkey"] and s.year_span == "2019–2020"
    assert [(c.name, c.codings, c.documents, c.is_gold) for c in s.coders] == [
        ("ann", 5, 2, False), ("bob", 3, 1, False), ("gold", 1, 1, True)]
    assert 0 < s.share.share < 1


def test_empty_selection(project: Project) -> None:
    data = an.load_analysis(project, ExportFilter(country="Nowhere"))
    assert an.code_frequencies(data).total == 0
    assert an.coded_share(data).share == 0.0
    assert an.cooccurrence(data).codes == []
    assert an.typical_passages(data) == {}
    assert an.code_crosstab(data).columns == []
