"""Finding and checking a library file before anything is written to it.

The rule: a file we did not create or cannot read correctly is never
modified. Checks run on a read-only connection first (header, quick_check,
schema version); only a file that passes them is opened for writing.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from policyviewer.core.errors import LibraryError
from policyviewer.core.library.schema import (
    KNOWN_MIGRATIONS,
    LIBRARY_TABLES,
    MIGRATION_SET,
    SCHEMA_VERSION,
)

ENV_VAR = "POLICYVIEWER_DB"
SQLITE_HEADER = b"SQLite format 3\x00"

_ANOTHER = "open another library with --db PATH or $POLICYVIEWER_DB"


def default_library_path() -> Path:
    """``$POLICYVIEWER_DB`` if set, else ``<user data dir>/policyviewer/library.sqlite``."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("policyviewer", appauthor=False)) / "library.sqlite"


@dataclass(frozen=True)
class Probe:
    """What the read-only look at an existing file found."""

    exists: bool
    empty: bool  # no tables at all: a new library can be built in it
    applied: tuple[str, ...]  # our migrations already applied
    user_version: int
    newer: bool = False  # written by a newer PolicyViewer: read, never write


def prepare_folder(path: Path) -> None:
    """Create the library's folder if needed, or explain why it can't be."""
    if path.is_dir():
        raise LibraryError(
            "is a folder, not a library file",
            path=str(path),
            hint=f"give a file name such as {path / 'library.sqlite'}",
        )
    folder = path.parent
    if folder.is_dir():
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LibraryError(
            f"the folder {folder} does not exist and cannot be created ({exc.strerror or exc})",
            path=str(path),
            hint=f"create it yourself or {_ANOTHER}",
        ) from exc


def can_write(path: Path) -> bool:
    """Whether SQLite will be able to write the file and its -wal/-shm neighbours."""
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        return False
    return not path.exists() or os.access(path, os.W_OK)


def read_only_uri(path: Path, *, immutable: bool = False) -> str:
    uri = path.resolve().as_uri() + "?mode=ro"  # file:///C:/... on Windows too
    return uri + "&immutable=1" if immutable else uri


def corrupt_error(path: Path, detail: str) -> LibraryError:
    detail = " ".join(detail.replace("*** in database main ***", "").split())
    return LibraryError(
        f"the library file is damaged ({detail}); it was left unchanged",
        path=str(path),
        hint=f"restore it from a backup, move it away to start a new library, or {_ANOTHER}",
    )


def probe(path: Path, timeout: float = 5.0) -> Probe:
    """Inspect an existing file without writing to it; raise if it is not a usable library."""
    if not path.exists():
        return Probe(exists=False, empty=True, applied=(), user_version=0)
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise LibraryError(
            f"cannot read the library file ({exc.strerror or exc})",
            path=str(path),
            hint=f"check its permissions or {_ANOTHER}",
        ) from exc
    if not header:
        return Probe(exists=True, empty=True, applied=(), user_version=0)
    if header != SQLITE_HEADER:
        raise LibraryError(
            "is not a PolicyViewer library (not an SQLite database); it was left unchanged",
            path=str(path),
            hint=_ANOTHER,
        )
    # SQLite creates -wal/-shm beside a WAL-mode file even when reading; if the
    # file turns out to be unusable, take away the ones this look created.
    neighbours = [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm")]
    absent = [p for p in neighbours if not p.exists()]
    try:
        return _probe(path, timeout)
    except LibraryError:
        for p in absent:
            if p.exists() and (p.name.endswith("-shm") or p.stat().st_size == 0):
                p.unlink(missing_ok=True)
        raise


def _probe(path: Path, timeout: float) -> Probe:
    try:
        return _probe_sqlite(path, timeout, immutable=False)
    except sqlite3.OperationalError as exc:
        # A read-only folder without a -shm file: read the file as a snapshot.
        if "unable to open" not in str(exc) and "readonly" not in str(exc):
            raise corrupt_error(path, str(exc)) from exc
        try:
            return _probe_sqlite(path, timeout, immutable=True)
        except sqlite3.DatabaseError as exc2:
            raise corrupt_error(path, str(exc2)) from exc2
    except sqlite3.DatabaseError as exc:
        raise corrupt_error(path, str(exc)) from exc


def _probe_sqlite(path: Path, timeout: float, *, immutable: bool) -> Probe:
    conn = sqlite3.connect(read_only_uri(path, immutable=immutable), uri=True, timeout=timeout)
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
        if [r[0] for r in rows] != ["ok"]:
            raise corrupt_error(path, "; ".join(str(r[0]) for r in rows[:3]))
        tables = {
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not r[0].startswith("sqlite_")
        }
        user_version = conn.execute("PRAGMA user_version").fetchone()[0]
        applied: tuple[str, ...] = ()
        if "_sqlite_migrations" in tables:
            applied = tuple(
                r[0]
                for r in conn.execute(
                    "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
                    (MIGRATION_SET,),
                )
            )
    finally:
        conn.close()
    if tables and not applied and not (tables & LIBRARY_TABLES) and user_version == 0:
        raise LibraryError(
            "is an SQLite database but not a PolicyViewer library; it was left unchanged",
            path=str(path),
            hint=_ANOTHER,
        )
    unknown = [name for name in applied if name not in KNOWN_MIGRATIONS]
    return Probe(
        exists=True,
        empty=not tables,
        applied=applied,
        user_version=max(user_version, len(applied)),
        newer=bool(unknown) or user_version > SCHEMA_VERSION,
    )


def newer_schema_error(path: Path, found: int) -> LibraryError:
    return LibraryError(
        f"the library was written by a newer PolicyViewer (schema {found}, this version "
        f"knows up to {SCHEMA_VERSION}); it can be read but not changed",
        path=str(path),
        hint=f"update PolicyViewer to change it, or {_ANOTHER}",
    )
