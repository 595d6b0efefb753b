"""Small text helpers: sentences with offsets, and the section a position falls in."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache

from policyviewer.core.model import Outline

# A sentence ends at . ! ? or ; followed by space and a capital/digit/bullet, or at a line break.
_BOUNDARY = re.compile(r"(?<=[.!?;:])[ \t]+(?=[\"“‘(\[]?[A-Z0-9•])|\n+")
# Tokens after which a period does not end the sentence.
_ABBREVIATION_WORDS = "e.g i.e etc inc ltd co corp no nos vs mr mrs ms dr st jr u.s u.k p.o"
_ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())


def sentences(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Yield (start, end) offsets of the sentences of ``text[start:end]``."""
    end = len(text) if end is None else end
    pos = start
    for m in _BOUNDARY.finditer(text, start, end):
        if m.group().startswith(("\n",)) is False:
            before = text[pos : m.start()].rstrip()
            last = before.rsplit(None, 1)[-1].rstrip(".").lower() if before else ""
            if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
                continue
        if text[pos : m.start()].strip():
            yield pos, m.start()
        pos = m.end()
    if text[pos:end].strip():
        yield pos, end


# Characters whose case-insensitive regex match differs from comparing ``str.lower()``
# (the only three in Unicode; see tests/core/test_insights_speed.py).
FOLD_UNSAFE = "\u0130\u0131\u017f"
_FOLD_UNSAFE = re.compile(f"[{FOLD_UNSAFE}]")


def lower_for_matching(text: str) -> str | None:
    """``text.lower()`` when case-sensitive patterns written in lower case match it exactly as
    their IGNORECASE forms match ``text`` (same offsets); None when they might not."""
    if not text.isascii() and _FOLD_UNSAFE.search(text):
        return None
    return text.lower()


# The boundaries inside a line: _BOUNDARY without its line-break alternative, and with the
# punctuation taken instead of looked behind at (the regex engine then jumps between
# punctuation marks; the mark is never part of another boundary: one is followed by a
# letter, digit, bullet or quote).
_IN_LINE_BOUNDARY = re.compile(_BOUNDARY.pattern.rsplit("|", 1)[0].replace(
    "(?<=[.!?;:])", "[.!?;:]"))
assert _BOUNDARY.pattern == _IN_LINE_BOUNDARY.pattern.replace("[.!?;:]", "(?<=[.!?;:])", 1) + (
    "|\\n+")


@lru_cache(maxsize=32768)
def _line_sentences(line: str) -> tuple[tuple[int, int], ...]:
    """``tuple(sentences(line))`` for a line without line breaks, in fewer steps."""
    out = []
    pos = 0
    for m in _IN_LINE_BOUNDARY.finditer(line):
        cut = m.start() + 1  # > pos, after . ! ? ; or :, so no rstrip needed
        # The last word before the cut, read from a short window when it holds a space.
        window = line[max(pos, cut - 16) : cut]
        words = window.rsplit(None, 1)
        last = (words[-1] if len(words) == 2 or cut - 16 <= pos
                else line[pos:cut].rsplit(None, 1)[-1]).rstrip(".").lower()
        if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
            continue
        out.append((pos, cut))  # not blank: it ends in punctuation
        pos = m.end()
    if line[pos:].strip():
        out.append((pos, len(line)))
    return tuple(out)


@lru_cache(maxsize=16)
def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """``tuple(sentences(text))`` (cached: both the extractors and the differ need them).

    A line break always ends a sentence, and the boundary's look-arounds see a line break
    as they see the ends of a string, so each distinct line is split once (the versions
    of a policy share most lines)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        if line:
            out += ((pos + s, pos + e) for s, e in _line_sentences(line))
        pos += len(line) + 1
    return tuple(out)


class HeadingFinder:
    """``section_heading_at`` for many positions of one outline, without rescanning it."""

    def __init__(self, outline: Outline | None) -> None:
        self._outline = outline
        secs = outline.sections if outline is not None else ()
        self._starts = [sec.start for sec in secs]
        self._sorted = all(a <= b for a, b in zip(self._starts, self._starts[1:], strict=False))

    def __call__(self, pos: int) -> str | None:
        if self._outline is None:
            return None
        if not self._sorted:
            return section_heading_at(self._outline, pos)
        secs = self._outline.sections
        # The scan stops at the first section starting after pos; the deepest
        # (latest) section before that one which contains pos wins.
        for i in range(bisect_right(self._starts, pos) - 1, -1, -1):
            sec = secs[i]
            if sec.start <= pos < max(sec.end, sec.start + 1):
                return sec.heading
        return None


def section_heading_at(outline: Outline | None, pos: int) -> str | None:
    """The heading of the innermost section containing ``pos`` (None: before the first)."""
    if outline is None:
        return None
    found = None
    for sec in outline.sections:
        if sec.start <= pos < max(sec.end, sec.start + 1):
            found = sec  # later (deeper) sections win: sections are in document order
        elif sec.start > pos:
            break
    return found.heading if found is not None else None


def squash(text: str) -> str:
    """Lowercase with single spaces and no surrounding punctuation."""
    return re.sub(r"\s+", " ", text).strip(" \t\n.,;:()[]\"'“”‘’").lower()
