"""Full-text search over every version of every policy (SQLite FTS5).

The index (migration ``002_search``) works on sections, so a hit knows its
heading:

- ``search_passages``: one row per distinct section (heading + body text) in
  the whole library. Consecutive versions share most of their sections, so
  each distinct section is indexed once, however many versions contain it.
- ``search_fts``: a contentless FTS5 table (heading, body) whose rowid is the
  passage id. Contentless: the words are indexed but the text is not copied;
  it stays only in ``texts``, compressed, and snippets are cut from it.
  ``columnsize=0``: no per-row sizes, which makes ranking every match about
  three times cheaper (the --all-versions scope ranks up to every distinct
  section of the library); bm25 then has no length normalisation there, so a
  long section mentioning a word often can rank above a short one.
- ``search_latest_fts``: the same for the sections of each policy's latest
  version only (the default scope), with sizes: bm25 in full.
- ``search_sections``: where each passage sits in each version (offsets into
  the version's text).

The library keeps the index in sync in the same transaction as each import
(``index_version``) and removal (``unindex_versions``).
"""

from __future__ import annotations

import hashlib
import heapq
import json
import sqlite3
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from policyviewer.core.library.search_query import Query, parse_query
from policyviewer.core.library.search_snippets import make_snippet
from policyviewer.core.model import Document, HeadingMark
from policyviewer.core.outline import outline_of

if TYPE_CHECKING:
    from policyviewer.core.library.store import Library, PolicyRef

# Heading words weigh more than body words in the ranking (bm25 column weights).
HEADING_WEIGHT = 4.0
BODY_WEIGHT = 1.0

_CREATE = (
    """
    CREATE TABLE search_passages (
        id INTEGER PRIMARY KEY,
        key BLOB NOT NULL UNIQUE,
        heading TEXT
    )
    """,
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        heading, body, content='', columnsize=0, tokenize='unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TABLE search_sections (
        version_id INTEGER NOT NULL REFERENCES versions(id),
        start INTEGER NOT NULL,
        body_start INTEGER NOT NULL,
        stop INTEGER NOT NULL,
        passage_id INTEGER NOT NULL REFERENCES search_passages(id),
        PRIMARY KEY (version_id, start)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX search_sections_by_passage ON search_sections (passage_id, version_id)",
    # The same index restricted to the latest version of each policy, the default
    # search scope: ranking cost grows with the number of matching passages, and
    # the latest versions hold a fraction of the library's distinct sections.
    """
    CREATE VIRTUAL TABLE search_latest_fts USING fts5(
        heading, body, content='', tokenize='unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TABLE search_latest (
        policy_id INTEGER PRIMARY KEY REFERENCES policies(id),
        version_id INTEGER NOT NULL REFERENCES versions(id)
    )
    """,
    "CREATE TABLE search_latest_refs (passage_id INTEGER PRIMARY KEY, refs INTEGER NOT NULL)",
)


@dataclass(frozen=True)
class IndexedSection:
    """A section as indexed: heading (None for the text before the first one) and offsets."""

    heading: str | None
    start: int
    body_start: int
    stop: int


def sections_of(doc: Document) -> list[IndexedSection]:
    """The sections the index holds for ``doc``: the preamble, then each outline section."""
    outline = outline_of(doc)
    found: list[IndexedSection] = []
    first = outline.sections[0].start if outline.sections else len(doc.text)
    if doc.text[:first].strip():
        found.append(IndexedSection(None, 0, 0, first))
    for s in outline.sections:
        if s.end > s.start:
            found.append(IndexedSection(s.heading, s.start, s.body_start, s.end))
    return found


def _key(heading: str | None, body: str) -> bytes:
    data = ("\x00" if heading is None else heading + "\x01") + body
    return hashlib.blake2b(data.encode("utf-8"), digest_size=16).digest()


def create_index(conn: sqlite3.Connection) -> None:
    """Create the search tables and index every version already stored (migration 002)."""
    for sql in _CREATE:
        conn.execute(sql)
    rows = conn.execute(
        "SELECT v.id, v.headings, v.source_format, v.title, t.text "
        "FROM versions v JOIN texts t ON t.sha256 = v.sha256 ORDER BY v.id"
    )
    for version_id, headings, fmt, title, blob in rows.fetchall():
        text = zlib.decompress(blob).decode("utf-8")
        marks = tuple(HeadingMark(s, e, lvl) for s, e, lvl in json.loads(headings))
        doc = Document(text=text, fmt=fmt, headings=marks, title=title)
        index_version(conn, version_id, text, sections_of(doc), latest=False)
    for (policy_id,) in conn.execute("SELECT id FROM policies").fetchall():
        sync_latest(conn, policy_id)


