"""The errors cop raises: each carries one line a person can act on.

The CLI prints `str(error)` on stderr and exits with `exit_code`; the TUI shows it as a notification.
"""

from __future__ import annotations


class CopError(Exception):
    """Base class: the message says what is wrong and how to fix it."""

    exit_code = 1


class UsageError(CopError):
    """The caller asked for something malformed (a bad option value)."""

    exit_code = 2


class ValidationError(CopError):
    """A record field holds a value cop cannot accept."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.reason = message


class NotFound(CopError):
    """No record with that id, slug or handle."""


class AmbiguousId(CopError):
    """An id prefix matches more than one record."""

    def __init__(self, prefix: str, candidates: list[str]) -> None:
        shown = ", ".join(candidates[:10]) + (" …" if len(candidates) > 10 else "")
        super().__init__(f"id prefix '{prefix}' is ambiguous: it matches {shown}; type more characters")
        self.candidates = candidates


class AlreadyExists(CopError):
    """A record with that identifier is already there."""


class ParseError(CopError):
    """A record file cannot be read: names the file and, where known, the line."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
        self.reason = message


class RepoNotFound(CopError):
    """No knowledge repo where one was expected."""


class FormatTooNew(CopError):
    """The repo was written by a newer cop."""


class PermissionDenied(CopError):
    """The acting member may not do this."""


class NoActingMember(CopError):
    """A command needs to know who is acting and cannot tell."""


class GitError(CopError):
    """git failed or is missing."""


class SyncError(CopError):
    """A sync could not complete; nothing was lost."""
