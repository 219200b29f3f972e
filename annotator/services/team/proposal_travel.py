"""Proposals (and the provenance of accepted ones) travel through packages and merges.

A package carries the proposals on its documents (a blind package: only its coder's), and the
``origin``/``origin_ref`` of the codings it carries. Merging back, a proposal the project lacks
is added (unless the project holds the same offer already), and a decision taken in the package
(accepted, rejected) is applied to the project's still-pending copy. A decision taken in the
project wins over a package that still shows the proposal pending.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from annotator.domain.proposals import PENDING

if TYPE_CHECKING:
    from annotator.services.team.package_format import Package
    from annotator.services.team.records import State
    from annotator.storage.store import Tx


def proposal_coders(tx: Tx, doc_ids: Iterable[int], coder_uuid: str | None) -> set[str]:
    """Uuids of the coders whose proposals a package of ``doc_ids`` carries (``coder_uuid``:
    a blind package for that coder)."""
    uuids = {c.id: c.uuid for c in tx.coders()}
    wanted = set(doc_ids)
    return {uuids[r["coder_id"]] for r in tx.all_proposal_records()
            if r["document_id"] in wanted and (coder_uuid is None
                                               or uuids[r["coder_id"]] == coder_uuid)}


def copy_into_package(src: Tx, dst: Tx, doc_map: dict[str, int], coder_ids: dict[str, int],
                      blind_coder: str | None) -> int:
    """Copy proposals of the package's documents from ``src`` (the project) to ``dst`` (the
    package), and the provenance of the codings copied. Returns proposals copied."""
    doc_uuid = {d.id: d.uuid for d in src.documents()}
    coder_uuid = {c.id: c.uuid for c in src.coders()}
    rows = []
    for r in src.all_proposal_records():
        doc, coder = doc_uuid[r["document_id"]], coder_uuid[r["coder_id"]]
        if doc not in doc_map or coder not in coder_ids:
            continue
        if blind_coder is not None and coder != blind_coder:
            continue
        rec = {k: v for k, v in r.items() if k != "id"}
        rec.update(document_id=doc_map[doc], coder_id=coder_ids[coder])
        rows.append(rec)
    dst.put_proposal_records(rows)
    dst.set_coding_origins(src.coding_origins())
    return len(rows)


def merge_proposals(tx: Tx, pkg: Package, state: State, coder_ids: dict[str, int]
                    ) -> dict[str, int]:
    """Bring the package's proposals and coding provenance into the project (inside the
    merge's transaction). Returns counts: added, decided, kept."""
    counts = {"added": 0, "decided": 0, "kept": 0}
    with pkg.store.read() as ptx:
        records = ptx.all_proposal_records()
        origins = ptx.coding_origins()
        pdocs = {d.id: d for d in ptx.documents()}
        pcoders = {c.id: c.uuid for c in ptx.coders()}
    tx.set_coding_origins(origins, only_missing=True)
    if not records:
        return counts
    here = {r["uuid"]: r for r in tx.proposal_records([r["uuid"] for r in records])}
    docs = {r["document_id"] for r in records}
    mapped: dict[int, int] = {}
    for d in docs:
        found = state.doc_for_sha(pdocs[d].sha256, pdocs[d].uuid)
        if found is not None:
            mapped[d] = found.id
    keys = tx.proposal_keys(mapped.values(), (PENDING, "accepted", "rejected")) | \
        tx.coding_keys(mapped.values())
    out: list[dict[str, Any]] = []
    for r in records:
        mine = here.get(r["uuid"])
        if mine is not None:
            if mine["status"] == PENDING and r["status"] != PENDING:
                mine.update({k: r[k] for k in ("status", "decided_by", "decided_at",
                                               "coding_uuid", "code_uuid")})
                out.append(mine)
                counts["decided"] += 1
            else:
                counts["kept"] += 1
            continue
        doc = mapped.get(r["document_id"])
        coder = coder_ids.get(pcoders[r["coder_id"]])
        if doc is None or coder is None:
            counts["kept"] += 1
            continue
        key = (doc, r["start"], r["end"], r["code_uuid"], coder)
        if r["status"] == PENDING and key in keys:
            counts["kept"] += 1
            continue
        keys.add(key)
        rec = {k: v for k, v in r.items() if k != "id"}
        rec.update(document_id=doc, coder_id=coder)
        out.append(rec)
        counts["added"] += 1
    tx.put_proposal_records(out)
    return counts
