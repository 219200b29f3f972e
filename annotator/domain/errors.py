"""Exceptions shared by every layer. Messages are one line and meant for the user."""

from __future__ import annotations


class AnnotatorError(Exception):
    """Base class: a problem the user can understand and act on."""


class InputError(AnnotatorError):
    """A file given by the user cannot be used (names the file in its message)."""


class ProjectError(AnnotatorError):
    """The project file cannot be opened or is not sound."""


class DamagedProjectError(ProjectError):
    """The project file is damaged (front ends add where its newest backup is)."""


class ValidationError(AnnotatorError):
    """A command was refused because it would break an invariant."""


class NotFoundError(AnnotatorError):
    """A referenced entity (document, code, coding, coder) does not exist."""


class ConflictError(AnnotatorError):
    """Someone else changed the entity first (optimistic locking)."""


def is_cleanup_echo(exc: BaseException | None) -> bool:
    """True for what a library's finalizer raises again after a write already failed (a zip
    file or worksheet stream being collected on a full disk): an ``OSError``, or writing to a
    file already closed. Front ends keep such "Exception ignored in …" echoes away from the
    user, who was already told what failed."""
    return isinstance(exc, OSError) or (isinstance(exc, ValueError) and "closed file" in str(exc))
