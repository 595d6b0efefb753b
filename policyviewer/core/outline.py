"""Turn a policy's text into an outline: title, metadata lines, and sections.

``parse_outline(text, headings, fmt)`` uses the heading marks an importer found
(Markdown ``#``, HTML ``<hN>``, DOCX Heading styles) when there are any, and
text heuristics (``outline_text``) otherwise. Sparse markup (fewer than three
marked sections, e.g. only the title and one heading, the rest bold text) is
filled in by the heuristics: ``method="mixed"``. A text with no headings at all
gets an honest fallback (``outline_infer``): paragraphs grouped by privacy
topic, each group a section with ``inferred=True`` and ``method="inferred"``.

Section ranges tile the text: a section starts at the beginning of its heading
line and ends where the next section of *any* level starts (the last one at the
end of the text). So a parent's range covers only its own text before its
first subsection; the text before the first section is the preamble, which is
not a section. ``body_start`` is the first character after the heading (after
the label's colon for a run-in heading such as "1.1 Personal Information: We
may collect ...").

``number`` is kept as written. When every top-level heading carries the same
number ("1." from a broken list conversion), the outline notes
``numbering_repaired``; ``display_numbers(outline)`` gives the corrected
sequence without changing what the sections say was written.
"""

from __future__ import annotations

import re

from policyviewer.core.model import Document, HeadingMark, MetadataLine, Outline, Section
from policyviewer.core.outline_infer import infer_sections
from policyviewer.core.outline_lines import (
    Head,
    Line,
    case_style,
    folded_name,
    parse_number,
    split_lines,
)
from policyviewer.core.outline_meta import find_header, metadata_of
from policyviewer.core.outline_text import find_heads

NUMBERING_REPAIRED = "numbering_repaired"
MAX_MARK_HEADING_CHARS = 200
# Fewer marked sections than this (besides the title) is sparse markup: the text
# heuristics fill in, and the outline's method is "mixed".
MIN_MARKUP_SECTIONS = 3
# A heading among the first few that names the whole document ("Starbucks
# Privacy Statement" under a few lines of introduction; not "What This Privacy
# Policy Covers") is its title, when this many headings follow and it sits
# within the first lines.
_NAMES_DOCUMENT = re.compile(
    r"\b(?:privacy|cookies?|data\s+protection)\s+(?:policy|statement|notice)$", re.I
)
MIN_HEADINGS_UNDER_TITLE = 3
TITLE_HEADING_LINES = 12
DOCUMENT_HEADING_WITHIN = 4

__all__ = ["NUMBERING_REPAIRED", "display_numbers", "outline_of", "parse_outline"]


def outline_of(doc: Document) -> Outline:
    """The outline of an imported document (its heading marks when it has any)."""
    outline = parse_outline(doc.text, doc.headings, doc.fmt)
    if outline.title is None and doc.title:
        outline = Outline(
            doc.title, outline.sections, outline.metadata, outline.notes, outline.method
        )
    return outline


def parse_outline(text: str, headings: tuple[HeadingMark, ...] = (), fmt: str = "text") -> Outline:
    """Sections of ``text`` in document order, plus its title and metadata lines.

    ``fmt`` names the source format; the same rules serve every format today
    (a text file's leftover Markdown ``#`` lines are read as headings too).
    """
    lines = split_lines(text)
    title, header, metadata = find_header(lines)
    marks = [h for h in headings if 0 <= h.start < h.end <= len(text)]
    markup: Outline | None = None
    if marks:
        markup = _from_marks(text, lines, marks, title, header, metadata)
        if len(markup.sections) >= MIN_MARKUP_SECTIONS:
            return markup
    heads = find_heads(lines, header)
    if markup is not None and markup.sections:
        if len(heads) <= len(markup.sections):
            return markup
        # Sparse markup (one or two marked headings, the rest bold or plain text):
        # the heuristics' headings, plus every marked one.
        heads = _with_marked_lines(heads, lines, markup.sections, header)
        title = markup.title
        metadata = list(markup.metadata)
        method = "mixed"
    else:
        method = "heuristic"
    named = _document_heading(heads)
    if named is not None and (
        title is None or folded_name(heads[named].heading) in folded_name(title)
    ):
        # Below a few lines of page furniture: the document's title (or the
        # title again), not a section.
        head = heads.pop(named)
        if title is None:
            title = head.heading
            metadata = sorted(
                [*metadata, MetadataLine("title", title, head.line.start, head.line.end)],
                key=lambda m: m.start,
            )
    if not heads:
        sections = infer_sections(text, lines, header)
        return Outline(
            title, sections, tuple(metadata), (), "inferred" if sections else "heuristic"
        )
    levels = assign_levels([h.style for h in heads], [h.listed for h in heads])
    sections = _tile(
        text,
        [
            (h.line.line_start, h.heading, h.number, lvl, h.body_start)
            for h, lvl in zip(heads, levels, strict=True)
        ],
    )
    notes = (NUMBERING_REPAIRED,) if _numbering_broken(heads, levels) else ()
    return Outline(title, sections, tuple(metadata), notes, method)


