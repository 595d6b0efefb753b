"""Normalise an imported text while keeping heading offsets exact.

``normalize_import`` deletes and collapses characters, so offsets computed
before it would drift. We wrap each heading in two Unicode noncharacters
(never valid in interchanged text, so never in a real document), normalise,
and read the offsets back from where the sentinels ended up.
"""

from __future__ import annotations

import re

from policyviewer.core.model import HeadingMark
from policyviewer.core.normalize import normalize_import

_LONG_GAP = re.compile(r"(?<! ) {24,}(?=\S)")
_BLANK_LINES = re.compile(r"\n{3,}")
_OPEN = "\ufdd0"
_CLOSE = "\ufdd1"


def normalize_with_marks(
    text: str, marks: list[tuple[int, int, int]]
) -> tuple[str, tuple[HeadingMark, ...]]:
    """Return ``(normalize_import(text), marks)`` with each ``(start, end, level)``
    re-pointed into the normalised text. Whitespace at a mark's edges is
    trimmed; empty or overlapping marks are dropped. Whitespace at line ends is
    removed, non-breaking spaces included, and paragraphs are separated by exactly
    one blank line (this is for text rendered from markup, not plain text)."""
    text = text.replace(_OPEN, "").replace(_CLOSE, "")
    trimmed: list[tuple[int, int, int]] = []
    last_end = 0
    for start, end, level in sorted(marks):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end or start < last_end:
            continue
        trimmed.append((start, end, level))
        last_end = end
    pieces: list[str] = []
    pos = 0
    for start, end, _level in trimmed:
        pieces += [text[pos:start], _OPEN, text[start:end], _CLOSE]
        pos = end
    pieces.append(text[pos:])
    # Rendered markup leaves invisible non-breaking spaces at line ends and on
    # "empty" spacer paragraphs; normalize_import only strips spaces and tabs.
    # Rendered markup also stacks margins into runs of blank lines: one is enough.
    joined = "\n".join(line.rstrip() for line in "".join(pieces).split("\n"))
    joined = _BLANK_LINES.sub("\n\n", joined)
    # Table columns are padded to their widest cell; a long cell pads other rows
    # (and its own continuation lines) with hundreds of spaces that align nothing
    # readable and make normalize_import's regexes quadratic. Cap such gaps.
    joined = _LONG_GAP.sub("  ", joined)
    marked = normalize_import(joined)

    out: list[str] = []
    headings: list[HeadingMark] = []
    levels = iter(level for _s, _e, level in trimmed)
    length = 0
    start = 0
    for ch in marked:
        if ch == _OPEN:
            start = length
        elif ch == _CLOSE:
            level = next(levels)
            # Normalisation may have removed everything inside (e.g. only
            # zero-width characters); such a heading is not visible text.
            if length > start:
                headings.append(HeadingMark(start, length, level))
        else:
            out.append(ch)
            length += 1
    return "".join(out), tuple(headings)
