"""The pure codebook tree: paths, ordering, invariants, nested form, colours and diffs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.domain.codebook import (
    MAX_NAME_LENGTH, Codebook, CodeNode, diff_codebooks, join_path, normalize_color,
    split_path, stable_uuid,
)
from annotator.domain.codebook_colors import child_color, shade
from annotator.domain.errors import NotFoundError, ValidationError
from annotator.domain.model import AttributeDef

SCORE = AttributeDef("score", "ordinal", ("0 frequent", "1 occasional", "2 none"), "CIRI score")


def u(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def node(n: int, name: str, parent: int | None = None, **kw: object) -> CodeNode:
    parent_uuid = None if parent is None else u(parent)
    return CodeNode(u(n), name, parent_uuid, **kw)  # type: ignore[arg-type]


def sample() -> Codebook:
    """Physical (1) > Torture (2), Killing (3), Other (4); Civil (5) > Other (6), Speech (7)."""
    return Codebook("Sample", about="test", version="1", nodes=(
        node(7, "Speech", 5, position=0, color="#0072B2"),
        node(6, "Other", 5, position=1),
        node(5, "Civil", position=1, codable=False),
        node(4, "Other", 1, position=2),
        node(3, "Killing", 1, position=1, attributes=(SCORE,)),
        node(2, "Torture", 1, position=0, definition="Severe pain", color="#D55E00"),
        node(1, "Physical", position=0, codable=False),
    ))


# ----- paths ------------------------------------------------------------------------------------
def test_path_escapes_slashes_inside_names() -> None:
    book = Codebook("b", nodes=(node(1, "National/Racial"), node(2, "A\\B", 1)))
    assert book.path(u(2)) == "National\\/Racial/A\\\\B"
    assert split_path(book.path(u(2))) == ["National/Racial", "A\\B"]
    assert book.find_path("National\\/Racial/A\\\\B") == book.get(u(2))
    assert book.find_path("National/Racial") is None


@given(st.lists(st.text(min_size=1), min_size=1, max_size=5))
def test_join_and_split_are_inverse(names: list[str]) -> None:
    assert split_path(join_path(names)) == names


# ----- tree -------------------------------------------------------------------------------------
def test_nodes_are_kept_in_tree_order_by_position() -> None:
    book = sample()
    assert [n.name for n in book.nodes] == ["Physical", "Torture", "Killing", "Other", "Civil",
                                            "Speech", "Other"]
    assert [n.name for n in book.walk()] == [n.name for n in book.nodes]
    assert [d for d, _ in book.walk_with_depth()] == [0, 1, 1, 1, 0, 1, 1]
    assert [n.name for n in book.children(u(1))] == ["Torture", "Killing", "Other"]
    assert [n.name for n in book.roots()] == ["Physical", "Civil"]


def test_equal_codebooks_compare_equal_whatever_the_input_order() -> None:
    a = sample()
    b = Codebook("Sample", about="test", version="1", nodes=tuple(reversed(a.nodes)))
    assert a == b


def test_lookup_helpers() -> None:
    book = sample()
    assert book.path(u(6)) == "Civil/Other"
    assert [n.name for n in book.ancestors(u(2))] == ["Physical"]
    assert [n.name for n in book.descendants(u(1))] == ["Torture", "Killing", "Other"]
    assert book.depth(u(2)) == 1 and book.depth(u(1)) == 0
    assert book.parent(u(2)) == book.get(u(1))
    assert u(2) in book and len(book) == 7
    assert book.find(u(99)) is None
    with pytest.raises(NotFoundError):
        book.get(u(99))


def test_listing_gives_one_object_per_code() -> None:
    rows = sample().listing()
    assert rows[1] == {"uuid": u(2), "path": "Physical/Torture", "name": "Torture",
                       "parent_uuid": u(1), "color": "#D55E00", "codable": True,
                       "deprecated": False}


def test_derived_codebooks() -> None:
    book = sample()
    smaller = book.without(u(1))
    assert {n.name for n in smaller} == {"Civil", "Other", "Speech"}
    renamed = book.with_node(book.get(u(2)).replace(name="Torture and ill-treatment"))
    assert renamed.get(u(2)).name == "Torture and ill-treatment" and len(renamed) == 7
    added = book.with_node(node(8, "New", 5, position=5))
    assert added.path(u(8)) == "Civil/New"
    wrapped = book.nested_under("CIRI")
    assert [n.name for n in wrapped.roots()] == ["CIRI"]
    assert wrapped.path(u(2)) == "CIRI/Physical/Torture"
    assert wrapped.roots()[0].codable is False
    wrapped.validate()
    gaps = Codebook("g", nodes=(node(1, "A", position=10), node(2, "B", position=20)))
    assert [n.position for n in gaps.renumbered()] == [0, 1]


# ----- invariants -------------------------------------------------------------------------------
def test_sample_is_valid_and_same_name_under_two_parents_is_fine() -> None:
    sample().validate()


@pytest.mark.parametrize(("nodes", "fragment"), [
    ((node(1, "A"), node(2, "a ", position=1)), "starts or ends with spaces"),
    ((node(1, "A"), node(2, "A")), "two codes are called 'A' at the top level"),
    ((node(1, "P"), node(2, "x", 1), node(3, "X", 1)), "under 'P'"),
    ((node(1, "A", 2), node(2, "B", 1)), "cyclic parent reference"),
    ((node(1, "A", 1),), "is its own parent"),
    ((node(1, "A", 9),), "names a parent"),
    ((node(1, "A"), CodeNode(u(1), "B", None)), "share the id"),
    ((CodeNode("not-a-uuid", "A", None),), "invalid id"),
    ((node(1, "A", color="red"),), "expected #RRGGBB"),
    ((node(1, "x" * (MAX_NAME_LENGTH + 1)),), "characters long"),
    ((node(1, "   "),), "empty name"),
    ((node(1, "line\nbreak"),), "control character"),
    ((node(1, "A", shortcut="1"), node(2, "B", shortcut="1")), "share the shortcut"),
    ((node(1, "A", attributes=(AttributeDef("s", "ordinal"),)),), "has no levels"),
    ((node(1, "A", attributes=(AttributeDef("s", "weird"),)),), "unknown type"),
    ((node(1, "A", attributes=(SCORE, SCORE)),), "two attributes"),
])
def test_validate_names_the_problem(nodes: tuple[CodeNode, ...], fragment: str) -> None:
    book = Codebook("Bad", nodes=nodes)
    with pytest.raises(ValidationError, match="Bad") as info:
        book.validate()
    assert fragment in str(info.value)


def test_a_long_cycle_is_reported_once_with_its_members() -> None:
    book = Codebook("c", nodes=(node(1, "A", 3), node(2, "B", 1), node(3, "C", 2),
                                node(4, "D", 1)))
    cycles = [p for p in book.problems() if "cyclic" in p]
    assert len(cycles) == 1
    assert all(name in cycles[0] for name in "ABC")
    assert len(book.nodes) == 4  # unreachable nodes are kept


# ----- nested form ------------------------------------------------------------------------------
def test_nested_round_trip_keeps_everything() -> None:
    book = sample().replace(id="sample")
    again = Codebook.from_nested(book.to_nested())
    assert again == book.renumbered()
    assert again.to_nested() == book.to_nested()


def test_from_nested_repairs_missing_uuid_and_bad_colour() -> None:
    data = {"format": "annotator-codebook", "format_version": 1, "name": "n",
            "codes": [{"name": "A", "color": "nonsense", "children": [{"name": "B"}]}]}
    warnings: list[str] = []
    book = Codebook.from_nested(data, warnings)
    b = book.find_path("A/B")
    assert b is not None and b.uuid == stable_uuid("imported", "A/B")
    assert book.roots()[0].color == "#888888"
    assert len(warnings) == 2 and "no uuid" in warnings[0] and "nonsense" in warnings[1]
    book.validate()


@pytest.mark.parametrize(("data", "fragment"), [
    ({"format": "other"}, "not an annotator codebook"),
    ({"format": "annotator-codebook", "format_version": 99}, "format version 99"),
    ({"codes": "x"}, "'codes' must be a list"),
    ({"codes": [{"name": "A", "codable": "yes"}]}, "must be true or false"),
    ({"codes": [{"name": ""}]}, "has no name"),
    ({"codes": [{"name": "A", "attributes": [{"type": "text"}]}]}, "attributes"),
    ([], "JSON object"),
])
def test_from_nested_rejects_bad_structure(data: object, fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        Codebook.from_nested(data)  # type: ignore[arg-type]


# ----- colours ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("#abc", "#AABBCC"), ("#0072b2", "#0072B2"), ("#800072B2", "#0072B2"), ("0072B2", "#0072B2"),
    ("0x0072B2", "#0072B2"), (" #0072B2 ", "#0072B2"), ("rgb(0, 114, 178)", "#0072B2"),
    ("rgba(0,114,178,0.5)", "#0072B2"), ("rgb(100%, 0%, 50%)", "#FF0080"),
    ("Red", "#FF0000"), ("light blue", "#ADD8E6"), ("grey", "#808080"),
])
def test_normalize_color_accepts_common_spellings(text: str, expected: str) -> None:
    assert normalize_color(text) == expected


@pytest.mark.parametrize("text", ["", "#12", "#GGGGGG", "rgb(300, 0, 0)", "rgb(1, 2)",
                                  "blurple", "hsl(10, 20%, 30%)"])
def test_normalize_color_refuses_unknown(text: str) -> None:
    with pytest.raises(ValidationError, match="colour"):
        normalize_color(text)


def test_shades_keep_the_hue_and_differ() -> None:
    assert shade("#0072B2", 1) == "#FFFFFF" and shade("#0072B2", -1) == "#000000"
    kids = {child_color("#0072B2", i) for i in range(5)}
    assert len(kids) == 5 and "#0072B2" not in kids


# ----- diff -------------------------------------------------------------------------------------
def test_diff_lists_exactly_the_changes_made() -> None:
    old = sample()
    b = old
    b = b.with_node(node(8, "Disappearance", 1, position=3))                      # added
    b = b.without(u(7))                                                          # removed
    b = b.with_node(b.get(u(3)).replace(name="Extrajudicial killing"))           # renamed
    b = b.with_node(b.get(u(4)).replace(parent_uuid=None, position=5))           # moved
    b = b.with_node(b.get(u(2)).replace(definition="Deliberate severe pain",
                                        exclusion="Prison conditions"))          # redescribed
    b = b.with_node(b.get(u(6)).replace(color="#CC79A7"))                        # recoloured
    b = b.with_node(b.get(u(3)).replace(attributes=()))                          # attributes
    b = b.with_node(b.get(u(5)).replace(shortcut="c", deprecated=True))          # other
    b = b.replace(version="2")
    b.validate()
    diff = diff_codebooks(old, b)
    assert [e.path for e in diff.added] == ["Physical/Disappearance"]
    assert [e.path for e in diff.removed] == ["Civil/Speech"]
    assert [(e.old, e.new) for e in diff.renamed] == [("Killing", "Extrajudicial killing")]
    assert [(e.path, e.old, e.new) for e in diff.moved] == [("Other", "Physical",
                                                             "(top level)")]
    assert [(e.uuid, e.fields) for e in diff.redescribed] == [(u(2), ("definition",
                                                                      "exclusion"))]
    assert [(e.old, e.new) for e in diff.recoloured] == [("#888888", "#CC79A7")]
    assert [(e.uuid, e.fields) for e in diff.attributes_changed] == [(u(3), ("score",))]
    assert [(e.uuid, e.fields) for e in diff.other_changed] == [(u(5), ("shortcut",
                                                                        "deprecated"))]
    assert diff.reordered == ()
    assert [(e.fields, e.old, e.new) for e in diff.metadata] == [(("version",), "1", "2")]
    assert len(diff.entries()) == 9
    lines = diff.lines()
    assert "Added: Physical/Disappearance" in lines
    assert "Renamed: Killing → Extrajudicial killing (Physical/Extrajudicial killing)" in lines
    assert diff.to_dict()["removed"][0]["path"] == "Civil/Speech"


def test_diff_of_identical_codebooks_is_empty() -> None:
    diff = diff_codebooks(sample(), sample())
    assert not diff and diff.lines() == [] and diff.entries() == []


def test_diff_reports_only_the_code_that_was_moved_within_its_siblings() -> None:
    old = Codebook("r", nodes=tuple(node(i, f"C{i}", position=i) for i in range(1, 6)))
    new = old.with_node(old.get(u(1)).replace(position=99))
    diff = diff_codebooks(old, new)
    assert [e.uuid for e in diff.reordered] == [u(1)]
    assert diff.moved == () and len(diff.entries()) == 1


def test_code_node_dict_round_trip() -> None:
    original = node(3, "Killing", 1, attributes=(SCORE,), shortcut="k", label="KILL")
    data = original.to_dict()
    assert data["parent_uuid"] == u(1) and data["attributes"][0]["levels"][0] == "0 frequent"
    assert CodeNode.from_dict({**data, "unknown": 1}) == original
