"""Full-text search over the library, used as the CLI and the app use it."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policyviewer.core.errors import InvalidQuery, NotFound
from policyviewer.core.importers import load_file
from policyviewer.core.library import Library
from policyviewer.core.library.samples import seed_samples
from policyviewer.core.library.schema import migrations
from policyviewer.core.library.search import search
from policyviewer.core.library.search_query import parse_query
from policyviewer.core.model import Document
from policyviewer.core.outline import outline_of

REPO = Path(__file__).resolve().parents[2]
SEED_FILES = sorted((REPO / "resources" / "samples").glob("*.txt"))
CORPUS_DIR = REPO.parent / "shared" / "corpus"


def doc(text: str) -> Document:
    return Document(text=text, fmt="text")


def flat(text: str) -> str:
    return " ".join(text.split()).casefold()


POLICY_V1 = """Privacy Policy

1. Information we collect
We collect your name and email address. We collect biometric data to unlock the app.

2. Sharing
We share information with payment processors. We do not sell your personal data.

3. Cookies
We use cookies for analytics and for advertising.
"""
POLICY_V2 = POLICY_V1.replace("We collect biometric data to unlock the app.", "")
POLICY_V3 = POLICY_V2.replace("We do not sell your personal data.", "We may sell aggregated data.")


@pytest.fixture
def lib(db_path: Path):
    library = Library.open(db_path)
    yield library
    library.close()


@pytest.fixture
def history_lib(lib: Library) -> Library:
    for day, text in (
        ("2021-01-01", POLICY_V1),
        ("2022-01-01", POLICY_V2),
        ("2023-01-01", POLICY_V3),
    ):
        lib.add_version("Acme", doc(text), date=day)
    lib.add_version("Other", doc("Terms\n\n1. Cookies\nWe never use cookies.\n"), date="2020-05-05")
    return lib


@pytest.fixture(scope="module")
def samples_lib(tmp_path_factory):
    library = Library.open(tmp_path_factory.mktemp("samples") / "library.sqlite")
    seed_samples(library)
    yield library
    library.close()


def fts_rows(lib: Library, expression: str) -> int:
    return lib.db.execute(
        "SELECT count(*) FROM search_fts WHERE search_fts MATCH ?", (expression,)
    ).fetchone()[0]


# -- what a search finds ------------------------------------------------------------


def test_default_searches_latest_versions_all_versions_finds_older(history_lib: Library) -> None:
    assert search(history_lib, "biometric") == []
    hits = search(history_lib, "biometric", all_versions=True)
    assert [(h.policy, h.version) for h in hits] == [("Acme", 1)]
    hit = hits[0]
    assert hit.section == "Information we collect"
    assert hit.date == "2021-01-01" and not hit.latest
    assert hit.snippet[hit.match_start : hit.match_end].casefold() == "biometric"
    text = history_lib.document(history_lib.version("Acme", 1)).text
    assert text[hit.hit_start : hit.hit_end] == "biometric"


def test_phrase_prefix_and_boolean_operators(history_lib: Library) -> None:
    def found(query: str, **kw) -> set[tuple[str, int, str | None]]:
        return {(h.policy, h.version, h.section) for h in search(history_lib, query, **kw)}

    assert found('"sell your personal data"', all_versions=True) == {
        ("Acme", 1, "Sharing"),
        ("Acme", 2, "Sharing"),
    }
    # The words are in the section, but not as that phrase.
    assert found('"personal sell"', all_versions=True) == set()
    assert found("advert*") == {("Acme", 3, "Cookies")}
    assert found("cookies") == {("Acme", 3, "Cookies"), ("Other", 1, "Cookies")}
    assert found("cookies NOT analytics") == {("Other", 1, "Cookies")}
    assert found("never OR advertising") == {("Acme", 3, "Cookies"), ("Other", 1, "Cookies")}
    # AND is within one section: "email" and "cookies" are in different sections.
    assert found("email cookies") == set()
    assert found("email AND name") == {("Acme", 3, "Information we collect")}
    assert found("(sell OR share) aggregated") == {("Acme", 3, "Sharing")}
    assert found("cookies", policy="other") == {("Other", 1, "Cookies")}


def test_case_and_accents_are_ignored(lib: Library) -> None:
    lib.add_version(
        "Café", doc("Politique\n\n1. Données\nNous traitons vos DONNÉES personnelles.\n")
    )
    hits = search(lib, "donnees personnelles")
    assert [(h.policy, h.section) for h in hits] == [("Café", "Données")]
    assert hits[0].snippet[hits[0].match_start : hits[0].match_end] == "DONNÉES"


def test_ranking_puts_the_denser_section_first(lib: Library) -> None:
    lib.add_version(
        "Rank",
        doc(
            "Policy\n\n1. Retention\nWe keep logs for a year. Retention of logs is limited; logs "
            "are deleted.\n\n2. Other\nWe may keep some records, including logs, for many "
            "purposes described in this long section about many unrelated things.\n"
        ),
    )
    hits = search(lib, "logs")
    assert [h.section for h in hits] == ["Retention", "Other"]
    assert [h.rank for h in hits] == [1, 2]
    assert hits[0].score > hits[1].score


def test_limit_and_unknown_policy(history_lib: Library) -> None:
    assert len(search(history_lib, "we", all_versions=True, limit=2)) == 2
    with pytest.raises(NotFound):
        search(history_lib, "cookies", policy="Nobody")


def test_hits_in_every_seed_know_their_section(samples_lib: Library) -> None:
    for path in SEED_FILES:
        policy = next(
            p for p in samples_lib.policies() if samples_lib.version(p).source == str(path)
        )
        version = samples_lib.version(policy)
        document = samples_lib.document(version)
        outline = outline_of(document)
        hits = search(samples_lib, "information OR data", policy=policy.name, limit=50)
        assert hits, path.name
        starts = {s.start: s.heading for s in outline.sections}
        for hit in hits:
            assert hit.version == version.number
            matched = document.text[hit.hit_start : hit.hit_end].casefold()
            assert matched in ("information", "data")
            if hit.section is None:  # the text before the first heading
                assert not outline.sections or hit.hit_end <= outline.sections[0].start
            else:
                assert starts[hit.section_start] == hit.section
                after = [s for s in outline.sections if s.start > hit.section_start]
                assert hit.section_start <= hit.hit_start
                assert not after or hit.hit_end <= after[0].start


# -- keeping the index in sync ----------------------------------------------------


def test_shared_sections_are_indexed_once_and_survive_removals(history_lib: Library) -> None:
    lib = history_lib
    sections = lib.db.execute("SELECT count(*) FROM search_sections").fetchone()[0]
    passages = lib.db.execute("SELECT count(*) FROM search_passages").fetchone()[0]
    assert passages < sections  # "Cookies" is the same section in all three Acme versions
    assert fts_rows(lib, "analytics") == 1
    lib.remove_version("Acme", 1)  # the others still have the Cookies section
    assert {h.version for h in search(lib, "analytics", policy="Acme", all_versions=True)} == {1, 2}
    assert fts_rows(lib, "biometric") == 0  # only version 1 had it
    lib.remove_policy("Acme")
    assert fts_rows(lib, "analytics") == 0
    left = lib.db.execute("SELECT count(*) FROM search_passages").fetchone()[0]
    assert left == lib.db.execute("SELECT count(*) FROM search_sections").fetchone()[0] == 2
    assert [h.policy for h in search(lib, "cookies")] == ["Other"]
    assert lib.verify() == []
    # Added back, everything is found again.
    lib.add_version("Acme", doc(POLICY_V1), date="2021-01-01")
    assert [h.policy for h in search(lib, "biometric")] == ["Acme"]


def test_failed_import_leaves_no_index_rows(lib: Library, monkeypatch) -> None:
    from policyviewer.core.library import search as search_module

    def broken(*_args, **_kw):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(search_module, "index_version", broken)
    with pytest.raises(Exception, match="disk I/O"):
        lib.add_version("Acme", doc(POLICY_V1))
    monkeypatch.undo()
    assert lib.policies() == []
    assert lib.db.execute("SELECT count(*) FROM search_sections").fetchone()[0] == 0
    assert fts_rows(lib, "biometric") == 0


def _insert_schema1_version(db_file: Path, name: str, text: str, day: str) -> None:
    """Write a version the way PolicyViewer with schema 1 (no search index) did."""
    conn = sqlite3.connect(db_file)
    data = text.encode("utf-8")
    sha = hashlib.sha256(data).hexdigest()
    now = datetime.now(timezone.utc).isoformat()
    with conn:
        row = conn.execute("SELECT id FROM policies WHERE name = ?", (name,)).fetchone()
        pid = (
            row[0]
            if row
            else conn.execute(
                "INSERT INTO policies (name, created_at) VALUES (?, ?)", (name, now)
            ).lastrowid
        )
        conn.execute(
            "INSERT OR IGNORE INTO texts VALUES (?, ?, ?, ?)",
            (sha, zlib.compress(data), len(text.split()), len(text)),
        )
        conn.execute(
            "INSERT INTO versions (policy_id, sha256, date, source_format, headings, imported_at) "
            "VALUES (?, ?, ?, 'text', '[]', ?)",
            (pid, sha, day, now),
        )
    conn.close()


def test_schema_1_library_upgrades_and_back_fills_the_index(db_path: Path) -> None:
    from sqlite_utils import Database

    old = Database(db_path)
    migrations.apply(old, stop_before="002_search")
    old.close()
    for day, text in (("2021-01-01", POLICY_V1), ("2022-01-01", POLICY_V2)):
        _insert_schema1_version(db_path, "Acme", text, day)
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()
    with Library.open(db_path) as lib:
        assert not lib.read_only
        hits = search(lib, "biometric", all_versions=True)
        assert [(h.version, h.section) for h in hits] == [(1, "Information we collect")]
        assert lib.db.execute("PRAGMA user_version").fetchone()[0] >= 2
        lib.add_version("Acme", doc(POLICY_V3), date="2023-01-01")
        assert [h.version for h in search(lib, "aggregated")] == [3]


# -- queries ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ('"sell your', "quotation mark is not closed"),
        ("*", "'*' on its own"),
        ("sell AND", "AND needs a word or phrase after it"),
        ("NOT cookies", "NOT needs a word or phrase before it"),
        ("OR", "OR needs a word or phrase before it"),
        ("(sell OR share", "'(' is not closed"),
        ("sell)", "')' has no matching '('"),
        ("()", "empty parentheses"),
        ("da*ta", "'*' can only end a word"),
        ("   ", "nothing to search for"),
        ('""', "has no words"),
    ],
)
def test_malformed_queries_say_what_is_wrong(query: str, says: str, history_lib: Library) -> None:
    with pytest.raises(InvalidQuery) as err:
        search(history_lib, query)
    message = str(err.value)
    assert says in message, message
    assert "(" in message and message.endswith(")")  # with a hint
    assert "\n" not in message


def test_lowercase_operators_and_punctuation_are_words(history_lib: Library) -> None:
    assert {h.section for h in search(history_lib, "name and email")} == {"Information we collect"}
    assert {h.section for h in search(history_lib, "payment & processors")} == {"Sharing"}


_PIECES = st.sampled_from(
    ['"', "(", ")", "*", " ", "AND", "OR", "NOT", "sell", "data", "coo", "-", "é", "'", ":", "^"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join) | st.text(max_size=30))
def test_any_text_either_parses_to_valid_fts5_or_is_refused(query: str) -> None:
    try:
        parsed = parse_query(query)
    except InvalidQuery:
        return
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE f USING fts5(h, b)")
    conn.execute("INSERT INTO f VALUES ('sell data', 'cookies')")
    conn.execute("SELECT count(*) FROM f WHERE f MATCH ?", (parsed.expression,)).fetchone()
    json.dumps(parsed.expression)


def test_corpus_policy_history_is_searchable(lib: Library) -> None:
    files = sorted((CORPUS_DIR / "deliveroo").glob("*.md"))
    if not files:
        pytest.skip("corpus not present")
    for f in files:
        lib.add_version("Deliveroo", load_file(f), date=f.stem[:10])
    latest = lib.document(lib.version("Deliveroo")).text
    hits = search(lib, "deliveroo", policy="Deliveroo", all_versions=True, limit=100)
    assert {h.version for h in hits} == set(range(1, len(files) + 1))
    assert all(flat(h.snippet[h.match_start : h.match_end]) == "deliveroo" for h in hits)
    assert "deliveroo" in flat(latest)


def _latest_index_agrees(lib: Library, words: list[str]) -> None:
    """The latest-versions index holds exactly the passages of each policy's latest version."""
    latest_versions = {lib.version(p).id for p in lib.policies() if p.versions}
    rows = lib.db.execute("SELECT version_id, passage_id FROM search_sections").fetchall()
    latest_passages = {p for v, p in rows if v in latest_versions}
    recorded = {r[0] for r in lib.db.execute("SELECT version_id FROM search_latest")}
    assert recorded == latest_versions
    for word in words:
        everywhere = {
            r[0]
            for r in lib.db.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH ?", (word,)
            )
        }
        latest = {
            r[0]
            for r in lib.db.execute(
                "SELECT rowid FROM search_latest_fts WHERE search_latest_fts MATCH ?", (word,)
            )
        }
        assert latest == everywhere & latest_passages, word


def test_latest_versions_index_follows_adds_and_removals(lib: Library) -> None:
    import random

    rng = random.Random(5)
    vocabulary = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf"]
    words = ["alpha", "bravo", "delta", "golf"]
    for step in range(40):
        policy = rng.choice(["One", "Two", "Three"])
        if rng.random() < 0.7 or not lib.policies():
            body = " ".join(rng.choice(vocabulary) for _ in range(5))
            shared = "1. Shared\nalpha bravo always here.\n"
            text = f"Policy\n\n{shared}\n2. Changing\n{body} {step}.\n"
            day = f"20{rng.randint(10, 30)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
            lib.add_version(policy, doc(text), date=day)
        else:
            target = rng.choice(lib.policies())
            if rng.random() < 0.2:
                lib.remove_policy(target)
            else:
                lib.remove_version(target, rng.randint(1, target.versions))
        _latest_index_agrees(lib, words)
    # And through search(): the default scope is each policy's latest version.
    for p in lib.policies():
        latest = lib.version(p)
        text = lib.document(latest).text
        hits = search(lib, "golf", policy=p.name)
        assert bool(hits) == ("golf" in text)
        assert all(h.version == latest.number and h.latest for h in hits)
