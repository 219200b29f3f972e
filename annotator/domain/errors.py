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
