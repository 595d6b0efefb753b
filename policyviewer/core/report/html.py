"""Self-contained HTML change summary: inline styles, no scripts, nothing fetched.

Deletions are ``<del>`` (struck through, red), insertions ``<ins>`` (underlined,
green). Every string taken from the policy is escaped. The same HTML is what
the PDF export lays out with Qt, so it sticks to styles QTextDocument honours
(plus a few browser-only ones such as ``overflow-wrap`` that Qt ignores).
"""

from __future__ import annotations

import re
from html import escape
from itertools import zip_longest

from policyviewer.core.report.content import (
    FieldChange,
    ReportContent,
    SectionEntry,
    word_counts,
)
from policyviewer.core.report.context import format_generated_at
from policyviewer.core.report.excerpts import OMITTED, Excerpt

FONT = "'Segoe UI', 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif"
INK = "#1f2328"
MUTED = "#59636e"
RULE = "#d0d7de"

BODY = (
    f"font-family:{FONT}; font-size:10.5pt; color:{INK}; line-height:145%; "
    "max-width:48em; margin:24px auto; padding:0 16px; "
    "overflow-wrap:anywhere; word-wrap:break-word"
)
H1 = "font-size:20pt; font-weight:bold; margin:0 0 4px 0"
H2 = (
    f"font-size:14pt; font-weight:bold; margin:20px 0 6px 0; padding-bottom:2px; "
    f"border-bottom:1px solid {RULE}"
)
H3 = "font-size:12pt; font-weight:bold; margin:16px 0 2px 0"
P = "margin:4px 0"
NOTE = f"margin:4px 0; color:{MUTED}; font-style:italic"
EXCERPT = (
    "margin:6px 0 6px 14px; padding:4px 8px; background-color:#f6f8fa; "
    f"border-left:3px solid {RULE}"
)
INS = "color:#0a5d1f; background-color:#dcf5e3; text-decoration:underline"
DEL = "color:#9b1c1c; background-color:#fde2e2; text-decoration:line-through"
TABLE = "border-collapse:collapse; margin:4px 0"
CELL = f"padding:3px 10px 3px 0; border-bottom:1px solid {RULE}; vertical-align:top"
LABEL_CELL = f"{CELL}; color:{MUTED}"

BADGE_COLOURS = {
    "added": ("#0a5d1f", "#dcf5e3"),
    "removed": ("#9b1c1c", "#fde2e2"),
    "modified": ("#7a4b00", "#fff1c2"),
    "moved": ("#0b4f8a", "#ddeeff"),
    "renamed": ("#5b2a86", "#efe3fb"),
    "renumbered": ("#3d4852", "#e8ecef"),
    "unchanged": ("#3d4852", "#eef1f4"),
}

_BLANK_LINES = re.compile(r"\n{3,}")


def render_html(report: ReportContent) -> str:
    title = escape(report.title)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title></head>",
        f'<body style="{BODY}">',
        f'<h1 style="{H1}">{title}</h1>',
        _versions(report),
        f'<p style="{NOTE}">How to read this: <del style="{DEL}">deleted words</del> are struck '
        f'through, <ins style="{INS}">inserted words</ins> are underlined.</p>',
        f'<h2 style="{H2}">At a glance</h2>',
        _stats(report),
    ]
    if report.key_changes:
        out.append(f'<h2 style="{H2}">Key changes</h2><ul style="margin:4px 0 4px 18px">')
        for key in report.key_changes:
            where = ""
            if key.section:
                where = f' <span style="color:{MUTED}">(section: {escape(key.section)})</span>'
            out.append(f'<li style="margin:2px 0">{escape(key.text)}{where}</li>')
        out.append("</ul>")
    if report.moved:
        out.append(f'<h2 style="{H2}">Moved passages</h2><ul style="margin:4px 0 4px 18px">')
        out += [f'<li style="margin:2px 0">{escape(m.sentence)}</li>' for m in report.moved]
        out.append("</ul>")
    if report.metadata:
        out.append(f'<h2 style="{H2}">Metadata changes</h2>')
        out.append(_metadata(report))
    out.append(f'<h2 style="{H2}">Changes by section</h2>')
    out += [f'<p style="{NOTE}">{escape(note)}</p>' for note in report.notes]
    if not report.changed_count:
        out.append(f'<p style="{P}">No section changed.</p>')
    for entry in report.entries:
        if entry.status == "unchanged" and not entry.badges:
            out.append(
                f'<p style="{P}">{escape(entry.title)} '
                f'<span style="color:{MUTED}">(unchanged)</span></p>'
            )
        else:
            out.append(_entry(entry))
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _versions(report: ReportContent) -> str:
    rows = []
    if report.policy_name:
        rows.append(("Policy", escape(report.policy_name)))
    for label, name, date in (
        ("Old version", report.old_label, report.old_date),
        ("New version", report.new_label, report.new_date),
    ):
        text = escape(name)
        if date:
            text += f' <span style="color:{MUTED}">({escape(date)})</span>'
        rows.append((label, text))
    if report.generated_at is not None:
        rows.append(("Generated", escape(format_generated_at(report.generated_at))))
    cells = "".join(
        f'<tr><td style="{LABEL_CELL}">{label}</td><td style="{CELL}">{value}</td></tr>'
        for label, value in rows
    )
    return f'<table style="{TABLE}" cellspacing="0">{cells}</table>'