def index_version(
    conn: sqlite3.Connection,
    version_id: int,
    text: str,
    sections: Sequence[IndexedSection],
    *,
    latest: bool = True,
) -> None:
    """Index one stored version (call inside the transaction that inserted it).

    ``latest=False`` leaves the latest-versions index for the caller to sync.
    """
    rows = []
    for s in sections:
        body = text[s.body_start : s.stop]
        key = _key(s.heading, body)
        found = conn.execute("SELECT id FROM search_passages WHERE key = ?", (key,)).fetchone()
        if found is None:
            passage_id = conn.execute(
                "INSERT INTO search_passages (key, heading) VALUES (?, ?)", (key, s.heading)
            ).lastrowid
            conn.execute(
                "INSERT INTO search_fts (rowid, heading, body) VALUES (?, ?, ?)",
                (passage_id, s.heading or "", body),
            )
        else:
            passage_id = found[0]
        rows.append((version_id, s.start, s.body_start, s.stop, passage_id))
    conn.executemany(
        "INSERT OR REPLACE INTO search_sections (version_id, start, body_start, stop, passage_id) "
        "VALUES (?, ?, ?, ?, ?)",
        rows,
    )
    if latest:
        policy_id = conn.execute(
            "SELECT policy_id FROM versions WHERE id = ?", (version_id,)
        ).fetchone()[0]
        sync_latest(conn, policy_id)


def unindex_versions(conn: sqlite3.Connection, version_ids: Iterable[int]) -> None:
    """Drop versions from the index (call inside the transaction that deletes them, before).

    A passage no other version has is removed from the FTS table, which for a
    contentless table needs the exact words it was indexed with: they are cut
    from the version's stored text, still there at this point.
    """
    ids = sorted(set(version_ids))
    if not ids:
        return
    marks = ",".join("?" * len(ids))
    policies = conn.execute(
        f"SELECT DISTINCT policy_id FROM versions WHERE id IN ({marks})", ids
    ).fetchall()
    for (policy_id,) in policies:
        sync_latest(conn, policy_id, without=ids)
    for version_id in ids:
        orphans = conn.execute(
            "SELECT s.passage_id, s.body_start, s.stop, p.heading FROM search_sections s "
            "JOIN search_passages p ON p.id = s.passage_id WHERE s.version_id = ? "
            "AND NOT EXISTS (SELECT 1 FROM search_sections o WHERE o.passage_id = s.passage_id "
            "AND o.version_id != s.version_id)",
            (version_id,),
        ).fetchall()
        if orphans:
            blob = conn.execute(
                "SELECT t.text FROM versions v JOIN texts t ON t.sha256 = v.sha256 WHERE v.id = ?",
                (version_id,),
            ).fetchone()[0]
            text = zlib.decompress(blob).decode("utf-8")
            for passage_id, body_start, stop, heading in {o[0]: o for o in orphans}.values():
                conn.execute(
                    "INSERT INTO search_fts (search_fts, rowid, heading, body) "
                    "VALUES ('delete', ?, ?, ?)",
                    (passage_id, heading or "", text[body_start:stop]),
                )
        conn.execute("DELETE FROM search_sections WHERE version_id = ?", (version_id,))
        for passage_id in {o[0] for o in orphans}:
            conn.execute("DELETE FROM search_passages WHERE id = ?", (passage_id,))


def _version_text(conn: sqlite3.Connection, version_id: int) -> str:
    blob = conn.execute(
        "SELECT t.text FROM versions v JOIN texts t ON t.sha256 = v.sha256 WHERE v.id = ?",
        (version_id,),
    ).fetchone()[0]
    return zlib.decompress(blob).decode("utf-8")


def _passages_of(conn: sqlite3.Connection, version_id: int) -> dict[int, tuple[Any, ...]]:
    rows = conn.execute(
        "SELECT s.passage_id, s.body_start, s.stop, p.heading FROM search_sections s "
        "JOIN search_passages p ON p.id = s.passage_id WHERE s.version_id = ?",
        (version_id,),
    ).fetchall()
    return {r[0]: r for r in rows}


