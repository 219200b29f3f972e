"""Which coders to compare when the user has not chosen yet: the pair who share the most
documents (ties: more codings in those documents, then coder order). Used by the Agreement view,
the disagreement browser and adjudication, so that Compute works at once on a fresh project."""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

from annotator.services.project import Project


def default_coders(project: Project) -> list[str]:
    """Names of the two non-gold coders with the most documents in common (fewer when the
    project has fewer coders)."""
    people = [c for c in project.coders() if not c.is_gold]
    if len(people) <= 2:
        return [c.name for c in people]
    ids = [c.id for c in people]
    docs: dict[int, set[int]] = defaultdict(set)
    per: Counter[tuple[int, int]] = Counter()
    with project.read() as tx:
        for doc, _s, _e, _code, coder in tx.coding_columns(ids):
            docs[coder].add(doc)
            per[coder, doc] += 1
    best: tuple[int, int, int] | None = None
    pair = (people[0], people[1])
    for i, j in combinations(range(len(people)), 2):
        a, b = people[i], people[j]
        shared = docs[a.id] & docs[b.id]
        codings = sum(per[a.id, d] + per[b.id, d] for d in shared)
        key = (len(shared), codings, -(i * len(people) + j))
        if best is None or key > best:
            best, pair = key, (a, b)
    return [pair[0].name, pair[1].name]
