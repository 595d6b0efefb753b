"""``policyviewer diff OLD NEW``: what changed, section by section and word by word."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable

from policyviewer.cli.common import SPEC_HELP, close_library, print_json, resolve_document
from policyviewer.core.compare import compare_documents
from policyviewer.core.model import Comparison, SectionChange, Span
from policyviewer.core.moved import describe_edits, moved_key, passage_ends, sentence_pieces

RED, GREEN, BOLD, DIM, RESET = "\x1b[31m", "\x1b[32m", "\x1b[1m", "\x1b[2m", "\x1b[0m"
# Deletions are also struck through, so they read without colour vision.
DELETED = "\x1b[31;9m"
# Unchanged text longer than this inside a changed line is shortened around "…".
LONG_EQUAL_CHARS = 240
KEEP_EQUAL_CHARS = 90


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "diff",
        help="show what changed between two versions, section by section",
        description=(
            "Compare two versions of a policy. Sections are paired across versions, so\n"
            "renumbered, renamed, moved, added and removed sections are named as such,\n"
            "and wording changes are shown word by word. Whitespace, line wrapping,\n"
            "bullets, list-item numbers, quote styles and dashes are not changes; date\n"
            "lines are reported as metadata. A line that moved (to another place, or\n"
            "to another section with a few words changed), or a sentence that moved out\n"
            "of a rewritten line, is noted where it left and where it arrived. Without\n"
            "colour, deletions read [-like this-] and insertions {+like this+}."
        ),
        epilog="examples:\n  policyviewer diff Acme@1 Acme@2\n"
        "  policyviewer diff old.md new.md --json > changes.json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("old", metavar="OLD", help=f"the older version: {SPEC_HELP}")
    p.add_argument("new", metavar="NEW", help="the newer version (same forms as OLD)")
    p.add_argument("--json", action="store_true", help="print the comparison as JSON")
    p.add_argument(
        "--color",
        "--colour",
        dest="color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour insertions and deletions (default: auto, only on a terminal)",
    )
    p.add_argument(
        "-C",
        "--context",
        type=int,
        default=1,
        metavar="N",
        help="unchanged lines to show around each change (default: 1)",
    )
    p.add_argument(
        "--all", action="store_true", help="also list the unchanged sections by heading"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        old_doc, old_label = resolve_document(args, args.old)
        new_doc, new_label = resolve_document(args, args.new)
    finally:
        close_library(args)
    cmp = compare_documents(old_doc, new_doc)
    if args.json:
        data = cmp.to_dict()
        data["old"]["source"] = data["old"]["source"] or old_label
        data["new"]["source"] = data["new"]["source"] or new_label
        print_json(data)
        return 0
    color = args.color == "always" or (
        args.color == "auto" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    )
    out = TerminalDiff(color, max(0, args.context), moved_notes(cmp))
    sys.stdout.write(out.render(cmp, old_label, new_label, show_unchanged=args.all))
    return 0


class TerminalDiff:
    """Renders a comparison for a terminal (ANSI colour) or a plain text stream."""

    def __init__(
        self, color: bool, context: int = 1, moved: dict[tuple[str, str], str] | None = None
    ) -> None:
        self.color = color
        self.context = context
        self.moved = moved or {}  # (op, moved_key(line)) -> "moved to ..." note

    def _style(self, code: str, text: str) -> str:
        return f"{code}{text}{RESET}" if self.color and text else text

    def render(
        self, cmp: Comparison, old_label: str, new_label: str, show_unchanged: bool = False
    ) -> str:
        lines = [
            self._style(RED, f"--- {old_label}"),
            self._style(GREEN, f"+++ {new_label}"),
            self._stats_line(cmp),
        ]
        for m in cmp.metadata:
            lines.append(f"metadata {m.field}: {m.old or '(none)'} -> {m.new or '(none)'}")
        unchanged = 0
        for ch in cmp.sections:
            if not ch.changed:
                unchanged += 1
                if show_unchanged:
                    lines.append(self._style(DIM, f"   unchanged: {_title(ch)}"))
                continue
            lines.append("")
            lines.append(self._style(BOLD, self.section_header(ch)))
            if ch.carried and ch.status in ("added", "removed"):
                lines.append(self._style(DIM, _CARRIED_NOTES[ch.status]))
            if ch.status in ("added", "removed") or ch.words_added or ch.words_removed:
                lines.extend(self.changed_lines(ch.spans))
        if unchanged and not show_unchanged:
            lines.append("")
            lines.append(self._style(DIM, f"({unchanged} unchanged sections not shown)"))
        if not any(ch.changed for ch in cmp.sections) and not cmp.metadata:
            lines.append("No changes (apart from layout and punctuation style).")
        return "\n".join(lines) + "\n"

    def _stats_line(self, cmp: Comparison) -> str:
        s = cmp.stats
        parts = [f"+{s.words_added} -{s.words_removed} words"]
        for count, name in (
            (s.sections_modified, "modified"),
            (s.sections_added, "added"),
            (s.sections_removed, "removed"),
            (s.sections_moved, "moved"),
            (s.sections_renamed, "renamed"),
            (s.sections_renumbered, "renumbered"),
        ):
            if count:
                parts.append(f"{count} {name}")
        if cmp.moved:
            passages = "passage" if len(cmp.moved) == 1 else "passages"
            parts.append(f"{len(cmp.moved)} {passages} moved ({s.words_moved} words)")
        return "; ".join(parts)

    @staticmethod
    def section_header(ch: SectionChange) -> str:
        notes = [ch.status] if ch.status != "unchanged" else []
        if ch.moved:
            notes.append("moved")
        if ch.renamed:
            notes.append(f'renamed from "{ch.old_heading}"')
        if ch.renumbered:
            notes.append(f"renumbered from {ch.old_number or '(none)'}")
        if ch.words_added or ch.words_removed:
            notes.append(f"+{ch.words_added} -{ch.words_removed} words")
        return f"## {_title(ch)} [{', '.join(notes)}]"

    def _mark(self, op: str, text: str) -> str:
        if op == "=":
            return text
        if self.color:
            return self._style(DELETED if op == "-" else GREEN, text)
        return f"[-{text}-]" if op == "-" else f"{{+{text}+}}"

    def changed_lines(self, spans: Iterable[Span]) -> list[str]:
        """The lines holding changes, with ``context`` unchanged lines around them."""
        rows: list[list[Span]] = [[]]
        for op, text in spans:
            pieces = text.split("\n")
            for k, piece in enumerate(pieces):
                if k:
                    rows.append([])
                if piece:
                    rows[-1].append((op, piece))
        changed = [any(op != "=" for op, _ in row) for row in rows]
        keep = [False] * len(rows)
        for i, is_changed in enumerate(changed):
            if is_changed:
                for k in range(max(0, i - self.context), min(len(rows), i + self.context + 1)):
                    keep[k] = True
        out: list[str] = []
        skipped = False
        for i, row in enumerate(rows):
            if not keep[i]:
                skipped = True
                continue
            if skipped and out:
                out.append(self._style(DIM, "   ⋮"))
            skipped = False
            if not row and not changed[i]:
                continue
            out.append("   " + "".join(self._mark(op, _shorten(t) if op == "=" else t)
                                        for op, t in row))  # fmt: skip
            note = self._moved_note(row)
            if note:
                out[-1] += " " + self._style(DIM, f"({note})")
        return out

    def _moved_note(self, row: list[Span]) -> str | None:
        """Where a line that is one moved passage went to or came from; else where
        the moved sentences in its changes did."""
        if not self.moved:
            return None
        changed = [(op, t) for op, t in row if op != "=" or t.strip()]
        if len(changed) == 1 and changed[0][0] != "=":
            key = moved_key(changed[0][1])
            note = self.moved.get((changed[0][0], key)) if key else None
            if note:
                return note
        notes = [self.moved.get((op, key)) for op, t in changed if op != "="
                 for _, key in sentence_pieces(t) if key]
        return "; ".join(f"a sentence {n}" for n in dict.fromkeys(notes) if n) or None


def moved_notes(cmp: Comparison) -> dict[tuple[str, str], str]:
    """Notes for the lines of moved passages, by side and matching key."""
    notes: dict[tuple[str, str], str] = {}
    for m in cmp.moved:
        edits = describe_edits(m)
        tail = f", edited: {edits}" if edits else ""
        for end in passage_ends(m):
            verb = "moved here from" if end.op == "+" else "moved to"
            notes[end.op, end.key] = f"{verb} “{_title(cmp.sections[end.other_section])}”{tail}"
    return notes


def _shorten(text: str) -> str:
    if len(text) <= LONG_EQUAL_CHARS:
        return text
    head = text[:KEEP_EQUAL_CHARS].rsplit(" ", 1)[0]
    tail = text[-KEEP_EQUAL_CHARS:].split(" ", 1)[-1]
    return f"{head} … {tail}"


_CARRIED_NOTES = {
    "added": "   (a new heading over text that was already there)",
    "removed": "   (only the heading went: its text runs on in the section before)",
}


def _title(ch: SectionChange) -> str:
    number = ch.new_number if ch.new_number is not None else ch.old_number
    heading = ch.heading
    if heading is None:
        return "(text before the first heading)"
    return f"{number} {heading}" if number else heading
