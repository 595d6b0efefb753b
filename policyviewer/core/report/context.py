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
    old_date, new_date = _version_dates(cmp)
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


def _version_dates(cmp: Comparison) -> tuple[str | None, str | None]:
    """Both versions' dates, from the same field where both have one."""
    pairs = []
    for wanted in _DATE_FIELDS:
        old = next((c.old for c in cmp.metadata if c.field == wanted and c.old), None)
        new = next((c.new for c in cmp.metadata if c.field == wanted and c.new), None)
        # An unchanged date is not a metadata change; the outlines still know it.
        pairs.append((old or _outline_date(cmp.old_outline, wanted),
                      new or _outline_date(cmp.new_outline, wanted)))
    for old, new in pairs:
        if old and new:
            return old, new
    return (next((old for old, _ in pairs if old), None),
            next((new for _, new in pairs if new), None))


def _outline_date(outline: Outline | None, field: str) -> str | None:
    lines = outline.metadata if outline is not None else ()
    return next((line.value for line in lines if line.field == field), None)


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
