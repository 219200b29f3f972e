"""The coding package file: an ordinary project file plus ``package.*`` keys in project_meta.

A package opens in the normal app. What makes it a package:

* ``package.format`` (``"1"``), ``package.id`` (also the file's own project uuid),
  ``package.origin`` (uuid of the project it was made from) and ``package.origin_name``;
* ``package.coder`` (the coder's uuid), ``package.created_at``, ``package.blind`` (``"1"``/``"0"``)
  and ``package.codebook_version`` (name of the frozen version it carries);
* ``package.base``: JSON with what the package held when it was made, for the three-way merge:
  ``codes`` (full code records), ``codings`` and ``memos`` (portable records, see
  :mod:`annotator.services.team.records`).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from annotator.domain.errors import AnnotatorError, InputError
from annotator.services.team.records import Record, State, read_state
from annotator.storage.store import Store

FORMAT = "1"
SUFFIX = ".annotator-pkg"
K_FORMAT, K_ID, K_ORIGIN, K_ORIGIN_NAME = ("package.format", "package.id", "package.origin",
                                          "package.origin_name")
K_CODER, K_CREATED, K_BLIND, K_VERSION, K_BASE = ("package.coder", "package.created_at",
                                                  "package.blind", "package.codebook_version",
                                                  "package.base")


@dataclass(slots=True)
class PackageInfo:
    id: str
    origin: str
    origin_name: str
    coder_uuid: str
    created_at: str
    blind: bool
    codebook_version: str

    @staticmethod
    def from_meta(meta: dict[str, str]) -> PackageInfo:
        return PackageInfo(meta[K_ID], meta[K_ORIGIN], meta.get(K_ORIGIN_NAME, ""),
                           meta[K_CODER], meta.get(K_CREATED, ""), meta.get(K_BLIND) == "1",
                           meta.get(K_VERSION, ""))


@dataclass(slots=True)
class Package:
    """A package read into memory; ``store`` stays open (on a private copy) for texts."""

    path: Path
    info: PackageInfo
    state: State
    base_codes: dict[str, Record]
    base_codings: dict[str, Record]
    base_memos: dict[str, Record]
    store: Store
    _tmp: Path | None = field(default=None, repr=False)
    _touched: set[str] | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def coder_name(self) -> str:
        coder = self.state.coders.get(self.info.coder_uuid)
        return coder.name if coder else self.info.coder_uuid[:8]

    def touched(self) -> set[str]:
        """Uuids the package's own event log mentions: evidence that the coder changed them
        in this file (a copy of the package made elsewhere has no such entries)."""
        if self._touched is None:
            found: set[str] = set()
            with self.store.read() as tx:
                for e in tx.events():
                    if e["entity_uuid"]:
                        found.add(e["entity_uuid"])
                    for value in (e["payload"] or {}).values():
                        if isinstance(value, list):
                            found.update(v for v in value if isinstance(v, str))
            self._touched = found
        return self._touched

    def text(self, doc_uuid: str) -> str:
        with self.store.read() as tx:
            return tx.document_text(self.state.docs[doc_uuid].id)

    def close(self) -> None:
        try:
            self.store.close()
        finally:
            if self._tmp is not None:
                shutil.rmtree(self._tmp, ignore_errors=True)


def base_json(codes: dict[str, Record], codings: dict[str, Record],
              memos: dict[str, Record]) -> str:
    """The base snapshot as JSON (cached fingerprints are left out)."""
    plain = {u: {k: v for k, v in r.items() if k != "fp"} for u, r in codings.items()}
    return json.dumps({"codes": codes, "codings": plain, "memos": memos}, sort_keys=True,
                      separators=(",", ":"), ensure_ascii=False)


def open_package(path: str | Path, project_uuid: str | None = None) -> Package:
    """Read a package; every problem becomes one :class:`InputError` line naming the file.

    The file is copied first (through the SQLite backup API), so the input is never changed,
    not even by a schema upgrade.
    """
    from annotator.storage.engine import sqlite_backup
    from annotator.storage.migrate import check_sqlite_file

    p = Path(path)
    tmp = Path(tempfile.mkdtemp(prefix="annotator-pkg-"))
    store: Store | None = None
    try:
        try:
            check_sqlite_file(p)
            copy = tmp / "package.annotator"
            sqlite_backup(p, copy)
            store = Store.open(copy)
            with store.read() as tx:
                meta = tx.meta()
                if meta.get(K_FORMAT) is None:
                    raise InputError(f"{p}: not a coding package (an ordinary project; make "
                                     "packages with 'annotator package')")
                if meta[K_FORMAT] != FORMAT:
                    raise InputError(f"{p}: package format {meta[K_FORMAT]} is not supported "
                                     "by this version of annotator")
                info = PackageInfo.from_meta(meta)
                if project_uuid is not None and info.origin != project_uuid:
                    raise InputError(
                        f"{p}: this package belongs to another project "
                        f"({info.origin_name or info.origin}); it cannot be merged here")
                state = read_state(tx)
                base = json.loads(meta.get(K_BASE, "{}"))
            problems = store.check()
            if problems:
                raise InputError(f"{p}: the package is damaged ({problems[0]})")
        except InputError:
            raise
        except AnnotatorError as exc:
            msg = str(exc).replace(str(tmp / "package.annotator"), str(p))
            raise InputError(msg if msg.startswith(str(p)) else f"{p}: {msg}") from exc
        except Exception as exc:  # noqa: BLE001 - a damaged file must give one clear line
            first = (str(exc).splitlines() or [""])[0]
            raise InputError(f"{p}: cannot be read as a coding package "
                             f"({exc.__class__.__name__}: {first})") from exc
    except BaseException:
        if store is not None:
            store.close()
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return Package(p, info, state, base.get("codes", {}), base.get("codings", {}),
                   base.get("memos", {}), store, tmp)


def read_info(path: str | Path) -> PackageInfo:
    """Only the package's header (for listings and dialogs)."""
    pkg = open_package(path)
    try:
        return pkg.info
    finally:
        pkg.close()
