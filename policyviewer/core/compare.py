"""Compare two versions of a policy: sections paired, words diffed, noise ignored.

``compare_texts`` / ``compare_documents`` return a ``Comparison`` whose
``to_dict()`` is the ``policyviewer diff --json`` format (docs/JSON.md).

Stages: outline both texts; cut each into parts (the preamble and every
section up to the next heading); pair the parts (``align``); word-diff each
pair, heading and body separately (``worddiff``, itself two-stage: lines, then
words only inside changed lines). Metadata lines (dates, version labels,
title) are reported as metadata changes and do not make a section "modified".
The whole-document spans are the section spans joined in document order; a
moved section appears there as removed where it stood and added where it is.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from policyviewer.core.align import (
    Alignment,
    Part,
    align_parts,
    ordered_pairs,
    reconcile_outlines,
)
from policyviewer.core.carry import Stretch, carry_stretch, find_stretches, may_carry
from policyviewer.core.config import DEFAULT_CONFIG, Config
from policyviewer.core.dates import FoundDate, find_dated_lines, parse_date
from policyviewer.core.insights import analyse
from policyviewer.core.model import (
    Comparison,
    DocSummary,
    Document,
    HeadingMark,
    MetadataChange,
    MetadataLine,
    Outline,
    SectionChange,
    Span,
    Stats,
    join_spans,
)
from policyviewer.core.moved import find_moved_passages
from policyviewer.core.normalize import Tokens, fold_noise, tokenize, tokenize_like
from policyviewer.core.outline import outline_of, parse_outline
from policyviewer.core.worddiff import DELETE, INSERT, TextDiff, diff_texts, diff_tokens

__all__ = ["compare_documents", "compare_outlines", "compare_texts"]


def compare_texts(
    old: str,
    new: str,
    *,
    old_headings: Sequence[HeadingMark] = (),
    new_headings: Sequence[HeadingMark] = (),
    old_source: str | None = None,
    new_source: str | None = None,
    config: Config = DEFAULT_CONFIG,
) -> Comparison:
    """Compare two texts (heading marks from an importer, if any, guide the outline)."""
    return compare_outlines(
        old,
        parse_outline(old, tuple(old_headings)),
        new,
        parse_outline(new, tuple(new_headings)),
        old_source=old_source,
        new_source=new_source,
        config=config,
    )


def compare_documents(old: Document, new: Document, config: Config = DEFAULT_CONFIG) -> Comparison:
    """Compare two imported documents, using their heading marks and sources."""
    return compare_outlines(
        old.text,
        outline_of(old),
        new.text,
        outline_of(new),
        old_source=old.source,
        new_source=new.source,
        config=config,
    )


def compare_outlines(
    old: str,
    old_outline: Outline,
    new: str,
    new_outline: Outline,
    *,
    old_source: str | None = None,
    new_source: str | None = None,
    config: Config = DEFAULT_CONFIG,
    insights: bool = True,
) -> Comparison:
    """Compare two texts whose outlines are already known. With ``insights=False``
    the comparison is returned without categories and insights (faster)."""
    old_outline, new_outline = reconcile_outlines(old, old_outline, new, new_outline)
    known: dict[str, Tokens] = {}  # a section that reads the same is tokenized once
    old_parts = _parts(old, old_outline, known)
    # A new section that reads differently: the lines it opens and ends with,
    # if the same as in the old section of its heading (or place), are taken
    # from that one rather than tokenized again.
    old_of_heading: dict[str | None, Tokens] = {}
    for part in old_parts:
        old_of_heading.setdefault(part.heading, part.tokens)

    def old_tokens_for(position: int, heading: str | None) -> Tokens | None:
        found = old_of_heading.get(heading)
        if found is None and position < len(old_parts):
            found = old_parts[position].tokens
        return found

    new_parts = _parts(new, new_outline, known, old_tokens_for)
    alignment = align_parts(old_parts, new_parts)
    old_dates, new_dates = find_dated_lines(old), find_dated_lines(new)
    old_meta = _meta_ranges(old_outline.metadata, old_dates)
    new_meta = _meta_ranges(new_outline.metadata, new_dates)
    # Stretches that may hold a section split or merged in place are diffed whole
    # (``carry``); their first pair's own diff is only needed if they do not.
    stretches = _carry_candidates(old_parts, new_parts, alignment)
    deferred = {(s.old_lo + ko, s.new_lo + kn) for s in stretches for ko, kn in s.anchors()}
    by_pair: dict[tuple[int | None, int | None], SectionChange | None] = {}
    for i, j in alignment.pairs:
        po = old_parts[i] if i is not None else None
        pn = new_parts[j] if j is not None else None
        if (i, j) in deferred and po is not None and pn is not None:
            by_pair[i, j] = _pair_flags(po, pn, i in alignment.moved)
        else:
            by_pair[i, j] = _section_change(
                po, pn, i in alignment.moved, old_meta, new_meta, config
            )
    _carry(by_pair, stretches, old_parts, new_parts, old_meta, new_meta, config)
    changes = [c for c in by_pair.values() if c is not None]
    spans = _document_spans(old_parts, new_parts, alignment, by_pair)
    moved = find_moved_passages(changes, config)
    cmp = Comparison(
        old=DocSummary(old_source, _words(old_parts), len(old_outline.sections)),
        new=DocSummary(new_source, _words(new_parts), len(new_outline.sections)),
        stats=replace(_stats(changes), words_moved=sum(m.words for m in moved)),
        sections=tuple(changes),
        moved=moved,
        metadata=_merge_one_sided(
            _kept_titles_dropped(
                metadata_changes(old_outline.metadata, new_outline.metadata),
                (old, old_outline.title),
                (new, new_outline.title),
            )
            + _date_changes(old_dates, new_dates, old_outline.metadata, new_outline.metadata)
        ),
        spans=spans,
        old_text=old,
        new_text=new,
        old_outline=old_outline,
        new_outline=new_outline,
    )
    return analyse(cmp) if insights else cmp


def _carry_candidates(
    old_parts: list[Part], new_parts: list[Part], alignment: Alignment
) -> list[Stretch]:
    """Stretches that may hold a section split or merged in place: text carried
    into the added sections after a pair, or into the pair after the stretch."""
    out: list[Stretch] = []
    taken: set[int] = set()  # old positions of pairs already in a stretch
    for s in find_stretches(len(old_parts), len(new_parts), alignment):
        if s.old_lo in taken:
            continue
        if not may_carry(s, old_parts, new_parts):
            closed = s.close()
            if s.old_hi >= len(old_parts) or not may_carry(closed, old_parts, new_parts):
                continue
            s = closed
        out.append(s)
        taken.update(s.old_lo + ko for ko, _ in s.anchors())
    return out


def _carry(
    by_pair: dict[tuple[int | None, int | None], SectionChange | None],
    stretches: list[Stretch],
    old_parts: list[Part],
    new_parts: list[Part],
    old_meta: _Ranges,
    new_meta: _Ranges,
    config: Config,
) -> None:
    """Sections split or merged in place (``carry``): their changes from one diff;
    a stretch that turns out to carry nothing gets its pairs' own diffs."""

    def in_meta(start: int, end: int, text: str, old_side: bool) -> bool:
        ranges = old_meta if old_side else new_meta
        return bool(ranges) and _in_meta(start, end, text, ranges)

    for stretch in stretches:
        keys = [(stretch.old_lo + ko, stretch.new_lo + kn) for ko, kn in stretch.anchors()]
        anchors = [a for a in (by_pair.get(key) for key in keys) if a is not None]
        carried = None
        if len(anchors) == len(keys):
            carried = carry_stretch(stretch, old_parts, new_parts, anchors, config, in_meta)
        if carried:
            by_pair.update(carried)
            continue
        for i, j in keys:  # pairs that kept their place: never moved
            by_pair[i, j] = _section_change(
                old_parts[i], new_parts[j], False, old_meta, new_meta, config
            )


