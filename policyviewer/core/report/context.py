"""What a report says about the comparison that the comparison itself does not know."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from policyviewer.core.model import Comparison, Outline


@dataclass(frozen=True)
class ReportContext:
    """Names and dates shown in a report's header.

    ``include_unchanged``: list unchanged sections (by heading, one line each)
    in document order; otherwise they are left out and only counted.
    ``generated_at`` is shown as the report's date (None: not shown).
    """

    policy_name: str | None = None
    old_label: str = "Old version"
    new_label: str = "New version"
    old_date: str | None = None
    new_date: str | None = None
    include_unchanged: bool = False
    generated_at: datetime | None = None


# In order of preference; every label dates.py gives a date ("This policy was last
# published on: ..." is "published").
_DATE_FIELDS = ("effective_date", "last_updated", "date", "published")


def default_context(cmp: Comparison, *, include_unchanged: bool = False) -> ReportContext:
    """A context from what the comparison knows: sources as labels, dates from metadata."""
    old_date = _version_date(cmp, cmp.old_outline, new=False)
    new_date = _version_date(cmp, cmp.new_outline, new=True)
    name = None
    for outline in (cmp.new_outline, cmp.old_outline):
        if outline is not None and outline.title:
            name = outline.title
            break
    return ReportContext(
        policy_name=name,
        old_label=cmp.old.source or "Old version",
        new_label=cmp.new.source or "New version",
        old_date=old_date,
        new_date=new_date,
        include_unchanged=include_unchanged,
    )


def _version_date(cmp: Comparison, outline: Outline | None, *, new: bool) -> str | None:
    """One version's date, the same field on both sides where both have it."""
    for wanted in _DATE_FIELDS:
        for change in cmp.metadata:
            value = change.new if new else change.old
            if change.field == wanted and value:
                return value
        # An unchanged date is not a metadata change; the outline still knows it.
        for line in outline.metadata if outline is not None else ():
            if line.field == wanted:
                return line.value
    return None


def plain_label(label: str, date: str | None) -> str:
    """The label without a trailing "(date)" when the date is shown next to it anyway."""
    if date:
        return label.removesuffix(f" ({date})")
    return label


def format_generated_at(when: datetime) -> str:
    if when.tzinfo is not None:
        when = when.astimezone(timezone.utc)
        return when.strftime("%Y-%m-%d %H:%M UTC")
    return when.strftime("%Y-%m-%d %H:%M")
