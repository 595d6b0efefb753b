"""Tracked policies: the URL (and optional CSS selector) a policy is fetched from,
and the outcome of its last check; plus the sources an import already went through.

Tables (migration ``003_tracking``):

- ``tracking``: one row per tracked policy, deleted with the policy.
- ``imported_sources``: sources (e.g. an Open Terms Archive commit of a file)
  already read for a policy, including those that added nothing because their
  text only differed by noise, so a second import skips them quickly.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

from policyviewer.core.library.store import Library, PolicyRef

# Outcomes of a check.
UNCHANGED, CHANGED, ERROR = "unchanged", "changed", "error"


def create_tables(conn: sqlite3.Connection) -> None:
    """Create the tracking tables (called once, by the ``003_tracking`` migration)."""
    conn.execute(
        """
        CREATE TABLE tracking (
            policy_id INTEGER PRIMARY KEY REFERENCES policies(id) ON DELETE CASCADE,
            url TEXT NOT NULL,
            selector TEXT,
            added_at TEXT NOT NULL,
            checked_at TEXT,
            status TEXT,
            message TEXT,
            changed_at TEXT,
            unseen_change INTEGER NOT NULL DEFAULT 0
        )
        """
    )
    conn.execute(
        """
        CREATE TABLE imported_sources (
            policy_id INTEGER NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
            source TEXT NOT NULL,
            PRIMARY KEY (policy_id, source)
        ) WITHOUT ROWID
        """
    )


@dataclass(frozen=True)
class Tracked:
    """A policy followed on the web and what its last check found."""

    policy_id: int
    policy_name: str
    url: str
    selector: str | None
    added_at: str  # ISO timestamp, UTC
    checked_at: str | None  # last check (None: never checked since it was added)
    status: str | None  # "unchanged", "changed", "error"
    message: str | None  # the headline of the change, or the error
    changed_at: str | None  # when a check last found a change
    unseen_change: bool  # changed since the user last looked (the app's badge)


_SELECT = """
    SELECT t.policy_id, p.name AS policy_name, t.url, t.selector, t.added_at,
           t.checked_at, t.status, t.message, t.changed_at, t.unseen_change
    FROM tracking t JOIN policies p ON p.id = t.policy_id
"""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _tracked(row: dict) -> Tracked:
    return Tracked(**{**row, "unseen_change": bool(row["unseen_change"])})


def track(lib: Library, policy: PolicyRef, url: str, selector: str | None = None) -> Tracked:
    """Follow ``policy`` at ``url`` (replacing any URL/selector it had)."""
    info = lib.get_policy(policy)
    with lib._write() as conn:
        conn.execute(
            "INSERT INTO tracking (policy_id, url, selector, added_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (policy_id) DO UPDATE SET url = excluded.url, "
            "selector = excluded.selector",
            (info.id, url, selector or None, _now()),
        )
    found = get_tracked(lib, info)
    assert found is not None
    return found


def untrack(lib: Library, policy: PolicyRef) -> bool:
    """Stop following ``policy`` (its versions stay). True if it was tracked."""
    info = lib.get_policy(policy)
    with lib._write() as conn:
        return conn.execute("DELETE FROM tracking WHERE policy_id = ?", (info.id,)).rowcount > 0


def get_tracked(lib: Library, policy: PolicyRef) -> Tracked | None:
    info = lib.get_policy(policy)
    rows = lib._rows(_SELECT + " WHERE t.policy_id = ?", (info.id,))
    return _tracked(rows[0]) if rows else None


def tracked_policies(lib: Library) -> list[Tracked]:
    """Every tracked policy, by name."""
    rows = lib._rows(_SELECT + " ORDER BY p.name COLLATE NOCASE, p.id")
    return [_tracked(r) for r in rows]


def record_check(lib: Library, policy_id: int, status: str, message: str | None) -> None:
    """Remember the outcome of a check; a change also raises the unseen-change flag."""
    now = _now()
    with lib._write() as conn:
        if status == CHANGED:
            conn.execute(
                "UPDATE tracking SET checked_at = ?, status = ?, message = ?, changed_at = ?, "
                "unseen_change = 1 WHERE policy_id = ?",
                (now, status, message, now, policy_id),
            )
        else:
            conn.execute(
                "UPDATE tracking SET checked_at = ?, status = ?, message = ? WHERE policy_id = ?",
                (now, status, message, policy_id),
            )


def mark_seen(lib: Library, policy: PolicyRef) -> None:
    """The user has looked at the policy: clear its changed badge."""
    info = lib.get_policy(policy)
    if lib.read_only:
        return
    with lib._write() as conn:
        conn.execute(
            "UPDATE tracking SET unseen_change = 0 WHERE policy_id = ? AND unseen_change != 0",
            (info.id,),
        )


def imported_sources(lib: Library, policy_id: int) -> set[str]:
    """The sources an import already read for this policy (stored or skipped as noise)."""
    rows = lib._rows("SELECT source FROM imported_sources WHERE policy_id = ?", (policy_id,))
    stored = lib._rows(
        "SELECT source FROM versions WHERE policy_id = ? AND source IS NOT NULL", (policy_id,)
    )
    return {r["source"] for r in rows} | {r["source"] for r in stored}


def remember_sources(lib: Library, policy_id: int, sources: Iterable[str]) -> None:
    with lib._write() as conn:
        conn.executemany(
            "INSERT OR IGNORE INTO imported_sources (policy_id, source) VALUES (?, ?)",
            [(policy_id, s) for s in sources],
        )
