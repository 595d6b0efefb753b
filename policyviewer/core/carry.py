"""Sections split or merged in place: text carried across a new or lost heading.

A heading added above text that stays where it was ("California Consumer
Rights" over the second half of "Your Privacy Rights") makes a new section out
of old text. Diffed section by section, the old section would lose that text
and the new one gain it: thousands of words reported changed where a reader
sees one new heading. Likewise a heading dropped between two sections merges
them.

So between two sections that kept their place (in order, paired), the stretch
of added and removed sections is diffed as one text with the first of the two
(or, when the text went to the section after, with both) when one of them
carries most of its words over from the other version. Each section of the stretch then
shows its part of that diff: the anchor section its own changes, a split-off
section the carried text as unchanged under its new heading, a merged-away
section only the words really deleted (its heading). Word counts follow the
diff, each changed word counted once, in the section it was written in (old or
new). These sections are flagged ``carried``: their spans rebuild the stretch
together, not each its own old text.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, replace

from policyviewer.core.align import Alignment, Part
from policyviewer.core.config import Config
from policyviewer.core.model import SectionChange, Span, join_spans
from policyviewer.core.normalize import GAP, WORD_RUN, Tokens, word_count
from policyviewer.core.worddiff import DELETE, EQUAL, DiffOp, TextDiff, diff_texts, diff_tokens

# An added or removed section is carried when this share of its words is
# unchanged text of the other version's neighbouring sections.
MIN_CARRIED_SHARE = 0.5
MIN_CARRIED_WORDS = 5
# Characters of a section's body looked up in the other side's stretch before
# the stretch is diffed as one (cheap: most added sections are really new).
PROBE_CHARS = 60

MetaTest = Callable[[int, int, str, bool], bool]  # (abs start, abs end, text, old side)


@dataclass(frozen=True)
class Stretch:
    """Old parts ``old_lo..old_hi-1`` and new parts ``new_lo..new_hi-1``: the
    pair (old_lo, new_lo) that kept its place and the unpaired parts after it on
    both sides; ``closed``: the next pair that kept its place ends the stretch
    (text merged into the section after, not before)."""

    old_lo: int
    old_hi: int
    new_lo: int
    new_hi: int
    closed: bool = False

    def anchors(self) -> list[tuple[int, int]]:
        """The paired parts, as positions within the stretch (old, new)."""
        last = [(self.old_hi - self.old_lo - 1, self.new_hi - self.new_lo - 1)]
        return [(0, 0), *(last if self.closed else [])]

    def close(self) -> Stretch:
        return replace(self, old_hi=self.old_hi + 1, new_hi=self.new_hi + 1, closed=True)


def find_stretches(n_old: int, n_new: int, alignment: Alignment) -> list[Stretch]:
    """Stretches after each in-place pair holding only added and removed parts."""
    paired = [(i, j) for i, j in alignment.pairs if i is not None and j is not None]
    staying = sorted((i, j) for i, j in paired if i not in alignment.moved)
    paired_old = {i for i, _ in paired}
    paired_new = {j for _, j in paired}
    out = []
    for k, (i, j) in enumerate(staying):
        i2, j2 = staying[k + 1] if k + 1 < len(staying) else (n_old, n_new)
        olds, news = range(i + 1, i2), range(j + 1, j2)
        if not olds and not news:
            continue
        if any(o in paired_old for o in olds) or any(n in paired_new for n in news):
            continue  # a moved section sits in between: leave the stretch to the pairs
        out.append(Stretch(i, i2, j, j2))
    return out


def _probe(part: Part, other: str) -> bool:
    """Whether a piece of the part's body (its start, middle or end) appears in
    the other side's text."""
    body = part.text[part.head_len :].strip()
    if not body:
        return False
    starts = {0, max(0, len(body) // 2 - PROBE_CHARS // 2), max(0, len(body) - PROBE_CHARS)}
    return any(body[k : k + PROBE_CHARS] in other for k in starts)


def may_carry(stretch: Stretch, old_parts: list[Part], new_parts: list[Part]) -> bool:
    """Whether a piece of an added (removed) section's body is found in the
    other side's stretch: only then is the stretch worth one diff."""
    olds = old_parts[stretch.old_lo : stretch.old_hi]
    news = new_parts[stretch.new_lo : stretch.new_hi]
    old_text = "".join(p.text for p in olds)
    new_text = "".join(p.text for p in news)
    end = -1 if stretch.closed else None
    return any(_probe(p, new_text) for p in olds[1:end]) or any(
        _probe(p, old_text) for p in news[1:end]
    )


def carry_stretch(
    stretch: Stretch,
    old_parts: list[Part],
    new_parts: list[Part],
    anchors: list[SectionChange],
    config: Config,
    in_meta: MetaTest,
) -> dict[tuple[int | None, int | None], SectionChange] | None:
    """The stretch's section changes from one diff, keyed by (old, new) part
    position; None when no added or removed section carries text over.
    ``anchors`` are the changes of ``stretch.anchors()``, without their diff."""
    olds = old_parts[stretch.old_lo : stretch.old_hi]
    news = new_parts[stretch.new_lo : stretch.new_hi]
    paired = stretch.anchors()
    paired_old = {ko for ko, _ in paired}
    paired_new = {kn for _, kn in paired}
    diff = diff_tokens(_joined_tokens(olds), _joined_tokens(news), config)
    old_bounds = _bounds(olds)
    new_bounds = _bounds(news)
    old_equal = _equal_words(diff.ops, diff.old, old_bounds, old_side=True)
    new_equal = _equal_words(diff.ops, diff.new, new_bounds, old_side=False)
    carried = any(
        _carried(old_equal[k], p) for k, p in enumerate(olds) if k not in paired_old
    ) or any(_carried(new_equal[k], p) for k, p in enumerate(news) if k not in paired_new)
    if not carried:
        return None
    heads = (
        [old_bounds[ko] + olds[ko].head_len if ko in paired_old else -1 for ko in range(len(olds))],
        [new_bounds[kn] + news[kn].head_len if kn in paired_new else -1 for kn in range(len(news))],
    )
    removed, added, changed = _counts(diff, olds, news, old_bounds, new_bounds, heads, in_meta)
    spans = _spans_by_new_part(diff, new_bounds)
    out: dict[tuple[int | None, int | None], SectionChange] = {}
    lo, nlo = stretch.old_lo, stretch.new_lo
    for (ko, kn), anchor in zip(paired, anchors, strict=True):
        heading_added = heading_removed = 0
        if anchor.renamed:  # the heading's changed words, as for any renamed section
            heading = diff_texts(anchor.old_heading or "", anchor.new_heading or "", config)
            heading_added, heading_removed = heading.words_added, heading.words_removed
        out[lo + ko, nlo + kn] = replace(
            anchor,
            status="modified" if changed[0][ko] or changed[1][kn] else "unchanged",
            words_added=added[kn] + heading_added,
            words_removed=removed[ko] + heading_removed,
            spans=spans[kn],
            carried=True,
        )
    for k, p in enumerate(news):
        if k in paired_new:
            continue
        out[None, nlo + k] = SectionChange(
            status="added",
            old_heading=None,
            new_heading=p.heading,
            old_number=None,
            new_number=p.number,
            words_added=added[k],
            spans=spans[k],
            new_index=p.index,
            carried=True,
        )
    for k, p in enumerate(olds):
        if k in paired_old:
            continue
        # Its deletions are shown where they were made, in the new sections' spans.
        out[lo + k, None] = SectionChange(
            status="removed",
            old_heading=p.heading,
            new_heading=None,
            old_number=p.number,
            new_number=None,
            words_removed=removed[k],
            old_index=p.index,
            carried=True,
        )
    return out


def _joined_tokens(parts: list[Part]) -> Tokens:
    """The parts' tokens one after the other, as the tokens of their joined text
    (no second tokenizing). A part opening with a marker ("2. ", "- ") has a
    leading-gap key; inside the join it is an ordinary gap, one with a gap
    ending the part before."""
    joined = Tokens.__new__(Tokens)
    joined.text = "".join(p.text for p in parts)
    joined.bounds, joined.kinds, joined.keys = [0], [], []
    for p in parts:
        t, base = p.tokens, joined.bounds[-1]
        bounds, kinds, keys = t.bounds[1:], t.kinds, t.keys
        if joined.keys and keys and kinds[0] == GAP:
            if joined.kinds[-1] == GAP:
                # "\n" ending one part and "2. " opening the next are one gap,
                # as in the joined text: two would let the diff match only half.
                joined.bounds.pop()
            else:
                joined.keys.append(" ")
                joined.kinds.append(GAP)
            bounds, kinds, keys = bounds, kinds[1:], keys[1:]
        joined.bounds += [base + b for b in bounds]
        joined.kinds += kinds
        joined.keys += keys
    return joined


def _bounds(parts: list[Part]) -> list[int]:
    out = [0]
    for p in parts:
        out.append(out[-1] + len(p.text))
    return out


def _carried(equal_words: int, part: Part) -> bool:
    words = part.tokens.word_count()
    return words >= MIN_CARRIED_WORDS and equal_words >= MIN_CARRIED_SHARE * words


def _equal_words(
    ops: tuple[DiffOp, ...], text: str, bounds: list[int], *, old_side: bool
) -> list[int]:
    """Words of unchanged text in each part of one side (runs of word characters:
    close enough to weigh a share, and no second tokenizing)."""
    out = [0] * (len(bounds) - 1)
    for op in ops:
        if op.op != EQUAL:
            continue
        a, b = (op.old_start, op.old_end) if old_side else (op.new_start, op.new_end)
        for k, (x, y) in _pieces(a, b, bounds):
            out[k] += len(WORD_RUN.findall(text, x, y))  # counted in C
    return out


def _pieces(a: int, b: int, bounds: list[int]) -> list[tuple[int, tuple[int, int]]]:
    """(part, (start, end)) for the range a..b cut at the part bounds."""
    out = []
    k = max(0, bisect.bisect_right(bounds, a) - 1)
    while a < b and k < len(bounds) - 1:
        end = min(b, bounds[k + 1])
        if end > a:
            out.append((k, (a, end)))
        a = end
        k += 1
    return out


def _counts(
    diff: TextDiff,
    olds: list[Part],
    news: list[Part],
    old_bounds: list[int],
    new_bounds: list[int],
    heads: tuple[list[int], list[int]],
    in_meta: MetaTest,
) -> tuple[list[int], list[int], tuple[list[bool], list[bool]]]:
    """Words removed per old part, added per new part, and whether each part's
    body changed: the paired parts' heading lines (``heads``: where each one's
    body starts, -1 for unpaired parts) and metadata lines aside, as for any
    paired section."""
    removed = [0] * len(olds)
    added = [0] * len(news)
    changed = ([False] * len(olds), [False] * len(news))
    for op in diff.ops:
        if op.op == EQUAL or not op.substantive:
            continue
        side = 0 if op.op == DELETE else 1
        if side == 0:
            a, b, parts, bounds, counts, text = (
                op.old_start,
                op.old_end,
                olds,
                old_bounds,
                removed,
                diff.old,
            )
        else:
            a, b, parts, bounds, counts, text = (
                op.new_start,
                op.new_end,
                news,
                new_bounds,
                added,
                diff.new,
            )
        for k, (x, y) in _pieces(a, b, bounds):
            if y <= heads[side][k]:
                continue  # a paired section's heading: renamed / renumbered instead
            piece = text[x:y]
            start = parts[0].start + x
            if not piece.strip() or in_meta(start, start + y - x, piece, side == 0):
                continue
            counts[k] += word_count(piece)
            changed[side][k] = True
    return removed, added, changed


def _spans_by_new_part(diff: TextDiff, new_bounds: list[int]) -> list[tuple[Span, ...]]:
    """The diff's spans cut at the new parts' bounds; a deletion goes with the
    new part it was deleted from (the one before a heading it precedes)."""
    out: list[list[Span]] = [[] for _ in range(len(new_bounds) - 1)]
    last = len(out) - 1
    for op in diff.ops:
        if op.op == DELETE:
            k = min(last, max(0, bisect.bisect_left(new_bounds, op.new_start) - 1))
            out[k].append((DELETE, diff.old[op.old_start : op.old_end]))
            continue
        for k, (x, y) in _pieces(op.new_start, op.new_end, new_bounds):
            out[k].append((op.op, diff.new[x:y]))
    return [tuple(join_spans(s)) for s in out]


__all__ = ["Stretch", "carry_stretch", "find_stretches", "may_carry"]