def sync_latest(conn: sqlite3.Connection, policy_id: int, without: Sequence[int] = ()) -> None:
    """Make the latest-versions index hold the policy's current latest version.

    ``without``: versions about to be deleted (their texts are still readable).
    """
    skip = f"AND id NOT IN ({','.join(str(int(i)) for i in without)})" if without else ""
    row = conn.execute(
        f"SELECT id FROM versions WHERE policy_id = ? {skip} ORDER BY date DESC, id DESC LIMIT 1",
        (policy_id,),
    ).fetchone()
    new = row[0] if row else None
    row = conn.execute(
        "SELECT version_id FROM search_latest WHERE policy_id = ?", (policy_id,)
    ).fetchone()
    old = row[0] if row else None
    if new == old:
        return
    if old is not None:
        text = None
        for passage_id, body_start, stop, heading in _passages_of(conn, old).values():
            refs = conn.execute(
                "UPDATE search_latest_refs SET refs = refs - 1 WHERE passage_id = ? RETURNING refs",
                (passage_id,),
            ).fetchone()
            if refs is not None and refs[0] <= 0:
                text = text if text is not None else _version_text(conn, old)
                conn.execute("DELETE FROM search_latest_refs WHERE passage_id = ?", (passage_id,))
                conn.execute(
                    "INSERT INTO search_latest_fts (search_latest_fts, rowid, heading, body) "
                    "VALUES ('delete', ?, ?, ?)",
                    (passage_id, heading or "", text[body_start:stop]),
                )
        conn.execute("DELETE FROM search_latest WHERE policy_id = ?", (policy_id,))
    if new is not None:
        text = None
        for passage_id, body_start, stop, heading in _passages_of(conn, new).values():
            refs = conn.execute(
                "INSERT INTO search_latest_refs (passage_id, refs) VALUES (?, 1) "
                "ON CONFLICT (passage_id) DO UPDATE SET refs = refs + 1 RETURNING refs",
                (passage_id,),
            ).fetchone()[0]
            if refs == 1:
                text = text if text is not None else _version_text(conn, new)
                conn.execute(
                    "INSERT INTO search_latest_fts (rowid, heading, body) VALUES (?, ?, ?)",
                    (passage_id, heading or "", text[body_start:stop]),
                )
        conn.execute(
            "INSERT INTO search_latest (policy_id, version_id) VALUES (?, ?)", (policy_id, new)
        )


# -- querying ------------------------------------------------------------------


@dataclass(frozen=True)
class SearchHit:
    """One section of one version that matches a query.

    ``snippet`` is plain text around the hit; ``snippet[match_start:match_end]``
    is the matched words. ``hit_start``/``hit_end`` are the same words as
    offsets into the version's full text (for opening the version at the hit).
    ``score`` is the bm25 relevance (higher is better); ``rank`` the 1-based order.
    """

    policy: str
    policy_id: int
    version_id: int
    version: int
    date: str
    latest: bool
    section: str | None
    section_start: int
    snippet: str
    match_start: int
    match_end: int
    hit_start: int
    hit_end: int
    score: float
    rank: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "policy": self.policy,
            "version": self.version,
            "date": self.date,
            "latest": self.latest,
            "section": self.section,
            "snippet": self.snippet,
            "match_start": self.match_start,
            "match_end": self.match_end,
            "hit_start": self.hit_start,
            "hit_end": self.hit_end,
            "rank": self.rank,
            "score": round(self.score, 4),
            "policy_id": self.policy_id,
            "version_id": self.version_id,
        }


def search(
    lib: Library,
    query: str | Query,
    *,
    policy: PolicyRef | None = None,
    all_versions: bool = False,
    limit: int = 20,
) -> list[SearchHit]:
    """Sections matching ``query``, best first (bm25), at most ``limit``.

    By default only the latest version of each policy is searched;
    ``all_versions`` searches every version. ``policy`` restricts to one policy.
    Raises ``InvalidQuery`` for a malformed query; no match returns ``[]``.
    """
    parsed = query if isinstance(query, Query) else parse_query(query)
    if limit <= 0:
        return []
    policy_id = lib.get_policy(policy).id if policy is not None else None
    with lib._lock:
        conn = lib.db.conn
        try:
            if all_versions:
                found = _every_version(conn, parsed, limit, policy_id)
            else:
                found = _latest_versions(conn, parsed, limit, policy_id)
        except sqlite3.Error as exc:
            raise lib._db_error(exc) from exc
    return _hits(lib, parsed, found)


# A found section: (score, version_id, passage_id, start, body_start, stop, date).
Found = tuple[float, int, int, int, int, int, str]
_SECTIONS = (
    "SELECT s.version_id, s.passage_id, s.start, s.body_start, s.stop, v.date "
    "FROM search_sections s JOIN versions v ON v.id = s.version_id "
)


def _ranked(conn: sqlite3.Connection, table: str, query: Query) -> dict[int, float]:
    """Matching passage ids with their bm25 relevance (higher is better)."""
    rows = conn.execute(
        f"SELECT rowid, -bm25({table}, {HEADING_WEIGHT}, {BODY_WEIGHT}) FROM {table} "
        f"WHERE {table} MATCH ?",
        (query.expression,),
    ).fetchall()
    return dict(rows)


