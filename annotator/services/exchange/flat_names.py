"""Rebuild a code tree from flattened, path-style names (``Parent::Child``, ``Parent/Child``).

Some programs write every code at the top level and put the hierarchy into the name. ``::``
never occurs in ordinary names, so it is always split. ``/`` and ``\\`` do occur in real names
("National/Racial/Ethnic Minorities"), so a name is split there only where the part before the
separator is established: it is the full name of another code in the file, or it begins at
least two names. Missing parents are created as grouping (not codable) codes.
"""

from __future__ import annotations

from annotator.services.exchange.codebook_common import Draft, ImportLog

SEPARATORS = ("::", "/", "\\")


def _split_always(name: str, sep: str) -> tuple[str, ...] | None:
    parts = tuple(p.strip() for p in name.split(sep))
    return parts if len(parts) > 1 and all(parts) else None


def _plan(names: list[str], sep: str) -> dict[int, tuple[str, ...]]:
    """Index of each name that splits → its parts."""
    if sep == "::":
        return {i: p for i, n in enumerate(names) if (p := _split_always(n, sep))}
    full = set(names)
    starts: dict[str, int] = {}
    for n in set(names):
        at = n.find(sep)
        while at > 0:
            starts[n[:at]] = starts.get(n[:at], 0) + 1
            at = n.find(sep, at + len(sep))

    def parts_of(name: str, depth: int = 0) -> tuple[str, ...]:
        at = name.rfind(sep)
        while at > 0 and depth < 50:
            prefix, leaf = name[:at], name[at + len(sep):]
            if leaf.strip() and prefix.strip() and (prefix in full or starts.get(prefix, 0) >= 2):
                return parts_of(prefix, depth + 1) + (leaf.strip(),)
            at = name.rfind(sep, 0, at)
        return (name.strip(),)

    plan = {}
    for i, n in enumerate(names):
        parts = parts_of(n)
        if len(parts) > 1:
            plan[i] = parts
    return plan


def rebuild_hierarchy(drafts: list[Draft], log: ImportLog) -> list[Draft]:
    """Split path-style names of a flat list of top-level drafts; returns the new list.

    Drafts that already have parents are left alone (only fully flat files are rebuilt).
    """
    if not drafts or any(d.parent is not None for d in drafts):
        return drafts
    names = [d.name.strip() for d in drafts]
    best: tuple[str, dict[int, tuple[str, ...]]] | None = None
    for sep in SEPARATORS:
        plan = _plan(names, sep)
        if plan and (best is None or len(plan) > len(best[1])):
            best = (sep, plan)
    if best is None:
        return drafts
    sep, plan = best
    full_paths = {i: plan.get(i, (names[i],)) for i in range(len(drafts))}
    by_path: dict[tuple[str, ...], Draft] = {}
    for i, d in enumerate(drafts):
        by_path.setdefault(full_paths[i], d)
    out: list[Draft] = []
    emitted: set[int] = set()
    created = 0

    def ensure(path: tuple[str, ...]) -> Draft:
        nonlocal created
        node = by_path.get(path)
        if node is None:
            parent = ensure(path[:-1]) if len(path) > 1 else None
            node = Draft(name=path[-1], parent=parent, codable=False,
                         where="created from path-style names", extra={"implicit": True})
            by_path[path] = node
            created += 1
        if id(node) not in emitted:
            emitted.add(id(node))
            out.append(node)
        return node

    for i, d in enumerate(drafts):
        path = full_paths[i]
        if len(path) > 1:
            d.parent = ensure(path[:-1])
            d.name = path[-1]
        if id(d) not in emitted:
            emitted.add(id(d))
            out.append(d)
    log.add("flat", f"rebuilt the code hierarchy from path-style names (separator {sep!r}): "
            f"{len(plan)} code(s) placed under their parents, {created} missing parent(s) "
            "created as grouping codes")
    return out
