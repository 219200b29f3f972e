"""The one "innermost section at a position" rule (issue 12, item 12), ties included."""

from __future__ import annotations

from annotator.domain.model import Segment
from annotator.domain.section_index import SectionIndex, innermost_section, section_label
from annotator.services.codebook import section_at

S1 = Segment("section", "1", "First", 0, 100, False, 1)
S1A = Segment("subsection", "1.a", "Inner", 10, 50, False, 2)
S1B = Segment("subsection", "1.b", "Later", 50, 100, False, 2)
SUB = Segment("subheading", "1.b.1", "Prisons", 60, 80, False, 3)
S2 = Segment("section", "2", "Second", 120, 200, False, 1)
PARA = Segment("paragraph", "3", "", 0, 200, False, 5)


def test_nesting_and_gaps() -> None:
    index = SectionIndex([S2, S1B, S1, S1A, SUB, PARA])
    assert [index.at(p) for p in (0, 9, 10, 49, 50, 65, 99, 100, 119, 120, 199, 200, -1)] == [
        S1, S1, S1A, S1A, S1B, S1B, S1B, None, None, S2, S2, None, None]
    assert index.label(12) == "1.a Inner" and index.label(110) == ""


def test_kinds_none_takes_every_segment_given() -> None:
    index = SectionIndex([S1, S1B, SUB], kinds=None)
    assert index.at(65) is SUB and index.at(85) is S1B


def test_ties_deeper_then_later_start_then_shorter() -> None:
    a = Segment("subsection", "1.a", "A", 10, 60, False, 2)
    b = Segment("subsection", "1.b", "B", 40, 90, False, 2)  # overlaps a: a malformed outline
    c = Segment("subsection", "1.c", "C", 40, 70, False, 2)  # same start as b, shorter
    for order in ([S1, a, b, c], [c, b, a, S1], [b, S1, c, a]):
        index = SectionIndex(order)
        assert index.at(45) is c  # same level: later start, then the shorter one
        assert index.at(75) is b
        assert index.at(20) is a
    deep_early = Segment("subsection", "1.a", "A", 10, 90, False, 2)
    shallow_late = Segment("section", "2", "B", 30, 95, False, 1)
    assert innermost_section([deep_early, shallow_late], 40) is deep_early  # deeper wins


def test_every_caller_uses_the_same_rule() -> None:
    a = Segment("subsection", "1.a", "A", 10, 60, False, 2)
    b = Segment("subsection", "1.b", "B", 40, 90, False, 2)
    c = Segment("subsection", "1.c", "C", 40, 70, False, 2)
    segs = [S1, a, b, c]
    assert section_at(segs, 45) == section_label(c) == "1.c C"
    from annotator.services.agreement.units import section_units

    units = section_units([(s.kind, s.path, s.start, s.end, s.level) for s in segs])
    assert units == [(0, 10, "§ 1"), (10, 40, "§ 1.a"), (40, 70, "§ 1.c"), (70, 90, "§ 1.b"),
                     (90, 100, "§ 1")]
