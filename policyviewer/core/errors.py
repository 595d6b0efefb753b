"""Package exceptions. Each carries the context a user needs to act on it.

``str(error)`` is a complete one-line message suitable for
``policyviewer: error: ...`` on the command line and for a dialog in the app.
"""

from __future__ import annotations


class PolicyViewerError(Exception):
    """Base class: every error the core raises on purpose."""

    def __init__(self, message: str, *, path: str | None = None, hint: str | None = None):
        self.message = message
        self.path = path
        self.hint = hint
        super().__init__(self.__str__())

    def __str__(self) -> str:
        text = f"{self.path}: {self.message}" if self.path else self.message
        if self.hint:
            text = f"{text} ({self.hint})"
        return text


class ImportFailed(PolicyViewerError):
    """A file could not be turned into a policy text (empty, binary, corrupt, scanned...)."""


class InputTooLarge(ImportFailed):
    """The input exceeds a limit in ``Config``; the message names the limit."""


class LibraryError(PolicyViewerError):
    """The library file cannot be opened or written (corrupt, locked, newer schema, read-only)."""


class NotFound(PolicyViewerError):
    """A policy or version named by the user does not exist."""


class InvalidQuery(PolicyViewerError):
    """A search query or other user expression could not be parsed."""


class FetchFailed(PolicyViewerError):
    """A network fetch the user asked for failed (refused, timeout, HTTP error)."""
