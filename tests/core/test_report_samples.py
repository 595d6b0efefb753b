"""Hand-built comparisons for the report tests (no comparison engine needed).

Section bodies are written with the word-diff markup ``[-deleted-]{+inserted+}``
and turned into diff spans, so each test states its changes readably.
"""

from __future__ import annotations

import re

from policyviewer.core.model import (
    Comparison,
    DocSummary,
    Insight,
    MetadataChange,
    SectionChange,
    Span,
    Stats,
)

_MARK = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}", re.DOTALL)


def spans_from_markup(text: str) -> tuple[Span, ...]:
    spans: list[Span] = []
    pos = 0
    for m in _MARK.finditer(text):
        if m.start() > pos:
            spans.append(("=", text[pos : m.start()]))
        spans.append(("-", m.group(1)) if m.group(1) is not None else ("+", m.group(2)))
        pos = m.end()
    if pos < len(text):
        spans.append(("=", text[pos:]))
    return tuple(spans)


def section(
    status: str,
    old: tuple[str | None, str | None] | None,
    new: tuple[str | None, str | None] | None,
    body: str,
    **flags: bool,
) -> SectionChange:
    """A SectionChange whose spans are the heading line plus ``body`` (markup allowed)."""
    old_number, old_heading = old or (None, None)
    new_number, new_heading = new or (None, None)
    heading = " ".join(p for p in (new_number or old_number, new_heading or old_heading) if p)
    markup = f"{heading}\n\n{body}" if heading else body
    if status == "added":
        spans: tuple[Span, ...] = (("+", markup),)
    elif status == "removed":
        spans = (("-", markup),)
    else:
        spans = spans_from_markup(markup)
    added = sum(len(t.split()) for op, t in spans if op == "+")
    removed = sum(len(t.split()) for op, t in spans if op == "-")
    return SectionChange(
        status, old_heading, new_heading, old_number, new_number,
        words_added=added, words_removed=removed, spans=spans, **flags,
    )


def comparison(
    sections: list[SectionChange],
    metadata: tuple[MetadataChange, ...] = (),
    insights: tuple[Insight, ...] = (),
) -> Comparison:
    stats = Stats(
        words_added=sum(s.words_added for s in sections),
        words_removed=sum(s.words_removed for s in sections),
        sections_added=sum(s.status == "added" for s in sections),
        sections_removed=sum(s.status == "removed" for s in sections),
        sections_modified=sum(s.status == "modified" for s in sections),
        sections_moved=sum(s.moved for s in sections),
        sections_renamed=sum(s.renamed for s in sections),
        sections_renumbered=sum(s.renumbered for s in sections),
    )
    return Comparison(
        old=DocSummary("acme-2024.txt", 400, len(sections)),
        new=DocSummary("acme-2025.txt", 420, len(sections)),
        stats=stats,
        sections=tuple(sections),
        metadata=metadata,
        spans=tuple(sp for s in sections for sp in s.spans),
        insights=insights,
    )


RETENTION_BODY = (
    "We take security seriously and store all data in the European Union. "
    "We keep server logs for [-14-]{+60+} days before deleting them. "
    "Backups are encrypted at rest and in transit.\n\n"
    "Account data is kept while your account is open. Invoices are kept for "
    "[-seven-]{+ten+} years because tax law requires it."
)


def acme_comparison() -> Comparison:
    """A year of changes to a small policy: every kind of section change at least once."""
    sections = [
        section("unchanged", None, None, "Acme Privacy Policy\n\nEffective: May 1, 2024"),
        section("unchanged", ("1.", "Who we are"), ("1.", "Who we are"), "Acme Inc. runs it."),
        section(
            "modified", ("2.", "Data retention"), ("3.", "Data retention"), RETENTION_BODY,
            moved=True, renumbered=True,
        ),
        section(
            "unchanged", ("3.", "Cookies"), ("2.", "Cookies"), "We use cookies.", renumbered=True
        ),
        section(
            "added", None, ("4.", "Children"),
            "We do not knowingly collect data from children under 13.",
        ),
        section(
            "removed", ("4.", "Selling data"), None,
            "We will never sell your personal information to anyone.",
        ),
        section(
            "unchanged", ("5.", "Contact"), ("5.", "Contact us"), "Write to privacy@acme.example.",
            renamed=True,
        ),
    ]
    return comparison(
        sections,
        metadata=(MetadataChange("effective_date", "2024-05-01", "2025-01-15"),),
        insights=(
            Insight("retention_changed", "Server logs are kept for 60 days instead of 14 days.",
                    "Data retention", "14 days", "60 days"),
            Insight("commitment_removed", "The promise never to sell personal information was "
                    "removed.", "Selling data"),
        ),
    )
