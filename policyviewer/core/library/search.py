"""Full-text search over every version of every policy (SQLite FTS5).

The index (migration ``002_search``) works on sections, so a hit knows its
heading:

- ``search_passages``: one row per distinct section (heading + body text) in
  the whole library. Consecutive versions share most of their sections, so
  each distinct section is indexed once, however many versions contain it.
- ``search_fts``: a contentless FTS5 table (heading, body) whose rowid is the
  passage id. Contentless: the words are indexed but the text is not copied;
  it stays only in ``texts``, compressed, and snippets are cut from it.
- ``search_sections``: where each passage sits in each version (offsets into
  the version's text).

The library keeps the index in sync in the same transaction as each import
(``index_version``) and removal (``unindex_versions``).
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from policyviewer.core.library.search_query import Phrase, Query, fold_word, parse_query
from policyviewer.core.model import Document, HeadingMark
from policyviewer.core.outline import outline_of

if TYPE_CHECKING:
    from policyviewer.core.library.store import Library, PolicyRef

# Heading words weigh more than body words in the ranking (bm25 column weights).
HEADING_WEIGHT = 4.0
BODY_WEIGHT = 1.0
SNIPPET_WORDS = 12  # words of context each side of the hit

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
        heading, body, content='', tokenize='unicode61 remove_diacritics 2'
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
        index_version(conn, version_id, text, sections_of(doc))


def index_version(
    conn: sqlite3.Connection, version_id: int, text: str, sections: Sequence[IndexedSection]
) -> None:
    """Index one stored version (call inside the transaction that inserted it)."""
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


def unindex_versions(conn: sqlite3.Connection, version_ids: Iterable[int]) -> None:
    """Drop versions from the index (call inside the transaction that deletes them, before).

    A passage no other version has is removed from the FTS table, which for a
    contentless table needs the exact words it was indexed with: they are cut
    from the version's stored text, still there at this point.
    """
    ids = sorted(set(version_ids))
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


_LATEST = (
    "(SELECT w.id FROM versions w WHERE w.policy_id = {p} ORDER BY w.date DESC, w.id DESC LIMIT 1)"
)


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
    matches = _ranked_passages(lib, parsed)
    if not matches:
        return []
    if all_versions and policy_id is None:
        found = _all_versions(lib, matches, limit)
    else:
        found = _in_versions(lib, matches, limit, policy_id, latest_only=not all_versions)
    return _hits(lib, parsed, found)


def _ranked_passages(lib: Library, query: Query) -> dict[int, float]:
    rows = lib._rows(
        f"SELECT rowid AS id, bm25(search_fts, {HEADING_WEIGHT}, {BODY_WEIGHT}) AS score "
        "FROM search_fts WHERE search_fts MATCH ?",
        (query.expression,),
    )
    return {r["id"]: -r["score"] for r in rows}


_SECTION_COLUMNS = "s.version_id, s.passage_id, s.start, s.body_start, s.stop"


def _in_versions(
    lib: Library, matches: dict[int, float], limit: int, policy_id: int | None, latest_only: bool
) -> list[tuple[Any, ...]]:
    """Hits among a bounded set of versions: the latest of each policy, or one policy's."""
    if policy_id is None:
        versions = f"SELECT {_LATEST.format(p='p.id')} FROM policies p"
        params: tuple[Any, ...] = ()
    elif latest_only:
        versions = f"SELECT {_LATEST.format(p='?')}"
        params = (policy_id,)
    else:
        versions = "SELECT id FROM versions WHERE policy_id = ?"
        params = (policy_id,)
    rows = lib._rows(
        f"SELECT {_SECTION_COLUMNS} FROM search_sections s WHERE s.version_id IN ({versions})",
        params,
    )
    found = [(matches[r["passage_id"]], r) for r in rows if r["passage_id"] in matches]
    found.sort(key=lambda item: (-item[0], item[1]["version_id"], item[1]["start"]))
    return found[:limit]


