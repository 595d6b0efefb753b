"""Text normalisation in one place.

``normalize_import`` is applied to every imported text: it fixes what the
file format got wrong (line endings, Unicode composition, stray control
characters) and keeps everything a reader could see. Noise folding for
comparison (whitespace, bullets, quotes) lives here too, so the comparison,
search and history all agree on what counts as "the same text".
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u2028\u2029\ufeff]")
_TRAILING_WS = re.compile(r"(?<![ \t])[ \t]+$", re.MULTILINE)  # lookbehind: linear on long runs
_MANY_BLANK_LINES = re.compile(r"\n{3,}")


def normalize_import(text: str) -> str:
    """Line endings to ``\\n``, Unicode NFC, no control or zero-width characters,
    no trailing spaces, at most two consecutive blank lines, no leading/trailing blank lines.

    Non-breaking spaces, quotes and bullets are kept: they are the document's text.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub("", text)
    text = _TRAILING_WS.sub("", text)
    text = _MANY_BLANK_LINES.sub("\n\n\n", text)
    return text.strip("\n")


# --- Noise folding for comparison, search and history ------------------------
#
# A text is cut into tokens of three kinds: words (runs of letters/digits with
# their combining marks), gaps (whitespace, including bullets such as "-", "•"
# that stand between whitespace, and list numbers at line starts, so list
# markers and their indentation are layout) and single punctuation/symbol
# characters. Each token has a comparison key: words are compared as written
# (NFC), every gap is " ", and curly quotes and dash variants fold to their
# ASCII form. Two texts with the same key
# sequence differ only by noise.

WORD, GAP, PUNCT = "w", "g", "p"
# Several characters long, so no word, gap or punctuation key (one character plus
# combining marks) can ever equal it.
LEADING_GAP_KEY = "\x01lead"

# Combining marks, joiners and variation selectors stay attached to what they modify.
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
    "\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963\u0981-\u0983\u09bc-\u09d7"
    "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u1ab0-\u1aff\u1dc0-\u1dff\u200c\u200d\u20d0-\u20ff"
    "\u302a-\u302f\u3099\u309a\ufe00-\ufe0f\ufe20-\ufe2f"
)
BULLETS = "-‐‑‒–—―−*+•◦▪▫‣●○■□·⁃∙"  # also dashes: " - " and " — " are the same layout
_BUL = f"[{re.escape(BULLETS)}]"
# A list item's number at the start of a line ("2. ", "3) "): layout too, so an
# item inserted at the top of a numbered list does not renumber (change) the rest.
_LIST_NUMBER = r"\d{1,3}[.)]"
# Whitespace, bullets between whitespace, list numbers after a line break.
# (Markers repeat inside one gap, so text rebuilt from diff pieces folds the same.)
# ``_LATER_GAP_TO_FOLD`` and ``_LINE_START`` restate this grammar for speed: change
# them with it (property tests compare them with it on random texts).
_GAP = (
    rf"(?:(?:\A|(?=\s*\n))\s*(?:{_BUL}\s+)*{_LIST_NUMBER}\s+(?:(?:{_BUL}|{_LIST_NUMBER})\s+)*"
    rf"|(?:\s+|\A{_BUL}\s+)(?:{_BUL}\s+)*)"
)
# Bullets and list numbers opening a line (layout, not the line's text).
LINE_MARKERS = re.compile(rf"^(?:(?:{_BUL}|{_LIST_NUMBER})\s+)+")
# Only the gaps that are not already one plain space (most are): replacing
# those is all ``fold_noise_fast`` has to do (a third faster on policies). In
# two parts: a text's first gap when it opens with a marker, then the later
# gaps, which always start with whitespace.
_LEADING_MARKER_GAP = re.compile(rf"(?=\A(?:{_BUL}\s|\s*{_LIST_NUMBER}\s)){_GAP}")
# ``(?=\s)(?=[^\S ]| \s| {_BUL}\s){_GAP}`` written to consume its first
# whitespace character before anything else, so the regex engine skips from
# one whitespace character to the next in C (twice as fast); the checks made
# at that first character are made just after it, by lookbehind.
_LATER_GAP_TO_FOLD = re.compile(
    rf"\s(?:(?<=[^\S ])|(?=\s|{_BUL}\s))"
    rf"(?:(?:(?<=\A\s)|(?<=\n)|(?=\s*\n))\s*(?:{_BUL}\s+)*{_LIST_NUMBER}\s+"
    rf"(?:(?:{_BUL}|{_LIST_NUMBER})\s+)*"
    rf"|\s*(?:{_BUL}\s+)*)"
)
_TOKEN = re.compile(
    rf"\A{_GAP}"  # a gap opening the text (its markers are only layout there)
    rf"|[\w{_MARKS}]+"  # word (tried before gaps: most tokens are words)
    r"| (?=\w)"  # the commonest gap, one space before a word: a third faster than the next line
    rf"|{_GAP}"
    rf"|[^\w\s][{_MARKS}]*"  # one punctuation or symbol character
)
# ``_TOKEN`` in two parts (see ``Tokens``): its first alternative, and the others.
_OPENING_GAP = re.compile(rf"\A{_GAP}")
_LATER_TOKEN = re.compile(_TOKEN.pattern.removeprefix(_OPENING_GAP.pattern + "|"))
_WORD_START = re.compile(rf"[\w{_MARKS}]")
# Runs of word characters: at least as many as a text has words (a run of
# combining marks after punctuation belongs to the punctuation token).
WORD_RUN = re.compile(rf"[\w{_MARKS}]+")
_PUNCT_FOLD = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "`": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"', "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
    "\u2014": "-", "\u2015": "-", "\u2212": "-",
}  # fmt: skip

