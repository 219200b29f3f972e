"""Checking and repairing a project (``annotator check [--repair]``), without opening it
through :class:`Project` first: a damaged file must still get a report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from annotator.domain.errors import AnnotatorError, ProjectError
from annotator.services import backups
from annotator.storage import integrity, walguard
from annotator.storage.engine import display_target, is_url
from annotator.storage.integrity import Finding


@dataclass(slots=True)
class Health:
    target: str
    findings: list[Finding]
    documents: int | None = None
    newest_backup: backups.Backup | None = None
    repaired: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    def hint(self) -> str:
        return backups.restore_hint(self.target)

    def as_json(self) -> dict[str, object]:
        b = self.newest_backup
        return {"ok": self.ok, "documents": self.documents,
                "problems": [f.message for f in self.findings],
                "findings": [f.as_json() for f in self.findings],
                "repaired": self.repaired,
                "newest_backup": b.as_json() if b else None,
                "restore_hint": None if self.ok else self.hint()}


def check(target: str | Path) -> Health:
    """Every problem of the project at ``target``. Never raises for a damaged project."""
    if is_url(target) or not Path(target).exists():
        return _check_opened(target)
    path = Path(target)
    if path.is_dir():
        raise ProjectError(f"{path}: is a folder, not a project file")
    findings = integrity.check_file(path)
    return Health(str(path), findings, _count_documents(path), backups.newest(path))


def _check_opened(target: str | Path) -> Health:
    """A server project (or whatever the store maps a target to) checked through the store; a
    project file that does not exist is refused by the store in one line."""
    from annotator.services.project import Project

    try:
        project = Project.open(target, backup=False)
    except AnnotatorError as exc:
        if not is_url(target):
            raise
        return Health(display_target(target), [Finding("server", str(exc))])
    with project:
        findings = [Finding("server", m) for m in project.store.check()]
        docs = len(project.documents())
    return Health(display_target(target), findings, docs)


def _count_documents(path: Path) -> int | None:
    try:
        engine = integrity.read_only_engine(path)
        try:
            with engine.connect() as conn:
                return int(conn.exec_driver_sql("SELECT count(*) FROM documents").scalar() or 0)
        finally:
            engine.dispose()
    except Exception:  # noqa: BLE001 - the findings say why
        return None


def repair(target: str | Path) -> Health:
    """Back the file up, rebuild what can be rebuilt without losing data, and check again."""
    if is_url(target):
        raise ProjectError("check --repair works on project files; a server project is "
                           "repaired by its administrator")
    path = Path(target)
    before = check(path)
    if before.ok:
        return before
    if any(f.kind == "file" for f in before.findings):
        raise ProjectError(f"{path}: cannot be repaired ({before.findings[0].message}). "
                           f"{backups.restore_hint(path)}")
    if not any(f.repairable for f in before.findings):
        before.repaired = ["nothing here can be rebuilt without losing data; nothing was "
                           "changed"]
        return before
    if walguard.is_live(path):
        raise ProjectError(f"{path}: is open in another program; close it there, then repair")
    saved = backups.copy_file_backup(path, "before-repair", with_wal=True)
    if saved is None:
        raise ProjectError(f"{path}: not repaired, because the backup taken first could not "
                           "be written (see the warning); nothing was changed")
    note = backups.guard_wal(path)  # a log that does not belong is moved aside, not replayed
    uuid = _uuid_from_backups(path)
    try:
        done = integrity.repair_file(path, new_uuid=uuid)
    except Exception as exc:  # noqa: BLE001 - say why, point at the backups
        reason = " ".join(str(getattr(exc, "orig", None) or exc).split())[:200]
        raise ProjectError(f"{path}: could not be repaired ({reason}); the file is as it was "
                           f"(a copy is in {saved}). {backups.restore_hint(path)}") from exc
    after = check(path)
    after.repaired = ([note] if note else []) + done + [f"backup taken first: {saved}"]
    return after


def _uuid_from_backups(path: Path) -> str | None:
    """The project's uuid as its backups remember it (for metadata lost with the table)."""
    for b in backups.list_backups(path):
        uuid = walguard.project_uuid_of(b.path)
        if uuid:
            return uuid
    return None