def _all_versions(lib: Library, matches: dict[int, float], limit: int) -> list[tuple[Any, ...]]:
    """Hits in every version: passages in rank order, each expanded to its versions."""
    found: list[tuple[Any, ...]] = []
    ordered = sorted(matches.items(), key=lambda item: -item[1])
    batch = 50
    for i in range(0, len(ordered), batch):
        chunk = ordered[i : i + batch]
        marks = ",".join("?" * len(chunk))
        rows = lib._rows(
            f"SELECT {_SECTION_COLUMNS}, v.date FROM search_sections s "
            f"JOIN versions v ON v.id = s.version_id WHERE s.passage_id IN ({marks})",
            tuple(pid for pid, _ in chunk),
        )
        rows.sort(key=lambda r: (-matches[r["passage_id"]], r["passage_id"], r["date"]))
        found.extend((matches[r["passage_id"]], r) for r in rows)
        if len(found) >= limit:
            break
    # Newest version first among equal scores (the same section unchanged over time).
    found.sort(key=lambda item: (-item[0], item[1]["passage_id"], _neg(item[1]["date"])))
    return found[:limit]


def _neg(date: str) -> str:
    return "".join(chr(0x7F - ord(c)) for c in date)


def _hits(lib: Library, query: Query, found: list[tuple[Any, ...]]) -> list[SearchHit]:
    if not found:
        return []
    version_ids = sorted({r["version_id"] for _, r in found})
    marks = ",".join("?" * len(version_ids))
    info = {
        r["id"]: r
        for r in lib._rows(
            "SELECT v.id, v.policy_id, v.date, v.sha256, p.name, "
            "(SELECT COUNT(*) FROM versions w WHERE w.policy_id = v.policy_id AND "
            " (w.date < v.date OR (w.date = v.date AND w.id <= v.id))) AS number, "
            f"{_LATEST.format(p='v.policy_id')} = v.id AS latest, "
            "t.text FROM versions v JOIN policies p ON p.id = v.policy_id "
            f"JOIN texts t ON t.sha256 = v.sha256 WHERE v.id IN ({marks})",
            tuple(version_ids),
        )
    }
    headings = {
        r["id"]: r["heading"]
        for r in lib._rows(
            f"SELECT id, heading FROM search_passages WHERE id IN ({','.join('?' * len(found))})",
            tuple(r["passage_id"] for _, r in found),
        )
    }
    texts: dict[str, str] = {}
    hits = []
    for rank, (score, r) in enumerate(found, start=1):
        v = info[r["version_id"]]
        if v["sha256"] not in texts:
            texts[v["sha256"]] = zlib.decompress(v["text"]).decode("utf-8")
        text = texts[v["sha256"]]
        heading = headings.get(r["passage_id"])
        snippet, m0, m1, h0, h1 = make_snippet(text, r["start"], r["body_start"], r["stop"], query)
        hits.append(
            SearchHit(
                policy=v["name"], policy_id=v["policy_id"], version_id=v["id"],
                version=v["number"], date=v["date"], latest=bool(v["latest"]),
                section=heading, section_start=r["start"], snippet=snippet,
                match_start=m0, match_end=m1, hit_start=h0, hit_end=h1,
                score=score, rank=rank,
            )
        )  # fmt: skip
    return hits


# -- snippets ------------------------------------------------------------------

_WORD_SPAN = re.compile(r"[^\W_]+")


_SLOW_SCAN_CHARS = 50_000


def _accent_classes() -> dict[str, str]:
    """For each ASCII letter, a regex class of it and the Latin letters that fold to it."""
    variants: dict[str, str] = {}
    for code in range(0xC0, 0x250):
        ch = chr(code)
        folded = fold_word(ch)
        if len(folded) == 1 and folded.isascii() and folded.isalpha():
            variants[folded] = variants.get(folded, "") + ch + ch.upper()
    return {c: f"[{c}{re.escape(more)}]" for c, more in variants.items()}


