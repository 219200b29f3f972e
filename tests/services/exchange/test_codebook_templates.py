"""The shipped taxonomies: present, valid, well-formed content, palette, own-words guard."""

from __future__ import annotations

import colorsys
import html
import re
from pathlib import Path

import pytest

from annotator.domain.codebook import Codebook, stable_uuid
from annotator.domain.codebook_colors import OKABE_ITO
from annotator.domain.errors import NotFoundError
from annotator.resources import resource_path
from annotator.services.exchange.templates import list_templates, load_template

IDS = ["ciri", "country-reports-2019", "country-reports-2021", "pts", "udhr", "violations"]


@pytest.fixture(scope="module")
def books() -> dict[str, Codebook]:
    return {t: load_template(t) for t in IDS}


def test_templates_are_listed_with_counts(books: dict[str, Codebook]) -> None:
    infos = list_templates()
    assert [t.id for t in infos] == IDS
    for info in infos:
        assert info.codes == len(books[info.id]) and info.name == books[info.id].name
        assert info.version == "1.0" and len(info.about) > 200
    assert resource_path("codebooks", "ciri.json").is_file()
    with pytest.raises(NotFoundError, match="available: ciri"):
        load_template("nope")


def test_ids_are_fixed_uuid5_values_and_unique_across_templates(
        books: dict[str, Codebook]) -> None:
    seen: set[str] = set()
    for tid, book in books.items():
        assert book.id == tid
        for node in book.nodes:
            assert node.uuid == stable_uuid("template", tid, book.path(node.uuid))
            assert node.uuid not in seen
            seen.add(node.uuid)
    combined = Codebook("all", nodes=tuple(n for b in books.values()
                                           for n in b.nested_under(b.name).nodes))
    combined.validate()


def test_every_code_is_described_and_shortcuts_are_left_to_the_app(
        books: dict[str, Codebook]) -> None:
    for tid, book in books.items():
        for node in book.nodes:
            assert len(node.definition) >= 40, (tid, node.name)
            assert node.shortcut is None and not node.deprecated
            if tid in ("ciri", "udhr", "violations") and node.codable:
                assert node.inclusion, (tid, node.name)


def _hue(color: str) -> tuple[float, float]:
    r, g, b = (int(color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    h, _, s = colorsys.rgb_to_hls(r, g, b)
    return h, s


def test_palette_is_okabe_ito_and_children_share_their_parents_hue(
        books: dict[str, Codebook]) -> None:
    for tid, book in books.items():
        for node in book.roots():
            if tid not in ("udhr", "violations"):
                assert node.color in OKABE_ITO + ("#999999",), (tid, node.name)
        for node in book.nodes:
            if node.parent_uuid is None:
                continue
            parent = book.get(node.parent_uuid)
            (h1, s1), (h2, _) = _hue(parent.color), _hue(node.color)
            assert node.color != parent.color
            if s1 > 0.2:
                assert min(abs(h1 - h2), 1 - abs(h1 - h2)) < 0.03, (tid, node.name)


def test_ciri_scores(books: dict[str, Codebook]) -> None:
    ciri = books["ciri"]
    assert [n.name for n in ciri.roots()] == ["Physical integrity rights", "Empowerment rights",
                                              "Women's rights", "Judiciary"]
    assert all(not n.codable and not n.attributes for n in ciri.roots())
    labels = {n.label: n for n in ciri.nodes if n.label}
    assert set(labels) == {"KILL", "DISAP", "TORT", "POLPRIS", "SPEECH", "ASSN", "RELFRE",
                           "FORMOV", "DOMMOV", "ELECSD", "WORKER", "WECON", "WOPOL", "WOSOC",
                           "INJUD"}
    for label, node in labels.items():
        (score,) = node.attributes
        assert score.name == "score" and score.type == "ordinal" and node.codable
        top = 3 if label.startswith("W") and label != "WORKER" else 2
        assert [lv.split(" ")[0] for lv in score.levels] == [str(i) for i in range(top + 1)]
    assert "V2.11.06.23" in ciri.about and "Not yet checked" in ciri.about


def test_pts_is_one_code_with_five_levels(books: dict[str, Codebook]) -> None:
    (code,) = books["pts"].nodes
    assert code.codable and code.label == "PTS"
    score = code.attributes[0]
    assert score.type == "ordinal" and [lv[0] for lv in score.levels] == list("12345")
    assert "Gibney" in books["pts"].about


def test_udhr_has_thirty_articles_in_order(books: dict[str, Codebook]) -> None:
    udhr = books["udhr"]
    assert [n.label for n in udhr.nodes] == [f"Art. {i}" for i in range(1, 31)]
    assert all(n.parent_uuid is None and n.codable for n in udhr.nodes)
    assert udhr.nodes[4].name == "Freedom from torture and cruel, inhuman or degrading treatment"


def test_violations_are_top_level_only(books: dict[str, Codebook]) -> None:
    viol = books["violations"]
    names = [n.name for n in viol.nodes]
    assert all(n.parent_uuid is None for n in viol.nodes)
    for expected in ("Killing", "Torture and ill-treatment", "Arbitrary arrest and detention",
                     "Enforced disappearance"):
        assert expected in names
    assert all([a.name for a in n.attributes] == ["perpetrator", "victim group"]
               for n in viol.nodes)
    assert "permission" in viol.about


def test_report_outlines(books: dict[str, Codebook]) -> None:
    old, new = books["country-reports-2019"], books["country-reports-2021"]
    assert [n.label for n in old.roots()] == ["ES"] + [f"S{i}" for i in range(1, 8)]
    assert [n.label for n in old.children(old.roots()[1].uuid)] == [f"1.{c}" for c in "abcdefg"]
    assert [n.label for n in old.children(old.roots()[7].uuid)] == [f"7.{c}" for c in "abcde"]
    assert old.find_path("Section 6. Discrimination, Societal Abuses, and Trafficking in "
                         "Persons/National\\/Racial\\/Ethnic Minorities") is not None
    assert all(n.codable for n in old.nodes)  # sections are codable (see the about text)
    assert new.roots()[5].name == ("Section 5. Governmental Posture Towards International and "
                                   "Nongovernmental Investigation of Alleged Abuses of Human "
                                   "Rights")
    assert new.find_path("Section 1. Respect for the Integrity of the Person/Conflict-related "
                         "Abuses") is not None
    assert any(n.name == "Systemic Racial or Ethnic Violence and Discrimination"
               for n in new.nodes)


def _shingles(text: str, n: int = 7) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z]+", text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def test_udhr_definitions_are_in_our_own_words(books: dict[str, Codebook],
                                               corpus: Path) -> None:
    source = (corpus / "reference" / "udhr-eng.html").read_text(encoding="utf-8")
    articles = {int(m.group(1)): html.unescape(re.sub(r"<[^>]+>", " ", m.group(2)))
                for m in re.finditer(r'<article data-number="(\d+)">(.*?)</article>', source,
                                     re.S)}
    assert len(articles) == 30
    for i, node in enumerate(books["udhr"].nodes, start=1):
        copied = _shingles(node.definition) & _shingles(articles[i])
        assert not copied, (node.label, sorted(copied)[:2])
