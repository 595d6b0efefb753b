"""Snippets for search hits: where the query's words are in a section, and the text around them.

The index only says that a section matches; the hit itself is found again here
in the section's text, the way the index's tokenizer sees words (case and Latin
accents ignored).
"""

from __future__ import annotations

import re

from policyviewer.core.library.search_query import Phrase, Query, fold_word

SNIPPET_WORDS = 12  # words of context each side of the hit

_WORD_SPAN = re.compile(r"[^\W_]+")


_SLOW_SCAN_CHARS = 50_000


def _accent_classes() -> dict[str, str]:
    """For each ASCII letter, a regex class of it and the Latin letters that fold to it."""
    variants: dict[str, str] = {}
    for code in range(0xC0, 0x250):
        ch = chr(code)
        folded = fold_word(ch)
        if len(folded) == 1 and folded.isascii() and folded.isalpha():
            variants[folded] = variants.get(folded, "") + ch + ch.upper()
    return {c: f"[{c}{re.escape(more)}]" for c, more in variants.items()}


_ACCENTED = _accent_classes()


def _word_pattern(word: str) -> str:
    return "".join(_ACCENTED.get(c, re.escape(c)) for c in word)


def _phrase_pattern(phrase: Phrase) -> re.Pattern[str]:
    words = [_word_pattern(w) for w in phrase.words]
    if phrase.prefix:
        words[-1] += r"[^\W_]*"
    return re.compile(r"(?<![^\W_])" + r"[\W_]+".join(words) + r"(?![^\W_])", re.IGNORECASE)


def find_match(text: str, start: int, stop: int, query: Query) -> tuple[int, int] | None:
    """The first place in ``text[start:stop]`` where one of the query's phrases occurs."""
    best: tuple[int, int] | None = None
    for phrase in query.phrases:  # fast: a regex ignoring case and Latin accents
        m = _phrase_pattern(phrase).search(text, start, stop)
        if m is not None and (best is None or m.start() < best[0]):
            best = (m.start(), m.end())
    if best is not None:
        return best
    # Slow: compare word by word as the index does (accents folded, "ß" = "ss").
    stop = min(stop, start + _SLOW_SCAN_CHARS)
    spans = [
        (m.start(), m.end(), fold_word(m.group())) for m in _WORD_SPAN.finditer(text, start, stop)
    ]
    words = [w for _, _, w in spans]
    for phrase in query.phrases:
        n = len(phrase.words)
        for i in range(len(words) - n + 1):
            if best is not None and spans[i][0] >= best[0]:
                break
            if all(
                words[i + k] == phrase.words[k]
                or (phrase.prefix and k == n - 1 and words[i + k].startswith(phrase.words[k]))
                for k in range(n)
            ):
                best = (spans[i][0], spans[i + n - 1][1])
                break
    return best


def make_snippet(
    text: str, start: int, body_start: int, stop: int, query: Query
) -> tuple[str, int, int, int, int]:
    """(snippet, match_start, match_end, hit_start, hit_end) for a matching section.

    The hit is the first phrase of the query found in the body (else in the
    heading); the snippet is a one-line excerpt around it, with "…" where cut.
    """
    hit = find_match(text, body_start, stop, query) or find_match(text, start, body_start, query)
    if hit is None:  # matched by a word form the snippet finder does not see
        hit = (body_start, body_start)
    h0, h1 = hit
    words_before = list(_WORD_SPAN.finditer(text, max(start, h0 - 400), h0))
    words_after = list(_WORD_SPAN.finditer(text, h1, min(stop, h1 + 400)))
    cut0 = words_before[-SNIPPET_WORDS].start() if len(words_before) > SNIPPET_WORDS else None
    cut1 = words_after[SNIPPET_WORDS - 1].end() if len(words_after) >= SNIPPET_WORDS else None
    left = text[cut0 if cut0 is not None else (body_start if h0 >= body_start else start) : h0]
    right = text[h1 : cut1 if cut1 is not None else stop]
    left, right = " ".join(left.split()), " ".join(right.split())
    if text[h0 - 1 : h0].isspace() and left:
        left += " "
    if text[h1 : h1 + 1].isspace() and right:
        right = " " + right
    prefix = "…" if cut0 is not None else ""
    suffix = "…" if cut1 is not None else ""
    matched = " ".join(text[h0:h1].split())
    snippet = prefix + left + matched + right + suffix
    m0 = len(prefix) + len(left)
    return snippet, m0, m0 + len(matched), h0, h1
