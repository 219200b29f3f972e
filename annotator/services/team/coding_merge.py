"""Merge a package's codings and memos: matched by uuid, changes found against the package's
base, each decided by :func:`annotator.services.team.resolve.decide`.

A new coding equal to one the project already has on (document, start, end, code, coder) is
*already present* whatever its uuid (e.g. the same coding made twice, or brought back through
another program): it is counted, not added.

A coding is *waiting* (not merged, listed) when something it needs is missing: its document's
text differs from the project's, its code is new and not accepted, or its coder could not be
added. It is a *conflict* when its code was deleted in the project. Waiting items leave no
claim, so a later merge (after accepting the code) takes them in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotator.services.team.ledger import Ledger
from annotator.services.team.package_format import Package
from annotator.services.team.records import (
    CODING_CONTENT, MEMO_CONTENT, Record, State, coding_fp, memo_fp, same_metadata, when,
)
from annotator.services.team.report import Conflict, PackageReport, Pending
from annotator.services.team.resolve import ALREADY, BASE, KEEP, TAKE, Claim, Decision, decide
from annotator.storage import team_queries

if TYPE_CHECKING:
    from annotator.storage.store import Tx


@dataclass(slots=True)
class Needs:
    """What the project offers the package's records: codes, coders, documents."""

    code_ids: dict[str, int]
    unaccepted: set[str]
    deleted_here: set[str]
    coder_ids: dict[str, int]
    coder_names: dict[str, str]
    version_ids: dict[str, int]
    state: State
    claims: dict[str, list[str | None]] = field(default_factory=dict)
    code_names: dict[str, str] = field(default_factory=dict)
    withdrawn: set[str] = field(default_factory=set)  # earlier claims the package dropped

    def label(self, rec: Record | None) -> str:
        """A coding in words: code, document and bounds."""
        if rec is None or "sha256" not in rec:
            return ""
        doc = self.state.doc_for_sha(rec["sha256"], rec["doc_uuid"])
        title = doc.title if doc else "a document not in the project"
        code = self.code_names.get(rec["code_uuid"], "a missing code")
        return f"{code!r} on {title!r} [{rec['start']}, {rec['end']})"


def same_place(rec: Record) -> tuple[str, int, int, str, str]:
    """What makes two codings the same coding: document, bounds, code and coder."""
    return rec["doc_uuid"], rec["start"], rec["end"], rec["code_uuid"], rec["coder_uuid"]


def _doc_for(needs: Needs, rec: Record) -> Any:
    return needs.state.doc_for_sha(rec["sha256"], rec["doc_uuid"])


def _coding_problem(needs: Needs, rec: Record) -> tuple[str, bool] | None:
    """Why a coding cannot be written (reason, is a conflict), or None."""
    if _doc_for(needs, rec) is None:
        return "its document's text differs from the project's", False
    code = rec["code_uuid"]
    if code in needs.deleted_here:
        return "its code was deleted in the project", True
    if code in needs.unaccepted or code not in needs.code_ids:
        return "its code is new and was not accepted", False
    if rec["coder_uuid"] not in needs.coder_ids:
        return "its coder could not be added to the project", False
    return None


def _in_project(needs: Needs, rec: Record) -> Record:
    """The package's portable record in the project's terms (document, codebook version)."""
    doc = _doc_for(needs, rec)
    version = rec["version_uuid"] if rec["version_uuid"] in needs.version_ids else None
    return {**rec, "doc_uuid": doc.uuid, "version_uuid": version}


def _row(needs: Needs, rec: Record) -> Record:
    """Columns for ``Tx.put_coding_record``."""
    return {"uuid": rec["uuid"], "document_id": needs.state.docs[rec["doc_uuid"]].id,
            "start": rec["start"], "end": rec["end"], "memo": rec["memo"],
            "attributes": rec["attributes"], "coder_id": needs.coder_ids[rec["coder_uuid"]],
            "code_uuid": rec["code_uuid"], "version_uuid": rec["version_uuid"],
            "created_at": when(rec["created_at"]), "modified_at": when(rec["modified_at"]),
            "version": rec["version"]}


