"""The policy library: one SQLite file holding policies, their versions and texts.

Concurrency: every write is one ``BEGIN IMMEDIATE`` transaction, so two
processes writing at once queue on SQLite's lock (up to
``Config.busy_timeout_ms``) instead of failing with "database is locked".
WAL mode lets readers continue while a writer works. A process killed
mid-write leaves the previous committed state: versions are whole or absent.

Ordering: a policy's versions are ordered by ``date`` and then import order;
``number`` is the position in that order (oldest = 1), computed on read. A
version added later with an older date takes its place by date, and the
numbers of the versions after it shift up by one.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import sqlite3
import threading
import time
import unicodedata
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import date as Date
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from policyviewer.core.config import DEFAULT_CONFIG, Config
from policyviewer.core.errors import InputTooLarge, LibraryError, NotFound, PolicyViewerError
from policyviewer.core.library import opening, search
from policyviewer.core.library.models import AddResult, PolicyInfo, VersionInfo
from policyviewer.core.library.schema import KNOWN_MIGRATIONS, migrations
from policyviewer.core.model import Document, HeadingMark

PolicyRef = PolicyInfo | VersionInfo | int | str

_VERSION_COLUMNS = """
    v.id, v.policy_id, p.name AS policy_name,
    ROW_NUMBER() OVER (ORDER BY v.date, v.id) AS number,
    v.date, v.effective_date, v.source, v.source_format, v.sha256,
    t.words, t.chars, v.title, v.imported_at
"""
_VERSIONS_OF_POLICY = f"""
    SELECT {_VERSION_COLUMNS}
    FROM versions v
    JOIN policies p ON p.id = v.policy_id
    JOIN texts t ON t.sha256 = v.sha256
    WHERE v.policy_id = ?
    ORDER BY v.date, v.id
"""
_POLICIES = """
    SELECT p.id, p.name, COUNT(v.id) AS versions, MAX(v.date) AS latest_date, p.created_at
    FROM policies p LEFT JOIN versions v ON v.policy_id = p.id
