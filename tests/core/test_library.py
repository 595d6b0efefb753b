"""The policy library used as the app and the CLI use it: add, list, read back, remove."""

from __future__ import annotations

import dataclasses
import sqlite3
import threading
import uuid
from datetime import date
from pathlib import Path

import pytest
from conftest import CORPUS_DIR, SEED_FILES, requires_corpus
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policyviewer.core.config import Config
from policyviewer.core.errors import InputTooLarge, NotFound, PolicyViewerError
from policyviewer.core.library import Library, default_library_path
from policyviewer.core.library.samples import HISTORY_POLICY, SEED_POLICIES, seed_samples
from policyviewer.core.model import Document, HeadingMark
from policyviewer.resources import resource_path


def doc(text: str, fmt: str = "text", headings: tuple[HeadingMark, ...] = ()) -> Document:
    return Document(text=text, fmt=fmt, headings=headings)


@pytest.fixture
def lib(db_path: Path):
    library = Library.open(db_path)
    yield library
    library.close()


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


# -- opening ---------------------------------------------------------------


def test_open_creates_folder_and_file_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "library.sqlite"
    with Library.open(path) as library:
        assert library.policies() == []
        assert library.db.journal_mode == "wal"
        assert library.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert not library.read_only
    assert path.is_file()


