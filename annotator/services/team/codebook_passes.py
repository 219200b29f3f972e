"""Keeping a merged codebook sound, the same way whatever order packages arrive in.

Field values the packages asked for ("wanted") can together break a codebook rule: two sibling
codes with one name, two codes with one shortcut, a parent cycle. Only values some package
claimed are adjusted, and every claimed value in a clash is adjusted alike, so the outcome is a
function of the set of claims. The written value is remembered next to the wanted one
(``team.adjusted``), so the next merge starts from what was wanted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from annotator.domain.codebook import MAX_NAME_LENGTH
from annotator.domain.codebook_checks import name_key
from annotator.domain.errors import ValidationError
from annotator.services.team.ledger import Ledger
from annotator.services.team.records import CODE_FIELDS, Record, code_value, fingerprint
from annotator.services.team.report import CodebookChange, Conflict

if TYPE_CHECKING:
    from annotator.services.team.codebook_merge import CodebookResult
    from annotator.storage.store import Tx

Notes = list[tuple[str, str]]


def raw_values(current: dict[str, Record], adjusted: dict[str, list[Any]]
               ) -> dict[str, Record]:
    """The project's codes with adjusted fields put back to what was wanted.

    An adjustment the owner has since overwritten is forgotten (``adjusted`` is updated).
    """
    raw = {u: {**rec, **{f: code_value(rec, f) for f in CODE_FIELDS}}
           for u, rec in current.items()}
    for key, (wanted, written) in list(adjusted.items()):
        u, _, f = key.rpartition(":")
        if u in raw and raw[u][f] == written:
            raw[u][f] = wanted
        else:
            del adjusted[key]
    return raw


def check_removed(tx: Tx, changes: list[CodebookChange], current: dict[str, Record],
                  result: CodebookResult, package: str) -> None:
    """Removals are never applied; one that the project still uses is a conflict."""
    for ch in changes:
        if ch.kind != "removed" or ch.uuid not in current:
            continue
        used = tx.count_codings(code_id=current[ch.uuid]["id"])
        if used:
            ch.status = "conflict"
            ch.note = f"deleted in the package but used by {used} coding(s) in the project; kept"
            result.conflicts.append(Conflict("code", ch.uuid, f"{ch.path}: {ch.note}",
                                             package, ch.coder))
        else:
            ch.note = "not applied by a merge; delete it in the project if you agree"


class _Claimed:
    """Which package (smallest id) claimed a code's current field value, if any."""

    def __init__(self, raw: dict[str, Record], claims: dict[str, list[str | None]],
                 ledger: Ledger, pid: str, coder: str) -> None:
        self.raw, self.claims, self.ledger, self.pid, self.coder = raw, claims, ledger, pid, coder

    def by(self, u: str, f: str) -> str | None:
        key = f"k:{u}:{f}"
        want = fingerprint(self.raw[u][f])
        found = [c.package for c in self.ledger.claims_for(key)
                 if c.value == want and c.package != self.pid]
        mine = self.claims.get(key) or (
            [None, c.value] if (c := self.ledger.own(self.pid, key)) else None)
        if mine is not None and mine[1] == want:
            found.append(self.pid)
        return min(found) if found else None

    def coder_of(self, package: str) -> str:
        return self.coder if package == self.pid else self.ledger.coder_name(package)


def settle(raw: dict[str, Record], current: dict[str, Record], base: dict[str, Record],
           claims: dict[str, list[str | None]], ledger: Ledger, pid: str, coder: str
           ) -> tuple[dict[str, Record], dict[str, list[Any]], Notes]:
    """The codes to write, the adjustments made, and a note per adjustment."""
    final = {u: dict(r) for u, r in raw.items()}
    adjusted: dict[str, list[Any]] = {}
    notes: Notes = []
    claimed = _Claimed(raw, claims, ledger, pid, coder)
    _break_cycles(final, base, claimed, adjusted, notes)
    _separate_names(final, claimed, adjusted, notes)
    _drop_shared_shortcuts(final, claimed, adjusted, notes)
    return final, adjusted, notes


def _break_cycles(final: dict[str, Record], base: dict[str, Record], claimed: _Claimed,
                  adjusted: dict[str, list[Any]], notes: Notes) -> None:
    while True:
        loop = _find_cycle(final)
        if not loop:
            return
        movers = [u for u in loop if claimed.by(u, "parent_uuid")]
        if not movers:
            raise ValidationError("the project's codebook has a cycle; run 'annotator check'")
        for u in movers:
            was = base.get(u, {}).get("parent_uuid")
            back = was if was in final and was not in loop else None
            adjusted[f"{u}:parent_uuid"] = [claimed.raw[u]["parent_uuid"], back]
            final[u]["parent_uuid"] = back
            notes.append((u, f"{final[u]['name']}: moves from several packages would form a "
                             "cycle; its place from before the packages is kept"))


def _find_cycle(final: dict[str, Record]) -> list[str]:
    state: dict[str, int] = {}
    for start in sorted(final):
        chain: list[str] = []
        u: str | None = start
        while u is not None and u in final and state.get(u) is None:
            state[u] = 1
            chain.append(u)
            u = final[u]["parent_uuid"]
        if u is not None and state.get(u) == 1:
            return chain[chain.index(u):]
        for x in chain:
            state[x] = 2
    return []


def _separate_names(final: dict[str, Record], claimed: _Claimed,
                    adjusted: dict[str, list[Any]], notes: Notes) -> None:
    groups: dict[tuple[str | None, str], list[str]] = {}
    for u in sorted(final):
        groups.setdefault((final[u]["parent_uuid"], name_key(final[u]["name"])), []).append(u)
    for (parent, _), members in sorted(groups.items(), key=lambda kv: (kv[0][0] or "", kv[0][1])):
        if len(members) < 2:
            continue
        movers = [(u, p) for u in members if (p := claimed.by(u, "name"))]
        if not movers:
            continue
        taken = {name_key(final[x]["name"]) for x in final
                 if final[x]["parent_uuid"] == parent and x not in dict(movers)}
        for u, package in movers:
            wanted = final[u]["name"]
            who = claimed.coder_of(package)
            new = _suffixed(wanted, f" ({who})")
            if name_key(new) in taken:
                new = _suffixed(wanted, f" ({who}, {u[:8]})")
            taken.add(name_key(new))
            adjusted[f"{u}:name"] = [wanted, new]
            final[u]["name"] = new
            notes.append((u, f"two codes would be called {wanted!r} at the same place; this "
                             f"one was named {new!r} (rename or merge them)"))


def _suffixed(name: str, suffix: str) -> str:
    return name[:MAX_NAME_LENGTH - len(suffix)].rstrip() + suffix


def _drop_shared_shortcuts(final: dict[str, Record], claimed: _Claimed,
                           adjusted: dict[str, list[Any]], notes: Notes) -> None:
    owners: dict[str, list[str]] = {}
    for u in sorted(final):
        key = final[u]["shortcut"]
        if key:
            owners.setdefault(key.strip().casefold(), []).append(u)
    for key, members in sorted(owners.items()):
        if len(members) < 2:
            continue
        for u in members:
            if claimed.by(u, "shortcut"):
                adjusted[f"{u}:shortcut"] = [final[u]["shortcut"], None]
                final[u]["shortcut"] = None
                notes.append((u, f"{final[u]['name']}: shortcut {key!r} is used by another "
                                 "code too; left out"))
