"""Changed wording in context: cut a section's diff spans into short redline excerpts.

A reader of a change summary wants "we keep logs for 14 days" -> "60 days", not
the whole section. Each excerpt is one change (or a run of changes a few words
apart) with the rest of its sentence around it, capped at a few words each side.
Very long insertions or deletions keep their start and end and say how much was
left out. Format-neutral: the renderers decide how to mark the ops.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from policyviewer.core.model import Span, join_spans

# Op of a placeholder span standing for words left out; its text is the word count.
OMITTED = "…"

_WORD = re.compile(r"\S+")
# End of a sentence (or a line) inside equal text: where context stops.
_SENTENCE_BREAK = re.compile(r"[.!?;][\"”’)\]]*\s+|\n\s*")
_SENTENCE_END = re.compile(r"[.!?;][\"”’)\]]*(?=\s|$)|\n")
# A full stop ends a sentence only before a capital ("Inc. as its", "(Art. 6" and
# "No. 2016/679" read on), and not after these abbreviations ("e.g. Google").
_ABBREVIATIONS = frozenset((
    "e.g", "i.e", "cf", "vs", "viz", "mr", "mrs", "ms", "dr", "prof", "st", "no", "nos",
    "art", "arts", "sec", "para", "approx", "incl", "fig", "co", "pte",
))
_OPENERS = "\"“‘'[*_"


@dataclass(frozen=True)
class ExcerptLimits:
    context_words: int = 20  # at most this many words of context on each side
    context_slack_words: int = 10  # ...unless the sentence ends within this many more
    merge_words: int = 8  # changes at most this many equal words apart form one excerpt
    merge_sentence_words: int = 30  # ...or this many, when still in the same sentence
    max_change_words: int = 150  # longer insertions/deletions are shortened
    phrase_context_words: int = 2  # words around a change in an "old → new" pair
    max_phrase_words: int = 16  # longer pairs are not worth repeating
    max_phrase_change_words: int = 6


DEFAULT_LIMITS = ExcerptLimits()


@dataclass(frozen=True)
class Excerpt:
    """``before`` + ``spans`` + ``after``; ``cut_*`` when the context was shortened."""

    before: str
    spans: tuple[Span, ...]
    after: str
    cut_before: bool = False
    cut_after: bool = False

    @property
    def words_added(self) -> int:
        return sum(_count(op, t, "+") for op, t in self.spans)

    @property
    def words_removed(self) -> int:
        return sum(_count(op, t, "-") for op, t in self.spans)


def _count(op: str, text: str, want: str) -> int:
    return len(text.split()) if op == want else 0


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    """Whether a ``_SENTENCE_BREAK``/``_SENTENCE_END`` match really ends a sentence."""
    if match.group()[0] not in ".!?" or "\n" in match.group():
        return True  # a semicolon or a line break
    pos = _skip_spaces(text, match.end())
    while pos < len(text) and text[pos] in _OPENERS:
        pos += 1
    if pos < len(text) and not text[pos].isupper():
        return False
    if match.group()[0] != ".":
        return True
    return _word_before(text, match.start()).lstrip("([\"“‘'").lower() not in _ABBREVIATIONS


def _word_before(text: str, pos: int) -> str:
    """The last word of ``text[:pos]`` (read back from ``pos``: not a copy of the
    text before it at every full stop)."""
    end = pos
    while end > 0 and text[end - 1].isspace():
        end -= 1
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end]


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _sentence_breaks(text: str) -> list[re.Match[str]]:
    return [m for m in _SENTENCE_BREAK.finditer(text) if _ends_sentence(text, m)]


def _sentence_end(text: str) -> re.Match[str] | None:
    return next((m for m in _SENTENCE_END.finditer(text) if _ends_sentence(text, m)), None)


def change_excerpts(
    spans: tuple[Span, ...] | list[Span], limits: ExcerptLimits = DEFAULT_LIMITS
) -> tuple[Excerpt, ...]:
    """The changes in ``spans`` with their surrounding sentence, in order."""
    clean = _clean(spans)
    changes = [i for i, (op, _) in enumerate(clean) if op != "="]
    if not changes:
        return ()
    groups: list[list[int]] = [[changes[0], changes[0]]]
    for i in changes[1:]:
        between = "".join(t for _, t in clean[groups[-1][1] + 1 : i])
        if _same_passage(between, limits):
            groups[-1][1] = i
        else:
            groups.append([i, i])

    excerpts = []
    for first, last in groups:
        left = "".join(t for _, t in clean[_prev_change(changes, first) + 1 : first])
        right = "".join(t for _, t in clean[last + 1 : _next_change(changes, last, len(clean))])
        at_start = _prev_change(changes, first) < 0
        at_end = _next_change(changes, last, len(clean)) >= len(clean)
        before, cut_before = _left_context(left, at_start, limits)
        after, cut_after = _right_context(right, at_end, limits)
        if clean[last][1].endswith("\n"):
            after, cut_after = "", False  # the change ends its line: the next is not context
        shortened = _shorten(clean[first : last + 1], limits.max_change_words)
        core = _trim_edges(shortened, before, after)
        if not _readable(before, core, after):
            continue
        excerpts.append(Excerpt(before, core, after, cut_before, cut_after))
    return tuple(excerpts)


def _readable(before: str, core: tuple[Span, ...], after: str) -> bool:
    """False for a lone punctuation change with no words around it (a stray "." line)."""
    return any(ch.isalnum() for part in (before, after, *(t for _, t in core)) for ch in part)


def _trim_edges(core: list[Span], before: str, after: str) -> tuple[Span, ...]:
    """No line breaks dangling at the edges of an excerpt."""
    if not before.strip():
        core[0] = (core[0][0], core[0][1].lstrip())
    if not after.strip():
        core[-1] = (core[-1][0], core[-1][1].rstrip())
    return tuple((op, t) for op, t in core if t)


def _clean(spans: tuple[Span, ...] | list[Span]) -> list[Span]:
    """Drop empty spans; whitespace-only changes are layout, not wording."""
    out: list[Span] = []
    for op, text in spans:
        if op != "=" and _LAYOUT_ONLY.fullmatch(text):
            if op == "-":
                continue
            op = "="
        out.append((op, text))
    return _layout_tails_out(_whole_lines(_line_by_line(join_spans(out))))


_BLANK_LINE = re.compile(r"\n\s*\n")
_LINE_SPLIT = re.compile(r"(\s*\n\s*)")


def _line_by_line(spans: list[Span]) -> list[Span]:
    """Split a replacement of several lines by as many lines into one per line.

    ``[-Of Your Information\n\nWe will only process-]{+of your information\n\nWe use+}``
    (a heading's case and its first sentence) reads as two changes, each on its line.
    """
    out: list[Span] = []
    i = 0
    while i < len(spans):
        pair = spans[i : i + 2]
        if len(pair) == 2 and {pair[0][0], pair[1][0]} == {"-", "+"}:
            old, new = (t for _, t in sorted(pair, key=lambda span: span[0] != "-"))
            old_parts, new_parts = _LINE_SPLIT.split(old), _LINE_SPLIT.split(new)
            if len(old_parts) > 1 and old_parts[1::2] == new_parts[1::2] and all(
                _share_a_word(a, b) for a, b in zip(old_parts, new_parts, strict=True)
            ):
                for k, (a, b) in enumerate(zip(old_parts, new_parts, strict=True)):
                    out += [("=", a)] if k % 2 or a == b else [("-", a), ("+", b)]
                i += 2
                continue
        out.append(spans[i])
        i += 1
    return join_spans(out)


def _share_a_word(old: str, new: str) -> bool:
    """Whether two lines are one line edited, not two unrelated lines paired up."""
    return old == new or bool(_words(old) & _words(new))


def _words(text: str) -> set[str]:
    return {w.strip(".,;:!?()[]\"“”'’").casefold() for w in text.split()} - {""}


# Whitespace, or emphasis marks left over from a page's markup ("**_Topics_****.**").
# Each run of marks ends at whitespace or the end: "(?:[*_~`]{2,}\s*)*" could cut one
# run into groups in exponentially many ways, all tried when a mark run was followed by
# something else (a line of 30 stars before a word: minutes).
_LAYOUT_ONLY = re.compile(r"\s*(?:[*_~`]{2,}(?:\s+|\Z))*")
# A line break and the next line's list marker at the end of a change.
_LAYOUT_TAIL = re.compile(r"\n\s*(?:[-*+•]|\d{1,3}[.)])?[ \t]*$")


def _layout_tails_out(spans: list[Span]) -> list[Span]:
    """Give the start of the next line back to it: ``"…Stripe. " + {+More.\n\n* +}
    + "Personal data"`` reads ``{+More.+}`` then ``"* Personal data"`` on its line."""
    out = list(spans)
    for i, (op, text) in enumerate(out):
        tail = _LAYOUT_TAIL.search(text) if op in "+-" else None
        if tail is None or not text[: tail.start()].strip():
            continue
        if i + 1 < len(out) and out[i + 1][0] != "=":
            continue
        out[i] = (op, text[: tail.start()])
        following = out[i + 1][1] if i + 1 < len(out) else ""
        out[i + 1 : i + 2] = [("=", tail.group() + following)]
    return out


_LINE_PREFIX = re.compile(r"\n([^\n]{1,200})$")


def _whole_lines(spans: list[Span]) -> list[Span]:
    """Shift a change that ends with the start of the next line to start its own line.

    ``"- " + [-Item one.\n- -] + "Item two"`` reads better as
    ``[-- Item one.\n-] + "- Item two"``: the same texts, whole lines changed.
    Diffs align such runs either way; only the shifted one reads right.
    """
    out = list(spans)
    for i in range(1, len(out)):
        op, text = out[i]
        prev_op, prev = out[i - 1]
        match = _LINE_PREFIX.search(text)
        if op == "=" or prev_op != "=" or not match:
            continue
        prefix = match.group(1)
        head = prev[: len(prev) - len(prefix)]
        if not prev.endswith(prefix) or (head and not head.endswith("\n")):
            continue
        out[i - 1] = (prev_op, head)
        out[i] = (op, prefix + text[: len(text) - len(prefix)])
        if i + 1 < len(out) and out[i + 1][0] == "=":
            out[i + 1] = ("=", prefix + out[i + 1][1])
        else:
            out.insert(i + 1, ("=", prefix))
    return [(op, text) for op, text in out if text]


def _same_passage(between: str, limits: ExcerptLimits) -> bool:
    words = len(between.split())
    if "\n" in between:
        # Changed lines in a row read together; a heading or a paragraph on its own.
        return words == 0 and not _BLANK_LINE.search(between)
    if words <= limits.merge_words:
        return True
    in_sentence = not _sentence_breaks(between)
    return in_sentence and words <= limits.merge_sentence_words


# ``changes`` is sorted: found by bisection (list.index made a report of thousands of
# changes quadratic: 4.6 s for a 40 KB text with every other line changed).
def _prev_change(changes: list[int], index: int) -> int:
    pos = bisect.bisect_left(changes, index)
    return changes[pos - 1] if pos > 0 else -1


def _next_change(changes: list[int], index: int, end: int) -> int:
    pos = bisect.bisect_left(changes, index)
    return changes[pos + 1] if pos + 1 < len(changes) else end


def _left_context(text: str, at_start: bool, limits: ExcerptLimits) -> tuple[str, bool]:
    breaks = _sentence_breaks(text)
    cut = False
    if breaks:
        text = text[breaks[-1].end() :]
    elif not at_start:
        cut = True
    words = list(_WORD.finditer(text))
    max_words = limits.context_words
    if len(words) > max_words + limits.context_slack_words:
        text = text[words[-max_words].start() :]
        cut = True
    return text.lstrip(), cut and bool(text.strip())


def _right_context(text: str, at_end: bool, limits: ExcerptLimits) -> tuple[str, bool]:
    match = _sentence_end(text)
    cut = False
    if match:
        text = text[: match.start()] if match.group() == "\n" else text[: match.end()]
    elif not at_end:
        cut = True
    words = list(_WORD.finditer(text))
    max_words = limits.context_words
    if len(words) > max_words + limits.context_slack_words:
        text = text[: words[max_words - 1].end()]
        cut = True
    return text.rstrip(), cut and bool(text.strip())


def _shorten(spans: list[Span], max_words: int) -> list[Span]:
    """Keep the start and end of very long insertions/deletions, count the rest."""
    out: list[Span] = []
    for op, text in spans:
        words = list(_WORD.finditer(text))
        if op == "=" or len(words) <= max_words:
            out.append((op, text))
            continue
        head = max(1, max_words * 2 // 3)
        tail = max(1, max_words // 6)
        omitted = len(words) - head - tail
        out.append((op, text[: words[head - 1].end()]))
        out.append((OMITTED, str(omitted)))
        out.append((op, " " + text[words[-tail].start() :]))
    return out


def shorten_text(text: str, max_words: int) -> tuple[str, int]:
    """At most the first ``max_words`` words of ``text`` (layout kept), ending with a
    sentence or a line when one ends in the last third, and how many were left out."""
    words = list(_WORD.finditer(text))
    if len(words) <= max_words:
        return text.strip(), 0
    end = words[max_words - 1].end()
    ends = [m for m in _SENTENCE_END.finditer(text, 0, end + 1) if _ends_sentence(text, m)]
    if ends:
        last = ends[-1].start() if ends[-1].group() == "\n" else ends[-1].end()
        if last >= words[max_words * 2 // 3].start():
            end = last
    shown = text[:end].strip()
    return shown, len(words) - len(shown.split())


def phrase_pairs(excerpt: Excerpt, limits: ExcerptLimits = DEFAULT_LIMITS) -> list[tuple[str, str]]:
    """"old → new" phrases for a replacement, with a couple of words around it.

    Only for excerpts that replace one short run of words by another ("14 days"
    -> "60 days"); longer rewrites are clear enough from the redline.
    """
    changes = [(op, t) for op, t in excerpt.spans if op != "="]
    if [op for op, _ in changes] not in (["-", "+"], ["+", "-"]):
        return []  # only a single replacement is worth repeating
    if any(len(t.split()) > limits.max_phrase_change_words for _, t in changes):
        return []
    n = limits.phrase_context_words
    lead, tail = _last_words(excerpt.before, n), _first_words(excerpt.after, n)
    old = "".join(t for op, t in excerpt.spans if op in "=-")
    new = "".join(t for op, t in excerpt.spans if op in "=+")
    if "\n" in f"{lead}{old}{tail}{new}":
        return []  # words from two lines (a heading and its text) are no phrase
    kept = lead + tail + "".join(t for op, t in excerpt.spans if op == "=")
    if not any(ch.isalnum() for ch in kept) and not _words(changes[0][1]) & _words(
        changes[1][1]
    ):
        return []  # a line replaced by an unrelated one: no phrase to compare
    old_phrase = " ".join(f"{lead}{old}{tail}".split())
    new_phrase = " ".join(f"{lead}{new}{tail}".split())
    limit = limits.max_phrase_words
    if len(old_phrase.split()) > limit or len(new_phrase.split()) > limit:
        return []
    return [(old_phrase, new_phrase)]


def excerpt_sides(excerpt: Excerpt) -> tuple[str, str]:
    """The excerpt as it read in the old version and as it reads in the new one."""
    old = "".join(t for op, t in excerpt.spans if op in ("=", "-"))
    new = "".join(t for op, t in excerpt.spans if op in ("=", "+"))
    return excerpt.before + old + excerpt.after, excerpt.before + new + excerpt.after


def _last_words(text: str, n: int) -> str:
    words = list(_WORD.finditer(text))[-n:] if n else []
    return text[words[0].start() :] if words else ""


def _first_words(text: str, n: int) -> str:
    words = list(_WORD.finditer(text))[:n] if n else []
    return text[: words[-1].end()] if words else ""


def is_renumbering_only(excerpt: Excerpt, old_number: str | None, new_number: str | None) -> bool:
    """True when the excerpt's only change is the section number (reported as a badge)."""
    if not old_number and not new_number:
        return False
    if excerpt.before.strip() or (excerpt.spans and excerpt.spans[0][0] == "="):
        return False  # a section number starts its heading line
    removed = "".join(t for op, t in excerpt.spans if op == "-").strip().rstrip(".)")
    added = "".join(t for op, t in excerpt.spans if op == "+").strip().rstrip(".)")
    return removed == (old_number or "").rstrip(".)") and added == (new_number or "").rstrip(".)")


_LINE_BREAK = re.compile(r"(\s*\n\s*)")


def wrap_marks(text: str, open_mark: str, close_mark: str) -> str:
    """Put marks around each line of ``text``, leaving surrounding whitespace outside.

    ``"  old words\\nnext line "`` -> ``"  [-old words-]\\n[-next line-] "``: marks never
    span a line break or start with a space, so every format can show them.
    """
    out = []
    for part in _LINE_BREAK.split(text):
        if not part.strip():
            out.append(part)
            continue
        stripped = part.strip()
        lead = part[: len(part) - len(part.lstrip())]
        trail = part[len(part.rstrip()) :]
        out.append(f"{lead}{open_mark}{stripped}{close_mark}{trail}")
    return "".join(out)