def _expand(
    conn: sqlite3.Connection, scores: dict[int, float], limit: int, where: str, params: tuple
) -> list[Found]:
    """The sections holding the best passages, best first, until ``limit`` are found.

    Passages are taken in rank order, in batches; each may be in several versions.
    """
    found: list[Found] = []
    ordered = heapq.nlargest(len(scores), scores.items(), key=lambda kv: kv[1])
    batch = max(limit, 50)
    for i in range(0, len(ordered), batch):
        chunk = dict(ordered[i : i + batch])
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            _SECTIONS + f"WHERE s.passage_id IN ({marks}) {where}", (*chunk, *params)
        ).fetchall()
        found.extend((chunk[r[1]], *r) for r in rows)
        if len(found) >= limit:
            break
    # Best first; among equal scores (one section unchanged over versions), newest first.
    found.sort(key=lambda f: (-f[0], f[2], _neg(f[6]), f[1], f[3]))
    return found[:limit]


def _latest_versions(
    conn: sqlite3.Connection, query: Query, limit: int, policy_id: int | None
) -> list[Found]:
    scores = _ranked(conn, "search_latest_fts", query)
    if not scores:
        return []
    if policy_id is None:
        where, params = "AND s.version_id IN (SELECT version_id FROM search_latest)", ()
    else:
        where = "AND s.version_id = (SELECT version_id FROM search_latest WHERE policy_id = ?)"
        params = (policy_id,)
        rows = conn.execute(
            "SELECT s.passage_id FROM search_latest l JOIN search_sections s "
            "ON s.version_id = l.version_id WHERE l.policy_id = ?",
            (policy_id,),
        ).fetchall()
        scores = {r[0]: scores[r[0]] for r in rows if r[0] in scores}
    return _expand(conn, scores, limit, where, params)


def _every_version(
    conn: sqlite3.Connection, query: Query, limit: int, policy_id: int | None
) -> list[Found]:
    scores = _ranked(conn, "search_fts", query)
    if not scores or policy_id is None:
        return _expand(conn, scores, limit, "", ())
    rows = conn.execute(
        "SELECT DISTINCT s.passage_id FROM versions v JOIN search_sections s "
        "ON s.version_id = v.id WHERE v.policy_id = ?",
        (policy_id,),
    ).fetchall()
    scores = {r[0]: scores[r[0]] for r in rows if r[0] in scores}
    return _expand(conn, scores, limit, "AND v.policy_id = ?", (policy_id,))


def _neg(date: str) -> str:
    return "".join(chr(0x7F - ord(c)) for c in date)


def _hits(lib: Library, query: Query, found: list[Found]) -> list[SearchHit]:
    if not found:
        return []
    version_ids = sorted({f[1] for f in found})
    marks = ",".join("?" * len(version_ids))
    info = {
        r["id"]: r
        for r in lib._rows(
            "SELECT v.id, v.policy_id, v.date, v.sha256, p.name, "
            "(SELECT COUNT(*) FROM versions w WHERE w.policy_id = v.policy_id AND "
            " (w.date < v.date OR (w.date = v.date AND w.id <= v.id))) AS number, "
            "EXISTS (SELECT 1 FROM search_latest l WHERE l.version_id = v.id) AS latest, "
            "t.text FROM versions v JOIN policies p ON p.id = v.policy_id "
            f"JOIN texts t ON t.sha256 = v.sha256 WHERE v.id IN ({marks})",
            tuple(version_ids),
        )
    }
    passage_ids = sorted({f[2] for f in found})
    headings = {
        r["id"]: r["heading"]
        for r in lib._rows(
            "SELECT id, heading FROM search_passages WHERE id IN "
            f"({','.join('?' * len(passage_ids))})",
            tuple(passage_ids),
        )
    }
    texts: dict[str, str] = {}
    hits = []
    for rank, (score, version_id, passage_id, start, body_start, stop, _date) in enumerate(
        found, start=1
    ):
        v = info[version_id]
        if v["sha256"] not in texts:
            texts[v["sha256"]] = zlib.decompress(v["text"]).decode("utf-8")
        text = texts[v["sha256"]]
        snippet, m0, m1, h0, h1 = make_snippet(text, start, body_start, stop, query)
        hits.append(
            SearchHit(
                policy=v["name"], policy_id=v["policy_id"], version_id=version_id,
                version=v["number"], date=v["date"], latest=bool(v["latest"]),
                section=headings.get(passage_id), section_start=start, snippet=snippet,
                match_start=m0, match_end=m1, hit_start=h0, hit_end=h1,
                score=score, rank=rank,
            )
        )  # fmt: skip
    return hits


def index_size(lib: Library) -> dict[str, int]:
    """Rows in the search tables (for diagnostics and the benchmark)."""
    rows = lib._rows(
        "SELECT (SELECT COUNT(*) FROM search_passages) AS passages, "
        "(SELECT COUNT(*) FROM search_sections) AS sections"
    )
    return dict(rows[0])
