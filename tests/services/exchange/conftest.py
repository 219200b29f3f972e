"""Fixtures shared by the codebook exchange tests: a codebook using every field, fixture files."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.codebook import Codebook, CodeNode
from annotator.domain.model import AttributeDef

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def u(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


@pytest.fixture
def fixtures_dir() -> Path:
    """Peer-style .qdc files (NVivo, MAXQDA, ATLAS.ti, QualCoder, Taguette, old namespace)."""
    return FIXTURES


@pytest.fixture
def rich() -> Codebook:
    return rich_codebook()


def rich_codebook() -> Codebook:
    """Every field in use, with text chosen to trip up a naive description format."""
    tricky = ("First line\n\n--- annotator fields ---\nLabel: not a real field\n"
              "  indented line\n\n  \ttabs and trailing spaces  \nEnd")
    score = AttributeDef("score", "ordinal", ("0 frequent", "1 occasional", "2 none"),
                         "CIRI score; \"quoted\" and ünïcödé")
    return Codebook("Rich", about="About text", version="2.1", nodes=(
        CodeNode(u(1), "Physical integrity", None, codable=False, color="#D55E00",
                 definition="Grouping for physical integrity rights."),
        CodeNode(u(2), "Torture", u(1), label="TORT", definition=tricky,
                 inclusion="Beatings\nShocks", exclusion="Inclusion: looks like a field",
                 examples="\nstarts with a newline", atypical_examples="Hazing", color="#E07A33",
                 shortcut="t", attributes=(score, AttributeDef("perpetrator", "text"))),
        CodeNode(u(3), "National/Racial/Ethnic Minorities", u(1), deprecated=True,
                 definition="Carriage\rreturn and <xml> & \"quotes\"", position=1),
        CodeNode(u(4), "Other", u(1), position=2),
        CodeNode(u(5), "Civil", None, position=1, color="#0072B2"),
        CodeNode(u(6), "Other", u(5), definition="Same name as a sibling of another parent"),
        CodeNode(u(7), "Only extras", u(5), position=1, label="X"),
    ))
