"""Backups of project files: made, listed, restored, and named in every "damaged" message.

Each project's backups live in ``<data folder>/backups/<project uuid>/`` as
``<name>-<UTC time>.<why>.annotator``. The routine backup taken when a project is opened for a
change rolls (the newest :data:`KEEP` are kept); the others (before an upgrade, before crash
recovery, before a repair or a restore, a set-aside foreign ``-wal``) are kept :data:`KEEP`
per kind as well, so a routine backup never pushes out a rescue copy.

Making a backup never stops work: a full disk or a missing folder is a warning, said once.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from annotator import paths
from annotator.domain.errors import ProjectError
from annotator.storage import notices, walguard
from annotator.storage.engine import is_url, sqlite_backup

if TYPE_CHECKING:
    from annotator.services.project import Project

KEEP = 10
#: ... plus the last backup of each of this many days.
KEEP_DAYS = 7
#: Leftovers of an interrupted copy older than this are removed on the next run.
STALE_PART_SECONDS = 300

WHY = {
    "open": "routine, on opening for a change",
    "before-upgrade": "before a schema upgrade",
    "crash-recovery": "before crash recovery (with the -wal it replayed)",
    "foreign-wal": "a -wal set aside: it did not belong to the project",
    "before-repair": "before 'check --repair'",
    "before-restore": "the file a restore replaced",
    "manual": "made on request",
}
_NAME = re.compile(r"^(?P<name>.+)-(?P<stamp>\d{8}T\d{12})(?:\.(?P<why>[a-z][a-z-]*))?"
                   r"\.annotator$")


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    when: datetime
    size: int
    why: str

    @property
    def why_text(self) -> str:
        return WHY.get(self.why, self.why)

    def as_json(self) -> dict[str, object]:
        return {"path": str(self.path), "time": self.when.isoformat(), "size": self.size,
                "why": self.why, "why_text": self.why_text}


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")


def _stem(target: str | Path) -> str:
    return Path(str(target)).stem


def folder_for(target: str | Path, uuid: str | None = None) -> Path:
    """The folder holding ``target``'s backups (by the project's uuid, read from the file)."""
    uuid = uuid or walguard.project_uuid_of(Path(target))
    return paths.backups_dir() / (uuid if uuid else f"unknown-{_stem(target)}")


def _parse(path: Path) -> Backup | None:
    m = _NAME.match(path.name)
    if m is None:
        return None
    try:
        when = datetime.strptime(m.group("stamp"), "%Y%m%dT%H%M%S%f").replace(tzinfo=UTC)
        size = path.stat().st_size
    except (ValueError, OSError):
        return None
    wal = walguard.wal_path(path)
    if wal.exists():
        size += wal.stat().st_size
    return Backup(path, when, size, m.group("why") or "open")


def list_backups(target: str | Path) -> list[Backup]:
    """``target``'s backups, newest first. When the file no longer says which project it is
    (damaged), backups of every project with the same file name are listed."""
    if is_url(target):
        return []
    folders = [folder_for(target)]
    if not folders[0].exists() or folders[0].name.startswith("unknown-"):
        root = paths.backups_dir()
        folders += [d for d in root.iterdir() if d.is_dir() and d not in folders
                    and any(d.glob(f"{glob_escape(_stem(target))}-*.annotator"))]
    found = [b for d in folders if d.exists() for f in d.glob("*.annotator")
             if (b := _parse(f)) is not None]
    return sorted(found, key=lambda b: b.when, reverse=True)


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


#: Copies of a file already in trouble: named only when there is nothing else.
_RESCUE_COPIES = ("before-repair", "before-restore", "foreign-wal")


def newest(target: str | Path) -> Backup | None:
    """The newest backup to restore from (copies taken of an already damaged file last)."""
    found = list_backups(target)
    sound = [b for b in found if b.why not in _RESCUE_COPIES]
    return (sound or found or [None])[0]


def restore_hint(target: str | Path) -> str:
    """One sentence naming the newest backup and the command that restores it."""
    if is_url(target):
        return "Server projects are restored from the server's own backups."
    b = newest(target)
    if b is None:
        return f"No backup of it was found in {paths.backups_dir()}."
    out = Path(str(target)).with_name(f"{_stem(target)}-restored.annotator")
    return (f"The newest backup is {b.path} ({b.when:%Y-%m-%d %H:%M} UTC); restore it with: "
            f"annotator restore {_quote(target)} {_quote(b.path)} --out {_quote(out)}")


def _quote(p: str | Path) -> str:
    import shlex

    return shlex.quote(str(p))


def damaged_message(target: str | Path, what: str) -> str:
    return f"{what}. {restore_hint(target)}"


# --- making backups -----------------------------------------------------------------------------
def make_backup(project: Project, why: str = "open") -> Path | None:
    """Copy the open ``project`` into its backups folder; ``None`` (and a warning, said once)
    when that fails or the project lives on a server."""
    store = project.store
    if not store.is_sqlite:
        return None
    clean_stale_parts()
    try:
        folder = folder_for(project.target, _meta_uuid(project))
        dest = store.backup_to(folder / f"{project.name}-{_stamp()}.{why}.annotator")
    except Exception as exc:  # noqa: BLE001 - never stop the user's work for a backup
        if not _is_copy_failure(exc):
            raise
        notices.warn_once("backup", f"could not back up {project.target} "
                                    f"({notices.reason(exc)}); your work goes on without a "
                                    "new backup")
        return None
    _rotate(dest.parent, why)
    return dest


def _is_copy_failure(exc: BaseException) -> bool:
    import sqlite3

    from annotator.domain.errors import AnnotatorError

    return isinstance(exc, OSError | sqlite3.Error | AnnotatorError) or \
        type(exc).__module__.startswith("sqlalchemy")


def _meta_uuid(project: Project) -> str | None:
    try:
        with project.read() as tx:
            return tx.meta().get("uuid")
    except Exception:  # noqa: BLE001 - a damaged project still gets backed up
        return None


def _rotate(folder: Path, why: str) -> None:
    """Keep the newest :data:`KEEP` backups of this kind, and the last one of each of the
    last :data:`KEEP_DAYS` days, so a burst of backups of an already damaged file (every
    failing command takes one) cannot push out yesterday's sound copy."""
    same = sorted((b for f in folder.glob("*.annotator") if (b := _parse(f)) and b.why == why),
                  key=lambda b: b.when)
    daily = {b.when.date(): b for b in same}  # the last backup of each day
    keep = set(same[-KEEP:]) | {daily[d] for d in sorted(daily)[-KEEP_DAYS:]}
    for old in same:
        if old in keep:
            continue
        for p in (old.path, walguard.wal_path(old.path)):
            try:
                p.unlink(missing_ok=True)
            except OSError:
                pass


