"""Invariants of compare_texts on generated edits of the seeds and on real corpus pairs."""

from __future__ import annotations

import pytest
from conftest import CORPUS_DIR, SEED_FILES, requires_corpus
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_compare import assert_consistent

from policyviewer.core.compare import compare_documents, compare_texts
from policyviewer.core.normalize import fold_noise
from policyviewer.core.old_side import old_equal_texts
from policyviewer.core.worddiff import diff_texts

SEED_LINES = [path.read_text(encoding="utf-8").split("\n") for path in SEED_FILES]
NOISE = ["\u00a0", "“", "’", "—", "  ", "\n", "\r\n", "- ", "• ", "👍🏽", "e\u0301"]


@st.composite
def edited_seed(draw) -> tuple[str, str]:
    """A seed (or a slice of it) and a version with lines moved, dropped, added and
    words changed, plus stray noise characters."""
    lines = draw(st.sampled_from(SEED_LINES))
    start = draw(st.integers(0, max(0, len(lines) - 12)))
    old_lines = lines[start : start + draw(st.integers(4, 60))]
    new_lines = list(old_lines)
    for _ in range(draw(st.integers(0, 6))):
        if not new_lines:
            break
        k = draw(st.integers(0, len(new_lines) - 1))
        action = draw(st.sampled_from(["drop", "move", "dup", "word", "noise", "new"]))
        if action == "drop":
            new_lines.pop(k)
        elif action == "move":
            new_lines.insert(draw(st.integers(0, len(new_lines) - 1)), new_lines.pop(k))
        elif action == "dup":
            new_lines.insert(k, new_lines[k])
        elif action == "word":
            words = new_lines[k].split(" ")
            words[draw(st.integers(0, len(words) - 1))] = draw(
                st.sampled_from(["60", "never", "third parties", "", "Data"])
            )
            new_lines[k] = " ".join(words)
        elif action == "noise":
            pos = draw(st.integers(0, len(new_lines[k])))
            new_lines[k] = new_lines[k][:pos] + draw(st.sampled_from(NOISE)) + new_lines[k][pos:]
        else:
            new_lines.insert(k, draw(st.text(max_size=40)))
    return "\n".join(old_lines), "\n".join(new_lines)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited_seed())
def test_spans_rebuild_document_and_sections(pair: tuple[str, str]) -> None:
    old, new = pair
    assert_consistent(compare_texts(old, new), old, new)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited_seed())
def test_the_old_wording_of_equal_text_rebuilds_the_old_version_exactly(pair) -> None:
    # The old column of the side-by-side view shows it: "9." where the new one says
    # "8.", the old quotes and dashes; with the deletions it is the old text itself.
    old, new = pair
    spans = diff_texts(old, new).spans
    olds = old_equal_texts(spans, old)
    assert olds is not None
    rebuilt = "".join(o if op == "=" else t for o, (op, t) in zip(olds, spans, strict=True)
                      if op != "+")
    assert rebuilt.strip() == old.strip()
    for o, (op, t) in zip(olds, spans, strict=True):
        assert (o is not None) == (op == "=")
        if o is not None:
            assert fold_noise(o) == fold_noise(t)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited_seed())
def test_same_input_same_output(pair: tuple[str, str]) -> None:
    old, new = pair
    assert compare_texts(old, new).to_dict() == compare_texts(old, new).to_dict()


CORPUS_PAIRS = [  # largest-change pairs from the corpus README, small to large
    ("mozilla", "2023-03-21.md", "2023-11-01.md"),
    ("sponsorblock", "2022-03-06.md", "2022-03-11.md"),
    ("github", "2022-05-18.md", "2022-06-01.md"),
    ("starbucks", "2022-11-14.md", "2022-12-09.md"),
    ("netflix", "2022-09-20.md", "2024-09-01.md"),
    ("vinted", "2021-08-16.md", "2021-10-11.md"),
]


@requires_corpus
@pytest.mark.parametrize("service,old_name,new_name", CORPUS_PAIRS)
def test_real_pairs_are_consistent(service: str, old_name: str, new_name: str) -> None:
    from policyviewer.core.importers import load_file

    old = load_file(CORPUS_DIR / service / old_name)
    new = load_file(CORPUS_DIR / service / new_name)
    cmp = compare_documents(old, new)
    assert_consistent(cmp, old.text, new.text)
    assert cmp.stats.words_added + cmp.stats.words_removed > 0
    assert any(ch.status != "unchanged" for ch in cmp.sections)
    # Word counts agree with the document's spans, up to what moved sections add.
    spans_added = sum(len(t.split()) for op, t in cmp.spans if op == "+")
    assert spans_added > 0
