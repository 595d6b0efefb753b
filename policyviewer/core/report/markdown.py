"""Markdown change summary: deleted words ~~struck through~~, inserted words **bold**.

The convention is stated at the top of the report. Everything taken from the
policy is escaped, so a policy's own ``*``, ``#`` or ``[links]`` cannot change
the report's layout.
"""

from __future__ import annotations

import re

from policyviewer.core.model import Span
from policyviewer.core.report.content import (
    ReportContent,
    SectionEntry,
    word_counts,
)
from policyviewer.core.report.context import format_generated_at
from policyviewer.core.report.excerpts import OMITTED, Excerpt, phrase_pairs, wrap_marks

LEGEND = "*How to read this: ~~struck-through text~~ was deleted, **bold text** was inserted.*"

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&])")
_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])", re.MULTILINE)


def md_escape(text: str, *, block: bool = False) -> str:
    """Backslash-escape Markdown syntax so policy text is shown literally.

    ``block``: the text starts lines of its own (quoted policy text), so list and
    heading markers at line starts are escaped too.
    """
    text = _SPECIAL.sub(r"\\\1", text)
    if not block:
        return text
    return _LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], text)


def render_markdown(report: ReportContent) -> str:
    out: list[str] = [f"# {md_escape(report.title)}", ""]
    out += ["| | Version | Date |", "|---|---|---|"]
    out.append(f"| Old | {_cell(report.old_label)} | {_cell(report.old_date or '')} |")
    out.append(f"| New | {_cell(report.new_label)} | {_cell(report.new_date or '')} |")
    out.append("")
    if report.generated_at is not None:
        out += [f"Generated {format_generated_at(report.generated_at)}.", ""]
    out += [LEGEND, "", "## At a glance", "", "| Measure | Count |", "|---|---:|"]
    out += [f"| {label} | {value} |" for label, value in report.stats]
    if report.key_changes:
        out += ["", "## Key changes", ""]
        for key in report.key_changes:
            where = f" *(section: {md_escape(key.section)})*" if key.section else ""
            out.append(f"- {md_escape(key.text)}{where}")
    if report.moved:
        out += ["", "## Moved passages", ""]
        out += [f"- {md_escape(moved.sentence)}" for moved in report.moved]
    if report.metadata:
        out += ["", "## Metadata changes", ""]
        for field in report.metadata:
            old = f"~~{md_escape(field.old)}~~" if field.old is not None else "*(none)*"
            new = f"**{md_escape(field.new)}**" if field.new is not None else "*(none)*"
            where = f" *(section: {md_escape(field.section)})*" if field.section else ""
            out.append(f"- **{md_escape(field.label)}:** {old} → {new}{where}")
    out += ["", "## Changes by section", ""]
    out += [line for note in report.notes for line in (f"*{md_escape(note)}*", "")]
    if not report.changed_count:
        out += ["No section changed.", ""]
    for entry in report.entries:
        if entry.status == "unchanged" and not entry.badges:
            out += [f"- {md_escape(entry.title, block=True)} *(unchanged)*", ""]
            continue
        out += _entry(entry)
    return "\n".join(out).rstrip() + "\n"


def _cell(text: str) -> str:
    return md_escape(" ".join(text.split()))


def _entry(entry: SectionEntry) -> list[str]:
    out = [f"### {md_escape(entry.title)}", ""]
    badges = " ".join(f"`{b}`" for b in entry.badges)
    counts = word_counts(entry.words_added, entry.words_removed)
    counts = f" · {counts}" if counts else ""
    line = f"{badges}{counts}".strip(" ·")
    if line:
        out += [line, ""]
    if entry.previous_title:
        out += [f"Previously: *{md_escape(entry.previous_title)}*", ""]
    if entry.moved_from:
        out += [f"Moved: {md_escape(entry.moved_from)}", ""]
    if entry.body:
        label = "Added text" if entry.status == "added" else "Removed text"
        mark = ("**", "**") if entry.status == "added" else ("~~", "~~")
        out += [f"{label}:", ""]
        out += _quote(wrap_marks(md_escape(entry.body, block=True), *mark))
        if entry.body_omitted_words:
            out += [f"*… {entry.body_omitted_words} more words not shown.*", ""]
    for excerpt in entry.excerpts:
        out += _quote(_excerpt(excerpt))
        for old, new in phrase_pairs(excerpt):
            out += [f"*{md_escape(old)}* → *{md_escape(new)}*", ""]
    if entry.note and not entry.excerpts and not entry.body:
        out += [f"*{entry.note}*", ""]
    return out