def merge_codings(tx: Tx, pkg: Package, needs: Needs, ledger: Ledger,
                  report: PackageReport) -> None:
    current = needs.state.codings
    base, mine = pkg.base_codings, pkg.state.codings
    inserts: list[Record] = []
    present = {same_place(r): r["uuid"] for r in current.values()}
    for u in sorted(set(base) | set(mine)):
        b, v = base.get(u), mine.get(u)
        bfp, vfp = coding_fp(b), coding_fp(v)
        if bfp == vfp:
            continue
        who = needs.coder_names.get((v or b or {}).get("coder_uuid", ""), "?")
        if v is not None:
            problem = _coding_problem(needs, v)
            if problem is not None:
                _hold(report, "coding", u, problem, pkg, needs.label(v))
                if problem[0].startswith("its code is new"):
                    report.pending[-1].needs = v["code_uuid"]
                continue
            v = _in_project(needs, v)
        key = f"c:{u}"
        now = current.get(u)
        if b is None and now is None and v is not None and \
                present.get(same_place(v), u) != u:
            # A new coding equal to one the project has under another uuid (document,
            # bounds, code, coder): already present, whatever its uuid.
            report.count("coding", "present", who)
            continue
        d = decide(Claim(pkg.info.id, bfp, vfp), ledger.claims_for(key),
                   ledger.own(pkg.info.id, key), coding_fp(now))
        if d.action != ALREADY:
            needs.claims[key] = [bfp, vfp]
        target = v if d.action == TAKE else (b if d.action == BASE else None)
        if d.action == BASE and b is not None:
            if _coding_problem(needs, b) is not None:
                target = None
                d = Decision(KEEP, True)
            else:
                target = _in_project(needs, b)
        what = _apply(tx, needs, d, target, now, inserts, "coding")
        if target is not None and what in ("added", "restored", "updated"):
            present.setdefault(same_place(target), target["uuid"])
        report.count("coding", what, who)
        if d.conflict or d.edited_here:
            _note(report, "coding", u, d, vfp is None, now is None, pkg,
                  needs.label(now or b or v))
    withdraw(tx, pkg, needs, ledger, report, "coding", inserts)
    team_queries.insert_codings(tx, [_bulk(needs, r) for r in inserts])


def withdraw(tx: Tx, pkg: Package, needs: Needs, ledger: Ledger, report: PackageReport,
             kind: str, inserts: list[Record]) -> None:
    """Undo what an earlier merge took from this package when the coder has undone it since
    (e.g. deleted a coding they had added), unless another package or the project has a say.

    Only items the package's event log shows the coder touched are withdrawn: a second copy of
    a package that simply never had a change must not take it away.
    """
    own = ledger.packages.get(pkg.info.id)
    if own is None:
        return
    prefix, fp = ("c:", coding_fp) if kind == "coding" else ("m:", memo_fp)
    base, mine = ((pkg.base_codings, pkg.state.codings) if kind == "coding"
                  else (pkg.base_memos, pkg.state.memos))
    current = needs.state.codings if kind == "coding" else needs.state.memos
    waiting = {p.uuid for p in report.pending if p.kind == kind}
    for key, (bfp, vfp) in sorted(own.claims.items()):
        u = key[len(prefix):]
        if not key.startswith(prefix) or key in needs.claims or u in waiting:
            continue
        b, v = base.get(u), mine.get(u)
        if fp(b) != fp(v) or any(c.package != pkg.info.id and c.base == bfp
                                 for c in ledger.claims_for(key)):
            continue
        if u not in pkg.touched():  # a copy of the package that never had the change
            continue
        needs.withdrawn.add(key)
        now = current.get(u)
        if fp(now) != vfp:
            continue  # changed in the project since: left as it is
        if v is not None:
            v = _in_project(needs, v) if kind == "coding" else _memo_in_project(needs, v)
        what = _apply(tx, needs, Decision(TAKE), v, now, inserts, kind)
        report.count(kind, what)


def _bulk(needs: Needs, rec: Record) -> Record:
    """Columns for :func:`annotator.storage.team_queries.insert_codings`."""
    return {"uuid": rec["uuid"], "document_id": needs.state.docs[rec["doc_uuid"]].id,
            "code_id": needs.code_ids[rec["code_uuid"]],
            "coder_id": needs.coder_ids[rec["coder_uuid"]], "start": rec["start"],
            "end": rec["end"], "memo": rec["memo"], "attributes": rec["attributes"],
            "codebook_version_id": needs.version_ids.get(rec["version_uuid"] or ""),
            "created_at": rec["created_at"], "modified_at": rec["modified_at"],
            "version": rec["version"]}


