"""The history of a passage across a policy's versions."""

from __future__ import annotations

from pathlib import Path

import pytest

from policyviewer.core.errors import NotFound, PolicyViewerError
from policyviewer.core.history import find_passage, paragraphs, passage_history, trace_passage
from policyviewer.core.library import Library
from policyviewer.core.model import Document
from policyviewer.resources import resource_path

CLAUSE = "We do not sell your personal information to third parties."
V1 = "Privacy Policy\n\n1. Sharing\nWe share data with our processors.\n"
V2 = f"Privacy Policy\n\n1. Sharing\nWe share data with our processors. {CLAUSE}\n"
# Re-wrapped, curly quotes and a bullet: noise, not a change.
V3 = (
    "Privacy Policy\n\n1. Sharing\n  • We share data with our processors.   We do not sell your\n"
    "personal information to third parties.\n"
)
# The same paragraph, with a sentence added: a change.
V4 = V2.replace("processors.", "processors and auditors.")
V5 = "Privacy Policy\n\n1. Sharing\nWe share data with our processors and auditors.\n"


def versions(*texts: str) -> list[tuple[int, str, int, str]]:
    return [(i, f"202{i}-01-01", 100 + i, t) for i, t in enumerate(texts, start=1)]


def test_first_seen_changes_and_drop() -> None:
    history = trace_passage("Acme", versions(V1, V2, V3, V4, V5), CLAUSE)
    assert [v.status for v in history.versions] == [
        "absent",
        "added",
        "unchanged",
        "changed",
        "removed",
    ]
    assert history.first_seen == 2
    assert history.last_seen == 4
    assert history.dropped_in == (5,)
    assert history.changed_in == (4,)
    assert [v.present for v in history.versions] == [False, True, True, True, False]
    assert [v.changed for v in history.versions] == [False, True, False, True, True]
    v4 = history.versions[3]
    assert v4.match == "exact"
    assert V4[v4.paragraph_start : v4.paragraph_end] == v4.paragraph
    assert "auditors" in v4.paragraph and CLAUSE in v4.paragraph
    data = history.to_dict()
    assert data["first_seen"] == 2 and data["last_seen"] == 4
    assert data["versions"][0] == {
        "number": 1,
        "date": "2021-01-01",
        "present": False,
        "changed": False,
        "status": "absent",
        "match": None,
        "similarity": None,
        "paragraph": None,
        "paragraph_start": None,
        "paragraph_end": None,
    }


def test_still_present_means_last_seen_null_even_after_a_gap() -> None:
    history = trace_passage("Acme", versions(V2, V1, V2), CLAUSE)
    assert history.first_seen == 1
    assert history.last_seen is None
    assert history.dropped_in == (2,)
    assert [v.status for v in history.versions] == ["added", "removed", "added"]


def test_case_and_noise_do_not_matter_for_an_exact_match() -> None:
    found = find_passage(V3, "we do NOT sell your personal information")
    assert found is not None and found.exact
    assert found.paragraph.startswith("• We share data")  # as written
    assert found.paragraph.endswith("third parties.")


def test_reworded_clause_is_an_approximate_match() -> None:
    reworded = V2.replace(
        CLAUSE, "We do not sell or rent your personal information to any third parties."
    )
    unrelated = V1 + "\n2. Cookies\nWe use cookies to remember your personal settings.\n"
    history = trace_passage("Acme", versions(V2, reworded, unrelated), CLAUSE)
    assert [v.match for v in history.versions] == ["exact", "approximate", None]
    assert 0.8 <= history.versions[1].similarity < 1
    assert history.versions[1].status == "changed"
    assert history.last_seen == 2


def test_short_passages_match_exactly_only() -> None:
    assert find_passage("We sell data.", "we rent data") is None
    assert find_passage("We sell data.", "sell data") is not None


def test_passage_spanning_two_paragraphs() -> None:
    text = "Intro line.\n\nFirst paragraph ends here.\n\nSecond one starts here.\n"
    found = find_passage(text, "ends here. Second one")
    assert found is not None and found.exact
    assert found.paragraph == "First paragraph ends here.\n\nSecond one starts here."