def _document_spans(
    old_parts: list[Part],
    new_parts: list[Part],
    alignment: Alignment,
    by_pair: dict[tuple[int | None, int | None], SectionChange | None],
) -> tuple[Span, ...]:
    """The whole document's spans from the section spans: sections that stayed
    in order contribute their word diff (carried ones their part of their
    stretch's diff); a moved section is removed where it stood and inserted
    where it now is (no second diff of the whole texts)."""
    staying = {i: j for i, j in alignment.pairs if i is not None and j is not None}
    for i in alignment.moved:
        staying.pop(i, None)
    out: list[Span] = []
    for i, j in ordered_pairs(len(old_parts), len(new_parts), staying):
        change = by_pair.get((i, j))
        if (i is not None and j is not None) or (change is not None and change.carried):
            out.extend(change.spans if change is not None else ())
        elif i is not None and old_parts[i].text:
            out.append((DELETE, old_parts[i].text))
        elif j is not None and new_parts[j].text:
            out.append((INSERT, new_parts[j].text))
    return tuple(join_spans(out))


def _parts(
    text: str,
    outline: Outline,
    known: dict[str, Tokens],
    old_tokens_for: Callable[[int, str | None], Tokens | None] | None = None,
) -> list[Part]:
    """The preamble and each section, tiling the text (tokens of texts already
    seen are taken from ``known``, and new ones added to it; ``old_tokens_for`` gives,
    by position and heading, another version's tokens to take lines from)."""

    def tokens(piece: str, position: int, heading: str | None) -> Tokens:
        found = known.get(piece)
        if found is None:
            other = old_tokens_for(position, heading) if old_tokens_for is not None else None
            found = known[piece] = tokenize(piece) if other is None else tokenize_like(piece, other)
        return found

    secs = outline.sections
    first = secs[0].start if secs else len(text)
    parts = [Part(None, None, None, False, tokens(text[:first], 0, None), 0, 0)]
    for k, s in enumerate(secs):
        end = secs[k + 1].start if k + 1 < len(secs) else len(text)
        body_start = min(max(s.body_start, s.start), end)
        parts.append(
            Part(
                k,
                s.heading,
                s.number,
                s.inferred,
                tokens(text[s.start : end], k + 1, s.heading),
                body_start - s.start,
                s.start,
            )
        )
    return parts