"""
_MAX_NAME = 200


def parse_iso_date(value: str) -> str:
    """Check a ``YYYY-MM-DD`` date and return it; raise a clear error otherwise."""
    text = str(value).strip()
    try:
        if len(text) != 10:
            raise ValueError(text)
        return Date.fromisoformat(text).isoformat()
    except ValueError:
        raise PolicyViewerError(
            f"invalid date {value!r}", hint="use YYYY-MM-DD, for example 2024-05-01"
        ) from None


def found_date(text: str) -> str | None:
    """The effective / "last updated" date written in the text, if the date finder finds one."""
    try:
        from policyviewer.core.dates import find_effective_date
    except ImportError:  # the date finder is optional for the store
        return None
    found = find_effective_date(text)
    iso = getattr(found, "iso", None) if found is not None else None
    try:
        return parse_iso_date(iso) if iso else None
    except PolicyViewerError:
        return None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def _normal_name(name: object) -> str:
    """Names compare after NFC and whitespace folding (and ignoring ASCII case, in SQL)."""
    return " ".join(unicodedata.normalize("NFC", str(name)).split())


def _clean_name(name: str) -> str:
    cleaned = _normal_name(name)
    if not cleaned:
        raise PolicyViewerError("a policy name cannot be empty")
    if len(cleaned) > _MAX_NAME:
        raise PolicyViewerError(f"a policy name is limited to {_MAX_NAME} characters")
    head, at, tail = cleaned.rpartition("@")
    if at and head and tail.isdigit():
        raise PolicyViewerError(
            f"invalid policy name {cleaned!r}",
            hint="a name cannot end in @ and a number, which names a version",
        )
    return cleaned


class Library:
    """A policy library file. Open with ``Library.open(path)``; close with ``close()``."""

    def __init__(
        self, db: Database, path: Path, config: Config, read_only_reason: LibraryError | None
    ):
        self.db = db
        self.path = path
        self.config = config
        self._read_only_reason = read_only_reason
        self._lock = threading.RLock()

    # -- opening -------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path | None = None, config: Config = DEFAULT_CONFIG) -> Library:
        """Open (creating if needed) the library at ``path`` (default: ``default_library_path()``).

        Raises ``LibraryError`` for a file that is not a library or is damaged
        (left untouched), or a place where a library cannot be created. A file
        that is read-only or from a newer schema opens for reading only.
        """
        path = Path(path).expanduser() if path is not None else opening.default_library_path()
        path = path.absolute()
        opening.prepare_folder(path)
        found = opening.probe(path, config.busy_timeout_ms / 1000)
        reason: LibraryError | None = None
        if found.newer:
            reason = opening.newer_schema_error(path, found.user_version)
        elif not opening.can_write(path):
            reason = LibraryError(
                "the library is read-only (no permission to write the file or its folder); "
                "it can be read but not changed",
                path=str(path),
                hint="make the file and its folder writable, or open another library with --db",
            )
        pending = [name for name in KNOWN_MIGRATIONS if name not in found.applied]
        if reason is not None and pending:
            if found.empty:
                raise LibraryError(
                    f"cannot create a library here: no permission to write in {path.parent}",
                    path=str(path),
                    hint="choose a writable place with --db PATH or $POLICYVIEWER_DB",
                )
            raise LibraryError(
                f"this library needs an upgrade, but {reason.message}",
                path=str(path),
                hint=reason.hint,
            )
        db = _connect(path, config, read_only=reason is not None)
        lib = cls(db, path, config, reason)
        if reason is None:
            try:
                lib._prepare()
            except BaseException:
                db.close()
                raise
        return lib

    def _prepare(self) -> None:
        self._enable_wal()
        if any(name not in self._applied() for name in KNOWN_MIGRATIONS):
            with self._write():  # serialises two processes creating the same library
                migrations.apply(self.db)

    def _enable_wal(self) -> None:
        # Switching the journal mode can fail at once with "database is locked" while
        # another process creates the same new library: SQLite does not call the busy
        # handler there, so wait here, up to the busy timeout, as for any other write.
        deadline = time.monotonic() + self.config.busy_timeout_ms / 1000
        while True:
            try:
                if self.db.journal_mode != "wal":
                    self.db.enable_wal()
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc).lower() or time.monotonic() >= deadline:
                    raise self._db_error(exc) from exc
                time.sleep(0.01)
            except sqlite3.Error as exc:
                raise self._db_error(exc) from exc

    def _applied(self) -> set[str]:
        return {m.name for m in migrations.applied(self.db)}

    @property
    def read_only(self) -> bool:
        return self._read_only_reason is not None

    def check_writable(self) -> None:
        """Raise the ``LibraryError`` explaining why this library cannot be changed, if it can't."""
        if self._read_only_reason is not None:
            raise self._read_only_reason

    def close(self) -> None:
        with self._lock:
            self.db.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Library({str(self.path)!r}{', read-only' if self.read_only else ''})"

    # -- transactions and errors -----------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        self.check_writable()
        with self._lock:
            conn = self.db.conn
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise self._db_error(exc) from exc
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException as exc:
                if conn.in_transaction:
                    with suppress(sqlite3.Error):  # keep the original error, not this one
                        conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise self._db_error(exc) from exc
                raise

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        with self._lock:
            try:
                cursor = self.db.conn.execute(sql, params)
                names = [d[0] for d in cursor.description]
                return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
            except sqlite3.Error as exc:
                raise self._db_error(exc) from exc

    def _db_error(self, exc: sqlite3.Error) -> LibraryError:
        text = str(exc)
        low = text.lower()
        where = str(self.path)
        if "locked" in low or "busy" in low:
            seconds = self.config.busy_timeout_ms / 1000
            return LibraryError(
                f"the library is busy: another program kept it locked for over {seconds:g} s; "
                "nothing was changed",
                path=where,
                hint="try again when the other import has finished",
            )
        if "readonly" in low or "read-only" in low:
            return LibraryError(
                "the library is read-only; nothing was changed",
                path=where,
                hint="make the file and its folder writable, or open another library with --db",
            )
        if "full" in low:
            return LibraryError(
                "the disk is full; nothing was changed",
                path=where,
                hint="free some space and try again",
            )
        if "malformed" in low or "not a database" in low or "corrupt" in low:
            return opening.corrupt_error(self.path, text)
        if self._read_only_reason is not None:
            return LibraryError(
                f"{self._read_only_reason.message} ({text})",
                path=where,
                hint=self._read_only_reason.hint,
            )
        return LibraryError(f"database error: {text}", path=where)

    # -- reading -------------------------------------------------------------

    def policies(self) -> list[PolicyInfo]:
        """Every policy, by name (case-insensitive)."""
        rows = self._rows(_POLICIES + " GROUP BY p.id ORDER BY p.name COLLATE NOCASE, p.id")
        return [PolicyInfo(**row) for row in rows]

    def get_policy(self, policy: PolicyRef) -> PolicyInfo:
        """A policy by name (case-insensitive), id, or an info record of it or its versions."""
        if isinstance(policy, PolicyInfo):
            return self._policy_by_id(policy.id, str(policy.name))
        if isinstance(policy, VersionInfo):
            return self._policy_by_id(policy.policy_id, policy.policy_name)
        if isinstance(policy, int):
            return self._policy_by_id(policy, str(policy))
        name = _normal_name(policy)
        rows = self._rows(_POLICIES + " WHERE p.name = ? GROUP BY p.id", (name,))
        if not rows and name.isdigit():
            rows = self._rows(_POLICIES + " WHERE p.id = ? GROUP BY p.id", (int(name),))
        if not rows:
            raise self._policy_not_found(name)
        return PolicyInfo(**rows[0])

    def _policy_by_id(self, policy_id: int, label: str) -> PolicyInfo:
        rows = self._rows(_POLICIES + " WHERE p.id = ? GROUP BY p.id", (policy_id,))
        if not rows:
            raise NotFound(f"no policy {label!r} (id {policy_id}) in the library")
        return PolicyInfo(**rows[0])

    def _policy_not_found(self, name: str) -> NotFound:
        names = [row["name"] for row in self._rows("SELECT name FROM policies ORDER BY name")]
        by_lower = {n.lower(): n for n in names}
        close = difflib.get_close_matches(name.lower(), list(by_lower), n=3, cutoff=0.6)
        close += [k for k in by_lower if name.lower() in k and k not in close][: 3 - len(close)]
        if close:
            hint = "did you mean " + " or ".join(repr(by_lower[c]) for c in close) + "?"
        elif names:
            hint = f"the library has {len(names)} policies; list them with `policyviewer list`"
        else:
            hint = "the library is empty; add a policy with `policyviewer add FILE`"
        return NotFound(f"no policy named {name!r}", hint=hint)

    def versions(self, policy: PolicyRef) -> list[VersionInfo]:
        """A policy's versions, oldest first (``number`` 1, 2, ...)."""
        info = self.get_policy(policy)
        return [VersionInfo(**row) for row in self._rows(_VERSIONS_OF_POLICY, (info.id,))]

    def version(self, policy: PolicyRef, number: int | None = None) -> VersionInfo:
        """Version ``number`` (1-based) of a policy; ``None`` means the latest."""
        info = self.get_policy(policy)
        history = self.versions(info)
        if not history:
            raise NotFound(
                f"policy {info.name!r} has no versions",
                hint=f"add one with `policyviewer add FILE --policy {info.name!r}`",
            )
        if number is None:
            return history[-1]
        if not 1 <= number <= len(history):
            raise NotFound(
                f"policy {info.name!r} has no version {number}",
                hint=f"its versions are numbered 1 to {len(history)}",
            )
        return history[number - 1]

    def document(self, version: VersionInfo) -> Document:
        """The stored text of a version, with its heading marks and format."""
        rows = self._rows(
            "SELECT t.text, t.sha256, v.headings, v.source_format, v.source, v.title "
            "FROM versions v JOIN texts t ON t.sha256 = v.sha256 WHERE v.id = ?",
            (version.id,),
        )
        if not rows:
            raise NotFound(f"version {version.label} is no longer in the library")
        row = rows[0]
        try:
            data = zlib.decompress(row["text"])
        except zlib.error as exc:
            raise opening.corrupt_error(self.path, f"text {row['sha256'][:12]}: {exc}") from exc
        if hashlib.sha256(data).hexdigest() != row["sha256"]:
            raise opening.corrupt_error(self.path, f"text {row['sha256'][:12]} fails its checksum")
        headings = tuple(HeadingMark(s, e, lvl) for s, e, lvl in json.loads(row["headings"]))
        return Document(
            text=data.decode("utf-8"),
            fmt=row["source_format"],
            headings=headings,
            source=row["source"],
            title=row["title"],
        )

    def verify(self) -> list[str]:
        """Check the whole file and every stored text; returns the problems found (none: [])."""
        problems = [
            str(r["integrity_check"])
            for r in self._rows("PRAGMA integrity_check")
            if r["integrity_check"] != "ok"
        ]
        problems += [
            f"{r['table']} row {r['rowid']} points to a missing {r['parent']} row"
            for r in self._rows("PRAGMA foreign_key_check")
        ]
        for row in self._rows("SELECT sha256, text, chars FROM texts"):
            try:
                text = zlib.decompress(row["text"])
            except zlib.error as exc:
                problems.append(f"text {row['sha256'][:12]} cannot be decompressed ({exc})")
                continue
            if hashlib.sha256(text).hexdigest() != row["sha256"]:
                problems.append(f"text {row['sha256'][:12]} fails its checksum")
            elif len(text.decode("utf-8")) != row["chars"]:
                problems.append(f"text {row['sha256'][:12]} has the wrong length")
        return problems

    # -- writing -------------------------------------------------------------

    def add_version(
        self,
        policy_name: str,
        doc: Document,
        *,
        source: str | None = None,
        date: str | None = None,
    ) -> AddResult:
        """Store ``doc`` as a version of ``policy_name`` (created if new), in one transaction.

        ``date`` (YYYY-MM-DD) defaults to the date found in the text, else today.
        If the policy already has a version with identical text nothing is
        written and the result has ``created=False`` and that version.
        """
        name = _clean_name(policy_name)
        given = parse_iso_date(date) if date is not None else None
        text = doc.text
        if not text.strip():
            raise PolicyViewerError("the text is empty; nothing was stored", path=source)
        if len(text) > self.config.max_text_chars:
            raise InputTooLarge(
                f"the text has {len(text):,} characters, over the limit of "
                f"{self.config.max_text_chars:,} (Config.max_text_chars); nothing was stored",
                path=source or doc.source,
            )
        data = text.encode("utf-8")
        sha = hashlib.sha256(data).hexdigest()
        known = self._known_version(name, sha)
        if known is not None:  # re-importing an unchanged file: skip the slow work below
            return AddResult(self.get_policy(known), known, created=False, policy_created=False)
        # Everything slow happens before the write lock is taken.
        effective = found_date(text)
        when = given or effective or Date.today().isoformat()
        blob = zlib.compress(data, 9)
        headings = json.dumps([[h.start, h.end, h.level] for h in doc.headings])
        source = source if source is not None else doc.source
        now = _now()
        sections = search.sections_of(doc)
        with self._write() as conn:
            row = conn.execute("SELECT id FROM policies WHERE name = ?", (name,)).fetchone()
            policy_created = row is None
            if row is None:
                policy_id = conn.execute(
                    "INSERT INTO policies (name, created_at) VALUES (?, ?)", (name, now)
                ).lastrowid
            else:
                policy_id = row[0]
            existing = conn.execute(
                "SELECT id FROM versions WHERE policy_id = ? AND sha256 = ?", (policy_id, sha)
            ).fetchone()
            if existing is None:
                conn.execute(
                    "INSERT OR IGNORE INTO texts (sha256, text, words, chars) VALUES (?, ?, ?, ?)",
                    (sha, blob, len(text.split()), len(text)),
                )
                version_id = conn.execute(
                    "INSERT INTO versions (policy_id, sha256, date, effective_date, source, "
                    "source_format, title, headings, imported_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (policy_id, sha, when, effective, source, doc.fmt, doc.title, headings, now),
                ).lastrowid
                search.index_version(conn, version_id, text, sections)
            else:
                version_id = existing[0]
            policy = self._policy_by_id(policy_id, name)
            version = next(v for v in self.versions(policy) if v.id == version_id)
        return AddResult(
            policy=policy,
            version=version,
            created=existing is None,
            policy_created=policy_created,
        )

    def _known_version(self, policy_name: str, sha: str) -> VersionInfo | None:
        rows = self._rows(
            "SELECT v.id, v.policy_id FROM versions v JOIN policies p ON p.id = v.policy_id "
            "WHERE p.name = ? AND v.sha256 = ?",
            (policy_name, sha),
        )
        if not rows:
            return None
        return next(
            (v for v in self.versions(rows[0]["policy_id"]) if v.id == rows[0]["id"]), None
        )

    def remove_version(self, policy: PolicyRef, number: int) -> VersionInfo:
        """Delete one version (the numbers of later versions shift down). Returns it."""
        with self._write() as conn:
            version = self.version(policy, number)
            search.unindex_versions(conn, (version.id,))
            conn.execute("DELETE FROM versions WHERE id = ?", (version.id,))
            _drop_unused_texts(conn, (version.sha256,))
        return version

    def remove_policy(self, policy: PolicyRef) -> PolicyInfo:
        """Delete a policy and all its versions. Returns what was deleted."""
        with self._write() as conn:
            info = self.get_policy(policy)
            shas = [r[0] for r in conn.execute(
                "SELECT sha256 FROM versions WHERE policy_id = ?", (info.id,)
            )]
            search.unindex_versions(conn, (v.id for v in self.versions(info)))
            conn.execute("DELETE FROM versions WHERE policy_id = ?", (info.id,))
            conn.execute("DELETE FROM policies WHERE id = ?", (info.id,))
            _drop_unused_texts(conn, shas)
        return info

    def rename_policy(self, policy: PolicyRef, new_name: str) -> PolicyInfo:
        """Give a policy a new name (names are unique, ignoring case)."""
        name = _clean_name(new_name)
        with self._write() as conn:
            info = self.get_policy(policy)
            clash = conn.execute(
                "SELECT name FROM policies WHERE name = ? AND id != ?", (name, info.id)
            ).fetchone()
            if clash:
                raise PolicyViewerError(
                    f"a policy named {clash[0]!r} already exists",
                    hint="choose another name, or remove that policy first",
                )
            conn.execute("UPDATE policies SET name = ? WHERE id = ?", (name, info.id))
            return self._policy_by_id(info.id, name)


def _drop_unused_texts(conn: sqlite3.Connection, shas: Any) -> None:
    for sha in set(shas):
        conn.execute(
            "DELETE FROM texts WHERE sha256 = ? "
            "AND NOT EXISTS (SELECT 1 FROM versions WHERE sha256 = ?)",
            (sha, sha),
        )


def _connect(path: Path, config: Config, *, read_only: bool) -> Database:
    timeout = config.busy_timeout_ms / 1000
    try:
        if read_only:
            try:
                conn = sqlite3.connect(
                    opening.read_only_uri(path), uri=True, timeout=timeout,
                    check_same_thread=False,
                )
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlite3.OperationalError:
                # No -shm file and no right to create one: read a snapshot.
                conn = sqlite3.connect(
                    opening.read_only_uri(path, immutable=True), uri=True, timeout=timeout,
                    check_same_thread=False,
                )
        else:
            conn = sqlite3.connect(str(path), timeout=timeout, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {int(config.busy_timeout_ms)}")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as exc:
        raise LibraryError(f"cannot open the library ({exc})", path=str(path)) from exc
    return Database(conn, execute_plugins=False)
