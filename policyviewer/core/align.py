"""Pair the sections of two versions of a document.

Sections are paired, in this order of confidence:

1. the preamble (text before the first heading) with the preamble;
2. the same body (noise folded), whatever the heading says: renamed and/or
   renumbered sections;
3. the same heading (number and case aside), whatever the body says;
4. similar content (shared word pairs, helped by similar headings), best first:
   renamed-and-rewritten sections, the best half of a split or merge;
5. sections rewritten in place: left over between the same two pairs that kept
   their order (a slot) and alike, by heading or by a little shared content.

What is left is added or removed. Of the paired sections, the ones flagged as
moved are the fewest that explain the new order: everything outside a longest
increasing subsequence of old positions taken in new order.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from policyviewer.core.model import Outline, Section
from policyviewer.core.normalize import WORD, Tokens, fold_noise_fast

# Content pairing thresholds (Dice coefficients, 0..1).
MIN_CONTENT_SIMILARITY = 0.5
MIN_HEADING_SIMILARITY = 0.5  # for sections with little body text
SHORT_BODY_WORDS = 30
# Share of the shorter heading's words found in the other heading.
MIN_HEADING_CONTAINMENT = 0.75
HEADING_WEIGHT = 0.3
# Above this many candidate pairs, content pairing only looks at sections whose
# positions are close (keeps huge rewrites fast).
MAX_CONTENT_PAIRS = 40_000
# Bodies shorter than this many words are not paired on identical body alone
# ("Contact us: privacy@x.com" under two different headings is not a rename).
MIN_BODY_WORDS_FOR_IDENTITY = 4
# In-place rewrites (step 5): the place vouches for the pair, so a lower content
# score will do: this one for the k-th of k sections left on each side of a slot
# (or alike headings alone), this one with alike headings anywhere in the slot.
MIN_SAME_SLOT_SIMILARITY = 0.2
MIN_IN_SLOT_SIMILARITY = 0.3


@dataclass(frozen=True)
class Part:
    """One piece of a document compared as a unit: the preamble or a section.

    ``index`` is the section's index in its outline (None for the preamble).
    """

    index: int | None
    heading: str | None
    number: str | None
    inferred: bool
    tokens: Tokens  # the whole part: heading line(s), then body up to the next section
    head_len: int  # characters of heading before the body
    start: int = 0  # offset of the part in the document text

    @property
    def text(self) -> str:
        return self.tokens.text

    @property
    def body_start(self) -> int:
        return self.start + self.head_len

    def _body_first(self) -> int:
        return bisect.bisect_left(self.tokens.bounds, self.head_len, 0, len(self.tokens))

    @property
    def body_keys(self) -> list[str]:
        return self.tokens.keys[self._body_first() :]

    @property
    def heading_key(self) -> str | None:
        """The heading for pairing: noise folded, case-insensitive; None if the
        section has no heading of its own (preamble, inferred groups)."""
        if self.heading is None or self.inferred:
            return None
        return _heading_key(self.heading)

    def body_word_count(self) -> int:
        return self.tokens.kinds[self._body_first() :].count(WORD)

    def body_words(self) -> list[str]:
        first = self._body_first()
        pairs = zip(self.tokens.keys[first:], self.tokens.kinds[first:], strict=True)
        return [k.casefold() for k, kind in pairs if kind == WORD]


@dataclass(frozen=True)
class Alignment:
    """``pairs``: (old position, new position) in the part lists, None where absent.
    ``moved``: pairs (by old position) that moved."""

    pairs: tuple[tuple[int | None, int | None], ...]
    moved: frozenset[int]


@functools.lru_cache(maxsize=4096)
def _heading_key(heading: str) -> str:
    return " ".join(
        k.casefold() for k, kind in zip(*_keys_kinds(heading), strict=True) if kind == WORD
    )


def _keys_kinds(text: str) -> tuple[list[str], list[str]]:
    t = Tokens(text)
    return t.keys, t.kinds


def _bigrams(words: list[str]) -> set[str]:
    if len(words) < 2:
        return set(words)
    return {f"{a} {b}" for a, b in itertools.pairwise(words)}


def _dice(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


class _LazyList:
    """``f(k)`` computed on first access and kept."""

    def __init__(self, f: Callable[[int], set[str]]) -> None:
        self.f = f
        self.done: dict[int, set[str]] = {}

    def __getitem__(self, k: int) -> set[str]:
        v = self.done.get(k)
        if v is None:
            v = self.done[k] = self.f(k)
        return v


def _contains(a: set[str], b: set[str]) -> bool:
    return bool(a and b) and len(a & b) / min(len(a), len(b)) >= MIN_HEADING_CONTAINMENT


def align_parts(old: list[Part], new: list[Part]) -> Alignment:
    """Pair old and new parts (see module doc)."""
    new_of: dict[int, int] = {}  # old position -> new position
    taken_new: set[int] = set()

    def pair(i: int, j: int) -> None:
        new_of[i] = j
        taken_new.add(j)

    # 1. Preamble with preamble.
    if old and new and old[0].index is None and new[0].index is None:
        pair(0, 0)

    # 2. Identical bodies (noise folded); prefer the same heading among duplicates.
    counts = [p.body_word_count() for p in old], [p.body_word_count() for p in new]
    by_body: dict[str, list[int]] = {}
    for i, p in enumerate(old):
        if i not in new_of and counts[0][i] >= MIN_BODY_WORDS_FOR_IDENTITY:
            by_body.setdefault("\x00".join(p.body_keys).strip(" \x00"), []).append(i)
    for j, p in enumerate(new):
        if j in taken_new or counts[1][j] < MIN_BODY_WORDS_FOR_IDENTITY:
            continue
        cands = by_body.get("\x00".join(p.body_keys).strip(" \x00"))
        if cands:
            same = [i for i in cands if old[i].heading_key == p.heading_key]
            i = (same or cands)[0]
            cands.remove(i)
            pair(i, j)

    # 3. Same heading; among duplicates, the most similar body.
    by_heading: dict[str, list[int]] = {}
    for i, p in enumerate(old):
        if i not in new_of and p.heading_key:
            by_heading.setdefault(p.heading_key, []).append(i)
    grams_old = _LazyList(lambda k: _bigrams(old[k].body_words()))
    grams_new = _LazyList(lambda k: _bigrams(new[k].body_words()))
    for j, p in enumerate(new):
        if j in taken_new or not p.heading_key:
            continue
        cands = by_heading.get(p.heading_key)
        if cands:
            i = cands[0]
            if len(cands) > 1:
                i = max(cands, key=lambda c: (_dice(grams_old[c], grams_new[j]), -c))
            cands.remove(i)
            pair(i, j)

    # 4. Similar content, best first.
    rest_old = [i for i in range(len(old)) if i not in new_of]
    rest_new = [j for j in range(len(new)) if j not in taken_new]
    columns = _columns_near_diagonal(len(rest_old), len(rest_new))
    scored: list[tuple[float, int, int]] = []
    head_grams_old = _LazyList(lambda k: set((old[k].heading_key or "").split()))
    head_grams_new = _LazyList(lambda k: set((new[k].heading_key or "").split()))
    for a, i in enumerate(rest_old):
        for b in columns(a):
            j = rest_new[b]
            hs = _dice(head_grams_old[i], head_grams_new[j])
            score = 0.0
            go, gn = grams_old[i], grams_new[j]
            # The set sizes bound the Dice score: skip pairs that cannot reach it.
            if go and gn and (
                2 * min(len(go), len(gn)) / (len(go) + len(gn)) + HEADING_WEIGHT * hs
                >= MIN_CONTENT_SIMILARITY
            ):
                score = _dice(go, gn) + HEADING_WEIGHT * hs
            short = max(counts[0][i], counts[1][j]) < SHORT_BODY_WORDS
            if short and hs >= MIN_HEADING_SIMILARITY and _contains(
                head_grams_old[i], head_grams_new[j]
            ):
                score = max(score, hs)  # a parent heading reworded, little body to compare
            if score >= MIN_CONTENT_SIMILARITY:
                scored.append((score, i, j))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    for _, i, j in scored:
        if i not in new_of and j not in taken_new:
            pair(i, j)

    # 5. Rewritten in place.
    preamble = bool(old and old[0].index is None)
    heads = (head_grams_old, head_grams_new)
    for i, j in _in_place_pairs(
        len(old), len(new), new_of, _moved(new_of, preamble), heads, (grams_old, grams_new)
    ):
        pair(i, j)

    moved = _moved(new_of, preamble=preamble)
    pairs = ordered_pairs(len(old), len(new), new_of)
    return Alignment(tuple(pairs), frozenset(moved))


def _in_place_pairs(
    n_old: int,
    n_new: int,
    new_of: dict[int, int],
    moved: set[int],
    heads: tuple[_LazyList, _LazyList],
    grams: tuple[_LazyList, _LazyList],
) -> list[tuple[int, int]]:
    """Unpaired sections between two consecutive pairs that kept their order
    (a slot), paired in order when alike: a section reworded and rewritten
    where it stood reads as one section changed, not one removed and one added."""
    anchors = sorted((i, j) for i, j in new_of.items() if i not in moved)
    taken_new = set(new_of.values())
    out: list[tuple[int, int]] = []
    for (i1, j1), (i2, j2) in itertools.pairwise([(-1, -1), *anchors, (n_old, n_new)]):
        olds = [i for i in range(i1 + 1, i2) if i not in new_of]
        news = [j for j in range(j1 + 1, j2) if j not in taken_new]
        if not olds or not news:
            continue
        ho, hn = [heads[0][i] for i in olds], [heads[1][j] for j in news]
        same = len(olds) == len(news) and len(olds) ** 2 <= MAX_CONTENT_PAIRS
        columns = _columns_near_diagonal(len(olds), len(news))  # a large slot: as step 4
        score: dict[tuple[int, int], float] = {}
        alike: set[tuple[int, int]] = set()
        for a, i in enumerate(olds):
            for b in columns(a):
                h = _dice(ho[a], hn[b])
                # (Similar heading words first: body Dice only where it can count.)
                if h >= MIN_HEADING_SIMILARITY and _contains(ho[a], hn[b]):
                    alike.add((a, b))
                elif not same:
                    continue
                score[a, b] = _dice(grams[0][i], grams[1][news[b]]) + HEADING_WEIGHT * h
        scored: list[tuple[float, int, int]] = []
        for (a, b), x in score.items():
            # The k-th of k left on each side, each the other's best match.
            slot = (
                same
                and a == b
                and all(score[a, c] <= x for c in range(len(news)))
                and all(score[c, b] <= x for c in range(len(olds)))
            )
            if (slot and ((a, b) in alike or x >= MIN_SAME_SLOT_SIMILARITY)) or (
                (a, b) in alike and x >= MIN_IN_SLOT_SIMILARITY
            ):
                scored.append((x, olds[a], news[b]))
        chosen: list[tuple[int, int]] = []
        for _, i, j in sorted(scored, key=lambda t: (-t[0], t[1], t[2])):
            if all(i != a and j != b and (i < a) == (j < b) for a, b in chosen):
                chosen.append((i, j))  # one partner each, no crossing: order kept
        out += chosen
    return out


def _columns_near_diagonal(rows: int, cols: int) -> Callable[[int], range]:
    """The columns to compare with row ``a`` of a rows x cols table: all of them,
    or, past ``MAX_CONTENT_PAIRS`` cells, those within a band around the diagonal
    (``|a * cols / rows - b| <= window``), so the work stays bounded."""
    if rows * cols <= MAX_CONTENT_PAIRS:
        return lambda a: range(cols)
    window = max(1, MAX_CONTENT_PAIRS // rows // 2)

    def band(a: int) -> range:
        mid = a * cols / rows
        return range(max(0, math.ceil(mid - window)), min(cols, math.floor(mid + window) + 1))

    return band


def _moved(new_of: dict[int, int], preamble: bool) -> set[int]:
    """Old positions of the pairs outside a longest increasing subsequence of
    old positions taken in new order (the fewest moves that explain the order)."""
    seq = sorted(((j, i) for i, j in new_of.items() if not (preamble and i == 0)))
    olds = [i for _, i in seq]
    # Patience sorting with back-pointers; ties resolved to the earliest pairs.
    tails: list[int] = []  # old position ending the best run of each length
    tail_idx: list[int] = []
    back = [-1] * len(olds)
    for k, v in enumerate(olds):
        pos = bisect.bisect_left(tails, v)
        back[k] = tail_idx[pos - 1] if pos else -1
        if pos == len(tails):
            tails.append(v)
            tail_idx.append(k)
        else:
            tails[pos] = v
            tail_idx[pos] = k
    keep: set[int] = set()
    k = tail_idx[-1] if tail_idx else -1
    while k >= 0:
        keep.add(olds[k])
        k = back[k]
    return {i for i in olds if i not in keep}


def ordered_pairs(
    n_old: int, n_new: int, new_of: dict[int, int]
) -> list[tuple[int | None, int | None]]:
    """Pairs in new-document order; each removed old part right after the new
    position of the closest paired old part before it (where it stood)."""
    anchored: dict[int, list[int]] = {}  # new position (-1: before all) -> removed olds
    last_new = -1
    for i in range(n_old):
        if i in new_of:
            last_new = new_of[i]
        else:
            anchored.setdefault(last_new, []).append(i)
    old_of = {j: i for i, j in new_of.items()}
    out: list[tuple[int | None, int | None]] = [(i, None) for i in anchored.get(-1, [])]
    for j in range(n_new):
        out.append((old_of.get(j), j))
        out.extend((i, None) for i in anchored.get(j, []))
    return out


# --- outline reconciliation -------------------------------------------------

# Characters of context on each side of a section boundary that must read the
# same in the other version for the boundary to count as an outline artefact.
BOUNDARY_CONTEXT_CHARS = 60
MIN_BOUNDARY_FOLD_CHARS = 30


def reconcile_outlines(
    old_text: str, old: Outline, new_text: str, new: Outline
) -> tuple[Outline, Outline]:
    """Drop the section boundaries that only one version's outline has and that
    the other version reads straight through (same words across the boundary).

    Heuristic outlines see headings in re-wrapped lines ("service." alone on a
    line) and inferred outlines group paragraphs differently; without this a
    re-wrapped text would show sections added and removed.
    """
    folds: dict[str, str] = {}

    def fold_of(text: str) -> str:  # only needed if some boundary is in doubt
        if text not in folds:
            folds[text] = fold_noise_fast(text)
        return folds[text]

    kept_old = _kept_sections(old_text, old, new_text, new, lambda: fold_of(new_text))
    kept_new = _kept_sections(new_text, new, old_text, old, lambda: fold_of(old_text))
    return _with_sections(old, kept_old), _with_sections(new, kept_new)


def _with_sections(outline: Outline, sections: tuple[Section, ...]) -> Outline:
    if len(sections) == len(outline.sections):
        return outline
    return replace(outline, sections=_retile(sections, outline.sections))


def _retile(kept: tuple[Section, ...], original: tuple[Section, ...]) -> tuple[Section, ...]:
    """Each kept section runs to the next kept one (it absorbs dropped ones)."""
    out = []
    for k, s in enumerate(kept):
        end = kept[k + 1].start if k + 1 < len(kept) else original[-1].end
        out.append(replace(s, end=max(end, s.body_start)))
    return tuple(out)


def _start_signature(text: str, s: Section) -> str:
    # The regex fold (no Unicode composition: imported texts are already NFC).
    piece = text[s.start : s.start + 2 * BOUNDARY_CONTEXT_CHARS]
    return fold_noise_fast(piece)[:BOUNDARY_CONTEXT_CHARS]


def _kept_sections(
    text: str, outline: Outline, other_text: str, other: Outline, other_fold: Callable[[], str]
) -> tuple[Section, ...]:
    other_heads = {
        _heading_key(s.heading) for s in other.sections if s.heading and not s.inferred
    }
    other_starts: set[str] | None = None
    kept = []
    for s in outline.sections:
        if s.heading and not s.inferred and _heading_key(s.heading) in other_heads:
            kept.append(s)
            continue
        if other_starts is None:
            other_starts = {_start_signature(other_text, o) for o in other.sections}
        if _start_signature(text, s) in other_starts:
            kept.append(s)
            continue
        around = fold_noise_fast(
            text[max(0, s.start - BOUNDARY_CONTEXT_CHARS) : s.start + BOUNDARY_CONTEXT_CHARS]
        )
        if len(around) >= MIN_BOUNDARY_FOLD_CHARS and around in other_fold():
            continue  # the other version runs straight through this boundary
        kept.append(s)
    return tuple(kept)