def _document_heading(heads: list[Head]) -> int | None:
    """The index of the first of the first few headings that names the whole
    document ("Starbucks Privacy Statement"), with enough headings after it."""
    for k, head in enumerate(heads[:DOCUMENT_HEADING_WITHIN]):
        if (
            len(heads) - k > MIN_HEADINGS_UNDER_TITLE
            and head.number is None
            and head.line.index < TITLE_HEADING_LINES
            and _NAMES_DOCUMENT.search(head.heading) is not None
            and head.body_start >= head.line.end  # a heading line, not a run-in label
        ):
            return k
    return None


def _with_marked_lines(
    heads: list[Head], lines: list[Line], marked: tuple[Section, ...], header: set[int]
) -> list[Head]:
    """``heads`` plus a Head for each marked section's line the heuristics missed."""
    by_start = {line.line_start: line for line in lines}
    have = {h.line.line_start for h in heads}
    extra: list[Head] = []
    for s in marked:
        line = by_start.get(s.start)
        if line is None or s.start in have or line.index in header:
            continue
        heading = s.heading or line.text
        extra.append(Head(line, heading, s.number, case_style(heading), line.end, line.end))
    return sorted(heads + extra, key=lambda h: h.line.line_start)


def display_numbers(outline: Outline) -> tuple[str | None, ...]:
    """Section numbers to show: as written, or corrected in sequence when the
    outline notes ``numbering_repaired`` ("1.", "1.", "1." -> "1.", "2.", "3.";
    "1.1" under the third heading -> "3.1")."""
    if NUMBERING_REPAIRED not in outline.notes:
        return tuple(s.number for s in outline.sections)
    out: list[str | None] = []
    top = 0
    for s in outline.sections:
        num = parse_number(f"{s.number} x") if s.number else None
        if num is None or num.style not in ("arabic", "paren-arabic"):
            out.append(s.number)
            continue
        if num.depth == 1:
            top += 1
            out.append(
                s.number.replace(str(num.value), str(top), 1) if num.value is not None else s.number
            )
        else:
            first, sep, tail = s.number.partition(".")
            out.append(f"{max(top, 1)}{sep}{tail}" if first.isdigit() else s.number)
    return tuple(out)


def assign_levels(styles: list[str], listed: list[bool] | None = None) -> list[int]:
    """Levels (1 = top) from heading styles in document order.

    A style first seen opens a level below the current heading; a style seen
    before closes back to its level. Top-level numbering ("1.", "Article 1",
    "I.") always restarts at level 1 (unnumbered headings before it are
    treated as its peers); so does ALL CAPS among unnumbered headings. A
    one-word heading ("Security") has no case cue and takes the style of the
    next heading that has one. Where a table of contents names some of the
    headings (``listed``), the Title or sentence case ones it leaves out go
    below the listed heading before them, whose style they share (ALL CAPS
    stays a main heading).
    """
    resolved = _resolve_word_styles(styles)
    if listed is not None and sum(listed) >= MIN_LISTED_HEADINGS:
        listed_styles = {s for s, named in zip(resolved, listed, strict=True) if named}
        first = listed.index(True)  # headings before it (the contents list's own) stay
        resolved = resolved[:first] + [
            f"{s}:unlisted" if not named and s in listed_styles and s in _CASE_STYLES else s
            for s, named in zip(resolved[first:], listed[first:], strict=True)
        ]
    stack: list[str] = []
    levels: list[int] = []
    for style in resolved:
        if style in stack:
            del stack[stack.index(style) + 1 :]
        elif _is_top_numbering(style) and not any(_is_top_numbering(s) for s in stack):
            stack = [style]
        elif style == "caps" and all(s in _CASE_STYLES for s in stack):
            stack = [style]  # ALL CAPS outranks Title Case and sentence case
        else:
            stack.append(style)
        levels.append(len(stack))
    return levels


