"""What a change summary says, decided once for every output format.

``build_report`` turns a Comparison into plain data (titles, badges, statistics,
excerpts); the text, Markdown and HTML renderers only decide how it looks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from policyviewer.core.model import (
    Comparison,
    Insight,
    MovedPassage,
    Outline,
    SectionChange,
    Span,
)
from policyviewer.core.moved import describe_edits
from policyviewer.core.report.context import ReportContext, default_context, plain_label
from policyviewer.core.report.excerpts import (
    DEFAULT_LIMITS,
    Excerpt,
    ExcerptLimits,
    change_excerpts,
    excerpt_sides,
    is_renumbering_only,
    shorten_text,
)
from policyviewer.core.report.metadata_where import metadata_sections
from policyviewer.core.section_body import section_body_spans

# Added/removed sections longer than this are shortened (and the report says so).
MAX_SECTION_WORDS = 300

PREAMBLE_TITLE = "Introduction (text before the first heading)"
INFERRED_NOTE = (
    "Titles in parentheses are topic labels PolicyViewer gave to paragraphs; "
    "the policy itself has no headings there."
)

_STAT_LABELS = (
    ("words_added", "Words added"),
    ("words_removed", "Words removed"),
    ("sections_added", "Sections added"),
    ("sections_removed", "Sections removed"),
    ("sections_modified", "Sections modified"),
    ("sections_moved", "Sections moved"),
    ("sections_renamed", "Sections renamed"),
    ("sections_renumbered", "Sections renumbered"),
    ("words_moved", "Words moved"),
)

_FIELD_LABELS = {
    "effective_date": "Effective date",
    "last_updated": "Last updated",
    "version": "Version",
    "title": "Title",
}


@dataclass(frozen=True)
class KeyChange:
    text: str  # a whole sentence that names its kind: "Promise removed: ..."
    section: str | None


@dataclass(frozen=True)
class MovedEntry:
    """A passage that moved: its opening words, its length, where from and to,
    and the wording it changed on the way ('' if none)."""

    text: str
    words: int
    from_title: str
    to_title: str
    edits: str = ""

    @property
    def sentence(self) -> str:
        where = (f"within “{self.to_title}”" if self.from_title == self.to_title
                 else f"from “{self.from_title}” to “{self.to_title}”")
        edited = f", edited: {self.edits}" if self.edits else ""
        return f"“{self.text}” ({self.words} words) moved {where}{edited}."


MOVED_PREVIEW_WORDS = 12


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str | None
    new: str | None
    section: str | None = None  # where it sits, if not in the header (metadata_where)


@dataclass(frozen=True)
class SectionEntry:
    """One section of the "Changes by section" part."""

    title: str  # number and heading as they are now (as they were, when removed)
    previous_title: str | None  # set when renamed or renumbered
    status: str  # "added", "removed", "modified", "unchanged"
    badges: tuple[str, ...]  # status first, then "moved", "renamed", "renumbered"
    words_added: int
    words_removed: int
    excerpts: tuple[Excerpt, ...] = ()
    body: str = ""  # the text of an added/removed section
    body_omitted_words: int = 0
    note: str | None = None
    moved_from: str | None = None  # "now after X (was after Y)" for moved sections


@dataclass(frozen=True)
class ReportContent:
    title: str
    policy_name: str | None
    old_label: str
    new_label: str
    old_date: str | None
    new_date: str | None
    generated_at: object
    stats: tuple[tuple[str, int], ...]
    key_changes: tuple[KeyChange, ...]
    metadata: tuple[FieldChange, ...]
    entries: tuple[SectionEntry, ...]
    unchanged_count: int
    include_unchanged: bool
    # Notes under "Changes by section": unchanged sections left out, inferred labels.
    notes: tuple[str, ...] = ()
    moved: tuple[MovedEntry, ...] = ()

    @property
    def changed_count(self) -> int:
        return sum(1 for e in self.entries if e.status != "unchanged" or e.badges)


def section_title(number: str | None, heading: str | None) -> str:
    if heading is None and number is None:
        return PREAMBLE_TITLE
    return " ".join(part for part in (number, heading) if part)


def humanize(kind: str) -> str:
    text = kind.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def build_report(
    cmp: Comparison, ctx: ReportContext | None = None, limits: ExcerptLimits = DEFAULT_LIMITS
) -> ReportContent:
    ctx = ctx or default_context(cmp)
    entries = []
    unchanged = 0
    for change in cmp.sections:
        if not change.changed:
            unchanged += 1
            if not ctx.include_unchanged:
                continue
        entry = _entry(change, limits, section_body_spans(cmp, change))
        if change.moved:
            entry = replace(entry, moved_from=move_note(cmp, change))
        if is_inferred(cmp, change):
            # Labels made up from the text differ when the text does: not a heading that
            # was renamed, so no "was: ..." (the window shows none either).
            previous = entry.previous_title if change.renamed else None
            entry = replace(entry, title=f"({entry.title})", previous_title=previous)
        entries.append(entry)
    notes = []
    if unchanged and not ctx.include_unchanged:
        notes.append(unchanged_note(unchanged))
    if any(s.inferred for o in (cmp.old_outline, cmp.new_outline) if o for s in o.sections):
        notes.append(INFERRED_NOTE)
    name = ctx.policy_name
    return ReportContent(
        title=f"Change summary: {name}" if name else "Change summary",
        policy_name=name,
        old_label=plain_label(ctx.old_label, ctx.old_date),
        new_label=plain_label(ctx.new_label, ctx.new_date),
        old_date=ctx.old_date,
        new_date=ctx.new_date,
        generated_at=ctx.generated_at,
        stats=tuple((label, getattr(cmp.stats, key)) for key, label in _STAT_LABELS),
        key_changes=group_key_changes(cmp.insights),
        metadata=tuple(
            FieldChange(_FIELD_LABELS.get(m.field, humanize(m.field)), m.old, m.new,
                        where and section_title(where.number, where.heading))
            for m, where in zip(cmp.metadata, metadata_sections(cmp), strict=True)
        ),
        entries=tuple(entries),
        unchanged_count=unchanged,
        include_unchanged=ctx.include_unchanged,
        notes=tuple(notes),
        moved=tuple(_moved_entry(cmp, m) for m in cmp.moved),
    )


# Insights that name one value each ("Contact email removed: dpo@x.fr"): several of
# one kind in one section read better as one line with the values listed.
_LISTABLE = frozenset(("third_party_added", "third_party_removed", "contact_changed"))
MIN_GROUPED = 3


def group_key_changes(insights: Sequence[Insight]) -> tuple[KeyChange, ...]:
    """Key changes in the insights' order; ``MIN_GROUPED`` or more of one kind, same
    wording and section, each naming one value without a comma, become one line
    where the first stood: "Contact email removed (14): dpo@vinted.de, ..."."""
    groups: dict[tuple[str, str, str | None], list[str]] = {}
    for i in insights:
        if (listed := _listed_value(i)) is not None:
            groups.setdefault((i.kind, listed[0], i.section), []).append(listed[1])
    out: list[KeyChange] = []
    done: set[tuple[str, str, str | None]] = set()
    for i in insights:
        listed = _listed_value(i)
        # One that is not listed (a value with a comma) keeps its line beside the list.
        key = (i.kind, listed[0], i.section) if listed is not None else None
        values = groups.get(key, ()) if key is not None else ()
        if key is None or len(values) < MIN_GROUPED:
            out.append(KeyChange(i.text, i.section))
        elif key not in done:
            done.add(key)
            out.append(KeyChange(f"{key[1]} ({len(values)}): {', '.join(values)}", i.section))
    return tuple(out)


def _listed_value(insight: Insight) -> tuple[str, str] | None:
    """(label, value) of an insight that can be listed with others, else None."""
    label, sep, value = insight.text.partition(": ")
    if insight.kind in _LISTABLE and sep and value and "," not in value:
        return label, value
    return None


def _moved_entry(cmp: Comparison, moved: MovedPassage) -> MovedEntry:
    def title(position: int) -> str:
        change = cmp.sections[position]
        return section_title(change.number, change.heading)

    words = moved.text.split()
    preview = " ".join(words[:MOVED_PREVIEW_WORDS]) + (" …" if len(words) > MOVED_PREVIEW_WORDS
                                                      else "")
    return MovedEntry(preview, moved.words, title(moved.from_section), title(moved.to_section),
                      describe_edits(moved))


def _without_heading(text: str, change: SectionChange) -> str:
    """The section's text without its heading line (the entry's title shows it)."""
    first, _, rest = text.strip().partition("\n")
    heading = change.new_heading if change.status == "added" else change.old_heading
    if heading and " ".join(first.split()).endswith(" ".join(heading.split())):
        return rest.strip()
    return text


def is_inferred(cmp: Comparison, change: SectionChange) -> bool:
    """True when the section's title is a label the outline parser made up."""
    sides = ((cmp.new_outline, change.new_index), (cmp.old_outline, change.old_index))
    for outline, index in sides:
        if outline is not None and index is not None and 0 <= index < len(outline.sections):
            return outline.sections[index].inferred
    return False


