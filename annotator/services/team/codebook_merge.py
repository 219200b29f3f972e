"""Bring a package's codebook edits into the project, field by field, as the owner accepts them.

Changes are found by comparing the package's codes with the codebook it was given (the base
snapshot), so the owner's own later edits are never mistaken for the coder's. Each accepted
field change is one item for :func:`annotator.services.team.resolve.decide`. Removals are
listed but never applied: deleting a code is the owner's call.

After the field values are known, three checks keep the codebook sound without depending on
the order packages arrive in: claimed parents that would form a cycle go back to the base,
claimed sibling names that collide get the claiming coder's name appended, and claimed
shortcuts that collide are dropped. Those adjustments are remembered in the ledger.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotator.domain.codebook import Codebook
from annotator.domain.codebook_checks import name_key
from annotator.domain.errors import ValidationError
from annotator.services.codebook_state import book_from_records
from annotator.services.team import codebook_passes as passes
from annotator.services.team.ledger import Ledger
from annotator.services.team.package_format import Package
from annotator.services.team.records import CODE_FIELDS, Record, code_value, fingerprint
from annotator.services.team.report import KIND_FIELDS, CodebookChange, Conflict
from annotator.services.team.resolve import ALREADY, BASE, TAKE, Claim, decide

if TYPE_CHECKING:
    from annotator.storage.store import Tx

Accept = Callable[[str], bool]


@dataclass(slots=True)
class CodebookResult:
    changes: list[CodebookChange]
    conflicts: list[Conflict]
    claims: dict[str, list[str | None]]
    adjusted: dict[str, list[Any]]
    unaccepted: set[str] = field(default_factory=set)  # new codes not added: codings wait
    deleted_here: set[str] = field(default_factory=set)  # codes the project deleted
    withdrawn: set[str] = field(default_factory=set)  # earlier claims the package dropped


def item(uuid: str, name: str) -> str:
    return f"k:{uuid}:{name}"


def fp(value: Any) -> str:
    return fingerprint(value)


def find_changes(base: dict[str, Record], mine: dict[str, Record], book: Codebook,
                 old_book: Codebook, package: str, coder: str) -> list[CodebookChange]:
    """The package's codebook edits in tree order (a new parent before its children)."""
    out: list[CodebookChange] = []
    for node in book.walk():
        u = node.uuid
        path = book.path(u)
        if u not in base:
            out.append(CodebookChange(f"added:{u}", "added", u, path, package=package,
                                      coder=coder, fields=CODE_FIELDS))
            continue
        changed = {f for f in CODE_FIELDS
                   if code_value(mine[u], f) != code_value(base[u], f)}
        for kind, names in KIND_FIELDS.items():
            got = tuple(f for f in names if f in changed)
            if not got or (kind == "reordered" and "parent_uuid" in changed):
                continue
            if kind == "moved" and "parent_uuid" not in changed:
                continue
            old, new = _show(kind, base[u], mine[u], old_book, book)
            out.append(CodebookChange(f"{kind}:{u}", kind, u, path, old, new, got, package,
                                      coder))
    for u in sorted(set(base) - set(mine)):
        out.append(CodebookChange(f"removed:{u}", "removed", u,
                                  old_book.path(u) if u in old_book else base[u]["name"],
                                  package=package, coder=coder, status="not applied"))
    return out


def _show(kind: str, before: Record, after: Record, old: Codebook, new: Codebook
          ) -> tuple[str, str]:
    if kind == "renamed":
        return before["name"], after["name"]
    if kind == "moved":
        def place(book: Codebook, parent: str | None) -> str:
            return book.path(parent) if parent and parent in book else "(top level)"
        return place(old, before["parent_uuid"]), place(new, after["parent_uuid"])
    if kind == "recoloured":
        return before["color"], after["color"]
    return "", ""


def merge_codebook(tx: Tx, pkg: Package, current: dict[str, Record], ledger: Ledger,
                   accept: Accept) -> CodebookResult:
    pid, coder = pkg.info.id, pkg.coder_name
    base, mine = pkg.base_codes, pkg.state.codes
    book = book_from_records(mine)
    old_book = book_from_records({u: {**r, "id": 0} for u, r in base.items()})
    changes = find_changes(base, mine, book, old_book, pkg.name, coder)
    result = CodebookResult(changes, [], {}, dict(ledger.adjusted))
    raw = passes.raw_values(current, result.adjusted)
    inserted: list[str] = []
    touched: set[str] = set()
    result.deleted_here = {u for u in base if u not in current}
    for ch in changes:
        u = ch.uuid
        if ch.kind == "removed":
            continue
        if not accept(ch.change_id):
            ch.status = "pending"
            if ch.kind == "added" and u not in raw:
                result.unaccepted.add(u)
            continue
        if ch.kind == "added" and u not in raw:
            _add_code(ch, mine[u], raw, ledger, result, inserted)
            continue
        if u not in raw:
            ch.status, ch.note = "conflict", "the code was deleted in the project"
            result.conflicts.append(Conflict("code", u, f"{ch.path}: changed in the package "
                                             "but deleted in the project", pkg.name, coder))
            continue
        _merge_fields(ch, pkg, raw, ledger, result)
        touched.add(u)
    touched |= _withdraw(pkg, raw, ledger, result)
    passes.check_removed(tx, changes, current, result, pkg.name)
    final, adjusted, notes = passes.settle(raw, current, base, result.claims, ledger, pid,
                                           coder)
    result.adjusted = adjusted
    for u, reason in notes:
        result.conflicts.append(Conflict("code", u, reason, pkg.name, coder))
    _write(tx, current, final, inserted, touched, mine)
    _check_sound(current, final)
    return result


