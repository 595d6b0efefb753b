"""What a document says of its own sections: tables of contents and summaries
that name them before they start, and glossaries whose entries are headings.

Part of the plain-text outline (``outline_text``): these rules look at the
headings found as a whole, not at one line.
"""

from __future__ import annotations

import re
from dataclasses import replace

from policyviewer.core.outline_lines import (
    CELL_INDENT,
    Head,
    Line,
    bullet_text,
    ends_sentence,
    folded_name,
    head_key,
    words,
)

# The title of a table of contents.
CONTENTS_TITLE = re.compile(
    r"(?:table of )?contents|quick links|jump to|on this page|in this (?:policy|notice)\b",
    re.I,
)
# This many headings named twice, first in a block at the top, make a summary.
MIN_SUMMARY_ENTRIES = 3
# A summary's entries span at most 1/this of the sections they name.
SUMMARY_SPAN_RATIO = 3


# A section that explains terms used elsewhere ("Key terms", "Additional
# context"): its entries are headings even in lower case ("ads that you'll find
# most useful", a phrase the text links to), when each stands alone above its
# explanation. The glossary runs to the next numbered, ALL CAPS or glossary
# heading, and all its entries nest under it.
_GLOSSARY = re.compile(
    r"(?:key terms|glossary|definitions|additional context|terms we use|defined terms)$", re.I
)
MAX_ENTRY_WORDS = 12
MIN_EXPLANATION_WORDS = 8


def with_glossary_entries(lines: list[Line], heads: list[Head], header: set[int]) -> list[Head]:
    """``heads`` plus the lower-case entries of glossary sections."""
    out = list(heads)
    have = {h.line.index for h in heads}
    first_style = None  # a document's glossaries are peers ("Key terms", "Additional context")
    for k, head in enumerate(heads):
        if not _GLOSSARY.match(head.heading):
            continue
        if first_style is None:
            first_style = head.style
        elif not head.numbered:
            out = [replace(h, style=first_style) if h.line is head.line else h for h in out]
        end = next(
            (
                h.line.index
                for h in heads[k + 1 :]
                if h.numbered or h.style == "caps" or _GLOSSARY.match(h.heading)
            ),
            len(lines),
        )
        # Every entry, capitalised or not, nests under the glossary's heading.
        out = [
            replace(h, style="entry") if head.line.index < h.line.index < end else h
            for h in out
        ]
        for line in lines[head.line.index + 1 : end]:
            if line.index in have or line.index in header or not _entry_like(lines, line):
                continue
            out.append(Head(line, line.text, None, "entry", line.end, line.end))
            have.add(line.index)
    return sorted(out, key=lambda h: h.line.index)


def _entry_like(lines: list[Line], line: Line) -> bool:
    """A short phrase alone on its line, in lower case, above a paragraph or a
    list ("Examples of these services include:" and its items)."""
    text = line.text
    nxt = lines[line.index + 1] if line.index + 1 < len(lines) else None
    after = lines[line.index + 2] if line.index + 2 < len(lines) else None
    lists = after is not None and bullet_text(after.text) is not None
    return (
        text[:1].islower()
        and line.blank_before
        and line.blank_after
        and line.indent < CELL_INDENT
        and 0 < len(words(text)) <= MAX_ENTRY_WORDS
        and not ends_sentence(text)
        and nxt is not None
        and (
            len(words(nxt.text)) >= MIN_EXPLANATION_WORDS
            or (nxt.text.endswith(":") and lists)
        )
    )


def summarised(lines: list[Line], heads: list[Head]) -> set[str]:
    """Names of the headings that a summary before them repeats on lines of their
    own, read as no heading (GitHub's table "Section | What can you find there?"):
    at least ``MIN_SUMMARY_ENTRIES`` names, all before the first of their headings."""
    at: dict[str, int] = {}
    for h in heads:
        at.setdefault(head_key(h), h.line.index)
    first_seen: dict[str, int] = {}
    # Casefolding maps each character to letters, never to whitespace: a line
    # names a heading only if its first word, casefolded, opens that heading's key.
    openers = {key.split(" ", 1)[0] for key in at}
    for line in lines[: max(at.values(), default=0)]:  # a name comes before its heading
        first = line.text.split(None, 1)
        if not first or first[0].casefold() not in openers:
            continue
        key = folded_name(line.text)
        if key in at and line.index < at[key]:
            first_seen.setdefault(key, line.index)
    names: set[str] = set()
    bound = len(lines)  # the summary ends where the first section it names starts
    for key, index in sorted(first_seen.items(), key=lambda item: item[1]):
        if index > bound:
            break
        names.add(key)
        bound = min(bound, at[key])
    return names if len(names) >= MIN_SUMMARY_ENTRIES else set()


# A heading worded a little unlike its contents entry ("HOW WE DISCLOSE YOUR
# INFORMATION" for "How We Disclose Your Personal Information") is still the
# entry's when they share most of the longer one's words, and at least this many.
MIN_ENTRY_WORDS_SHARED = 3
MIN_ENTRY_WORDS_SHARE = 0.75
_ENTRY_WORD = re.compile(r"\w+")


def listed(head: Head, contents: set[str]) -> bool:
    """Whether the table of contents names ``head``."""
    key = head_key(head)
    if key in contents:
        return True
    mine = set(_ENTRY_WORD.findall(key))
    for entry in contents:
        theirs = set(_ENTRY_WORD.findall(entry))
        need = max(MIN_ENTRY_WORDS_SHARED, MIN_ENTRY_WORDS_SHARE * max(len(mine), len(theirs)))
        if len(mine & theirs) >= need:
            return True
    return False


def drop_summary_entries(candidates: dict[int, Head], contents: set[str]) -> None:
    """A summary at the top (a table of contents with a blurb per entry, a
    summary table) names the sections again before they start: when at least
    ``MIN_SUMMARY_ENTRIES`` headings each appear twice, all first copies in a
    compact block before any second copy, the first copies and whatever lies
    between them are the summary's entries, not headings (their names are
    added to ``contents``)."""
    seen: dict[str, list[int]] = {}
    for idx, head in sorted(candidates.items()):
        seen.setdefault(head_key(head), []).append(idx)
    twice = [at for at in seen.values() if len(at) == 2]
    if len(twice) < MIN_SUMMARY_ENTRIES:
        return
    firsts, seconds = [at[0] for at in twice], [at[1] for at in twice]
    # A summary is compact: its entries span a small part of what they summarise
    # (a policy that repeats its section names in a later part is no summary).
    compact = (max(firsts) - min(firsts)) * SUMMARY_SPAN_RATIO <= max(seconds) - min(seconds)
    if max(firsts) < min(seconds) and compact:
        # Entries between the first and last named twice are entries too, worded
        # unlike their heading (a link "Information we collect" to "2. Information
        # we collect: categories of data subjects").
        # So are the lines right above the first, with no text between them
        # (Cloudflare's "Overview", a link to the untitled opening text).
        top = min(firsts)
        while top - 1 in candidates and not CONTENTS_TITLE.match(candidates[top - 1].heading):
            top -= 1
        for idx in [i for i in candidates if top <= i <= max(firsts)]:
            contents.add(head_key(candidates[idx]))
            del candidates[idx]