def _apply(tx: Tx, needs: Needs, d: Decision, target: Record | None, now: Record | None,
           inserts: list[Record], kind: str) -> str:
    """Make the project hold ``target`` (None with TAKE = delete); returns what happened."""
    if d.action == ALREADY:
        return "already"
    if d.action == KEEP:
        return "kept" if d.edited_here or d.conflict else "unchanged"
    held = needs.state.codings if kind == "coding" else needs.state.memos
    if target is None:
        if now is None:
            return "unchanged"
        if kind == "coding":
            tx.delete_coding_by_uuid(now["uuid"])
        else:
            team_queries.delete_memos(tx, [now["uuid"]])
        del held[now["uuid"]]
        return "deleted"
    content = CODING_CONTENT if kind == "coding" else MEMO_CONTENT
    if now is not None and all(now[k] == target[k] for k in content) and same_metadata(
            now, target):
        return "unchanged"
    if kind == "coding":
        if now is None:
            inserts.append(target)
        else:
            tx.put_coding_record(_row(needs, target))
    else:
        team_queries.put_memo_record(tx, _memo_row(needs, target))
    held[target["uuid"]] = target
    if now is None:
        return "restored" if d.action == BASE else "added"
    return "restored" if d.action == BASE else "updated"


def _hold(report: PackageReport, kind: str, u: str, problem: tuple[str, bool],
          pkg: Package, label: str = "") -> None:
    reason, is_conflict = problem
    report.pending.append(Pending(kind, u, reason))
    if is_conflict:
        report.conflicts.append(Conflict(kind, u, f"used in the package, but {reason}",
                                         pkg.name, pkg.coder_name, label))


def _note(report: PackageReport, kind: str, u: str, d: Decision, deleted: bool,
          absent: bool, pkg: Package, label: str = "") -> None:
    if d.conflict:
        report.conflicts.append(Conflict(
            kind, u, f"the {kind} was changed differently in several packages; the version "
            "from before the packages is kept", pkg.name, pkg.coder_name, label))
    elif d.edited_here:
        if deleted:
            why = f"deleted in the package but changed in the project; the {kind} is kept"
        elif absent:
            why = "changed in the package but deleted in the project; not added back"
        else:
            why = "changed in the project and in the package; the project's version is kept"
        report.conflicts.append(Conflict(kind, u, why, pkg.name, pkg.coder_name, label))


# --- memos ------------------------------------------------------------------------------------
def _memo_problem(needs: Needs, rec: Record) -> tuple[str, bool] | None:
    if rec["target_type"] == "document" and needs.state.doc_for_sha(
            rec["target"], rec["target_uuid"]) is None:
        return "its document's text differs from the project's", False
    if rec["coder_uuid"] is not None and rec["coder_uuid"] not in needs.coder_ids:
        return "its coder could not be added to the project", False
    return None


def _memo_in_project(needs: Needs, rec: Record) -> Record:
    if rec["target_type"] == "document":
        doc = needs.state.doc_for_sha(rec["target"], rec["target_uuid"])
        return {**rec, "target_uuid": doc.uuid}
    return dict(rec)


def _memo_row(needs: Needs, rec: Record) -> Record:
    return {"uuid": rec["uuid"], "target_type": rec["target_type"],
            "target_uuid": rec["target_uuid"], "title": rec["title"], "text": rec["text"],
            "coder_id": needs.coder_ids.get(rec["coder_uuid"] or ""),
            "created_at": when(rec["created_at"]), "modified_at": when(rec["modified_at"]),
            "version": rec["version"]}


def merge_memos(tx: Tx, pkg: Package, needs: Needs, ledger: Ledger,
                report: PackageReport) -> None:
    current = needs.state.memos
    base, mine = pkg.base_memos, pkg.state.memos
    for u in sorted(set(base) | set(mine)):
        b, v = base.get(u), mine.get(u)
        bfp, vfp = memo_fp(b), memo_fp(v)
        if bfp == vfp:
            continue
        if v is not None:
            problem = _memo_problem(needs, v)
            if problem is not None:
                _hold(report, "memo", u, problem, pkg)
                continue
            v = _memo_in_project(needs, v)
        key = f"m:{u}"
        now = current.get(u)
        d = decide(Claim(pkg.info.id, bfp, vfp), ledger.claims_for(key),
                   ledger.own(pkg.info.id, key), memo_fp(now))
        if d.action != ALREADY:
            needs.claims[key] = [bfp, vfp]
        target = v if d.action == TAKE else None
        if d.action == BASE and b is not None:
            if _memo_problem(needs, b) is not None:
                d = Decision(KEEP, True)
            else:
                target = _memo_in_project(needs, b)
        report.count("memo", _apply(tx, needs, d, target, now, [], "memo"))
        _note(report, "memo", u, d, vfp is None, now is None, pkg)
    withdraw(tx, pkg, needs, ledger, report, "memo", [])