def test_paragraphs_of_hard_wrapped_and_one_per_line_text() -> None:
    wrapped = (
        "Heading\n\nThis sentence is wrapped\nacross two lines.\nA new line starts a sentence.\n"
    )
    assert [wrapped[s:e] for s, e in paragraphs(wrapped)] == [
        "Heading",
        "This sentence is wrapped\nacross two lines.",
        "A new line starts a sentence.",
    ]
    per_line = "Title\nFirst paragraph.\nSecond paragraph:\n- item"
    assert len(paragraphs(per_line)) == 4


def test_empty_passage_is_refused() -> None:
    with pytest.raises(PolicyViewerError, match="no words"):
        trace_passage("Acme", versions(V1), " ... ")


# -- on the library ----------------------------------------------------------------


@pytest.fixture
def mozilla(db_path: Path):
    from policyviewer.core.importers import load_file

    lib = Library.open(db_path)
    for path in sorted((resource_path("samples") / "mozilla").glob("*.md")):
        lib.add_version("Mozilla", load_file(path), date=path.stem)
    yield lib
    lib.close()


def test_history_of_a_sentence_of_the_mozilla_samples(mozilla: Library) -> None:
    texts = [mozilla.document(v).text for v in mozilla.versions("Mozilla")]
    flat = [" ".join(t.split()) for t in texts]
    # A sentence of the latest version that the first version does not have.
    sentence = next(
        s.strip() + "."
        for s in flat[-1].split(". ")
        if 40 < len(s) < 200 and s.strip() not in flat[0] and "*" not in s
    )
    history = passage_history(mozilla, "mozilla", sentence)
    expected_first = next(i for i, t in enumerate(flat, start=1) if sentence in t)
    assert history.policy == "Mozilla"
    assert history.first_seen == expected_first
    assert history.last_seen is None
    assert len(history.versions) == len(texts)
    for v, text in zip(history.versions, texts, strict=True):
        if v.present and v.match == "exact":
            assert " ".join(v.paragraph.split()).casefold().find(sentence[:30].casefold()) >= 0
            assert text[v.paragraph_start : v.paragraph_end] == v.paragraph


def test_unknown_policy(mozilla: Library) -> None:
    with pytest.raises(NotFound, match="did you mean 'Mozilla'"):
        passage_history(mozilla, "Mozzila", "firefox")


def test_document_level_helper_matches_library(mozilla: Library) -> None:
    latest = mozilla.version("Mozilla")
    text = mozilla.document(latest).text
    para_start, para_end = paragraphs(text)[3]
    passage = text[para_start:para_end]
    found = find_passage(text, passage)
    assert found is not None and (found.start, found.end) == (para_start, para_end)
    assert isinstance(mozilla.document(latest), Document)


def test_change_sizes_count_words_added_and_removed(db_path: Path) -> None:
    from policyviewer.core.history import change_sizes

    with Library.open(db_path) as lib:
        for i, text in enumerate((V1, V2, V3, V4, V5), start=1):
            lib.add_version("Acme", Document(text=text, fmt="text"), date=f"202{i}-01-01")
        cache: dict = {}
        sizes = change_sizes(lib, "Acme", cache)
        assert [c.number for c in sizes] == [1, 2, 3, 4, 5]
        assert [(c.words_added, c.words_removed) for c in sizes] == [
            (0, 0),  # the first version
            (len(CLAUSE.split()), 0),  # the clause added
            (0, 0),  # re-wrapped, bullet and spaces: noise only
            (2, 0),  # "and auditors"
            (0, len(CLAUSE.split())),  # the clause dropped
        ]
        assert len(cache) == 4
        # Cached: the same answer without reading the texts again.
        lib.document = None  # type: ignore[assignment]
        assert change_sizes(lib, "Acme", cache) == sizes


def test_any_stretch_of_a_version_is_found_in_it(mozilla: Library) -> None:
    import random

    rng = random.Random(3)
    for version in mozilla.versions("Mozilla"):
        text = mozilla.document(version).text
        spans = [(s, e) for s, e in paragraphs(text) if len(text[s:e].split()) >= 6]
        for s, e in rng.sample(spans, 8):
            words = text[s:e].split()
            i = rng.randrange(0, len(words) - 4)
            passage = "  ".join(words[i : i + rng.randint(4, 12)])  # spaced differently
            found = find_passage(text, passage)
            assert found is not None and found.exact, passage
            assert " ".join(passage.split()) in " ".join(found.paragraph.split())
