"""Find headings in plain text, without markup.

A line is a heading when it *looks* like one (short, capitalised, no closing
punctuation, no run-in colon, not an address or link) and its *neighbours*
agree (it is not the continuation of a wrapped sentence, does not follow a
line ending in ":" that introduces a list, is followed by more text, and is
not one of a run of short lines such as a list whose bullets were lost).

Numbered lines ("1. Information we collect", "1.1 Personal Information: We
may...") are headings when their text is heading-like, or, for multi-level
numbers, when a short label runs into the paragraph. A bullet item is a
sub-heading only when it stands alone between paragraphs ("- Third-party
data" followed by its paragraph), never inside a run of bullets.

Levels come from the heading's style (numbering depth, ALL CAPS, Title Case,
sentence case), in order of first appearance, like nested lists: a style not
seen yet opens a level below the current one; a style seen before returns to
its level.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

from policyviewer.core.outline_contents import (
    CONTENTS_TITLE,
    MIN_SUMMARY_ENTRIES,
    drop_summary_entries,
    listed,
    summarised,
    with_glossary_entries,
)
from policyviewer.core.outline_lines import (
    CELL_INDENT,
    NESTED_INDENT,
    Head,
    Line,
    Numbered,
    atx_heading,
    bullet_text,
    case_style,
    ends_sentence,
    has_run_in_colon,
    has_table_gap,
    head_key,
    looks_like_contact_or_address,
    parse_number,
    starts_capitalised,
    strip_heading_period,
    words,
)

MAX_HEADING_WORDS = 16
MAX_HEADING_CHARS = 150
# A multi-level number ("2.5.6.") on its own line vouches for a longer heading.
MAX_SUBSECTION_WORDS = 24
MAX_BULLET_HEADING_WORDS = 8
MAX_RUN_IN_WORDS = 8
# A sentence-case line longer than this with a comma is a sentence, not a heading.
LONG_HEADING_WORDS = 10
# A sentence-case line of this many words opening with a pronoun subject is a clause.
CLAUSE_WORDS = 5
# A line longer than this that ends mid-sentence is a wrapped paragraph line.
WRAPPED_LINE_CHARS = 60
# This many heading-like lines in a row with nothing between them are a list.
MAX_HEADING_RUN = 3
# Adjacent lines shorter than this, without closing punctuation, form a block (address).
BLOCK_LINE_CHARS = 50
# This many adjacent short non-prose lines are a block (address, signature, list).
BLOCK_MIN_LINES = 3
# A heading-like label seen this many times is a table label, not a heading.
MAX_REPEATS = 3
# A line of this many words ending a sentence is a paragraph.
PARAGRAPH_WORDS = 12
# A table of contents lists at least this many entries.
MIN_TOC_ENTRIES = 3
# This many same-level Markdown headings in a row are a table's header row.
MIN_HEADER_ROW = 3
# A header row is a table's when at least this many rows below repeat its width.
MIN_TABLE_ROWS = 2

# Lower case only: a Title Case heading may end in "To" ("Who We Disclose Information To").
_DANGLING = re.compile(r"[;,]\s*(?i:and|or)$|\s(?:and|or|the|of|to|a|an)$")
_PAGE_CHROME = re.compile(
    r"(?:go to|click here|learn more|read more|see more|show more|print this page|back to top"
    r"|skip to|opens in a new|return to|sign up|sign in|expand all|collapse all|written by"
    r"|updated (?:today|yesterday|over|\d+ \w+ ago))\b"  # a help-centre article's byline
    r"|log ?in(?:\b|(?=sign))",  # "LoginSign up free": two buttons run together
    re.I,
)
_SENTENCE_START = re.compile(r"(?:we|you|if|when|this|these|our|it|they|in|for)\s", re.I)
_BARE_NUMBER = re.compile(r"\d+\s")
_SUBJECT_START = re.compile(r"(?:we|you|this|these|it|they|he|she)\s", re.I)
_RUN_IN = re.compile(r"^(?P<label>[^\W\d_][^.:;!?]{0,80}?)[ \t\u00a0]*[:.][ \t\u00a0]+(?=\S)")


def find_heads(lines: list[Line], header: set[int]) -> list[Head]:
    """The headings among ``lines`` (``header`` holds title/metadata line indexes)."""
    candidates: dict[int, Head] = {}
    kinds: dict[int, str] = {}
    for line in lines:
        if line.index in header:
            continue
        head, kind = _candidate(line)
        if head is not None:
            candidates[line.index] = head
            kinds[line.index] = kind
    contents: set[str] = set()  # names a table of contents lists
    drop_summary_entries(candidates, contents)
    _drop_header_rows(lines, candidates, kinds)
    after_toc = _drop_runs(lines, candidates, kinds, contents)
    _drop_blocks(lines, candidates, kinds, after_toc)
    heads: list[Head] = []
    for line in lines:
        head = candidates.get(line.index)
        if head is not None and (
            (line.index in after_toc and line.indent < CELL_INDENT)  # never a table cell
            or _context_ok(lines, line, kinds[line.index], candidates, header)
        ):
            heads.append(head)
    if len(contents) < MIN_SUMMARY_ENTRIES:
        contents |= summarised(lines, heads)
    heads = with_glossary_entries(lines, heads, header)
    return [replace(h, listed=True) if listed(h, contents) else h for h in heads]


def heading_like(text: str, max_words: int | None = None, *, subsection: bool = False) -> bool:
    """Short, capitalised, not a sentence, not a run-in label, not contact data.
    Without ``max_words``: ``MAX_HEADING_WORDS``, or up to ``MAX_SUBSECTION_WORDS``
    in Title Case (every word capitalised vouches for a longer heading, as a
    multi-level number does)."""
    if not text or len(text) > MAX_HEADING_CHARS:
        return False
    if not starts_capitalised(text):
        return False
    if ends_sentence(text) or has_run_in_colon(text) or has_table_gap(text):
        return False
    n = len(words(text))
    if max_words is None:
        max_words = MAX_HEADING_WORDS
        if n > max_words and case_style(text) == "title":
            max_words = MAX_SUBSECTION_WORDS
    if n == 0 or n > max_words:
        return False
    if _PAGE_CHROME.match(text):
        return False  # link and button text left from a web page
    if text[0] == "(" and text[-1] == ")" and text.count("(") == 1:
        return False  # an aside or a link: "(View previous version)"
    if _DANGLING.search(text):
        return False  # "Select Privacy; and": a list item that goes on
    sentence_case = case_style(text) == "sentence"
    if sentence_case and n >= CLAUSE_WORDS and _SUBJECT_START.match(text):
        return False  # "This data stays on your device": a clause, its period lost
    long_sentence = n > LONG_HEADING_WORDS and sentence_case
    # A multi-level number ("8.4.") on its own line vouches for a long heading with commas.
    if long_sentence and (("," in text and not subsection) or _SENTENCE_START.match(text)):
        return False  # a long clause with commas, or "We will ...": a sentence
    return not looks_like_contact_or_address(text)


# A whole line in plain-text emphasis ("_8.1. Retention_", "**Cookies**").
_EMPHASIS_WRAP = re.compile(r"^(__?|\*\*?)(?=[^\s_*])(.+?)(?<=[^\s_*])\1$")


# Emphasis around the number alone: "_8.6.1.a.iv._ Automated Decision-Making".
_EMPHASIS_NUMBER = re.compile(r"^(__?|\*\*?)(\d[\w.]*\.)\1(?=[ \t])")


def _candidate(line: Line) -> tuple[Head | None, str]:
    wrap = _EMPHASIS_WRAP.match(line.text)
    if wrap:  # read the line without its emphasis marks
        k = len(wrap.group(1))
        line = replace(line, text=wrap.group(2), start=line.start + k, end=line.end - k)
    number = _EMPHASIS_NUMBER.match(line.text)
    if number:  # read it without them; the closing marks become spaces, so offsets hold
        k = len(number.group(1))
        text = number.group(2) + " " * k + line.text[number.end() :]
        line = replace(line, text=text, start=line.start + k)
    text = line.text
    atx = atx_heading(text)
    if atx is not None and not has_table_gap(text):
        level, rest = atx
        start = line.start + text.index(rest)
        num = parse_number(rest)
        heading, number = (num.rest, num.number) if num else (rest, None)
        return Head(line, heading, number, f"atx:{level}", start + len(rest), line.end), "atx"
    num = parse_number(text)
    if num is not None:
        return _numbered_candidate(line, num)
    if len(text) > MAX_HEADING_CHARS + 2:
        return None, ""  # a paragraph (only numbered lines carry run-in headings)
    item = bullet_text(text)
    if item is not None:
        label = item.rstrip(".")
        if heading_like(label, MAX_BULLET_HEADING_WORDS) and not item.endswith(("..", "...")):
            return Head(line, label, None, "bullet", line.end, line.end), "bullet"
        return None, ""
    label = strip_heading_period(text)
    if heading_like(label):
        return Head(line, label, None, case_style(label), line.end, line.end), "plain"
    return None, ""


def _numbered_candidate(line: Line, num: Numbered) -> tuple[Head | None, str]:
    rest = strip_heading_period(num.rest.rstrip())
    style = _number_key(num)
    words_cap = MAX_SUBSECTION_WORDS if num.depth >= 2 else None
    if heading_like(rest, words_cap, subsection=num.depth >= 2) or (
        rest.endswith(":") and heading_like(rest[:-1], 10) and case_style(rest[:-1]) != "sentence"
    ):
        return Head(
            line, rest.rstrip(":").rstrip(), num.number, style, line.end, line.end, num
        ), "num"
    # "1.1 Personal Information: We may collect ..." -- only for multi-level or
    # "Article N" numbers: a plain "1." before a sentence is a list item.
    if num.depth >= 2 or num.style.startswith("article"):
        m = _RUN_IN.match(rest)
        if m:
            label = m.group("label").strip()
            if len(words(label)) <= MAX_RUN_IN_WORDS and heading_like(label):
                label_start = line.start + num.rest_offset
                return (
                    Head(
                        line,
                        label,
                        num.number,
                        style,
                        label_start + len(label),
                        label_start + m.end(),
                        num,
                    ),
                    "num",
                )
    return None, ""


def _number_key(num: Numbered) -> str:
    if num.style in ("arabic", "paren-arabic") or num.style.startswith("article"):
        return f"{num.style}:{num.depth}"
    return num.style


def _drop_header_rows(
    lines: list[Line], candidates: dict[int, Head], kinds: dict[int, str]
) -> None:
    """``MIN_HEADER_ROW`` or more Markdown headings of one level in a row with no
    text between are a table's header cells (a "| #### Category |" row flattened),
    not sections."""
    row: list[int] = []
    for line in [*lines, None]:
        idx = None if line is None else line.index
        if (
            idx is not None
            and kinds.get(idx) == "atx"
            and idx in candidates
            and (not row or candidates[row[0]].style == candidates[idx].style)
        ):
            row.append(idx)
            continue
        if len(row) >= MIN_HEADER_ROW:
            for i in row:
                del candidates[i]
        row = [idx] if idx is not None and kinds.get(idx) == "atx" and idx in candidates else []


def _drop_runs(
    lines: list[Line], candidates: dict[int, Head], kinds: dict[int, str], contents: set[str]
) -> set[int]:
    """Heading-like lines with no text between them (blank lines aside) are a table
    of contents or a list (lost bullets, link menus), not headings.

    A label that recurs ``MAX_REPEATS`` times or more is a table's row or
    column label, not a heading. Then, entries repeated later in the document
    are a table of contents: they go. Of the rest, a run longer than
    ``MAX_HEADING_RUN`` goes too, unless it is a chain of nested headings (each
    in a new style: "1.", "1.1", "1.1.1"). The names a table of contents lists
    are added to ``contents``.
    """
    later: dict[str, int] = {}
    count: dict[str, int] = {}
    for idx, head in candidates.items():
        later[head_key(head)] = max(later.get(head_key(head), -1), idx)
        count[head_key(head)] = count.get(head_key(head), 0) + 1
    for idx in [i for i, head in candidates.items() if count[head_key(head)] >= MAX_REPEATS]:
        if kinds[idx] in ("plain", "bullet"):
            del candidates[idx]  # the same label again and again: a table's row or column label
    run: list[int] = []
    after_toc: set[int] = set()
    for line in [*lines, None]:
        idx = None if line is None else line.index
        # A run-in heading ("1.1 Usage Data: We ...") carries its text: it ends a run.
        if (
            idx is not None
            and idx in candidates
            and kinds[idx] in ("plain", "num")
            and candidates[idx].body_start >= line.end
        ):
            run.append(idx)
            continue
        after_colon = run and run[0] > 0 and lines[run[0] - 1].text.endswith(":")
        # Unless one line, or a group heading and its first entry, heads a paragraph.
        if after_colon and not (
            len(run) <= 2
            and run[-1] + 1 < len(lines)
            and all(_opens_paragraph(lines[i], lines[run[-1] + 1]) for i in run)
        ):
            for i in run:  # items of the list the colon introduces
                del candidates[i]
        elif len(run) > 1:
            # Two headings in a row (a section and its first subsection) are no
            # table of contents, even when the subsection's name recurs later.
            # Nor is a chain of numbers each one level deeper ("3.", "3.1.", "3.1.1.
            # General"), even when a heading's name ("General") recurs later.
            short = len(run) < MIN_TOC_ENTRIES or _number_chain(candidates, run)
            kept = [i for i in run if short or later[head_key(candidates[i])] == i]
            toc = set(run).difference(kept)
            if len(toc) * 2 >= len(run):
                # A table of contents: entries between its first and last
                # repeated entry are entries too (worded unlike their heading),
                # and so are those right under its title ("Contents",
                # "Introduction" for the untitled opening text).
                first = run[1] if CONTENTS_TITLE.match(candidates[run[0]].heading) else min(toc)
                toc.update(i for i in kept if first <= i < max(toc))
                kept = [i for i in kept if i not in toc]
            for i in toc:
                contents.add(head_key(candidates[i]))
                del candidates[i]
            if len(kept) > MAX_HEADING_RUN and not _nested(candidates, kept):
                for i in kept:
                    del candidates[i]
                _drop_table_rows(candidates, kept)
            else:
                _drop_numbered_list(candidates, kept)
                if len(kept) < len(run):
                    # The first section right below its table of contents.
                    after_toc.update(i for i in kept if i > max(toc) and i in candidates)
        run = []
    return after_toc


def _drop_table_rows(candidates: dict[int, Head], header: list[int]) -> None:
    """A run of short labels may be a table's header row, laid out one cell per
    line: then the rows below repeat its width and its shape (which columns hold
    short labels, the first always does). Those labels are no headings. The
    table ends at the first row of another shape."""
    start = header[0]

    def shape(row: int, width: int) -> tuple[bool, ...]:
        first = start + width * row
        return tuple(i in candidates or i in header for i in range(first, first + width))

    best_width, best_rows = 0, 0
    # The run may have swallowed the first row's first cell: try both widths.
    for width in {len(header), len(header) - 1}:
        first_row = shape(1, width)
        if width < 2 or not first_row[0]:
            continue
        rows = 1
        while shape(rows + 1, width) == first_row:
            rows += 1
        if rows > best_rows:
            best_width, best_rows = width, rows
    if best_rows < MIN_TABLE_ROWS:
        return
    end = start + best_width * (best_rows + 1)
    for i in [i for i in candidates if start < i < end]:
        del candidates[i]


def _drop_blocks(
    lines: list[Line], candidates: dict[int, Head], kinds: dict[int, str], keep: set[int]
) -> None:
    """Three or more adjacent short lines that are not prose (an address, a
    signature, a list whose bullets were lost, consecutive numbered items)
    hold no heading. ``keep`` holds headings that end a table of contents."""
    block: list[Line] = []
    for line in [*lines, None]:
        if line is not None and not line.blank_before and block and _block_line(line):
            block.append(line)
            continue
        numbered_list = _numbered_list(block, candidates)
        if len(block) >= BLOCK_MIN_LINES or numbered_list:
            for b in block:
                if kinds.get(b.index) in ("plain", "num") and b.index not in keep:
                    candidates.pop(b.index, None)
        block = [line] if line is not None and _block_line(line) else []


def _block_line(line: Line) -> bool:
    text = line.text
    if len(text) >= BLOCK_LINE_CHARS:
        return False
    return not (text[-1] in ".!?:" and case_style(text) == "sentence")


def _numbered_list(block: list[Line], candidates: dict[int, Head]) -> bool:
    """Two adjacent numbered lines of the same style: list items, not headings."""
    styles = [candidates[b.index].style for b in block if b.index in candidates]
    nums = [candidates[b.index].numbered for b in block if b.index in candidates]
    return len(nums) >= 2 and all(nums) and len(set(styles)) == 1


def _drop_numbered_list(candidates: dict[int, Head], run: list[int]) -> None:
    """Numbered lines of one style with nothing between them ("1. iPhone ...",
    "2. Android ...") are a list: real numbered sections have text between,
    unless they go on from the numbered heading before them ("5. Security",
    text, then "6. Legal basis" whose table was lost, "7. Disclosure")."""
    by_style: dict[str, list[int]] = {}
    for i in run:
        if candidates[i].numbered is not None:
            by_style.setdefault(candidates[i].style, []).append(i)
    for style, same in by_style.items():
        if len(same) >= 2 and not _goes_on(candidates, style, same):
            for i in same:
                del candidates[i]


def _goes_on(candidates: dict[int, Head], style: str, same: list[int]) -> bool:
    """Whether ``same`` numbers on, one by one, from a heading of its style before it."""
    values = [n.value if (n := candidates[i].numbered) else None for i in same]
    first = values[0]
    if first is None or values != list(range(first, first + len(values))):
        return False
    return any(
        i < same[0] and h.style == style and h.numbered and h.numbered.value == first - 1
        for i, h in candidates.items()
    )


def _number_chain(candidates: dict[int, Head], run: list[int]) -> bool:
    """Each heading numbered one level below the one before, under its number."""
    nums = [candidates[i].numbered for i in run]
    return all(
        a is not None and b is not None and b.depth == a.depth + 1
        and b.number.startswith(a.number.rstrip(".)"))
        for a, b in itertools.pairwise(nums)
    )  # fmt: skip


def _nested(candidates: dict[int, Head], run: list[int]) -> bool:
    # A chain of parent -> child headings ("1.", "1.1", "1.1.1") uses a new style each time.
    styles = [candidates[i].style for i in run]
    return len(set(styles)) == len(styles)


def _context_ok(
    lines: list[Line], line: Line, kind: str, candidates: dict[int, Head], header: set[int]
) -> bool:
    i = line.index
    prev = lines[i - 1] if i > 0 else None
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    if nxt is None:
        return False  # the last line: a signature or closing line, not a section
    if kind == "atx":
        return True
    if line.indent >= CELL_INDENT:
        return False  # deep in a table or a nested list: headings start near the margin
    if _BARE_NUMBER.match(line.text) and any(
        n is not None and looks_like_contact_or_address(n.text) for n in (prev, nxt)
    ):
        return False  # "37 Albert Embankment" between a company and a postcode: a street
    if prev is not None and prev.index not in header:
        if (
            prev.text.endswith(":")
            and kind != "bullet"
            and not _opens_paragraph(line, nxt)
            and nxt.index not in candidates  # a group heading over its first entry
        ):
            return False  # introduces a list: this is an item of it
        if (
            not line.blank_before
            and prev.index not in candidates
            and len(prev.text) > WRAPPED_LINE_CHARS
            and not ends_sentence(prev.text)
            and prev.text[-1] not in "?!)\"'\u201d"
        ):
            return False  # the middle of a hard-wrapped paragraph
    if _block_neighbour(line, prev, not line.blank_before, candidates) or _block_neighbour(
        line, nxt, not nxt.blank_before, candidates
    ):
        return False  # one line of a block of short lines: an address, a table row
    if kind in ("plain", "num") and line.indent >= NESTED_INDENT and line.indent > nxt.indent:
        return False  # more indented than what follows: a nested list item or table cell
    if nxt.text[0].islower() and kind == "plain" and case_style(line.text) in ("sentence", "word"):
        return False  # continues into the next line: a wrapped sentence
    if kind == "bullet":
        return _standalone_bullet(line, prev, nxt, candidates)
    return True


def _opens_paragraph(line: Line, nxt: Line) -> bool:
    """A numbered line, a phrase ("With your consent") or a word with a case cue
    (not a lone "Cookies"), set apart by
    blank lines and followed by a paragraph, heads that paragraph even after a
    colon ("Here are the types:", "A. Information You Provide to Us", then
    prose): list items are not followed by paragraphs."""
    if not (line.blank_before and line.blank_after) or bullet_text(nxt.text) is not None:
        return False
    cued = (
        parse_number(line.text) is not None
        or len(words(line.text)) >= 2
        or case_style(line.text) != "word"
    )
    return cued and len(words(nxt.text)) >= PARAGRAPH_WORDS and ends_sentence(nxt.text)


def _block_neighbour(
    line: Line, neighbour: Line | None, adjacent: bool, candidates: dict[int, Head]
) -> bool:
    """A line right next to a candidate (no blank between) that is short and not a
    sentence (an address line), or indented / gapped like a table cell."""
    if neighbour is None or not adjacent or neighbour.index in candidates:
        return False
    if neighbour.indent >= line.indent + NESTED_INDENT or has_table_gap(neighbour.text):
        return bullet_text(neighbour.text) is None
    text = neighbour.text
    return len(text) < BLOCK_LINE_CHARS and not ends_sentence(text) and text[-1] not in "?!"


def _standalone_bullet(
    line: Line, prev: Line | None, nxt: Line, candidates: dict[int, Head]
) -> bool:
    """A bullet is a sub-heading only alone between paragraphs: "- Third-party data"
    with its paragraph below, not one item of a list."""
    if prev is None or bullet_text(prev.text) is not None:
        return False
    if bullet_text(nxt.text) is not None or nxt.index in candidates:
        return False
    if nxt.indent != line.indent:
        return False  # the paragraph is nested in the item, or the item in a deeper list
    return len(words(nxt.text)) >= 8