# Token text -> (kind, key). Policies reuse a small vocabulary, so this saves
# most of the work; it is cleared when it grows past the limit.
_TOKEN_INFO: dict[str, tuple[str, str]] = {}
_KIND, _KEY = operator.itemgetter(0), operator.itemgetter(1)
_TOKEN_INFO_LIMIT = 200_000


def _classify(piece: str) -> tuple[str, str]:
    if piece[-1].isspace():  # gaps always end with whitespace, nothing else does
        info = (GAP, " ")
    elif _WORD_START.match(piece):
        info = (WORD, piece if piece.isascii() else unicodedata.normalize("NFC", piece))
    else:
        info = (PUNCT, _PUNCT_FOLD.get(piece[0], piece[0]) + piece[1:])
    if len(_TOKEN_INFO) >= _TOKEN_INFO_LIMIT:
        _TOKEN_INFO.clear()
    _TOKEN_INFO[piece] = info
    return info


class Tokens:
    """A text cut into tokens: token ``i`` is ``text[bounds[i]:bounds[i + 1]]``.

    ``kinds[i]`` is WORD, GAP or PUNCT; ``keys[i]`` its comparison key.
    Every character of the text belongs to exactly one token.
    """

    __slots__ = ("bounds", "keys", "kinds", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        # ``_TOKEN`` in two steps: its first alternative (a gap opening the
        # text) tried once, then the others from there, so they are not
        # preceded by a failing test at every token (6% faster). The gap's own
        # text-start branches cannot match later, nor at the start if it failed.
        lead = _OPENING_GAP.match(text)
        if lead:
            pieces = _LATER_TOKEN.findall(text, lead.end())
            pieces.insert(0, lead.group())
        else:
            pieces = _LATER_TOKEN.findall(text)
        get = _TOKEN_INFO.get
        infos = [get(p) or _classify(p) for p in pieces]
        self.bounds = [0, *itertools.accumulate(map(len, pieces))]
        self.kinds = list(map(_KIND, infos))
        self.keys = list(map(_KEY, infos))
        if infos and infos[0][0] == GAP:
            # A gap at the very start (indentation, a first bullet) only ever
            # matches another text's leading gap: elsewhere it would need the
            # whitespace before it to read as a bullet.
            self.keys[0] = LEADING_GAP_KEY

    def __len__(self) -> int:
        return len(self.keys)

    def token(self, i: int) -> str:
        return self.text[self.bounds[i] : self.bounds[i + 1]]

    def word_count(self) -> int:
        return self.kinds.count(WORD)


def tokenize(text: str) -> Tokens:
    """Cut ``text`` into word, gap and punctuation tokens with comparison keys."""
    return Tokens(text)


# Where a text may be cut so that each piece tokenizes on its own exactly as it
# does inside the text: at the end of a gap holding a line break (with the
# bullets and list numbers that gap takes in), before a character that neither
# is whitespace nor opens a bullet or list number the gap would take in. A gap
# opening a text is read differently from one inside it; these places are after
# the gap, so the piece after opens with a word or punctuation, read the same
# either way. (Checked against tokenizing whole texts, on random texts.)
_LINE_START = re.compile(
    rf"\n\s*(?:(?:{_BUL}|{_LIST_NUMBER})\s+)*(?=\S)(?!{_BUL}\s|{_LIST_NUMBER}\s)"
)
# Characters after such a place that its pattern may read (at most 5, "123. ",
# and one for safety).
_LINE_START_LOOKAHEAD = 6


def tokenize_like(text: str, like: Tokens) -> Tokens:
    """``tokenize(text)``, the lines it opens and ends with as ``like`` does
    taken from ``like`` (another version of the same section): only the
    lines between are tokenized. Tokens before a ``_LINE_START`` place are
    those of the text up to it, and tokens after it those of the rest."""
    old = like.text
    n = min(len(text), len(old))
    eighth = len(text) // 8
    if text[:eighth] != old[:eighth] and text[-eighth:] != old[-eighth:]:
        return Tokens(text)  # less than a quarter in common (see below): not worth it
    head = _common_length(text, old, n, 1)
    tail = _common_length(text, old, n - head, -1)
    # The last line start inside the common head, the first inside the tail.
    start = _line_start_before(text, head)
    end = _line_start_after(text, len(text) - tail)
    if 4 * (start + len(text) - end) < len(text):
        return Tokens(text)  # too little to take: joining pieces would cost more
    shift = len(text) - len(old)
    i = bisect.bisect_left(like.bounds, start)
    j = bisect.bisect_left(like.bounds, end - shift)
    middle = Tokens(text[start:end])
    out = Tokens.__new__(Tokens)
    out.text = text
    out.keys = like.keys[:i] + middle.keys + like.keys[j:]
    out.kinds = like.kinds[:i] + middle.kinds + like.kinds[j:]
    bounds = like.bounds[:i]
    bounds += map(start.__add__, middle.bounds[:-1]) if start else middle.bounds[:-1]
    bounds += map(shift.__add__, like.bounds[j:]) if shift else like.bounds[j:]
    out.bounds = bounds
    return out


def _common_length(a: str, b: str, most: int, direction: int) -> int:
    """Characters ``a`` and ``b`` share at their starts (``direction`` 1) or
    ends (-1), at most ``most``: by halves, each half compared in C."""
    lo, hi = 0, most
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if direction > 0:
            same = a[lo:mid] == b[lo:mid]
        else:
            same = a[len(a) - mid : len(a) - lo] == b[len(b) - mid : len(b) - lo]
        if same:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _line_start_before(text: str, limit: int) -> int:
    """The last ``_LINE_START`` place read from characters before ``limit``
    (0 if none)."""
    at = text.rfind("\n", 0, limit)
    while at >= 0:
        found = _LINE_START.match(text, at)
        if found and found.end() + _LINE_START_LOOKAHEAD <= limit:
            return found.end()
        at = text.rfind("\n", 0, at)
    return 0


def _line_start_after(text: str, limit: int) -> int:
    """The first ``_LINE_START`` place whose line break is at or after ``limit``
    (the text's length if none)."""
    found = _LINE_START.search(text, max(0, limit))
    return found.end() if found else len(text)


def fold_noise(text: str) -> str:
    """The text with noise folded away: every run of whitespace (with any bullets,
    indentation and line-start list numbers in it) becomes one space, quotes and
    dashes become ASCII, words are NFC; no leading or trailing space.

    Two texts with equal ``fold_noise`` differ only by what a reader would not
    call a change (line endings, re-wrapping, blank lines, bullets, NBSP, quotes).
    """
    keys = Tokens(text).keys
    if keys and keys[0] == LEADING_GAP_KEY:
        keys = keys[1:]
    return "".join(keys).strip(" ")


def word_count(text: str) -> int:
    """Number of words (runs of letters and digits) in ``text``."""
    return Tokens(text).word_count()


def fold_noise_fast(text: str) -> str:
    """``fold_noise`` without Unicode composition, by regular expression: for
    searching one folded text in another when both were folded this way."""
    lead = _LEADING_MARKER_GAP.match(text)
    if lead:
        text = " " + _LATER_GAP_TO_FOLD.sub(" ", text[lead.end() :])
    else:
        text = _LATER_GAP_TO_FOLD.sub(" ", text)
    for fancy, plain in _PUNCT_FOLD.items():  # str.replace scans in C; translate is slower
        if fancy in text:
            text = text.replace(fancy, plain)
    return text.strip(" ")
