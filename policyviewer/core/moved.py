"""Passages that moved: removed in one place and added, in the same words, in another.

A word diff shows a paragraph that moved (to another section, or elsewhere in its
own) as one deletion and one insertion. Here each removed line is matched with an
added line that reads the same, noise aside (``normalize.fold_noise_fast``), so the
comparison can say "moved" instead. Only lines of ``MIN_MOVED_WORDS`` words or more
count: short lines ("Contact us", "Yes") repeat by chance.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from policyviewer.core.model import MovedPassage, SectionChange
from policyviewer.core.normalize import LINE_MARKERS, WORD_RUN, fold_noise_fast, word_count

MIN_MOVED_WORDS = 8

__all__ = ["MIN_MOVED_WORDS", "find_moved_passages", "moved_key"]


def moved_key(line: str) -> str | None:
    """The key a line is matched by, or None when it is too short to count."""
    if len(line.split()) < MIN_MOVED_WORDS:  # cheap test first: most lines are short
        return None
    key = fold_noise_fast(line)
    # Word runs are never fewer than words (``word_count``), so this rejects
    # only keys too short either way; matched keys are counted exactly.
    return key if len(WORD_RUN.findall(key)) >= MIN_MOVED_WORDS else None


def _lines(sections: Sequence[SectionChange], op: str) -> Iterator[tuple[int, str, str]]:
    """(section position, line, key) of every long enough line in ``op`` spans."""
    for position, change in enumerate(sections):
        for span_op, text in change.spans:
            if span_op != op:
                continue
            for line in text.split("\n"):
                key = moved_key(line)
                if key is not None:
                    yield position, LINE_MARKERS.sub("", line.strip()), key


def find_moved_passages(sections: Sequence[SectionChange]) -> tuple[MovedPassage, ...]:
    """Removed lines paired with added lines that read the same, in new-document
    order; each removed line pairs with at most one added line (first come first)."""
    removed: dict[str, list[int]] = {}
    for position, _line, key in _lines(sections, "-"):
        removed.setdefault(key, []).append(position)
    moved = []
    for position, line, key in _lines(sections, "+"):
        sources = removed.get(key)
        if sources and (words := word_count(key)) >= MIN_MOVED_WORDS:
            moved.append(MovedPassage(line, words, sources.pop(0), position))
    return tuple(moved)