def move_note(cmp: Comparison, change: SectionChange) -> str | None:
    """Where a moved section went: "now after 3. Sharing (was after 2. Use)"."""
    now = _predecessor(cmp.new_outline, change.new_index)
    was = _predecessor(cmp.old_outline, change.old_index)
    if now is None or was is None:
        return None
    return f"now {now} (was {was})"


def _predecessor(outline: Outline | None, index: int | None) -> str | None:
    """ "after <the previous section of the same or a higher level>", or "first"."""
    if outline is None or index is None or not 0 <= index < len(outline.sections):
        return None
    level = outline.sections[index].level
    for prev in reversed(outline.sections[:index]):
        if prev.level <= level:
            return f"after {section_title(prev.number, prev.heading)}"
    return "at the start"


HEADING_ONLY_NOTE = "Only the heading changed; the text under it is the same."
LAYOUT_ONLY_NOTE = "Only layout or numbering changed; the wording is the same."
CARRIED_WORDS_NOTE = ("Its text was split from or merged with the sections next to it; "
                      "the changed words are shown there.")

_CARRIED_NOTES = {
    "added": "A new heading over text the old version already had (split from the section "
    "before it).",
    "removed": "Only the heading went: its text now runs on in the section before it.",
}


def _is_heading_change(excerpt: Excerpt, change: SectionChange) -> bool:
    """The heading line's own change, already said by the renamed/renumbered badges."""
    if not (change.renamed or change.renumbered):
        return False
    if change.renumbered and is_renumbering_only(excerpt, change.old_number, change.new_number):
        return True
    old_side, new_side = excerpt_sides(excerpt)
    old_titles = (section_title(change.old_number, change.old_heading), change.old_heading)
    new_titles = (section_title(change.new_number, change.new_heading), change.new_heading)
    return any(_same_words(old_side, t) for t in old_titles if t) and any(
        _same_words(new_side, t) for t in new_titles if t
    )


