"""Word-level diff of two texts, in two stages, with noise folded away.

This is the only module that imports the diff libraries: RapidFuzz's
bit-parallel longest common subsequence (C++, exact, no time limit: tens of
times faster than Myers' algorithm on rewritten paragraphs) and, for sequences
too long for its table (``Config.max_lcs_cells``), fast-diff-match-patch
(Google's diff-match-patch in C++, Myers, linear memory, timeout set from
``Config.diff_timeout_s``). Both give a shortest edit script, with no time
limit, so results never depend on machine speed. Texts are cut into tokens
(``normalize.tokenize``); each distinct comparison key becomes one character,
so the library diffs token sequences (diff-match-patch's "lines to chars" trick
applied to words) and every change starts and ends on a token boundary.

Stage 1 diffs lines (keyed by their folded text); stage 2 word-diffs only the
blocks of lines that changed, so long texts with few changes are cheap. A
block larger than ``Config.max_diff_tokens`` is diffed line by line.

Rule for rebuilding the texts from the result (docs/JSON.md): the "=" and "+"
texts joined give the new text exactly; the "=" and "-" texts joined give the
old text up to noise: ``fold_noise(rebuilt_old) == fold_noise(old)``, because
an equal stretch is shown in the new text's form (its whitespace, bullets,
quotes). Where old and new are written identically, that is the old text too.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass

from fast_diff_match_patch import diff as _myers_diff
from rapidfuzz import fuzz as _fuzz
from rapidfuzz import process as _process
from rapidfuzz.distance import Indel as _Indel

from policyviewer.core.config import DEFAULT_CONFIG, Config
from policyviewer.core.errors import InputTooLarge
from policyviewer.core.model import Span
from policyviewer.core.normalize import GAP, WORD, Tokens, tokenize

EQUAL, DELETE, INSERT = "=", "-", "+"


@dataclass(frozen=True, slots=True)
class DiffOp:
    """One span of a diff with its place in both texts (character offsets).

    "=" covers ``old_start:old_end`` and ``new_start:new_end``; "-" only the
    old range (the new range is empty, at the place it was removed from);
    "+" only the new range. For "-" and "+": ``words`` is the number of words
    in the span, ``substantive`` whether it holds more than whitespace.
    """

    op: str
    old_start: int
    old_end: int
    new_start: int
    new_end: int
    words: int = 0
    substantive: bool = False


@dataclass(frozen=True)
class TextDiff:
    """The diff of two texts: ops with offsets, and counts of changed words."""

    old: str
    new: str
    ops: tuple[DiffOp, ...]
    words_added: int
    words_removed: int

    @property
    def spans(self) -> tuple[Span, ...]:
        return ops_to_spans(self.ops, self.old, self.new)

    @property
    def changed(self) -> bool:
        return any(o.op != EQUAL for o in self.ops)


class _KeyCodes:
    """Maps comparison keys to single characters (gaps to a space, so the
    library's boundary scoring sees word breaks)."""

    def __init__(self) -> None:
        self.codes: dict[str, str] = {" ": " "}
        self.next = 0x100

    def encode(self, keys: list[str]) -> str:
        codes = self.codes
        # New keys get codes in order of first appearance (deterministic).
        for key in [k for k in dict.fromkeys(keys) if k not in codes]:
            if self.next == 0xD800:  # skip surrogates
                self.next = 0xE000
            if self.next > 0x10FFFF:
                raise InputTooLarge(
                    "too many different lines or words to compare",
                    hint="compare smaller documents",
                )
            codes[key] = chr(self.next)
            self.next += 1
        return "".join(map(codes.__getitem__, keys))


_OP_OF_TAG = {"equal": EQUAL, "delete": DELETE, "insert": INSERT}


def _library_ops(a: str, b: str, config: Config) -> list[tuple[str, int]]:
    """A shortest edit script from ``a`` to ``b`` as ``(op, length)`` runs."""
    if len(a) * len(b) > config.max_lcs_cells:  # the LCS table would not fit
        return _myers_diff(a, b, timelimit=config.diff_timeout_s, cleanup="No", checklines=False)
    return [
        (_OP_OF_TAG[tag], max(i1 - i0, j1 - j0))
        for tag, i0, i1, j0, j1 in _Indel.opcodes(a, b)
        if i1 > i0 or j1 > j0
    ]


# --- stage 2: words --------------------------------------------------------


def _word_hunks(
    old: Tokens, o0: int, o1: int, new: Tokens, n0: int, n1: int, codes: _KeyCodes, config: Config
) -> list[list[int]]:
    """Diff token ranges; return hunks ``[is_change, o0, o1, n0, n1]``, merged so
    small equal fragments between changes become part of one change."""
    if o0 == o1 or n0 == n1:
        return [[1, o0, o1, n0, n1]]
    a = codes.encode(old.keys[o0:o1])
    b = codes.encode(new.keys[n0:n1])
    hunks: list[list[int]] = []
    i, j = o0, n0
    for op, n in _shift_to_boundaries(_library_ops(a, b, config), a, b, old, o0, new, n0):
        if op == EQUAL:
            hunks.append([0, i, i + n, j, j + n])
            i += n
            j += n
        else:
            if not hunks or hunks[-1][0] == 0:
                hunks.append([1, i, i, j, j])
            if op == DELETE:
                i += n
                hunks[-1][2] = i
            else:
                j += n
                hunks[-1][4] = j
    return _merge_small_equalities(hunks, old.bounds, new.bounds)


def _boundary_score(text: str, i: int) -> int:
    """How good a place ``text[i]`` is for an edit to start or end: after a
    blank line 5, at a line break 4, at a word start 3 ("group, [-art, ]or"),
    other whitespace 2, punctuation 1, inside a word 0 (diff-match-patch's
    semantic score, with word starts first, as a reader scans words)."""
    c1, c2 = text[i - 1], text[i]
    if c1 == "\n" or c2 == "\n":
        return 5 if text[i - 2 : i] == "\n\n" or text[i : i + 2] == "\n\n" else 4
    ws1, ws2 = c1.isspace(), c2.isspace()
    if ws1 and not ws2:
        return 3
    if ws1 or ws2:
        return 2
    return 0 if c1.isalnum() and c2.isalnum() else 1


def _shift_to_boundaries(
    ops: list[tuple[str, int]], a: str, b: str, old: Tokens, o0: int, new: Tokens, n0: int
) -> list[tuple[str, int]]:
    """Slide each insertion or deletion that lies between two equalities to the
    best-scored place among the equally short scripts (diff-match-patch's
    ``cleanupSemanticLossless`` on tokens): "ads, [+including those, ]promotional"
    rather than "ads[+, including those], promotional"."""
    out = [list(o) for o in ops]
    x = y = 0  # where out[k] starts in a and b
    shifted = False
    for k in range(len(out) - 1):
        op, n = out[k]
        lone = op != EQUAL and out[k + 1][0] == EQUAL
        if k and lone and out[k - 1][0] == EQUAL and out[k - 1][1]:
            seq, s, tokens, base = (b, y, new, n0) if op == INSERT else (a, x, old, o0)
            first, last = s - out[k - 1][1], s + n + out[k + 1][1]
            if (s > first and seq[s - 1] == seq[s + n - 1]) or (
                s + n < last and seq[s] == seq[s + n]
            ):
                best = _best_place(seq, s, n, first, last, tokens.text, tokens.bounds, base)
                if best != s:
                    out[k - 1][1] += best - s
                    out[k + 1][1] -= best - s
                    x, y = x + best - s, y + best - s
                    shifted = True
        x += n if op != INSERT else 0
        y += n if op != DELETE else 0
    if not shifted:
        return ops
    merged: list[list] = []
    for op, n in out:
        if not n:
            continue
        if merged and merged[-1][0] == op:
            merged[-1][1] += n
        else:
            merged.append([op, n])
    return [(op, n) for op, n in merged]


def _best_place(
    seq: str, s: int, n: int, first: int, last: int, text: str, bounds: list[int], base: int
) -> int:
    """Where the edit ``seq[s:s + n]`` reads best when slid between ``first`` and
    ``last`` (the ends of the equalities around it). An edit that swallows a whole
    equality joins the edit beyond it (or the text's edge): best of all."""
    while s > first and seq[s - 1] == seq[s + n - 1]:
        s -= 1
    best, best_score = s, -1
    while True:
        score = sum(
            6 if p in (first, last) else _boundary_score(text, bounds[base + p]) for p in (s, s + n)
        )
        if score >= best_score:
            best, best_score = s, score
        if s + n >= last or seq[s] != seq[s + n]:
            return best
        s += 1


def _merge_small_equalities(
    hunks: list[list[int]], ob: list[int], nb: list[int]
) -> list[list[int]]:
    """diff-match-patch's semantic cleanup, weighted by characters, not tokens:
    an equality no longer than the changes on both its sides joins them."""

    def change_weight(h: list[int]) -> int:
        return max(ob[h[2]] - ob[h[1]], nb[h[4]] - nb[h[3]])

    i = 1
    while i < len(hunks) - 1:
        eq, before, after = hunks[i], hunks[i - 1], hunks[i + 1]
        if eq[0] == 0 and before[0] == 1 and after[0] == 1:
            w = nb[eq[4]] - nb[eq[3]]
            if w <= change_weight(before) and w <= change_weight(after):
                hunks[i - 1 : i + 2] = [[1, before[1], after[2], before[3], after[4]]]
                # Back to the equality before the merged change (as diff-match-patch
                # does): the change after it just grew, so it may merge now.
                i = max(1, i - 2)
                continue
        i += 1
    return hunks


# --- stage 1: lines and sentences --------------------------------------------

# Where units end: every line break, and the whitespace right after ".", "!" or
# "?" (the places ``[.!?]\s|\n`` ends on). Found from the line lengths and by
# three searches for a literal, which the regex engine jumps to in C: twice as
# fast as one scan with a character class.
_SENTENCE_ENDS = tuple(re.compile(rf"{re.escape(c)}(?=\s)") for c in ".!?")


def _unit_end_places(text: str) -> list[int]:
    """Offsets just after each unit end, unsorted and possibly repeated (the
    caller makes a set of the tokens they fall in)."""
    lines = text.split("\n")
    # The k-th line break comes after the first k + 1 lines and k line breaks.
    places = list(map(operator.add, itertools.accumulate(map(len, lines[:-1])), itertools.count()))
    for pattern in _SENTENCE_ENDS:
        places += [m.end() for m in pattern.finditer(text)]
    return places


def _line_units(tokens: Tokens) -> tuple[list[int], list[str]]:
    """Cut tokens into units, lines and sentences (a unit ends at a line break
    or after ".", "!" or "?" followed by whitespace): ``starts[k]`` is the first
    token of unit k (``starts[-1] == len(tokens)``); a unit's key leaves out its
    trailing gap. Sentence units keep a rewritten paragraph's unchanged
    sentences out of the word diff."""
    tk, text, bounds = tokens.keys, tokens.text, tokens.bounds
    n = len(tk)
    # Found in the text, not token by token: a newline is always inside a gap
    # token, and ".", "!" or "?" followed by whitespace always ends a
    # punctuation token before a gap.
    ends = sorted({bisect.bisect_right(bounds, p) - 1 for p in _unit_end_places(text)})
    starts = [0]
    keys: list[str] = []
    begin = 0
    for i in ends:
        keys.append("\x00".join(tk[begin:i]))
        begin = i + 1
        starts.append(begin)
    if begin < n:
        keys.append("\x00".join(tk[begin:n]))
        starts.append(n)
    return starts, keys


def _equal_line(
    old: Tokens, a0: int, a1: int, new: Tokens, b0: int, b1: int, out: list[list[int]]
) -> bool:
    """Hunks for two lines with equal keys; False if their token counts differ."""
    a_gap = a1 > a0 and old.kinds[a1 - 1] == GAP
    b_gap = b1 > b0 and new.kinds[b1 - 1] == GAP
    ae, be = a1 - a_gap, b1 - b_gap
    if ae - a0 != be - b0:
        return False
    out.append([0, a0, ae, b0, be])
    if a_gap and b_gap:
        out.append([0, ae, a1, be, b1])
    elif a_gap or b_gap:
        out.append([1, ae, a1, be, b1])
    return True


def _block_hunks(
    old: Tokens,
    ostarts: list[int],
    ou0: int,
    ou1: int,
    new: Tokens,
    nstarts: list[int],
    nu0: int,
    nu1: int,
    codes: _KeyCodes,
    config: Config,
) -> list[list[int]]:
    """Word-diff a block of changed lines (old lines ou0..ou1, new nu0..nu1)."""
    o0, o1, n0, n1 = ostarts[ou0], ostarts[ou1], nstarts[nu0], nstarts[nu1]
    if (o1 - o0) + (n1 - n0) <= config.max_diff_tokens:
        return _word_hunks(old, o0, o1, new, n0, n1, codes, config)
    # Too large to diff as a whole: pair the lines in order, diff each pair.
    hunks: list[list[int]] = []
    pairs = min(ou1 - ou0, nu1 - nu0)
    for k in range(pairs):
        hunks += _chunked_hunks(
            old, ostarts[ou0 + k], ostarts[ou0 + k + 1],
            new, nstarts[nu0 + k], nstarts[nu0 + k + 1], codes, config,
        )  # fmt: skip
    hunks.append([1, ostarts[ou0 + pairs], o1, nstarts[nu0 + pairs], n1])
    return hunks


def _chunked_hunks(
    old: Tokens, o0: int, o1: int, new: Tokens, n0: int, n1: int, codes: _KeyCodes, config: Config
) -> list[list[int]]:
    """``_word_hunks`` of two lines; lines too long to diff as a whole (no line break
    or sentence end in ``max_diff_tokens`` tokens) are diffed piece by piece in order:
    as a whole, a line rewritten throughout took Myers' time, quadratic (3 s at 40 KB)."""
    size = max(1, config.max_diff_tokens // 2)
    if (o1 - o0) + (n1 - n0) <= config.max_diff_tokens:
        return _word_hunks(old, o0, o1, new, n0, n1, codes, config)
    hunks: list[list[int]] = []
    while o0 < o1 and n0 < n1:
        oe, ne = min(o1, o0 + size), min(n1, n0 + size)
        piece = _word_hunks(old, o0, oe, new, n0, ne, codes, config)
        last = piece[-1]
        # A change closing a piece is diffed again with the next one: pieces of equal
        # length are out of step after an insertion or deletion, and each cut showed the
        # words the other side's piece had not reached yet as removed and added. Only
        # after half a piece (both sides together) or more: the pieces stay linear.
        if (oe < o1 or ne < n1) and len(piece) > 1 and last[0] and (
            (last[1] - o0) + (last[3] - n0) >= size
        ):
            oe, ne = last[1], last[3]
            piece.pop()
        hunks += piece
        o0, n0 = oe, ne
    if o0 < o1 or n0 < n1:
        hunks.append([1, o0, o1, n0, n1])
    return hunks


# A line counts once per this many characters when lines are matched, so the
# diff keeps long paragraphs in place and shows the short line that moved.
LINE_WEIGHT_CHARS = 200
MAX_LINE_WEIGHT = 4


def _matched_lines(okeys: list[str], nkeys: list[str], config: Config) -> list[tuple[int, int]]:
    """Pairs (old line, new line) of equal lines the line diff kept, in order."""
    codes = _KeyCodes()
    ow = [min(MAX_LINE_WEIGHT, 1 + len(k) // LINE_WEIGHT_CHARS) for k in okeys]
    nw = [min(MAX_LINE_WEIGHT, 1 + len(k) // LINE_WEIGHT_CHARS) for k in nkeys]
    a = "".join(c * w for c, w in zip(codes.encode(okeys), ow, strict=True))
    b = "".join(c * w for c, w in zip(codes.encode(nkeys), nw, strict=True))
    oline = [i for i, w in enumerate(ow) for _ in range(w)]
    nline = [j for j, w in enumerate(nw) for _ in range(w)]
    matched: dict[tuple[int, int], int] = {}
    x = y = 0
    for op, n in _library_ops(a, b, config):
        if op == EQUAL:
            for t in range(n):
                key = (oline[x + t], nline[y + t])
                matched[key] = matched.get(key, 0) + 1
            x += n
            y += n
        elif op == DELETE:
            x += n
        else:
            y += n
    # A line is equal only if all its copies matched all of the other line's.
    return sorted(k for k, count in matched.items() if count == ow[k[0]] == nw[k[1]])


def _hunks(old: Tokens, new: Tokens, config: Config) -> list[list[int]]:
    codes = _KeyCodes()
    ostarts, okeys = _line_units(old)
    nstarts, nkeys = _line_units(new)
    hunks: list[list[int]] = []
    bi = bj = 0  # start of the pending changed block (lines)
    for i, j in [*_matched_lines(okeys, nkeys, config), (len(okeys), len(nkeys))]:
        if i == len(okeys) and j == len(nkeys):
            line: list[list[int]] = []
        else:
            line = []
            if not _equal_line(old, ostarts[i], ostarts[i + 1], new, nstarts[j], nstarts[j + 1],
                               line):  # fmt: skip
                continue  # same key, different tokens: part of the changed block
        if bi < i or bj < j:
            hunks.extend(
                _block_hunks(old, ostarts, bi, i, new, nstarts, bj, j, codes, config)
            )
        hunks.extend(line)
        bi, bj = i + 1, j + 1
    return hunks


def _join_adjacent(hunks: list[list[int]]) -> list[list[int]]:
    """One hunk per run of equal or changed tokens."""
    out: list[list[int]] = []
    for h in hunks:
        if h[1] == h[2] and h[3] == h[4]:
            continue
        if out and out[-1][0] == h[0]:
            out[-1][2], out[-1][4] = h[2], h[4]
        else:
            out.append(h)
    return out


def _shift_whole_lines(hunks: list[list[int]], old: Tokens, new: Tokens) -> None:
    """Lines only inserted (or only deleted) take the line break before them,
    not the one after, where that reads better: a line break's gap holds the
    next line's list number or bullet, so "person[+\n2. Postal address+]\n3. Email"
    rather than "person\n2. [+Postal address\n3. +]Email" (the same script: the two
    gaps have the same key). The line stage places whole lines without the word
    stage's sliding (``_shift_to_boundaries``); this is its one step for them."""
    for k in range(1, len(hunks) - 1):
        before, change, after = hunks[k - 1], hunks[k], hunks[k + 1]
        if not change[0] or before[0] or after[0]:
            continue
        _, o0, o1, n0, n1 = change
        if o0 == o1:
            tokens, a, b = new, n0, n1
        elif n0 == n1:
            tokens, a, b = old, o0, o1
        else:
            continue
        if not (
            before[2] - before[1] >= 1
            and before[4] - before[3] >= 1
            and old.kinds[o0 - 1] == GAP
            and old.keys[o0 - 1] == new.keys[n0 - 1]
            and tokens.kinds[b - 1] == GAP
            and tokens.keys[b - 1] == tokens.keys[a - 1]
        ):
            continue
        text, bounds = tokens.text, tokens.bounds
        # A marker in a gap without a line break ("  1. " opening a section) is
        # layout only where it stands: such a gap may not trade places.
        gaps = (tokens.token(a - 1), tokens.token(b - 1), old.token(o0 - 1))
        if not all("\n" in g or g.isspace() for g in gaps):
            continue
        here = _boundary_score(text, bounds[a]) + _boundary_score(text, bounds[b])
        left = _boundary_score(text, bounds[a - 1]) + _boundary_score(text, bounds[b - 1])
        if left <= here:
            continue  # (ties stay: the later place, as the word stage does)
        before[2] -= 1
        before[4] -= 1
        hunks[k] = [1, o0 - 1, o1 - 1, n0 - 1, n1 - 1]
        after[1] -= 1
        after[3] -= 1


def _fold_edge_gaps(hunks: list[list[int]], old: Tokens, new: Tokens) -> None:
    """Whitespace added or removed at the very start or end of a text is noise:
    make such a change an equality (shown in the new text's form)."""
    for h in (hunks[0], hunks[-1]) if hunks else ():
        if h[0] == 1 and all(k == GAP for k in old.kinds[h[1] : h[2]]) and all(
            k == GAP for k in new.kinds[h[3] : h[4]]
        ):
            h[0] = 0


def diff_texts(old: str, new: str, config: Config = DEFAULT_CONFIG) -> TextDiff:
    """Word-level diff of ``old`` and ``new`` with noise folded (see module doc)."""
    return diff_tokens(tokenize(old), tokenize(new), config)


def diff_tokens(
    told: Tokens, tnew: Tokens, config: Config = DEFAULT_CONFIG, *, fold_edges: bool = True
) -> TextDiff:
    """``diff_texts`` on texts already tokenized. With ``fold_edges=False``
    whitespace added or removed at the very start or end is kept as a change
    (so diffs of consecutive pieces can be joined into one)."""
    old, new = told.text, tnew.text
    if told.keys == tnew.keys:
        hunks = [[0, 0, len(told), 0, len(tnew)]] if len(told) or len(tnew) else []
    else:
        hunks = _join_adjacent(_hunks(told, tnew, config))
        _shift_whole_lines(hunks, told, tnew)
        if fold_edges:
            _fold_edge_gaps(hunks, told, tnew)
    ob, nb = told.bounds, tnew.bounds
    ops: list[DiffOp] = []
    added = removed = 0
    for is_change, o0, o1, n0, n1 in hunks:
        if not is_change:
            if ops and ops[-1].op == EQUAL:  # noise-only changes turned equal
                last = ops.pop()
                ops.append(DiffOp(EQUAL, last.old_start, ob[o1], last.new_start, nb[n1]))
            else:
                ops.append(DiffOp(EQUAL, ob[o0], ob[o1], nb[n0], nb[n1]))
            continue
        if o1 > o0:
            kinds = told.kinds[o0:o1]
            words = kinds.count(WORD)
            removed += words
            substantive = kinds.count(GAP) < len(kinds)
            ops.append(DiffOp(DELETE, ob[o0], ob[o1], nb[n0], nb[n0], words, substantive))
        if n1 > n0:
            kinds = tnew.kinds[n0:n1]
            words = kinds.count(WORD)
            added += words
            substantive = kinds.count(GAP) < len(kinds)
            ops.append(DiffOp(INSERT, ob[o1], ob[o1], nb[n0], nb[n1], words, substantive))
    return TextDiff(old, new, tuple(ops), added, removed)


def ops_to_spans(ops: tuple[DiffOp, ...] | list[DiffOp], old: str, new: str) -> tuple[Span, ...]:
    """``(op, text)`` spans: "-" texts from ``old``, "=" and "+" texts from ``new``."""
    spans: list[Span] = []
    for o in ops:
        text = old[o.old_start : o.old_end] if o.op == DELETE else new[o.new_start : o.new_end]
        if text:  # an equality of old whitespace with nothing has no text to show
            spans.append((o.op, text))
    return tuple(spans)


def diff_spans(old: str, new: str, config: Config = DEFAULT_CONFIG) -> tuple[Span, ...]:
    """Shortcut: the spans of ``diff_texts(old, new)``."""
    return diff_texts(old, new, config).spans


class SimilarLines:
    """Finds, among fixed ``choices``, the lines whose characters match a given
    line's at least ``min_similarity`` (0..1: matched characters, twice, over
    both lengths). Exact, in C++; choices are kept sorted by length, because two
    lines that alike differ in length by at most that ratio."""

    def __init__(self, choices: Sequence[str], min_similarity: float) -> None:
        self.order = sorted(range(len(choices)), key=lambda k: (len(choices[k]), k))
        self.texts = [choices[k] for k in self.order]
        self.lengths = [len(t) for t in self.texts]
        self.min_similarity = min_similarity

    def find(self, line: str) -> list[int]:
        """Indexes of the matching choices, most similar first, ties in order."""
        # 2 * min(a, b) / (a + b) >= s  <=>  the shorter >= s / (2 - s) * the longer
        # (one character of slack each way for float rounding at the bound).
        ratio = self.min_similarity / (2 - self.min_similarity)
        lo = bisect.bisect_left(self.lengths, len(line) * ratio - 1)
        hi = bisect.bisect_right(self.lengths, len(line) / ratio + 1) if ratio else len(self.texts)
        found = _process.extract(
            line, self.texts[lo:hi], scorer=_fuzz.ratio,
            score_cutoff=100 * self.min_similarity, limit=None,
        )  # fmt: skip
        ranked = sorted((-score, self.order[lo + i]) for _, score, i in found)
        return [k for _, k in ranked]