def _excerpt(excerpt: Excerpt) -> str:
    parts = ["…" if excerpt.cut_before else ""]
    previous = ""
    spans = _whole_words_at_punctuation([("=", excerpt.before), *excerpt.spans,
                                         ("=", excerpt.after)])
    for op, text in spans:
        if op == "+" and previous == "-" and not text[:1].isspace():
            parts.append(" ")  # ~~old~~ **new**, not ~~old~~**new**
        previous = op
        if op == "+":
            parts.append(wrap_marks(md_escape(text, block=True), "**", "**"))
        elif op == "-":
            parts.append(wrap_marks(md_escape(text, block=True), "~~", "~~"))
        elif op == OMITTED:
            parts.append(f" *\\[… {text} more words …\\]* ")
        else:
            parts.append(md_escape(text, block=True))
    parts.append("…" if excerpt.cut_after else "")
    return "".join(parts).strip()


def _whole_words_at_punctuation(spans: list[Span]) -> list[Span]:
    """Changes that could not be marked, redone as whole words.

    CommonMark does not open ``**``/``~~`` between a letter and punctuation:
    ``customers**,** and`` and ``ad**-serving**`` show their asterisks. Such a
    change is shown with the word it touches: ``~~customers~~ **customers,**``.
    """
    out = list(spans)
    i = 0
    while i < len(out):
        if out[i][0] not in "+-":
            i += 1
            continue
        j = _run_end(out, i)
        # A word glued between two changes ("**twelve (**12**)**") joins them.
        joined = False
        while j + 1 < len(out) and _glued_word(out, j, out[j - 1][1][-1:]) == out[j][1]:
            j, joined = _run_end(out, j + 1), True
        left = out[i - 1][1] if i > 0 and out[i - 1][0] == "=" else ""
        lfrag = left.rsplit(None, 1)[-1] if _glued(left[-1:], out[i][1][:1]) else ""
        rfrag = _glued_word(out, j, out[j - 1][1][-1:])
        if lfrag or rfrag or joined:
            old = lfrag + "".join(t for op, t in out[i:j] if op in "=-") + rfrag
            new = lfrag + "".join(t for op, t in out[i:j] if op in "=+") + rfrag
            if lfrag:
                out[i - 1] = ("=", left[: len(left) - len(lfrag)])
            if rfrag:
                out[j] = ("=", out[j][1][len(rfrag) :])
            run = [(op, t) for op, t in (("-", old), ("+", new)) if t.strip()]
            out[i:j] = run
            j = i + len(run)
        i = j
    return out


def _run_end(spans: list[Span], start: int) -> int:
    end = start
    while end < len(spans) and spans[end][0] in "+-":
        end += 1
    return end


def _glued_word(spans: list[Span], index: int, edge: str) -> str:
    """The word at the start of equal span ``index`` if a change's ``edge`` touches it."""
    if index >= len(spans) or spans[index][0] != "=":
        return ""
    text = spans[index][1]
    return text.split(None, 1)[0] if _glued(text[:1], edge) else ""


def _glued(outside: str, edge: str) -> bool:
    """A mark between a letter and the change's punctuation would not render."""
    return outside.isalnum() and bool(edge) and not edge.isalnum() and not edge.isspace()


def _quote(text: str) -> list[str]:
    """A blockquote; each source line stays a line (hard break), blank lines stay paragraphs."""
    lines = [line.strip() for line in text.split("\n")]
    out = []
    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if not line:
            out.append(">")
        elif following:
            out.append(f"> {line}\\")
        else:
            out.append(f"> {line}")
    return [*out, ""]