def copy_file_backup(path: Path, why: str, *, with_wal: bool = False,
                     uuid: str | None = None) -> Path | None:
    """Copy a project file that is not open (and its ``-wal`` when asked) byte for byte into
    its backups folder. ``None`` (and a warning) when that fails."""
    clean_stale_parts()
    dest: Path | None = None
    try:
        folder = folder_for(path, uuid)
        folder.mkdir(parents=True, exist_ok=True)
        dest = folder / f"{_stem(path)}-{_stamp()}.{why}.annotator"
        pairs = [(path, dest)]
        if with_wal and walguard.wal_path(path).exists():
            pairs.append((walguard.wal_path(path), walguard.wal_path(dest)))
        for src, dst in pairs:
            part = dst.with_name(dst.name + ".part")
            try:
                shutil.copyfile(src, part)
                part.replace(dst)
            finally:
                part.unlink(missing_ok=True)
    except OSError as exc:
        if dest is not None:
            for p in (dest, walguard.wal_path(dest)):
                p.unlink(missing_ok=True)
        notices.warn_once("backup", f"could not back up {path} ({notices.reason(exc)}); "
                                    "your work goes on without a new backup")
        return None
    _rotate(dest.parent, why)
    return dest


def clean_stale_parts(max_age: float = STALE_PART_SECONDS) -> int:
    """Remove half-written copies (``*.part``) an interrupted backup left behind."""
    import time

    removed = 0
    try:
        root = paths.backups_dir()
        now = time.time()
        for part in root.rglob("*.part*"):
            if not part.name.endswith((".part", ".part-journal", ".part-wal", ".part-shm")):
                continue
            try:
                if now - part.stat().st_mtime >= max_age:
                    part.unlink()
                    removed += 1
            except OSError:
                continue
    except OSError:
        pass
    return removed