def _add_code(ch: CodebookChange, rec: Record, raw: dict[str, Record], ledger: Ledger,
              result: CodebookResult, inserted: list[str]) -> None:
    u = ch.uuid
    parent = rec["parent_uuid"]
    if any(ledger.claims_for(item(u, "name"))):
        ch.status, ch.note = "conflict", "merged before and deleted in the project since"
        result.deleted_here.add(u)
        result.conflicts.append(Conflict("code", u, f"{ch.path}: added by the package, merged "
                                         "before, then deleted in the project; not added again",
                                         ch.package, ch.coder))
        return
    if parent is not None and parent not in raw:
        ch.status = "pending"
        ch.note = "its parent code is not in the project (accept the parent too)"
        result.unaccepted.add(u)
        return
    raw[u] = {k: code_value(rec, k) for k in CODE_FIELDS} | {
        "uuid": u, "id": None, "created_at": rec["created_at"],
        "modified_at": rec["modified_at"], "version": rec["version"]}
    for f in CODE_FIELDS:
        result.claims[item(u, f)] = [None, fp(code_value(rec, f))]
    inserted.append(u)
    ch.status = "applied"


def _merge_fields(ch: CodebookChange, pkg: Package, raw: dict[str, Record], ledger: Ledger,
                  result: CodebookResult) -> None:
    u, pid = ch.uuid, pkg.info.id
    base = pkg.base_codes.get(u)
    mine = pkg.state.codes[u]
    actions: list[str] = []
    disputed = False
    for f in ch.fields:
        want = code_value(mine, f)
        if f == "parent_uuid" and want is not None and want not in raw:
            ch.status, ch.note = "pending", "its new parent is not in the project"
            return
        bfp = fp(code_value(base, f)) if base is not None else None
        claim = Claim(pid, bfp, fp(want))
        key = item(u, f)
        d = decide(claim, ledger.claims_for(key), ledger.own(pid, key), fp(raw[u][f]))
        if d.action != ALREADY:
            result.claims[key] = [bfp, claim.value]
        if d.action == TAKE:
            raw[u][f] = want
        elif d.action == BASE and base is not None:
            raw[u][f] = code_value(base, f)
        actions.append(d.action)
        if d.conflict:
            disputed = True
            result.conflicts.append(Conflict(
                "code", u, f"{ch.path}: {f} changed differently in several packages; "
                "the value from before the packages is kept", pkg.name, pkg.coder_name))
        elif d.edited_here:
            disputed = True
            result.conflicts.append(Conflict(
                "code", u, f"{ch.path}: {f} changed in the project and in the package; "
                "the project's value is kept", pkg.name, pkg.coder_name))
    if disputed:
        ch.status = "conflict"
    elif any(a in (TAKE, BASE) for a in actions):
        ch.status = "applied"
    else:
        ch.status = "unchanged"


def _withdraw(pkg: Package, raw: dict[str, Record], ledger: Ledger,
              result: CodebookResult) -> set[str]:
    """Field changes an earlier merge took from this package that the coder has undone since
    go back to the base value, unless another package or the project has a say."""
    own = ledger.packages.get(pkg.info.id)
    touched: set[str] = set()
    if own is None:
        return touched
    base, mine = pkg.base_codes, pkg.state.codes
    for key, (bfp, vfp) in sorted(own.claims.items()):
        if not key.startswith("k:") or key in result.claims:
            continue
        _, u, f = key.split(":")
        if u not in raw or u not in mine or u not in base:
            continue
        if code_value(mine[u], f) != code_value(base[u], f) or any(
                c.package != pkg.info.id and c.base == bfp for c in ledger.claims_for(key)):
            continue
        if u not in pkg.touched():  # a copy of the package that never had the change
            continue
        result.withdrawn.add(key)
        if fp(raw[u][f]) == vfp:
            raw[u][f] = code_value(base[u], f)
            touched.add(u)
            kind = next(k for k, names in KIND_FIELDS.items() if f in names)
            result.changes.append(CodebookChange(
                f"{kind}:{u}", kind, u, book_from_records(mine).path(u), fields=(f,),
                package=pkg.name, coder=pkg.coder_name, status="applied",
                note="undone in the package since the last merge"))
    return touched


def _write(tx: Tx, current: dict[str, Record], final: dict[str, Record], inserted: list[str],
           touched: set[str], mine: dict[str, Record]) -> None:
    from annotator.services.team.records import iso, when

    for u in inserted:  # tree order: parents first
        rec = dict(final[u])
        rec["id"] = None
        tx.put_code_record(rec)
    for u in sorted(set(final) - set(inserted)):
        now = current[u]
        rec = dict(now)
        rec.update({f: final[u][f] for f in CODE_FIELDS})
        if u in touched and u in mine:
            rec["modified_at"] = when(max(iso(now["modified_at"]) or "",
                                          iso(mine[u]["modified_at"]) or "")) or now[
                "modified_at"]
            rec["version"] = max(now["version"], mine[u]["version"])
        if any(code_value(rec, f) != code_value(now, f) for f in CODE_FIELDS) or (
                iso(rec["modified_at"]), rec["version"]) != (iso(now["modified_at"]),
                                                             now["version"]):
            tx.put_code_record(rec)


def _check_sound(before: dict[str, Record], after: dict[str, Record]) -> None:
    old = set(book_from_records(before).problems())
    new = [p for p in book_from_records(after).problems() if p not in old]
    if new:
        raise ValidationError(f"the merged codebook would be unsound ({new[0]}); "
                              "nothing was merged")


__all__ = ["CodebookResult", "find_changes", "item", "merge_codebook", "name_key"]