def _stats(report: ReportContent) -> str:
    half = (len(report.stats) + 1) // 2
    rows = []
    columns = zip_longest(report.stats[:half], report.stats[half:], fillvalue=("", ""))
    for (l1, v1), (l2, v2) in columns:
        rows.append(
            f'<tr><td style="{LABEL_CELL}">{escape(l1)}</td>'
            f'<td style="{CELL}; text-align:right; padding-right:28px"><b>{v1}</b></td>'
            f'<td style="{LABEL_CELL}">{escape(l2)}</td>'
            f'<td style="{CELL}; text-align:right"><b>{v2}</b></td></tr>'
        )
    return f'<table style="{TABLE}" cellspacing="0">{"".join(rows)}</table>'


def _metadata(report: ReportContent) -> str:
    head = (
        f'<tr><th style="{LABEL_CELL}; text-align:left">Field</th>'
        f'<th style="{LABEL_CELL}; text-align:left">Old</th>'
        f'<th style="{LABEL_CELL}; text-align:left">New</th></tr>'
    )
    def value(text: str | None, tag: str, style: str) -> str:
        if text is None:  # nothing was there: not a deletion or insertion to mark
            return f'<span style="color:{MUTED}">(none)</span>'
        return f'<{tag} style="{style}">{escape(text)}</{tag}>'

    def label(f: FieldChange) -> str:
        if not f.section:
            return escape(f.label)
        return f'{escape(f.label)}<br><span style="color:{MUTED}">in {escape(f.section)}</span>'

    rows = "".join(
        f'<tr><td style="{CELL}">{label(f)}</td>'
        f'<td style="{CELL}">{value(f.old, "del", DEL)}</td>'
        f'<td style="{CELL}">{value(f.new, "ins", INS)}</td></tr>'
        for f in report.metadata
    )
    return f'<table style="{TABLE}" cellspacing="0">{head}{rows}</table>'


def badge(name: str) -> str:
    fg, bg = BADGE_COLOURS.get(name, BADGE_COLOURS["unchanged"])
    return (
        f'<span style="color:{fg}; background-color:{bg}; font-size:8pt; font-weight:bold">'
        f"&nbsp;{escape(name.upper())}&nbsp;</span>"
    )


def _entry(entry: SectionEntry) -> str:
    out = [f'<h3 style="{H3}">{escape(entry.title)}</h3>']
    line = "&nbsp;".join(badge(b) for b in entry.badges)
    counts = word_counts(entry.words_added, entry.words_removed)
    if counts:
        line += f' <span style="color:{MUTED}; font-size:9pt">&nbsp;{counts}</span>'
    if line:
        out.append(f'<p style="{P}">{line}</p>')
    if entry.previous_title:
        out.append(
            f'<p style="{P}; color:{MUTED}">Previously: '
            f'<span style="color:{INK}">{escape(entry.previous_title)}</span></p>'
        )
    if entry.moved_from:
        out.append(
            f'<p style="{P}; color:{MUTED}">Moved: '
            f'<span style="color:{INK}">{escape(entry.moved_from)}</span></p>'
        )
    if entry.body:
        added = entry.status == "added"
        label = "Added text" if added else "Removed text"
        style = INS if added else DEL
        tag = "ins" if added else "del"
        out.append(f'<p style="{P}; color:{MUTED}">{label}:</p>')
        body = f'<{tag} style="{style}">{_lines(entry.body)}</{tag}>'
        if entry.body_omitted_words:
            body += (
                f' <i style="color:{MUTED}">[… {entry.body_omitted_words} more words '
                "not shown]</i>"
            )
        out.append(f'<p style="{EXCERPT}">{body}</p>')
    for excerpt in entry.excerpts:
        out.append(f'<p style="{EXCERPT}">{excerpt_html(excerpt)}</p>')
    if entry.note and not entry.excerpts and not entry.body:
        out.append(f'<p style="{NOTE}">{escape(entry.note)}</p>')
    return "\n".join(out)


def _lines(text: str) -> str:
    """Escaped text with its line breaks kept."""
    return escape(_BLANK_LINES.sub("\n\n", text)).replace("\n", "<br>")


def _marked(op: str, text: str) -> str:
    """``<ins>``/``<del>`` around the words; surrounding spaces stay outside."""
    tag, style = ("ins", INS) if op == "+" else ("del", DEL)
    core = text.strip()
    if not core:
        return _lines(text)
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f'{_lines(lead)}<{tag} style="{style}">{_lines(core)}</{tag}>{_lines(trail)}'


def excerpt_html(excerpt: Excerpt) -> str:
    parts = ["…" if excerpt.cut_before else "", _lines(excerpt.before)]
    previous = ""
    for op, text in excerpt.spans:
        if op == "+" and previous == "-" and not text[:1].isspace():
            parts.append(" ")  # a gap between the struck-out and the new words
        previous = op
        if op in "+-":
            parts.append(_marked(op, text))
        elif op == OMITTED:
            parts.append(f' <i style="color:{MUTED}">[… {escape(text)} more words …]</i> ')
        else:
            parts.append(_lines(text))
    parts += [_lines(excerpt.after), "…" if excerpt.cut_after else ""]
    return "".join(parts).strip()
