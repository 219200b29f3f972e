"""Write a coding package: one coder's documents, the codebook and (optionally) no one else's
codings, as a project file the normal app opens. See :mod:`.package_format` for the layout."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from annotator.domain.errors import InputError, NotFoundError, ValidationError
from annotator.domain.model import Coder, new_uuid
from annotator.services.codebook import diff_versions
from annotator.services.codebook_commands import FreezeVersion
from annotator.services.project import Project
from annotator.services.team import package_format as pf
from annotator.services.team.proposal_travel import copy_into_package, proposal_coders
from annotator.services.team.records import Record, State, portable_code, read_state
from annotator.storage import exchange_queries as xq
from annotator.storage import team_queries
from annotator.storage.store import Store, Tx


@dataclass(frozen=True, slots=True)
class PackageSummary:
    path: str
    package_id: str
    coder: str
    documents: int
    codings: int
    memos: int
    blind: bool
    codebook_version: str
    froze_version: bool

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def make_package(project: Project, out_path: str | Path, coder: str | Coder,
                 documents: Iterable[int] | str = "all", blind: bool = True, *,
                 overwrite: bool = False) -> PackageSummary:
    """Write a package for ``coder`` (a name; created in the project when new) holding
    ``documents`` (ids, or ``"all"``).

    Blind packages carry only the coder's own codings; otherwise every coding on those
    documents. When the codebook has changed since the latest frozen version (or none exists)
    a version is frozen first, so the package names the codebook it was made with. The file
    appears atomically (written next to ``out_path``, then renamed).
    """
    out = Path(out_path)
    if out.exists() and not overwrite:
        raise InputError(f"{out}: already exists (choose another name or allow overwriting)")
    if not out.parent.is_dir():
        raise InputError(f"{out}: folder {out.parent} does not exist")
    who = _ensure_coder(project, coder.name if isinstance(coder, Coder) else coder)
    version, froze = _current_version(project, who.name)
    with project.read() as tx:
        state = read_state(tx)
        doc_ids = _document_ids(tx, documents)
        flags = xq.document_flags(tx)
        segments = xq.segment_records(tx, doc_ids)
        infos = {d.id: d for d in tx.documents()}
        texts = {d: tx.document_text(d) for d in doc_ids}
        memo_rows = team_queries.memo_records(tx)
        coder_recs = {c.uuid: tx.coder_record(c.id) for c in state.coders.values()}
        meta = tx.meta()
        prop_coders = proposal_coders(tx, doc_ids, who.uuid if blind else None)
    chosen = {state.docs_by_id[d].uuid for d in doc_ids}
    codings = {u: r for u, r in state.codings.items() if r["doc_uuid"] in chosen
               and (not blind or r["coder_uuid"] == who.uuid)}
    memos = _memos(state, memo_rows, chosen, codings, who, blind)
    coder_uuids = {who.uuid} | {r["coder_uuid"] for r in codings.values()} | {
        m["coder_uuid"] for m in memos.values() if m["coder_uuid"]}
    coder_uuids |= prop_coders
    pid = new_uuid()
    tmp = out.with_name(f".{out.name}.{pid[:8]}.part")
    try:
        store = Store.create(tmp)
        try:
            with store.begin() as tx:
                coder_ids = {u: tx.put_coder_record(coder_recs[u]) for u in sorted(coder_uuids)}
                doc_map = _copy_documents(tx, [infos[d] for d in doc_ids], texts, flags,
                                          segments)
                for rec in state.versions.values():
                    tx.put_version_record(rec)
                _copy_codes(tx, state.codes)
                _copy_codings(tx, codings, doc_map, coder_ids)
                with project.read() as src:  # proposals and provenance travel too
                    copy_into_package(src, tx, doc_map, coder_ids, who.uuid if blind else None)
                for m in memos.values():
                    team_queries.put_memo_record(tx, {
                        **_memo_row(m), "coder_id": coder_ids.get(m["coder_uuid"])})
                _write_meta(tx, pid, meta, who, blind, version, state, codings, memos)
        finally:
            store.close()
        os.replace(tmp, out)
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(str(tmp) + suffix).unlink(missing_ok=True)
    with project.store.begin() as tx:
        tx.log(project.coder.name if project.coder else "system", "team.package", "coder",
               who.uuid, {"package": pid, "file": out.name, "documents": len(doc_ids),
                          "codings": len(codings), "blind": blind, "version": version})
    return PackageSummary(str(out), pid, who.name, len(doc_ids), len(codings), len(memos),
                          blind, version, froze)


def _ensure_coder(project: Project, name: str) -> Coder:
    name = name.strip()
    if not name:
        raise ValidationError("name the coder the package is for")
    with project.store.begin() as tx:
        found = tx.coder_by_name(name)
        if found is not None:
            return found
        coder = tx.add_coder(name)
        tx.log(project.coder.name if project.coder else "system", "coder.add", "coder",
               coder.uuid, {"name": coder.name})
        return coder


def _current_version(project: Project, coder: str) -> tuple[str, bool]:
    """The name of a frozen version equal to the current codebook, freezing one if needed."""
    with project.read() as tx:
        names = [v["name"] for v in tx.versions()]
    if names and not diff_versions(project, names[-1]):
        return names[-1], False
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M")
    name, n = f"package for {coder} {stamp}", 2
    while name.casefold() in {x.casefold() for x in names}:
        name, n = f"package for {coder} {stamp} ({n})", n + 1
    project.execute(FreezeVersion(name))
    return name, True


def _document_ids(tx: Tx, documents: Iterable[int] | str) -> list[int]:
    every = [d.id for d in tx.documents()]
    if isinstance(documents, str):
        if documents.strip().lower() != "all":
            raise ValidationError(f"documents: expected ids or 'all', not {documents!r}")
        wanted = every
    else:
        wanted = sorted(set(int(d) for d in documents))
        missing = sorted(set(wanted) - set(every))
        if missing:
            raise NotFoundError(f"no document with id {', '.join(map(str, missing))}")
    if not wanted:
        raise ValidationError("a package needs at least one document")
    return wanted


def _memos(state: State, rows: list[Record], docs: set[str], codings: dict[str, Record],
           who: Coder, blind: bool) -> dict[str, Record]:
    """Memos about the package's documents and codings, the codes and the project."""
    out = {}
    for row in rows:
        m = state.memos[row["uuid"]]
        t, target = m["target_type"], m["target_uuid"]
        wanted = (t == "document" and target in docs) or (t == "coding" and target in codings) \
            or t in ("code", "project") or target is None
        if wanted and blind and m["coder_uuid"] not in (None, who.uuid):
            wanted = False
        if wanted:
            out[m["uuid"]] = m
    return out


