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

_LONG_GAP = re.compile(r"(?<=\S) {24,}(?=\S)")  # inside a line
# Indentation is kept (nesting, tables read row by row) up to this depth.
MAX_INDENT = 32
_DEEP_INDENT = re.compile(rf"^ {{{MAX_INDENT + 1},}}(?=\S)", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n{3,}")
_OPEN = "\ufdd0"
_CLOSE = "\ufdd1"
_SENTINELS = re.compile("[\ufdd0\ufdd1]")


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
        # inscriptis may count trailing whitespace it then strips from the text.
        start, end = max(0, start), min(end, len(text))
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
    # readable and make normalize_import's regexes quadratic. Cap such gaps, and
    # indentation past MAX_INDENT (deep nesting stays visible, as nesting).
    joined = _LONG_GAP.sub("  ", joined)
    joined = _DEEP_INDENT.sub(" " * MAX_INDENT, joined)
    marked = normalize_import(joined)

    spans: list[tuple[int, int, int]] = []
    levels = iter(level for _s, _e, level in trimmed)
    start = 0
    for removed, sentinel in enumerate(_SENTINELS.finditer(marked)):
        pos = sentinel.start() - removed  # offset once the sentinels are gone
        if sentinel.group() == _OPEN:
            start = pos
        else:
            spans.append((start, pos, next(levels)))
    final = _SENTINELS.sub("", marked)
    headings: list[HeadingMark] = []
    for start, end, level in spans:
        # Normalisation may have emptied a heading (only zero-width characters) or
        # exposed whitespace at its edge (a non-breaking space before a BOM).
        while start < end and final[start].isspace():
            start += 1
        while end > start and final[end - 1].isspace():
            end -= 1
        if end > start:
            headings.append(HeadingMark(start, end, level))
    return final, tuple(headings)
