"""How changed text goes into the diff views: a line (or sentence) that moved reads in the ``moved``
colours (struck through where it left), with a tooltip naming the other end (and, if
it was edited on the way, what changed), instead of as a plain deletion and insertion;
indentation opening a changed line is shown plain."""

from __future__ import annotations

from PySide6.QtGui import QTextCharFormat, QTextCursor

from policyviewer.core.model import Comparison
from policyviewer.core.moved import describe_edits, moved_key, passage_ends, sentence_pieces
from policyviewer.ui.models import section_title

_VERB = {"+": "Moved here from", "-": "Moved to"}


class MovedStyles:
    """Character formats for the moved lines of one comparison, by side and key."""

    def __init__(self, cmp: Comparison, body: QTextCharFormat, background, foreground) -> None:
        self.body = body
        self.by_side: dict[str, dict[str, QTextCharFormat]] = {"+": {}, "-": {}}
        for moved in cmp.moved:
            edits = describe_edits(moved)
            for end in passage_ends(moved):
                change = cmp.sections[end.other_section]
                fmt = QTextCharFormat(body)
                fmt.setBackground(background)
                fmt.setForeground(foreground)
                fmt.setFontStrikeOut(end.op == "-")
                title = section_title(change.number, change.heading or "the introduction")
                tip = f"{_VERB[end.op]} “{title}”"
                fmt.setToolTip(f"{tip}, edited: {edits}" if edits else tip)
                self.by_side[end.op][end.key] = fmt

    def insert(self, cursor: QTextCursor, op: str, text: str, fmt: QTextCharFormat) -> None:
        """Insert a changed span, its moved lines in the moved format. Indentation
        opening a line is layout, not a change: it is not highlighted."""
        styles = self.by_side.get(op)
        indented = "\n " in text or "\n\t" in text or (cursor.atBlockStart() and text[:1] in " \t")
        if not styles and not indented:
            cursor.insertText(text, fmt)  # most spans: nothing to pick out
            return
        for line in text.splitlines(keepends=True):
            style = styles.get(moved_key(line), fmt) if styles else fmt
            if cursor.atBlockStart():
                indent = len(line) - len(line.lstrip(" \t"))
                if indent and (indent < len(line.rstrip("\n")) or not line.endswith("\n")):
                    cursor.insertText(line[:indent], self.body)  # text or more follows
                    line = line[indent:]
            if styles and style is fmt:  # not a whole line moved: maybe a sentence of it
                for piece, key in sentence_pieces(line):
                    cursor.insertText(piece, styles.get(key, fmt) if key else fmt)
                continue
            cursor.insertText(line, style)
