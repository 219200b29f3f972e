"""Merge coding packages back into their project: preview or apply, all in one transaction.

Order of work per package: coders, documents (matched by text hash; new texts imported; a known
document whose text changed is reported and its codings wait), the codebook (as accepted),
codings, memos, then the ledger. The whole call is one transaction: any error leaves the
project as it was. A preview runs the very same code and rolls back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.domain.errors import InputError
from annotator.services.project import Project
from annotator.services.team import ledger as ledger_mod
from annotator.services.team.codebook_merge import merge_codebook
from annotator.services.team.coding_merge import Needs, merge_codings, merge_memos
from annotator.services.team.ledger import Ledger, PackageClaims
from annotator.services.team.package_format import Package, open_package
from annotator.services.team.proposal_travel import merge_proposals
from annotator.services.team.records import DocRef, State, read_state, when
from annotator.services.team.report import Conflict, MergeReport, PackageReport
from annotator.storage import exchange_queries as xq

if TYPE_CHECKING:
    from annotator.storage.store import Tx

AcceptArg = str | Iterable[str] | None
Progress = Callable[[int, int, str], None]


class _Rollback(Exception):
    """Ends a preview's transaction without committing."""


def accept_rule(accept: AcceptArg) -> Callable[[str], bool]:
    """``None``/``"none"``: accept nothing; ``"all"``: everything; else a set of change ids."""
    if accept is None or accept == "none":
        return lambda _id: False
    if accept == "all":
        return lambda _id: True
    if isinstance(accept, str):
        raise InputError(f"accept_codebook: expected 'all', 'none' or change ids, not {accept!r}")
    wanted = set(accept)
    return lambda change_id: change_id in wanted


def merge_packages(project: Project, packages: Sequence[str | Path], *,
                   accept_codebook: AcceptArg = None, dry_run: bool = False,
                   progress: Progress | None = None) -> MergeReport:
    """Merge ``packages`` into ``project`` (or, with ``dry_run``, report what would happen).

    Before writing, the project is backed up (:meth:`Project.backup`). Raises
    :class:`InputError` (one line naming the file) for a file that is not a package of this
    project; nothing is changed then.
    """
    if not packages:
        raise InputError("name at least one package to merge")
    accept = accept_rule(accept_codebook)
    uuid = project.uuid
    opened: list[Package] = []
    try:
        for i, path in enumerate(packages):
            if progress:
                progress(i, len(packages) * 2, f"reading {Path(path).name}")
            opened.append(open_package(path, uuid))
        report = MergeReport([], dry_run)
        if not dry_run:
            backup = project.backup()
            report.backup = str(backup) if backup else None
        actor = project.coder.name if project.coder else "system"
        try:
            with project.store.begin() as tx:
                state = read_state(tx)
                ledger = ledger_mod.load(state.meta)
                for i, pkg in enumerate(opened):
                    if progress:
                        progress(len(packages) + i, len(packages) * 2, f"merging {pkg.name}")
                    report.packages.append(merge_one(tx, pkg, accept, state, ledger))
                    summary = report.packages[-1]
                    tx.log(actor, "team.merge", "package", pkg.info.id,
                           {"file": pkg.name, "coder": summary.coder,
                            "codings": dict(summary.codings),
                            "conflicts": len(summary.conflicts)})
                if dry_run:
                    raise _Rollback
        except _Rollback:
            pass
    finally:
        for pkg in opened:
            pkg.close()
    return report


def merge_one(tx: Tx, pkg: Package, accept: Callable[[str], bool], state: State,
              ledger: Ledger) -> PackageReport:
    """Merge one package inside the caller's transaction.

    ``state`` and ``ledger`` describe the project as it is now; both are kept up to date with
    what this package changes, so several packages need only one read of the project.
    """
    state.codes = tx.code_records()
    report = PackageReport(pkg.name, pkg.info.id, pkg.coder_name)
    coder_ids = _merge_coders(tx, pkg, state, report)
    _merge_documents(tx, pkg, state, report)
    cb = merge_codebook(tx, pkg, state.codes, ledger, accept)
    report.codebook = cb.changes
    report.conflicts += cb.conflicts
    codes = tx.code_records()
    needs = Needs({u: r["id"] for u, r in codes.items()}, cb.unaccepted, cb.deleted_here,
                  coder_ids, {u: c.name for u, c in {**pkg.state.coders,
                                                      **state.coders}.items()},
                  {u: r["id"] for u, r in tx.version_records().items()}, state,
                  dict(cb.claims),
                  {u: r["name"] for u, r in {**pkg.state.codes, **codes}.items()})
    merge_codings(tx, pkg, needs, ledger, report)
    merge_memos(tx, pkg, needs, ledger, report)
    report.proposals.update(merge_proposals(tx, pkg, state, coder_ids))
    _count_waiting(report)
    previous = ledger.packages.get(pkg.info.id)
    claims = dict(previous.claims) if previous else {}
    claims.update(needs.claims)
    for key in needs.withdrawn | cb.withdrawn:
        claims.pop(key, None)
    if ledger.update(PackageClaims(pkg.info.id, pkg.info.coder_uuid, pkg.coder_name, claims),
                     cb.adjusted):
        ledger_mod.save(tx, ledger, pkg.info.id)
    return report


