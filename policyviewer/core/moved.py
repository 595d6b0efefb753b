"""Passages that moved: removed in one place and added, in the same words, in another.

A word diff shows a paragraph that moved (to another section, or elsewhere in its
own) as one deletion and one insertion. Here each removed line is matched with an
added line that reads the same, noise aside (``normalize.fold_noise_fast``), so the
comparison can say "moved" instead. Only lines of ``MIN_MOVED_WORDS`` words or more
count: short lines ("Contact us", "Yes") repeat by chance.

A line that moved to another section and was edited on the way ("law" became
"laws", a clause was added) is matched too, when the two read at least
``MIN_EDITED_SIMILARITY`` alike character by character; it is reported with its
old wording. Within one section a similar removed and added line are a rewrite
in place, which the word diff shows, not a move.

Of the lines left, a sentence of a removed line that an added line holds in the
same words moved too ("For example, ..." kept, the paragraph around it rewritten):
sentences are matched exactly, ``MIN_MOVED_WORDS`` words or more.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from policyviewer.core.config import DEFAULT_CONFIG, Config
from policyviewer.core.model import MovedPassage, SectionChange
from policyviewer.core.normalize import LINE_MARKERS, WORD_RUN, fold_noise_fast, word_count
from policyviewer.core.worddiff import SimilarLines, diff_texts

MIN_MOVED_WORDS = 8
# Where a line is cut into sentences (the separator kept, for the views).
SENTENCE_BREAK = re.compile(r"(?<=[.!?])(\s+)")
# Lines this alike (0..1, matched characters) are the same passage, edited.
MIN_EDITED_SIMILARITY = 0.85

__all__ = [
    "MIN_EDITED_SIMILARITY",
    "MIN_MOVED_WORDS",
    "PassageEnd",
    "describe_edits",
    "find_moved_passages",
    "moved_key",
    "passage_ends",
    "sentence_pieces",
]


def moved_key(line: str) -> str | None:
    """The key a line is matched by, or None when it is too short to count."""
    if len(line.split()) < MIN_MOVED_WORDS:  # cheap test first: most lines are short
        return None
    key = fold_noise_fast(line)
    # Word runs are never fewer than words (``word_count``), so this rejects
    # only keys too short either way; matched keys are counted exactly.
    return key if len(WORD_RUN.findall(key)) >= MIN_MOVED_WORDS else None


@dataclass(frozen=True)
class _Line:
    position: int  # in the comparison's sections
    text: str  # as shown, markers and surrounding whitespace stripped
    key: str


def _lines(sections: Sequence[SectionChange], op: str) -> Iterator[_Line]:
    """Every long enough line in ``op`` spans, in document order."""
    for position, change in enumerate(sections):
        for span_op, text in change.spans:
            if span_op != op:
                continue
            for line in text.split("\n"):
                key = moved_key(line)
                if key is not None:
                    yield _Line(position, LINE_MARKERS.sub("", line.strip()), key)


def find_moved_passages(
    sections: Sequence[SectionChange], config: Config = DEFAULT_CONFIG
) -> tuple[MovedPassage, ...]:
    """Removed lines paired with added lines that read the same (or, in another
    section, nearly the same), in new-document order; each removed line pairs
    with at most one added line (first come first, exact matches before edited).
    Edited moves are not looked for past ``Config.max_moved_weigh_cells``."""
    removed = list(_lines(sections, "-"))
    by_key: dict[str, list[int]] = {}
    for k, line in enumerate(removed):
        by_key.setdefault(line.key, []).append(k)
    used: set[int] = set()
    # By the added line's order, then the sentence's in it (0 for a whole line).
    found: dict[tuple[int, int], MovedPassage] = {}
    unmatched: list[tuple[int, _Line]] = []
    for order, line in enumerate(_lines(sections, "+")):
        sources = by_key.get(line.key)
        if sources and (words := word_count(line.key)) >= MIN_MOVED_WORDS:
            k = sources.pop(0)
            used.add(k)
            found[order, 0] = MovedPassage(line.text, words, removed[k].position, line.position)
        else:
            unmatched.append((order, line))
    left = [line for k, line in enumerate(removed) if k not in used]
    cells = sum(len(line.key) for _, line in unmatched) * sum(len(line.key) for line in left)
    if 0 < cells <= config.max_moved_weigh_cells:
        used = _match_edited(left, unmatched, found)
        left = [line for k, line in enumerate(left) if k not in used]
        unmatched = [(order, line) for order, line in unmatched if (order, 0) not in found]
    _match_sentences(left, unmatched, found)
    return tuple(found[key] for key in sorted(found))


def _match_edited(
    removed: list[_Line], unmatched: list[tuple[int, _Line]],
    found: dict[tuple[int, int], MovedPassage],
) -> set[int]:
    """Pair the added lines left over with the most similar of the removed lines
    left over, in another section (see module doc); the removed ones paired."""
    index = SimilarLines([line.key for line in removed], MIN_EDITED_SIMILARITY)
    used: set[int] = set()
    for order, line in unmatched:
        for k in index.find(line.key):
            source = removed[k]
            if k in used or source.position == line.position:
                continue
            words = word_count(line.key)
            if words >= MIN_MOVED_WORDS and source.key != line.key:
                used.add(k)
                found[order, 0] = MovedPassage(
                    line.text, words, source.position, line.position, old_text=source.text
                )
            break
    return used


_CLOSERS = ".!? \t"


def sentence_pieces(line: str) -> list[tuple[str, str | None]]:
    """``line`` cut into its sentences and the breaks between them, each sentence
    with the key a moved sentence is found by (None for breaks and short sentences):
    for the views, which mark a moved sentence inside a line."""
    parts = SENTENCE_BREAK.split(line)
    return [(part, None if k % 2 else moved_key(part.rstrip(_CLOSERS)))
            for k, part in enumerate(parts)]


def _match_sentences(
    removed: list[_Line], unmatched: list[tuple[int, _Line]],
    found: dict[tuple[int, int], MovedPassage],
) -> None:
    """Sentences of the removed lines left over found, in the same words, in the
    added lines left over (see module doc)."""
    sources: dict[str, list[int]] = {}
    for line in removed:
        for _, key in _sentences(line.text):
            if key is not None:
                sources.setdefault(key, []).append(line.position)
    if not sources:
        return
    for order, line in unmatched:
        for k, (sentence, key) in enumerate(_sentences(line.text), start=1):
            positions = sources.get(key) if key is not None else None
            if positions and (words := word_count(key)) >= MIN_MOVED_WORDS:
                # Without its closing punctuation: a span may stop just before it.
                found[order, k] = MovedPassage(sentence.rstrip(_CLOSERS), words,
                                               positions.pop(0), line.position)


def _sentences(line: str) -> list[tuple[str, str | None]]:
    """A line's sentences with their keys, if it has more than one (one is the line
    itself, matched as a line)."""
    pieces = sentence_pieces(line)[::2]
    return pieces if len(pieces) > 1 else []


def describe_edits(passage: MovedPassage, max_edits: int = 3, max_words: int = 8) -> str:
    """The wording a passage changed on its way, briefly: '“Users” → “members”;
    added “in Ireland”' ('' for a passage that moved unchanged)."""
    if passage.old_text is None:
        return ""
    groups: list[tuple[str, str]] = []  # (removed, added) per change
    removed = added = ""
    for op, text in diff_texts(passage.old_text, passage.text).spans:
        if op == "-":
            removed += text
        elif op == "+":
            added += text
        elif text.strip() and (removed or added):  # whitespace alone keeps one change
            groups.append((removed, added))
            removed = added = ""
    if removed or added:
        groups.append((removed, added))
    phrases = []
    for was, now in groups:
        old, new = _brief(was, max_words), _brief(now, max_words)
        if old and new:
            phrases.append(f"“{old}” → “{new}”")
        elif old or new:
            phrases.append(f"removed “{old}”" if old else f"added “{new}”")
    times = Counter(phrases)  # the same edit repeated reads once, counted
    unique = [p if times[p] == 1 else f"{p} ({times[p]} times)" for p in dict.fromkeys(phrases)]
    more = len(unique) - max_edits
    return "; ".join(unique[:max_edits]) + (f"; and {more} more" if more > 0 else "")


def _brief(text: str, max_words: int) -> str:
    words = text.split()
    return " ".join(words[:max_words]) + (" …" if len(words) > max_words else "")


@dataclass(frozen=True)
class PassageEnd:
    """One end of a moved passage as a diff view shows it: the side of the diff it
    is on ("-" where it left, "+" where it arrived), the key its line is found by,
    and the position in ``Comparison.sections`` of the other end."""

    op: str
    key: str
    other_section: int


def passage_ends(passage: MovedPassage) -> list[PassageEnd]:
    """Both ends of ``passage``: an edited one is found by its new wording where it
    arrived and by its old wording where it left."""
    ends = []
    for op, line, other in (("+", passage.text, passage.from_section),
                            ("-", passage.old_text or passage.text, passage.to_section)):
        key = moved_key(line)
        if key is not None:
            ends.append(PassageEnd(op, key, other))
    return ends
