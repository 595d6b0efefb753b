"""Moved passages in the diff views: a line that moved reads in the ``moved`` colours
(struck through where it left), with a tooltip naming the other end, instead of
as a plain deletion and insertion."""

from __future__ import annotations

from PySide6.QtGui import QTextCharFormat, QTextCursor

from policyviewer.core.model import Comparison
from policyviewer.core.moved import moved_key
from policyviewer.ui.models import section_title


class MovedStyles:
    """Character formats for the moved lines of one comparison, by side and key."""

    def __init__(self, cmp: Comparison, body: QTextCharFormat, background, foreground) -> None:
        self.by_side: dict[str, dict[str, QTextCharFormat]] = {"+": {}, "-": {}}
        for moved in cmp.moved:
            key = moved_key(moved.text)
            if key is None:
                continue
            for side, position, words in (("+", moved.from_section, "Moved here from"),
                                          ("-", moved.to_section, "Moved to")):
                change = cmp.sections[position]
                fmt = QTextCharFormat(body)
                fmt.setBackground(background)
                fmt.setForeground(foreground)
                fmt.setFontStrikeOut(side == "-")
                title = section_title(change.number, change.heading or "the introduction")
                fmt.setToolTip(f"{words} “{title}”")
                self.by_side[side][key] = fmt

    def insert(self, cursor: QTextCursor, op: str, text: str, fmt: QTextCharFormat) -> None:
        """Insert a changed span, its moved lines in the moved format."""
        styles = self.by_side.get(op)
        if not styles:
            cursor.insertText(text, fmt)
            return
        for line in text.splitlines(keepends=True):
            key = moved_key(line)
            cursor.insertText(line, styles.get(key, fmt) if key is not None else fmt)