def _count_waiting(report: PackageReport) -> None:
    """How many waiting codings each new, unaccepted code holds back."""
    waiting: dict[str, int] = {}
    for p in report.pending:
        if p.needs:
            waiting[p.needs] = waiting.get(p.needs, 0) + 1
    for ch in report.codebook:
        if ch.kind == "added":
            ch.codings = waiting.get(ch.uuid, 0)


def _merge_coders(tx: Tx, pkg: Package, state: State, report: PackageReport) -> dict[str, int]:
    """Project coder ids by uuid; the package's coders the project lacks are added (same uuid)
    unless their name is taken by another coder."""
    ids = dict(state.coder_ids)
    from annotator.services.team.records import coding_fp, memo_fp

    needed = {pkg.info.coder_uuid} | {
        r["coder_uuid"] for u, r in pkg.state.codings.items()
        if coding_fp(r) != coding_fp(pkg.base_codings.get(u))} | {
        m["coder_uuid"] for u, m in pkg.state.memos.items()
        if m["coder_uuid"] and memo_fp(m) != memo_fp(pkg.base_memos.get(u))}
    names = {c.name.casefold(): c for c in state.coders.values()}
    with pkg.store.read() as ptx:
        for u in sorted(needed - set(ids)):
            coder = pkg.state.coders[u]
            if coder.name.casefold() in names:
                report.conflicts.append(Conflict(
                    "coder", u, f"the package's coder {coder.name!r} is a different coder "
                    "from the project's coder of that name; their work waits",
                    pkg.name, pkg.coder_name))
                continue
            rec = ptx.coder_record(coder.id)
            ids[u] = tx.put_coder_record(rec)
            state.coders[u] = tx.coder(ids[u])
            names[coder.name.casefold()] = state.coders[u]
            report.coders_added.append(coder.name)
    state.coder_ids = ids
    return ids


def _merge_documents(tx: Tx, pkg: Package, state: State, report: PackageReport) -> None:
    for doc in sorted(pkg.state.docs.values(), key=lambda d: d.uuid):
        if doc.sha256 in state.by_sha:
            report.documents_matched += 1
            continue
        if doc.uuid in state.docs:
            here = state.docs[doc.uuid]
            report.documents_changed.append({"title": doc.title, "uuid": doc.uuid,
                                             "package_sha256": doc.sha256,
                                             "project_sha256": here.sha256})
            report.conflicts.append(Conflict(
                "document", doc.uuid, f"{doc.title!r}: the text differs from the project's "
                "document with the same id; its codings are not merged", pkg.name,
                pkg.coder_name))
            continue
        _import_document(tx, pkg, doc, state)
        report.documents_imported.append(doc.title)


def _import_document(tx: Tx, pkg: Package, doc: DocRef, state: object) -> None:
    with pkg.store.read() as ptx:
        info = ptx.document(doc.id)
        text = ptx.document_text(doc.id)
        flags = xq.document_flags(ptx)
        segs = xq.segment_records(ptx, [doc.id]).get(doc.id, [])
    new = tx.add_document(title=info.title, country=info.country, year=info.year,
                          source_name=info.source_name, source_type=info.source_type,
                          text=text, sha256=info.sha256, is_report=flags[doc.id], segs=[],
                          uuid=doc.uuid, imported_at=when(info.imported_at.isoformat())
                          if info.imported_at else None)
    xq.add_segment_records(tx, new.id, segs)
    ref = DocRef(new.id, new.uuid, new.sha256, new.title)
    state.docs[ref.uuid] = ref
    state.docs_by_id[ref.id] = ref
    state.by_sha.setdefault(ref.sha256, []).append(ref)
