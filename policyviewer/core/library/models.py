"""What the library returns: small frozen records, safe to pass between threads."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PolicyInfo:
    """A policy and a summary of its history."""

    id: int
    name: str
    versions: int
    latest_date: str | None  # date of the newest version (YYYY-MM-DD), None if it has none
    created_at: str  # ISO timestamp, UTC


@dataclass(frozen=True)
class VersionInfo:
    """One stored version of a policy.

    ``number`` is the 1-based position in the policy's history, ordered by
    ``date`` and then by import order; adding an older-dated version later
    shifts the numbers of the versions after it.
    """

    id: int
    policy_id: int
    policy_name: str
    number: int
    date: str  # YYYY-MM-DD: --date, else the date found in the text, else the import date
    effective_date: str | None  # the date found in the text, if any
    source: str | None  # file path or URL it was imported from
    source_format: str  # "text", "markdown", "html", "pdf", "docx"
    sha256: str  # of the stored text (UTF-8)
    words: int
    chars: int
    title: str | None
    imported_at: str  # ISO timestamp, UTC

    @property
    def label(self) -> str:
        """``Name@N (date)``: how the command line and reports name this version."""
        return f"{self.policy_name}@{self.number} ({self.date})"


@dataclass(frozen=True)
class AddResult:
    """What ``Library.add_version`` did.

    ``created`` is False when the policy already had a version with identical
    text; ``version`` is then that existing version and nothing was written.
    """

    policy: PolicyInfo
    version: VersionInfo
    created: bool
    policy_created: bool
