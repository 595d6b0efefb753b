"""Small text helpers: sentences with offsets, and the section a position falls in."""

from __future__ import annotations

import re
from collections.abc import Iterator

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