def _words(parts: list[Part]) -> int:
    return sum(p.tokens.word_count() for p in parts)


@dataclass(frozen=True)
class _Ranges:
    """Ranges sorted by start, with the furthest end so far: whether one range holds
    a stretch is one bisection (a scan of every range per changed word was quadratic:
    4.8 s to compare two 80 KB texts of 4,000 dated lines)."""

    starts: list[int]
    max_ends: list[int]

    @staticmethod
    def of(ranges: list[tuple[int, int]]) -> _Ranges:
        ranges = sorted(ranges)
        return _Ranges([s for s, _ in ranges],
                       list(itertools.accumulate((e for _, e in ranges), max)))

    def __bool__(self) -> bool:
        return bool(self.starts)

    def holds(self, a: int, b: int) -> bool:
        """Whether one range starts at or before ``a`` and ends at or after ``b``."""
        i = bisect.bisect_right(self.starts, a) - 1
        return i >= 0 and self.max_ends[i] >= b


def _meta_ranges(lines: tuple[MetadataLine, ...], dates: tuple[FoundDate, ...]) -> _Ranges:
    """Where metadata sits: whole metadata lines, and labelled dates in sentences
    ("This policy was last modified on May 1, 2024.")."""
    return _Ranges.of([(m.start, m.end) for m in lines] + [(d.start, d.end) for d in dates])


def _in_meta(start: int, end: int, text: str, ranges: _Ranges) -> bool:
    """Whether ``text`` (found at ``start``..``end``) lies inside one metadata line,
    whitespace around it aside."""
    lead = len(text) - len(text.lstrip())
    trail = len(text) - len(text.rstrip())
    return ranges.holds(start + lead, end - trail)


def _counted(
    d: TextDiff,
    po: Part,
    pn: Part,
    old_meta: _Ranges,
    new_meta: _Ranges,
) -> tuple[int, int, bool]:
    """(words added, words removed, changed) over the ops of a part's diff that
    are not whitespace-only, not inside the heading and not inside a metadata line."""
    added = removed = 0
    changed = False
    for o in d.ops:
        if not o.substantive:
            continue
        if o.op == DELETE:
            a, b, part, meta = o.old_start, o.old_end, po, old_meta
        else:
            a, b, part, meta = o.new_start, o.new_end, pn, new_meta
        if b <= part.head_len:
            continue  # heading wording: reported as renamed/renumbered
        text = part.text[a:b]
        if meta and _in_meta(part.start + a, part.start + b, text, meta):
            continue
        changed = True
        if o.op == DELETE:
            removed += o.words
        else:
            added += o.words
    return added, removed, changed