_CASE_STYLES = ("title", "sentence", "bullet")
# A table of contents names at least this many headings before it ranks them.
MIN_LISTED_HEADINGS = 3


def _is_top_numbering(style: str) -> bool:
    return style in ("arabic:1", "ROMAN") or style.startswith(("article:", "atx:1"))


def _resolve_word_styles(styles: list[str]) -> list[str]:
    out = list(styles)
    following: str | None = None
    for i in range(len(out) - 1, -1, -1):
        if out[i] == "word":
            out[i] = following or _previous_cued(out, i) or "title"
        elif out[i] in ("title", "sentence", "caps"):
            following = out[i]
        else:
            following = None
    return out


def _previous_cued(styles: list[str], i: int) -> str | None:
    for style in reversed(styles[:i]):
        if style != "word":
            return style
    return None


def _numbering_broken(heads: list[Head], levels: list[int]) -> bool:
    """Every top-level numbered heading carries the same number (at least three)."""
    top = [
        h.numbered
        for h, lvl in zip(heads, levels, strict=True)
        if h.numbered is not None and lvl == 1
    ]
    values = {n.value for n in top if n.style == "arabic" and n.depth == 1}
    return len(top) >= 3 and len(values) == 1 and all(n.style == "arabic" for n in top)


def _tile(
    text: str, rows: list[tuple[int, str | None, str | None, int, int]]
) -> tuple[Section, ...]:
    """Sections from (start, heading, number, level, heading_end) rows sorted by start."""
    sections: list[Section] = []
    for k, (start, heading, number, level, heading_end) in enumerate(rows):
        end = rows[k + 1][0] if k + 1 < len(rows) else len(text)
        body = heading_end
        while body < end and text[body].isspace():
            body += 1
        sections.append(Section(heading, number, level, start, end, min(body, end)))
    return tuple(sections)


def _from_marks(
    text: str,
    lines: list[Line],
    marks: list[HeadingMark],
    title: str | None,
    header: set[int],
    metadata: list[MetadataLine],
) -> Outline:
    marks = sorted(marks, key=lambda m: m.start)
    # A single shallowest mark at the very top is the document's title.
    first = marks[0]
    unique_top = len(marks) > 1 and all(first.level < m.level for m in marks[1:])
    if unique_top and _only_header_before(lines, header, first.start):
        title = _clean(text[first.start : first.end])
        marks = marks[1:]
        metadata = [m for m in metadata if m.field != "title"]
        metadata.insert(0, MetadataLine("title", title, first.start, first.end))
    rows: list[tuple[int, str | None, str | None, int, int]] = []
    raw_levels: list[int] = []
    for mark in marks:
        heading = _clean(text[mark.start : mark.end])
        if not heading or len(heading) > MAX_MARK_HEADING_CHARS:
            continue
        meta = metadata_of(Line(0, mark.start, mark.end, mark.start, heading, 0, True, True))
        if meta:
            continue  # "Last updated: ..." marked up as a heading is still metadata
        num = parse_number(heading)
        number = num.number if num is not None else None
        if num is not None:
            heading = num.rest.strip()
        line_start = text.rfind("\n", 0, mark.start) + 1
        start = line_start if not text[line_start : mark.start].strip() else mark.start
        rows.append((start, heading, number, 0, mark.end))
        raw_levels.append(mark.level)
    levels = _normalise_levels(raw_levels)
    rows = [(s, h, n, lvl, e) for (s, h, n, _l, e), lvl in zip(rows, levels, strict=True)]
    meta_out = sorted(metadata, key=lambda m: m.start)
    return Outline(title, _tile(text, rows), tuple(meta_out), (), "markup")


def _only_header_before(lines: list[Line], header: set[int], offset: int) -> bool:
    return all(line.index in header for line in lines if line.end <= offset)


def _normalise_levels(raw: list[int]) -> list[int]:
    """Markup levels to 1-based, skipped levels closed up (h2 -> h4 is 1 -> 2)."""
    stack: list[int] = []
    out: list[int] = []
    for level in raw:
        while stack and stack[-1] >= level:
            stack.pop()
        stack.append(level)
        out.append(len(stack))
    return out


def _clean(heading: str) -> str:
    return " ".join(heading.split()).rstrip(":").strip()
