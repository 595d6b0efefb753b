"""Fuzz the outline parser and the comparison.

``parse_outline`` on arbitrary text, with arbitrary (even nonsensical) heading marks,
returns sections with valid offsets, in document order, tiling the text after the
preamble. ``compare_texts`` on pairs assembled from the five seed policies' paragraphs
(mixed across seeds, shuffled, edited, with heading marks or without) keeps the
rebuild rule of docs/JSON.md and consistent stats. Nothing raises.
"""

from __future__ import annotations

from fuzz_profile import fuzz
from hypothesis import given
from hypothesis import strategies as st
from samples import SEED_FILES

from policyviewer.core.compare import compare_texts
from policyviewer.core.model import Comparison, HeadingMark, Outline
from policyviewer.core.normalize import fold_noise
from policyviewer.core.outline import parse_outline

PARAGRAPHS = [p for path in SEED_FILES
              for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
HEADING_LINES = ["1. Introduction", "## Data we collect", "RETENTION", "Section 4 - Sharing",
                 "Your Rights", "4.2 Cookies:", "# ", "1.", "Last updated: May 1, 2024",
                 "Effective date 2023-02-30", "PRIVACY POLICY", "a) children", "---", "•"]
ODD = ["\r\n", "\r", "\u2028", "\u2029", "\x0c", "\u00a0", "\u200b", "\ufeff", "e\u0301", "😀",
       "\t", "  ", "\x00", "\ud7ff", "\U0010fffd"]


def check_outline(outline: Outline, text: str) -> None:
    n = len(text)
    previous_end = None
    for s in outline.sections:
        assert 0 <= s.start <= s.body_start <= s.end <= n, s
        assert s.level >= 1
        if previous_end is not None:
            assert s.start == previous_end, "sections must tile the text in order"
        previous_end = s.end
    if outline.sections:
        assert outline.sections[-1].end == n
    for m in outline.metadata:
        assert 0 <= m.start <= m.end <= n, m


text_pieces = st.one_of(st.text(max_size=80), st.sampled_from(HEADING_LINES),
                        st.sampled_from(ODD), st.sampled_from(PARAGRAPHS).map(lambda p: p[:300]))


@fuzz(150)
@given(st.lists(text_pieces, max_size=30).map("\n".join))
def test_outline_of_arbitrary_text(text: str) -> None:
    check_outline(parse_outline(text), text)


@st.composite
def text_with_marks(draw) -> tuple[str, tuple[HeadingMark, ...]]:
    text = "\n".join(draw(st.lists(text_pieces, min_size=1, max_size=20)))
    n = len(text)
    # Marks an importer would never make: out of range, empty, overlapping, unsorted.
    marks = draw(st.lists(st.builds(HeadingMark, st.integers(-5, n + 5), st.integers(-5, n + 5),
                                    st.integers(-1, 9)), max_size=10))
    return text, tuple(marks)


@fuzz(150)
@given(text_with_marks(), st.sampled_from(["text", "markdown", "html", "docx", "pdf"]))
def test_outline_with_random_heading_marks(case, fmt: str) -> None:
    text, marks = case
    check_outline(parse_outline(text, marks, fmt), text)


def rebuild(spans, side: str) -> str:
    keep = {"=", "-"} if side == "old" else {"=", "+"}
    return "".join(t for op, t in spans if op in keep)


def section_text(text: str, outline: Outline, index: int | None) -> str:
    secs = outline.sections
    if index is None:
        return text[: secs[0].start if secs else len(text)]
    return text[secs[index].start : secs[index].end]


def check_comparison(cmp: Comparison, old: str, new: str) -> None:
    assert rebuild(cmp.spans, "new") == new
    assert fold_noise(rebuild(cmp.spans, "old")) == fold_noise(old)
    for op, _ in cmp.spans:
        assert op in "=+-"
    for ch in cmp.sections:
        if ch.status != "removed":
            assert rebuild(ch.spans, "new") == section_text(new, cmp.new_outline, ch.new_index)
        if ch.status != "added" and not ch.carried:  # carried: rebuilt by the document
            assert fold_noise(rebuild(ch.spans, "old")) == fold_noise(
                section_text(old, cmp.old_outline, ch.old_index))
        assert ch.words_added >= 0 and ch.words_removed >= 0
        if ch.status == "unchanged" and not ch.renamed:
            # (a renamed-only section stays "unchanged" and counts its heading's words)
            assert not ch.words_added and not ch.words_removed
    s = cmp.stats
    statuses = [c.status for c in cmp.sections]
    assert s.sections_added == statuses.count("added")
    assert s.sections_removed == statuses.count("removed")
    assert s.sections_modified == statuses.count("modified")
    assert s.sections_moved == sum(c.moved for c in cmp.sections)
    assert s.sections_renamed == sum(c.renamed for c in cmp.sections)
    assert s.words_added == sum(c.words_added for c in cmp.sections)
    assert s.words_removed == sum(c.words_removed for c in cmp.sections)
    # Every section of both outlines is accounted for exactly once.
    assert sorted(c.new_index for c in cmp.sections if c.new_index is not None) == list(
        range(len(cmp.new_outline.sections)))
    assert sorted(c.old_index for c in cmp.sections if c.old_index is not None) == list(
        range(len(cmp.old_outline.sections)))


def _edit(draw, paragraphs: list[str]) -> list[str]:
    out = list(paragraphs)
    for _ in range(draw(st.integers(0, 8))):
        action = draw(st.sampled_from(["shuffle", "drop", "add", "words", "heading", "odd"]))
        k = draw(st.integers(0, max(0, len(out) - 1)))
        if action == "shuffle":
            out = draw(st.permutations(out))
        elif action == "drop" and out:
            out.pop(k)
        elif action == "add":
            out.insert(k, draw(st.sampled_from(PARAGRAPHS)))
        elif action == "words" and out:
            words = out[k].split(" ")
            i = draw(st.integers(0, len(words) - 1))
            words[i:i + draw(st.integers(0, 5))] = draw(st.lists(
                st.sampled_from(["never", "sell", "90 days", "“biometric”", "—", "", "\n"]),
                max_size=4))
            out[k] = " ".join(words)
        elif action == "heading":
            out.insert(k, draw(st.sampled_from(HEADING_LINES)))
        elif action == "odd" and out:
            pos = draw(st.integers(0, len(out[k])))
            out[k] = out[k][:pos] + draw(st.sampled_from(ODD)) + out[k][pos:]
    return out


@st.composite
def version_pair(draw) -> tuple[str, str]:
    old = draw(st.lists(st.sampled_from(PARAGRAPHS), min_size=0, max_size=14))
    new = _edit(draw, old)
    sep = draw(st.sampled_from(["\n\n", "\n", "\r\n\r\n"]))
    return sep.join(old), "\n\n".join(new)


@fuzz(80)
@given(version_pair())
def test_comparison_of_mixed_seed_paragraphs(pair: tuple[str, str]) -> None:
    old, new = pair
    check_comparison(compare_texts(old, new), old, new)


@st.composite
def marked_pair(draw):
    old, new = draw(version_pair())

    def marks(text: str) -> tuple[HeadingMark, ...]:
        # Mark some line starts as headings, the way an importer would.
        starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
        chosen = sorted(set(draw(st.lists(st.sampled_from(starts), max_size=6))))
        out = []
        for start in chosen:
            end = text.find("\n", start)
            end = len(text) if end < 0 else end
            if end > start:
                out.append(HeadingMark(start, min(end, start + 80), draw(st.integers(1, 4))))
        return tuple(out)

    return old, new, marks(old), marks(new)


@fuzz(60)
@given(marked_pair())
def test_comparison_with_heading_marks(case) -> None:
    old, new, old_marks, new_marks = case
    cmp = compare_texts(old, new, old_headings=old_marks, new_headings=new_marks)
    check_comparison(cmp, old, new)


@fuzz(60)
@given(st.text(max_size=400), st.text(max_size=400))
def test_comparison_of_arbitrary_unicode(old: str, new: str) -> None:
    check_comparison(compare_texts(old, new), old, new)