_NUMBER_NOISE = re.compile(r"[\s.:)\]]+$|^[\s(\[]+")


def _number_key(number: str | None) -> str | None:
    return _NUMBER_NOISE.sub("", number) or None if number is not None else None


def _section_change(
    po: Part | None,
    pn: Part | None,
    moved: bool,
    old_meta: _Ranges,
    new_meta: _Ranges,
    config: Config,
) -> SectionChange | None:
    if po is None and pn is None:
        return None
    if po is None or pn is None:
        part = pn if po is None else po
        assert part is not None
        if not part.text.strip():
            return None  # an empty preamble on one side only
        added = po is None
        words = part.tokens.word_count()
        return SectionChange(
            status="added" if added else "removed",
            old_heading=None if added else part.heading,
            new_heading=part.heading if added else None,
            old_number=None if added else part.number,
            new_number=part.number if added else None,
            words_added=words if added else 0,
            words_removed=0 if added else words,
            spans=((INSERT if added else DELETE, part.text),),
            old_index=None if added else part.index,
            new_index=part.index if added else None,
        )
    if po.index is None and not po.text and not pn.text:
        return None  # neither side has a preamble
    d = diff_tokens(po.tokens, pn.tokens, config, fold_edges=False)
    added, removed, modified = _counted(d, po, pn, old_meta, new_meta)
    flags = _pair_flags(po, pn, moved)
    if flags.renamed:
        heading_diff = diff_texts(po.heading or "", pn.heading or "", config)
        added += heading_diff.words_added
        removed += heading_diff.words_removed
    return replace(
        flags,
        status="modified" if modified else "unchanged",
        words_added=added,
        words_removed=removed,
        spans=d.spans,
    )


def _pair_flags(po: Part, pn: Part, moved: bool) -> SectionChange:
    """A pair's headings, numbers and flags (moved, renamed, renumbered); no diff yet."""
    renamed = bool(
        po.heading is not None
        and pn.heading is not None
        and not (po.inferred or pn.inferred)
        and po.heading != pn.heading  # (equal as written: no folding needed)
        # Its words: "Age restriction" -> "Age Restriction" or "Consent." ->
        # "Consent" is not a section renamed.
        and po.heading_key != pn.heading_key
    )
    renumbered = po.index is not None and _number_key(po.number) != _number_key(pn.number)
    return SectionChange(
        status="unchanged",
        old_heading=po.heading,
        new_heading=pn.heading,
        old_number=po.number,
        new_number=pn.number,
        moved=moved,
        renamed=renamed,
        renumbered=renumbered,
        old_index=po.index,
        new_index=pn.index,
    )


def _stats(changes: list[SectionChange]) -> Stats:
    return Stats(
        words_added=sum(c.words_added for c in changes),
        words_removed=sum(c.words_removed for c in changes),
        sections_added=sum(c.status == "added" for c in changes),
        sections_removed=sum(c.status == "removed" for c in changes),
        sections_modified=sum(c.status == "modified" for c in changes),
        sections_moved=sum(c.moved for c in changes),
        sections_renamed=sum(c.renamed for c in changes),
        sections_renumbered=sum(c.renumbered for c in changes),
    )


def metadata_changes(
    old: tuple[MetadataLine, ...], new: tuple[MetadataLine, ...]
) -> tuple[MetadataChange, ...]:
    """Metadata fields whose value changed, appeared or disappeared (paired by
    field, in order of appearance). Values are as written; two dates that read
    as the same day ("July 29, 2021", "29 July 2021") are no change."""
    out: list[MetadataChange] = []
    fields = list(dict.fromkeys([m.field for m in old] + [m.field for m in new]))
    for name in fields:
        olds = [m.value for m in old if m.field == name]
        news = [m.value for m in new if m.field == name]
        for k in range(max(len(olds), len(news))):
            a = olds[k] if k < len(olds) else None
            b = news[k] if k < len(news) else None
            if a is None or b is None or not _same_value(a, b):
                out.append(MetadataChange(name, a, b))
    return tuple(out)