def _same_words(a: str, b: str) -> bool:
    return a.split() == b.split()


def word_counts(added: int, removed: int) -> str:
    """"+12 / −3 words", or only the side that is not zero."""
    parts = [f"+{added}" if added else "", f"−{removed}" if removed else ""]
    shown = " / ".join(p for p in parts if p)
    return f"{shown} words" if shown else ""


def unchanged_note(count: int) -> str:
    noun = "section is" if count == 1 else "sections are"
    return f"{count} unchanged {noun} not shown."


def _entry(change: SectionChange, limits: ExcerptLimits, body: tuple[Span, ...]
           ) -> SectionEntry:
    """``body``: the section's spans after its heading line, which the entry's title
    (and "previously") shows."""
    if change.status == "removed":
        title = section_title(change.old_number, change.old_heading)
    else:
        title = section_title(change.new_number, change.new_heading)
    previous = None
    if change.status not in ("added", "removed"):
        # Renamed, renumbered, or only written differently ("Contact Details").
        previous = section_title(change.old_number, change.old_heading)
        if previous == title or change.old_heading is None:
            previous = None
    badges = tuple(
        badge
        for badge, on in (
            (change.status, change.status != "unchanged"),
            ("moved", change.moved),
            ("renamed", change.renamed),
            ("renumbered", change.renumbered),
        )
        if on
    )
    if change.carried and change.status in ("added", "removed"):
        # Split off or merged in place: its text was already there; show what changed.
        heading = (section_title(change.number, change.heading) or "").split()
        excerpts = tuple(
            e
            for e in change_excerpts(change.spans, limits)
            if "".join(t for o, t in e.spans if o != "=").split() != heading
        )
        return SectionEntry(
            title, previous, change.status, badges, change.words_added, change.words_removed,
            excerpts=excerpts, note=_CARRIED_NOTES[change.status],
        )
    if change.status in ("added", "removed"):
        op = "+" if change.status == "added" else "-"
        text = _without_heading("".join(t for o, t in change.spans if o in ("=", op)), change)
        body, omitted = shorten_text(text, MAX_SECTION_WORDS)
        return SectionEntry(
            title, previous, change.status, badges, change.words_added, change.words_removed,
            body=body, body_omitted_words=omitted,
        )
    excerpts: tuple[Excerpt, ...] = ()
    note = None
    if change.status == "modified":
        excerpts = tuple(
            e for e in change_excerpts(body, limits) if not _is_heading_change(e, change)
        )
        if not excerpts and change.carried and (change.words_added or change.words_removed):
            note = CARRIED_WORDS_NOTE  # its words are in the spans of its stretch's others
        elif not excerpts:
            note = HEADING_ONLY_NOTE if change.renamed else LAYOUT_ONLY_NOTE
    elif change.renamed:
        note = HEADING_ONLY_NOTE  # its word counts are the heading's
    elif change.changed:
        note = "The wording is unchanged."
    else:
        note = "Unchanged."
    return SectionEntry(
        title, previous, change.status, badges, change.words_added, change.words_removed,
        excerpts=excerpts, note=note,
    )
