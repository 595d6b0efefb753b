"""Plain-text change summary: readable in a terminal and pasted into an email.

Deleted words are shown as ``[-words-]``, inserted ones as ``{+words+}`` (the
convention of ``git diff --word-diff``), and short replacements are repeated as
"old → new" lines.
"""

from __future__ import annotations

import textwrap
from itertools import zip_longest

from policyviewer.core.report.content import (
    ReportContent,
    SectionEntry,
    word_counts,
)
from policyviewer.core.report.context import format_generated_at
from policyviewer.core.report.excerpts import OMITTED, Excerpt, phrase_pairs, wrap_marks

WIDTH = 88
LEGEND = "How to read this: [-deleted words-] {+inserted words+}"


def render_text(report: ReportContent) -> str:
    out: list[str] = [report.title.upper(), "=" * min(WIDTH, len(report.title))]
    out += _versions(report)
    out += ["", LEGEND, ""]
    out += _heading("At a glance")
    half = (len(report.stats) + 1) // 2
    columns = zip_longest(report.stats[:half], report.stats[half:], fillvalue=("", ""))
    for (l1, v1), (l2, v2) in columns:
        out.append(f"  {l1:<20}{v1:>7}      {l2:<20}{v2:>7}")
    if report.key_changes:
        out += ["", *_heading("Key changes")]
        for key in report.key_changes:
            where = f" (section: {key.section})" if key.section else ""
            out += _wrap(f"{key.text}{where}", "  * ", "    ")
    if report.moved:
        out += ["", *_heading("Moved passages")]
        for moved in report.moved:
            out += _wrap(moved.sentence, "  * ", "    ")
    if report.metadata:
        out += ["", *_heading("Metadata changes")]
        for field in report.metadata:
            line = f"{field.label}: {field.old or '(none)'} → {field.new or '(none)'}"
            if field.section:
                line += f" (section: {field.section})"
            out += _wrap(line, "  * ", "    ")
    out += ["", *_heading("Changes by section")]
    for note in report.notes:
        out += _wrap(note, "", "")
    if not report.changed_count:
        out.append("No section changed.")
    previous_unchanged = False
    for entry in report.entries:
        if entry.status == "unchanged" and not entry.badges:
            out += ([] if previous_unchanged else [""]) + _wrap(
                f"{entry.title}  (unchanged)", "", "    "
            )
            previous_unchanged = True
            continue
        previous_unchanged = False
        out += ["", *_entry(entry)]
    return "\n".join(out).rstrip() + "\n"


def _versions(report: ReportContent) -> list[str]:
    lines = []
    if report.policy_name:
        lines.append(f"Policy:    {report.policy_name}")
    old_date = f" ({report.old_date})" if report.old_date else ""
    new_date = f" ({report.new_date})" if report.new_date else ""
    lines.append(f"Old:       {report.old_label}{old_date}")
    lines.append(f"New:       {report.new_label}{new_date}")
    if report.generated_at is not None:
        lines.append(f"Generated: {format_generated_at(report.generated_at)}")
    return lines


def _heading(title: str) -> list[str]:
    return [title.upper(), "-" * len(title)]


def _wrap(text: str, first: str, rest: str) -> list[str]:
    lines: list[str] = []
    paragraphs = text.split("\n")
    for i, para in enumerate(paragraphs):
        indent = first if i == 0 else rest
        if not para.strip():
            lines.append("")
            continue
        lines += textwrap.wrap(
            para.strip(), WIDTH, initial_indent=indent, subsequent_indent=rest,
            break_long_words=False, break_on_hyphens=False,
        ) or [indent.rstrip()]
    return lines


def _entry(entry: SectionEntry) -> list[str]:
    badges = " ".join(f"[{b}]" for b in entry.badges)
    counts = word_counts(entry.words_added, entry.words_removed)
    counts = f"  ({counts})" if counts else ""
    out = _wrap(f"{entry.title}  {badges}{counts}".rstrip(), "", "    ")
    if entry.previous_title:
        out += _wrap(f"was: {entry.previous_title} → now: {entry.title}", "    ", "    ")
    if entry.moved_from:
        out += _wrap(f"moved: {entry.moved_from}", "    ", "    ")
    if entry.body:
        label = "Added text:" if entry.status == "added" else "Removed text:"
        mark = ("{+", "+}") if entry.status == "added" else ("[-", "-]")
        out.append(f"    {label}")
        out += _wrap(wrap_marks(entry.body, *mark), "      ", "      ")
        if entry.body_omitted_words:
            out.append(f"      [… {entry.body_omitted_words} more words not shown]")
    for excerpt in entry.excerpts:
        out += _wrap(excerpt_text(excerpt), "  » ", "    ")
        for old, new in phrase_pairs(excerpt):
            out += _wrap(f"{old} → {new}", "      ", "        ")
    if entry.note and not entry.excerpts and not entry.body:
        out.append(f"    {entry.note}")
    return out


def excerpt_text(excerpt: Excerpt) -> str:
    parts = ["…" if excerpt.cut_before else "", excerpt.before]
    for op, text in excerpt.spans:
        if op == "+":
            parts.append(wrap_marks(text, "{+", "+}"))
        elif op == "-":
            parts.append(wrap_marks(text, "[-", "-]"))
        elif op == OMITTED:
            parts.append(f" [… {text} more words …] ")
        else:
            parts.append(text)
    parts += [excerpt.after, "…" if excerpt.cut_after else ""]
    return "".join(parts).strip()