def test_default_path_honours_environment_then_platform(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("POLICYVIEWER_DB", str(tmp_path / "env.sqlite"))
    assert default_library_path() == tmp_path / "env.sqlite"
    monkeypatch.delenv("POLICYVIEWER_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_library_path() == tmp_path / "data" / "policyviewer" / "library.sqlite"
    with Library.open() as library:
        assert library.path == tmp_path / "data" / "policyviewer" / "library.sqlite"
    assert (tmp_path / "data" / "policyviewer" / "library.sqlite").is_file()


def test_paths_with_spaces_and_uri_characters(tmp_path: Path) -> None:
    path = tmp_path / "odd dir?#%" / "lib é.sqlite"
    for _ in range(2):  # create, then reopen through the read-only check
        with Library.open(path) as library:
            library.add_version("P", doc("text"))
    assert sorted(p.name for p in path.parent.glob("*.sqlite")) == ["lib é.sqlite"]


def test_library_persists_across_opens(db_path: Path) -> None:
    with Library.open(db_path) as library:
        library.add_version("Acme", doc("First text."), date="2024-01-01")
    with Library.open(db_path) as library:
        [policy] = library.policies()
        assert (policy.name, policy.versions, policy.latest_date) == ("Acme", 1, "2024-01-01")
        assert library.document(library.version("Acme")).text == "First text."


# -- adding and reading back -------------------------------------------------


def test_add_and_read_back_keeps_text_headings_format_and_source(lib: Library) -> None:
    text = "Privacy Policy\n\nWe collect your email.\n\nSharing\n\nWe never sell data: café ✓."
    marks = (HeadingMark(0, 14, 1), HeadingMark(39, 46, 2))
    d = Document(text=text, fmt="markdown", headings=marks, title="Privacy Policy")
    result = lib.add_version("Acme", d, source="/tmp/acme.md", date="2024-05-01")
    assert result.created and result.policy_created
    v = result.version
    assert (v.number, v.date, v.source, v.source_format, v.title) == (
        1, "2024-05-01", "/tmp/acme.md", "markdown", "Privacy Policy",
    )
    assert v.words == len(text.split()) and v.chars == len(text)
    back = lib.document(v)
    assert back.text == text
    assert back.headings == marks
    assert back.fmt == "markdown"
    assert back.source == "/tmp/acme.md"
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.number = 2  # type: ignore[misc]


def test_source_defaults_to_the_documents_source(lib: Library) -> None:
    d = Document(text="Some words.", fmt="text", source="/x/p.txt")
    assert lib.add_version("P", d).version.source == "/x/p.txt"


def test_identical_text_adds_nothing_and_reports_the_existing_version(lib: Library) -> None:
    first = lib.add_version("Acme", doc("Same words here."), date="2024-01-01")
    lib.add_version("Acme", doc("Other words."), date="2024-02-01")
    again = lib.add_version("Acme", doc("Same words here.", fmt="markdown"), date="2025-01-01")
    assert not again.created and not again.policy_created
    assert again.version == lib.version("Acme", 1)
    assert again.version.id == first.version.id
    assert len(lib.versions("Acme")) == 2


def test_identical_texts_are_stored_once_across_policies(lib: Library) -> None:
    big = "Shared clause. " * 5000
    lib.add_version("A", doc(big))
    r = lib.add_version("B", doc(big))
    assert r.created  # a new version of B ...
    texts = lib.db.execute("SELECT count(*) FROM texts").fetchone()[0]
    assert texts == 1  # ... pointing at the one stored text
    stored = lib.db.execute("SELECT length(text) FROM texts").fetchone()[0]
    assert stored < len(big) / 20  # compressed


def test_versions_are_ordered_by_date_then_import_order(lib: Library) -> None:
    lib.add_version("P", doc("text b"), date="2023-06-01")
    lib.add_version("P", doc("text c"), date="2024-06-01")
    lib.add_version("P", doc("text a"), date="2021-01-01")  # older, added last
    lib.add_version("P", doc("text c2"), date="2024-06-01")  # same date: after c
    history = lib.versions("P")
    assert [lib.document(v).text for v in history] == ["text a", "text b", "text c", "text c2"]
    assert [v.number for v in history] == [1, 2, 3, 4]
    assert lib.version("P").date == "2024-06-01"
    assert lib.document(lib.version("P")).text == "text c2"
    assert lib.get_policy("P").latest_date == "2024-06-01"


def test_date_falls_back_to_today_without_a_date_in_the_text(lib: Library) -> None:
    v = lib.add_version("P", doc("No date anywhere in this text.")).version
    assert v.date == date.today().isoformat()
    assert v.effective_date is None


def test_date_found_in_the_text_is_used_unless_a_date_is_given(lib: Library) -> None:
    pytest.importorskip("policyviewer.core.dates")
    text = "Privacy Policy\n\nLast updated: March 3, 2022\n\nWe collect data."
    v = lib.add_version("P", doc(text)).version
    assert (v.date, v.effective_date) == ("2022-03-03", "2022-03-03")
    w = lib.add_version("Q", doc(text), date="2023-01-31").version
    assert (w.date, w.effective_date) == ("2023-01-31", "2022-03-03")


@pytest.mark.parametrize("bad", ["2024-13-01", "2024-1-1", "yesterday", "2024-02-30", ""])
def test_invalid_dates_are_refused_and_nothing_stored(lib: Library, bad: str) -> None:
    with pytest.raises(PolicyViewerError, match="YYYY-MM-DD"):
        lib.add_version("P", doc("text"), date=bad)
    assert lib.policies() == []


@pytest.mark.parametrize("bad", ["", "   ", "Acme@3", "x" * 201])
def test_invalid_policy_names_are_refused(lib: Library, bad: str) -> None:
    with pytest.raises(PolicyViewerError):
        lib.add_version(bad, doc("text"))
    assert lib.policies() == []


def test_empty_and_oversized_texts_are_refused(db_path: Path) -> None:
    with Library.open(db_path, Config(max_text_chars=100)) as library:
        with pytest.raises(PolicyViewerError, match="empty"):
            library.add_version("P", doc("  \n\n "))
        with pytest.raises(InputTooLarge, match="max_text_chars"):
            library.add_version("P", doc("x" * 101))
        assert library.policies() == []


# -- finding -------------------------------------------------------------------


def test_policies_found_by_name_ignoring_case_or_by_id(lib: Library) -> None:
    acme = lib.add_version("Acme Corp", doc("a")).policy
    lib.add_version("Zeta", doc("z"))
    assert lib.get_policy("acme corp") == acme
    assert lib.get_policy("  ACME   corp ") == acme
    assert lib.get_policy(acme.id) == acme
    assert lib.get_policy(str(acme.id)) == acme
    assert lib.add_version("ACME CORP", doc("b")).policy.id == acme.id
    assert [p.name for p in lib.policies()] == ["Acme Corp", "Zeta"]
    assert [p.versions for p in lib.policies()] == [2, 1]


def test_names_are_compared_after_unicode_normalisation(lib: Library) -> None:
    composed = lib.add_version("Caf\u00e9", doc("a")).policy
    assert lib.get_policy("Cafe\u0301") == composed  # e + combining acute
    assert lib.add_version("Cafe\u0301", doc("b")).policy.id == composed.id


def test_large_text_round_trip(lib: Library) -> None:
    text = "\n\n".join(f"Clause {i}: we keep record {i} for {i % 90} days." for i in range(25_000))
    assert len(text) > 1_000_000
    v = lib.add_version("Big", doc(text)).version
    assert lib.document(v).text == text
    assert v.chars == len(text)
    stored = lib.db.execute("SELECT length(text) FROM texts").fetchone()[0]
    assert stored < len(text) / 4


def test_a_numeric_name_wins_over_an_id(lib: Library) -> None:
    lib.add_version("First", doc("a"))
    numeric = lib.add_version("1", doc("b")).policy  # id 2, named "1"
    assert lib.get_policy("1") == numeric
    assert lib.get_policy(1).name == "First"


def test_unknown_policy_suggests_close_names(lib: Library) -> None:
    lib.add_version("Mozilla", doc("m"))
    lib.add_version("Jestor", doc("j"))
    with pytest.raises(NotFound, match="Mozilla") as err:
        lib.get_policy("mozila")
    assert "\n" not in str(err.value)
    with pytest.raises(NotFound, match="no policy named 'nothing'"):
        lib.versions("nothing")


def test_version_numbers_out_of_range(lib: Library) -> None:
    lib.add_version("P", doc("one"), date="2020-01-01")
    lib.add_version("P", doc("two"), date="2021-01-01")
    assert lib.version("P", 2).date == "2021-01-01"
    for n in (0, 3, -1):
        with pytest.raises(NotFound, match="numbered 1 to 2"):
            lib.version("P", n)
    lib.add_version("Empty", doc("e"))
    lib.remove_version("Empty", 1)
    with pytest.raises(NotFound, match="no versions"):
        lib.version("Empty")


# -- removing and renaming ----------------------------------------------------------


def test_remove_version_renumbers_and_drops_unused_text(lib: Library) -> None:
    for i, day in enumerate(["2020-01-01", "2021-01-01", "2022-01-01"]):
        lib.add_version("P", doc(f"version text {i}"), date=day)
    lib.add_version("Q", doc("version text 2"))  # shares the text of P@3
    removed = lib.remove_version("P", 1)
    assert removed.date == "2020-01-01"
    assert [(v.number, v.date) for v in lib.versions("P")] == [(1, "2021-01-01"), (2, "2022-01-01")]
    assert lib.db.execute("SELECT count(*) FROM texts").fetchone()[0] == 2
    lib.remove_version("P", 2)
    # still used by Q, so kept
    assert lib.document(lib.version("Q")).text == "version text 2"


def test_remove_policy_removes_its_versions_only(lib: Library) -> None:
    lib.add_version("P", doc("p1"))
    lib.add_version("P", doc("p2"))
    lib.add_version("Q", doc("q1"))
    gone = lib.remove_policy("p")
    assert (gone.name, gone.versions) == ("P", 2)
    assert [p.name for p in lib.policies()] == ["Q"]
    assert lib.db.execute("SELECT count(*) FROM versions").fetchone()[0] == 1
    assert lib.db.execute("SELECT count(*) FROM texts").fetchone()[0] == 1
    with pytest.raises(NotFound):
        lib.remove_policy("P")


def test_rename_policy(lib: Library) -> None:
    lib.add_version("Old name", doc("a"))
    lib.add_version("Other", doc("b"))
    renamed = lib.rename_policy("old name", "New name")
    assert renamed.name == "New name"
    assert lib.version("New name").policy_name == "New name"
    assert lib.rename_policy("new name", "NEW NAME").name == "NEW NAME"  # case only
    with pytest.raises(PolicyViewerError, match="already exists"):
        lib.rename_policy("NEW NAME", "other")
    with pytest.raises(NotFound):
        lib.get_policy("Old name")


def test_document_of_a_removed_version_is_not_found(lib: Library) -> None:
    v = lib.add_version("P", doc("text")).version
    lib.remove_version("P", 1)
    with pytest.raises(NotFound):
        lib.document(v)


# -- the bundled samples and the real corpus --------------------------------------


def test_seed_samples_adds_the_five_seeds_and_mozilla_history(lib: Library) -> None:
    from policyviewer.core.importers import load_file

    assert len(SEED_FILES) == 5
    added = seed_samples(lib)
    names = {p.name: p for p in lib.policies()}
    assert set(names) == {*SEED_POLICIES.values(), HISTORY_POLICY}
    history_files = sorted(resource_path("samples", "mozilla").glob("*.md"))
    assert added == 5 + len(history_files)
    for file_name, policy in SEED_POLICIES.items():
        stored = lib.document(lib.version(policy))
        assert stored.text == load_file(resource_path("samples", file_name)).text
        assert len(stored.text) > 1000
    mozilla = lib.versions(HISTORY_POLICY)
    assert [v.date for v in mozilla] == [p.stem for p in history_files]
    assert all(v.source_format == "markdown" for v in mozilla)
    assert lib.document(mozilla[0]).headings  # Markdown headings survive the round trip
    assert seed_samples(lib) == 0  # running again adds nothing
    assert integrity(lib.path) == "ok"


@requires_corpus
def test_bulk_import_of_corpus_passes_integrity_check(lib: Library) -> None:
    from policyviewer.core.importers import load_file

    folders = sorted(p for p in CORPUS_DIR.iterdir() if p.is_dir())[:6]
    files = [f for folder in folders for f in sorted(folder.glob("*.md"))]
    assert len(files) >= 15
    docs = {f: load_file(f) for f in files}
    for f, d in docs.items():
        lib.add_version(f.parent.name, d, source=str(f), date=f.stem[:10])
    assert integrity(lib.path) == "ok"
    assert lib.verify() == []
    stored = sum(p.versions for p in lib.policies())
    assert stored == len({(f.parent.name, d.text) for f, d in docs.items()})
    for f, d in docs.items():
        assert d.text in {lib.document(v).text for v in lib.versions(f.parent.name)}


# -- invariants under random use -------------------------------------------------------

_ops = st.lists(
    st.one_of(
        st.tuples(
            st.just("add"),
            st.sampled_from(["A", "b", "B", "C"]),
            st.sampled_from(["alpha", "beta", "gamma", "delta", "alpha beta"]),
            st.one_of(st.none(), st.sampled_from(["2020-01-01", "2021-06-30", "2019-12-31"])),
        ),
        st.tuples(st.just("remove_version"), st.sampled_from(["A", "B", "C"]), st.integers(1, 4)),
        st.tuples(st.just("remove_policy"), st.sampled_from(["a", "B", "c"])),
    ),
    max_size=25,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=_ops)
def test_random_adds_and_removes_keep_the_library_consistent(tmp_path: Path, ops) -> None:
    path = tmp_path / f"lib-{uuid.uuid4().hex}.sqlite"
    model: dict[str, list[tuple[str, str]]] = {}  # lower name -> [(date, text)] in import order
    today = date.today().isoformat()
    with Library.open(path) as library:
        for op in ops:
            if op[0] == "add":
                _, name, text, day = op
                history = model.setdefault(name.lower(), [])
                result = library.add_version(name, doc(text), date=day)
                assert result.created == (text not in [t for _, t in history])
                if result.created:
                    history.append((day or today, text))
            elif op[0] == "remove_version":
                _, name, number = op
                ordered = sorted(model.get(name.lower(), []), key=lambda dt: dt[0])
                if 1 <= number <= len(ordered):
                    gone = library.remove_version(name, number)
                    assert gone.number == number
                    model[name.lower()].remove(ordered[number - 1])
                else:
                    with pytest.raises(NotFound):
                        library.remove_version(name, number)
            else:
                _, name = op
                if name.lower() in model:
                    library.remove_policy(name)
                    del model[name.lower()]
                else:
                    with pytest.raises(NotFound):
                        library.remove_policy(name)
        assert {p.name.lower() for p in library.policies()} == set(model)
        for name, history in model.items():
            versions = library.versions(name)
            expected = sorted(history, key=lambda dt: dt[0])  # stable: import order on ties
            assert [(v.date, library.document(v).text) for v in versions] == expected
            assert [v.number for v in versions] == list(range(1, len(versions) + 1))
        used = {r[0] for r in library.db.execute("SELECT DISTINCT sha256 FROM versions")}
        stored = {r[0] for r in library.db.execute("SELECT sha256 FROM texts")}
        assert used == stored  # no orphaned or missing texts
    assert integrity(path) == "ok"


def test_one_library_shared_by_threads(lib: Library) -> None:
    def work(worker: int) -> None:
        for i in range(20):
            lib.add_version("Threads", doc(f"thread {worker} text {i}"))
            lib.policies()

    threads = [threading.Thread(target=work, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert lib.get_policy("Threads").versions == 80