_ACCENTED = _accent_classes()


def _word_pattern(word: str) -> str:
    return "".join(_ACCENTED.get(c, re.escape(c)) for c in word)


def _phrase_pattern(phrase: Phrase) -> re.Pattern[str]:
    words = [_word_pattern(w) for w in phrase.words]
    if phrase.prefix:
        words[-1] += r"[^\W_]*"
    return re.compile(r"(?<![^\W_])" + r"[\W_]+".join(words) + r"(?![^\W_])", re.IGNORECASE)


def find_match(text: str, start: int, stop: int, query: Query) -> tuple[int, int] | None:
    """The first place in ``text[start:stop]`` where one of the query's phrases occurs."""
    best: tuple[int, int] | None = None
    for phrase in query.phrases:  # fast: a regex ignoring case and Latin accents
        m = _phrase_pattern(phrase).search(text, start, stop)
        if m is not None and (best is None or m.start() < best[0]):
            best = (m.start(), m.end())
    if best is not None:
        return best
    # Slow: compare word by word as the index does (accents folded, "ß" = "ss").
    stop = min(stop, start + _SLOW_SCAN_CHARS)
    spans = [
        (m.start(), m.end(), fold_word(m.group())) for m in _WORD_SPAN.finditer(text, start, stop)
    ]
    words = [w for _, _, w in spans]
    for phrase in query.phrases:
        n = len(phrase.words)
        for i in range(len(words) - n + 1):
            if best is not None and spans[i][0] >= best[0]:
                break
            if all(
                words[i + k] == phrase.words[k]
                or (phrase.prefix and k == n - 1 and words[i + k].startswith(phrase.words[k]))
                for k in range(n)
            ):
                best = (spans[i][0], spans[i + n - 1][1])
                break
    return best


def make_snippet(
    text: str, start: int, body_start: int, stop: int, query: Query
) -> tuple[str, int, int, int, int]:
    """(snippet, match_start, match_end, hit_start, hit_end) for a matching section.

    The hit is the first phrase of the query found in the body (else in the
    heading); the snippet is a one-line excerpt around it, with "…" where cut.
    """
    hit = find_match(text, body_start, stop, query) or find_match(text, start, body_start, query)
    if hit is None:  # matched by a word form the snippet finder does not see
        hit = (body_start, body_start)
    h0, h1 = hit
    words_before = list(_WORD_SPAN.finditer(text, max(start, h0 - 400), h0))
    words_after = list(_WORD_SPAN.finditer(text, h1, min(stop, h1 + 400)))
    cut0 = words_before[-SNIPPET_WORDS].start() if len(words_before) > SNIPPET_WORDS else None
    cut1 = words_after[SNIPPET_WORDS - 1].end() if len(words_after) >= SNIPPET_WORDS else None
    left = text[cut0 if cut0 is not None else (body_start if h0 >= body_start else start) : h0]
    right = text[h1 : cut1 if cut1 is not None else stop]
    left, right = " ".join(left.split()), " ".join(right.split())
    if text[h0 - 1 : h0].isspace() and left:
        left += " "
    if text[h1 : h1 + 1].isspace() and right:
        right = " " + right
    prefix = "…" if cut0 is not None else ""
    suffix = "…" if cut1 is not None else ""
    matched = " ".join(text[h0:h1].split())
    snippet = prefix + left + matched + right + suffix
    m0 = len(prefix) + len(left)
    return snippet, m0, m0 + len(matched), h0, h1


def index_size(lib: Library) -> dict[str, int]:
    """Rows in the search tables (for diagnostics and the benchmark)."""
    rows = lib._rows(
        "SELECT (SELECT COUNT(*) FROM search_passages) AS passages, "
        "(SELECT COUNT(*) FROM search_sections) AS sections"
    )
    return dict(rows[0])