def _memo_row(m: Record) -> Record:
    from annotator.services.team.records import when

    return {"uuid": m["uuid"], "target_type": m["target_type"],
            "target_uuid": m["target_uuid"], "title": m["title"], "text": m["text"],
            "created_at": when(m["created_at"]), "modified_at": when(m["modified_at"]),
            "version": m["version"]}


def _copy_documents(tx: Tx, infos: list[Any], texts: dict[int, str], flags: dict[int, bool],
                    segments: dict[int, list[Record]]) -> dict[str, int]:
    out = {}
    for d in infos:
        new = tx.add_document(title=d.title, country=d.country, year=d.year,
                              source_name=d.source_name, source_type=d.source_type,
                              text=texts[d.id], sha256=d.sha256, is_report=flags[d.id], segs=[],
                              uuid=d.uuid, imported_at=d.imported_at)
        xq.add_segment_records(tx, new.id, segments.get(d.id, []))
        out[d.uuid] = new.id
    return out


def _copy_codes(tx: Tx, codes: dict[str, Record]) -> None:
    done: set[str] = set()
    pending = sorted(codes.values(), key=lambda r: r["id"])
    while pending:
        later = [r for r in pending if r["parent_uuid"] is not None
                 and r["parent_uuid"] not in done]
        waiting = {r["uuid"] for r in later}
        for r in pending:
            if r["uuid"] not in waiting:
                tx.put_code_record(r)
                done.add(r["uuid"])
        if len(later) == len(pending):
            raise ValidationError("the codebook has a code whose parent is missing")
        pending = later


def _copy_codings(tx: Tx, codings: dict[str, Record], doc_map: dict[str, int],
                  coder_ids: dict[str, int]) -> None:
    from annotator.services.team.records import when

    code_ids = {u: r["id"] for u, r in tx.code_records().items()}
    version_ids = {u: r["id"] for u, r in tx.version_records().items()}
    tx.add_codings_bulk([{
        "uuid": r["uuid"], "document_id": doc_map[r["doc_uuid"]], "start": r["start"],
        "end": r["end"], "code_id": code_ids[r["code_uuid"]],
        "coder_id": coder_ids[r["coder_uuid"]], "memo": r["memo"],
        "attributes": r["attributes"], "codebook_version_id": version_ids.get(r["version_uuid"]),
        "created_at": when(r["created_at"]), "modified_at": when(r["modified_at"]),
        "version": r["version"]} for r in sorted(codings.values(), key=lambda r: r["uuid"])])


def _write_meta(tx: Tx, pid: str, meta: dict[str, str], who: Coder, blind: bool,
                version: str, state: State, codings: dict[str, Record],
                memos: dict[str, Record]) -> None:
    origin_name = meta.get("name", "")
    values = {
        "uuid": pid, "name": f"{origin_name} – {who.name}".strip(" –"),
        pf.K_FORMAT: pf.FORMAT, pf.K_ID: pid, pf.K_ORIGIN: meta.get("uuid", ""),
        pf.K_ORIGIN_NAME: origin_name, pf.K_CODER: who.uuid,
        pf.K_CREATED: datetime.now(UTC).isoformat(), pf.K_BLIND: "1" if blind else "0",
        pf.K_VERSION: version,
        pf.K_BASE: pf.base_json({u: portable_code(r) for u, r in state.codes.items()},
                                codings, memos),
    }
    for key, value in values.items():
        tx.set_meta(key, value)