# --- before opening -----------------------------------------------------------------------------
def guard_wal(path: Path) -> str | None:
    """Before the first open of ``path``: when a ``-wal`` would be replayed (crash recovery),
    copy the file and its log to the backups folder; when the log does not belong to the
    project, move it aside instead. Returns a note for the user, or ``None``."""
    if walguard.pending_wal(path) is None or walguard.is_live(path):
        return None
    verdict = walguard.verify(path)
    if verdict.belongs:
        if not _already_saved(path):
            copy_file_backup(path, "crash-recovery", with_wal=True)
        return None
    return _set_aside(path, verdict.reason)


def _signature(path: Path) -> tuple[int, int, bytes, bytes] | None:
    wal = walguard.wal_path(path)
    try:
        size = wal.stat().st_size
        with wal.open("rb") as fh:
            head = fh.read(32)
            fh.seek(max(0, size - 4096))
            tail = fh.read()
        return path.stat().st_size, size, head, tail
    except OSError:
        return None


def _already_saved(path: Path) -> bool:
    """True when the newest crash-recovery copy holds this very file and log (a checkpoint
    that keeps failing, e.g. on a full disk, must not copy the project on every command)."""
    saved = [b for b in list_backups(path) if b.why == "crash-recovery"]
    return bool(saved) and _signature(saved[0].path) == _signature(path) is not None


def _set_aside(path: Path, reason: str) -> str:
    wal = walguard.wal_path(path)
    shm = Path(str(path) + "-shm")
    try:
        folder = folder_for(path)
        folder.mkdir(parents=True, exist_ok=True)
        dest = folder / f"{_stem(path)}-{_stamp()}.foreign-wal.annotator-wal"
        shutil.move(str(wal), dest)
        shm.unlink(missing_ok=True)
    except OSError as exc:
        raise ProjectError(
            f"{path}: the write-ahead log beside it ({wal.name}) does not belong to it "
            f"({reason}) and could not be moved aside ({notices.reason(exc)}); move "
            f"{wal.name} away by hand, then open the project again") from exc
    message = (f"{path}: the write-ahead log beside it did not belong to it ({reason}); it was "
               f"moved to {dest} and the project opened without it")
    notices.warn_once(f"wal:{path}", message)
    return message


# --- restoring ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Restored:
    path: Path
    source: Path
    kept: Path | None  # the file that was replaced, kept beside it


def resolve_backup(target: str | Path, ref: str) -> Path:
    """A backup given as a path, a file name in the project's backups folder, or ``newest``."""
    if ref == "newest":
        b = newest(target)
        if b is None:
            raise ProjectError(f"{target}: no backups found in {paths.backups_dir()}")
        return b.path
    p = Path(ref)
    if p.exists():
        return p
    for b in list_backups(target):
        if b.path.name == ref:
            return b.path
    raise ProjectError(f"{ref}: no such backup (see 'annotator backups {target}')")


def restore(target: str | Path, backup: str | Path, out: str | Path | None = None, *,
            force: bool = False) -> Restored:
    """Copy ``backup`` to ``out`` (default: the project file itself). An existing file is only
    replaced with ``force``, and is then kept beside it as ``<name>.damaged-<time>``."""
    source = resolve_backup(target, str(backup))
    dest = Path(out) if out is not None else Path(str(target))
    from annotator.storage.migrate import check_sqlite_file

    check_sqlite_file(source)
    kept: Path | None = None
    if dest.exists():
        if not force:
            raise ProjectError(f"{dest}: already exists; restore to a new file with --out NEW, "
                               "or add --force to replace it (the current file is kept beside "
                               "it)")
        if walguard.is_live(dest):
            raise ProjectError(f"{dest}: is open in another program; close it first")
        kept = dest.with_name(f"{dest.name}.damaged-{_stamp()}")
        for suffix in ("", "-wal"):
            if Path(str(dest) + suffix).exists():
                Path(str(dest) + suffix).replace(Path(str(kept) + suffix))
        Path(str(dest) + "-shm").unlink(missing_ok=True)
    elif not dest.parent.exists():
        raise ProjectError(f"{dest}: folder {dest.parent} does not exist")
    try:
        sqlite_backup(source, dest)
    except Exception as exc:  # noqa: BLE001 - put the replaced file back
        if kept is not None:
            for suffix in ("", "-wal"):
                if Path(str(kept) + suffix).exists():
                    Path(str(kept) + suffix).replace(Path(str(dest) + suffix))
        raise ProjectError(f"{dest}: could not restore ({notices.reason(exc)}); nothing "
                           "was changed") from exc
    return Restored(dest, source, kept)