def _kept_titles_dropped(
    changes: tuple[MetadataChange, ...],
    old: tuple[str, str | None],
    new: tuple[str, str | None],
) -> tuple[MetadataChange, ...]:
    """Title changes where only one version has a title line: no change if the
    other version's outline has the same title (a banner above it) or its text
    opens with it (the title became headings: "LEGAL INFORMATION", "Wolfram
    Privacy Policy"); old -> that title if it has another; else as reported."""
    out = []
    for c in changes:
        if c.field == "title" and (c.old is None) != (c.new is None):
            text, title = new if c.new is None else old
            value = c.old if c.new is None else c.new
            assert value is not None
            head = fold_noise(text[: 2 * len(value) + 80]).casefold()
            want = fold_noise(value).casefold()
            # (Whole words: a title "Discord" is not kept by a text opening "Discordant".)
            opens = head.startswith(want) and not head[len(want) : len(want) + 1].isalnum()
            if opens or (
                title is not None and _same_value(title, value)
            ):
                continue
            if title is not None:
                c = MetadataChange(c.field, c.old or title, c.new or title)
        out.append(c)
    return tuple(out)


def _same_value(a: str, b: str) -> bool:
    day_a, day_b = parse_date(a), parse_date(b)
    if day_a is not None and day_b is not None:
        return day_a == day_b
    return fold_noise(a).casefold() == fold_noise(b).casefold()  # "DISCORD" = "Discord"


def _date_changes(
    old: tuple[FoundDate, ...],
    new: tuple[FoundDate, ...],
    old_lines: tuple[MetadataLine, ...],
    new_lines: tuple[MetadataLine, ...],
) -> tuple[MetadataChange, ...]:
    """Changed labelled dates that are not on a metadata line (those are
    reported by ``metadata_changes``), paired by label in order; dates as
    written, like the outline's metadata values."""

    def by_label(dates: tuple[FoundDate, ...], lines: tuple[MetadataLine, ...]):
        on_lines = _Ranges.of([(m.start, m.end) for m in lines])
        out: dict[str, list[FoundDate]] = {}
        for d in dates:
            if not on_lines.holds(d.start, d.start + 1):
                out.setdefault(d.label, []).append(d)
        return out

    old_free, new_free = by_label(old, old_lines), by_label(new, new_lines)
    out: list[MetadataChange] = []
    for label in dict.fromkeys([*old_free, *new_free]):
        olds, news = old_free.get(label, []), new_free.get(label, [])
        for k in range(max(len(olds), len(news))):
            a = olds[k] if k < len(olds) else None
            b = news[k] if k < len(news) else None
            if a is None or b is None or a.iso != b.iso:
                out.append(MetadataChange(label, a.raw if a else None, b.raw if b else None))
    return tuple(out)


def _merge_one_sided(changes: tuple[MetadataChange, ...]) -> tuple[MetadataChange, ...]:
    """A field that lost its value in one place and gained one in another (a date
    moved from a header line into a sentence) is one change, old -> new."""
    out: list[MetadataChange | None] = list(changes)
    # The one-sided changes of each field, by whether they lack the old value, in order:
    # each change takes the first later one lacking the other value (a scan was quadratic).
    waiting: dict[tuple[str, bool], deque[int]] = {}
    for k, c in enumerate(changes):
        if (c.old is None) != (c.new is None):
            waiting.setdefault((c.field, c.old is None), deque()).append(k)
    for k, a in enumerate(out):
        if a is None or (a.old is not None and a.new is not None):
            continue
        later = waiting.get((a.field, a.old is not None))
        while later and later[0] <= k:
            later.popleft()
        if later:
            m = later.popleft()
            b = out[m]
            assert b is not None
            old = a.old if a.old is not None else b.old
            new = a.new if a.new is not None else b.new
            out[k], out[m] = MetadataChange(a.field, old, new), None
    return tuple(c for c in out if c is not None and c.old != c.new)
