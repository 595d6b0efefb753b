"""Shared behaviour of the reader and diff panes: section anchors and scroll sync.

Both panes are read-only ``QTextBrowser``s whose documents are built by inserting
text in order with a ``QTextCursor``; each section's start is recorded as a Qt
position while building, so no offset ever has to be translated afterwards.
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QWidget

SLICE_SECONDS = 0.02  # build budget per event-loop turn


def hang_indented_blocks(doc: QTextDocument) -> Iterator[None]:
    """Give each paragraph that opens with spaces (a nested list item, a table read
    row by row) a hanging indent, so its wrapped lines line up under its text
    instead of returning to the margin. The text itself is left as it is."""
    metrics = QFontMetricsF(doc.defaultFont())
    block = doc.begin()
    work = 0  # a block looked at counts 1, a block formatted 10 (the costly part)
    while block.isValid():
        text = block.text()
        spaces = len(text) - len(text.lstrip(" "))
        if 0 < spaces < len(text):
            width = metrics.horizontalAdvance(" " * spaces)
            fmt = QTextBlockFormat()
            fmt.setLeftMargin(block.blockFormat().leftMargin() + width)
            fmt.setTextIndent(-width)
            QTextCursor(block).mergeBlockFormat(fmt)
            work += 9
        block = block.next()
        work += 1
        if work >= 400:
            work = 0
            yield


class AnchoredTextView(QTextBrowser):
    """A read-only text pane that knows where each section starts.

    ``sectionVisible(key)`` fires when scrolling brings another section to the top;
    ``scroll_to_key(key)`` brings a section to the top.
    """

    sectionVisible = Signal(int)
    rendered = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setOpenLinks(False)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        self._anchor_pos: list[int] = []
        self._anchor_key: list[int] = []
        self._last_key: int | None = None
        self._suppress_sync = False
        self._find_selections: list[QTextEdit.ExtraSelection] = []
        self._mark_selections: list[QTextEdit.ExtraSelection] = []
        self._sync_timer = QTimer(self)
        self._sync_timer.setSingleShot(True)
        self._sync_timer.setInterval(60)
        self._sync_timer.timeout.connect(self._emit_visible_section)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self._build_job: tuple[QTextDocument, Iterator[None], Callable[[], Any]] | None = None
        self._build_timer = QTimer(self)
        self._build_timer.setSingleShot(True)
        self._build_timer.setInterval(0)
        self._build_timer.timeout.connect(self._build_slice)

    # -- building documents in slices -----------------------------------------------------
    def build(self, doc: QTextDocument, steps: Iterator[None],
              finish: Callable[[], Any], *, synchronous: bool = False) -> None:
        """Run ``steps`` (which fill ``doc``) a slice per event-loop turn, then show ``doc``
        and call ``finish()`` (its result is the anchors list). A newer build replaces one
        still running, so the window never waits for a page nobody wants any more."""
        # The document is shown while it fills: Qt then lays out each slice as it comes,
        # instead of the whole text at once at the end (a long freeze on large policies).
        self._build_job = (doc, steps, finish)
        self.set_anchors([])
        self.replace_document(doc)
        if synchronous:
            for _ in steps:
                pass
            self._complete_build()
        else:
            self._build_timer.start()

    def is_rendering(self) -> bool:
        return self._build_job is not None

    def cancel_build(self) -> None:
        self._build_timer.stop()
        self._build_job = None

    def _build_slice(self) -> None:
        if self._build_job is None:
            return
        deadline = time.perf_counter() + SLICE_SECONDS
        for _ in self._build_job[1]:
            if time.perf_counter() >= deadline:
                self._build_timer.start()
                return
        self._complete_build()

    def _complete_build(self) -> None:
        assert self._build_job is not None
        _doc, _steps, finish = self._build_job
        self._build_job = None
        self.set_anchors(finish())
        self.set_marks([])
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self.built()
        self.rendered.emit()

    def built(self) -> None:
        """Hook for subclasses: the new document is shown."""

    def replace_document(self, doc: QTextDocument) -> None:
        """Show ``doc``; the previous document is freed if this view made it."""
        # Extra selections hold cursors into the old document: drop them before it goes.
        self._mark_selections = []
        self._find_selections = []
        self.setExtraSelections([])
        old = self.document()
        ours = old is not doc and old.parent() is self
        self.setDocument(doc)
        if ours:
            old.deleteLater()

    # -- anchors --------------------------------------------------------------------
    def set_anchors(self, anchors: list[tuple[int, int]]) -> None:
        """``(position, key)`` pairs in document order."""
        anchors = sorted(anchors)
        self._anchor_pos = [p for p, _ in anchors]
        self._anchor_key = [k for _, k in anchors]
        self._last_key = None

    def anchor_position(self, key: int) -> int | None:
        try:
            return self._anchor_pos[self._anchor_key.index(key)]
        except ValueError:
            return None

    def key_at(self, position: int) -> int | None:
        i = bisect.bisect_right(self._anchor_pos, position) - 1
        return self._anchor_key[i] if i >= 0 else None

    def top_position(self) -> int:
        return self.cursorForPosition(QPoint(8, 8)).position()

    def scroll_to_key(self, key: int) -> bool:
        pos = self.anchor_position(key)
        if pos is None:
            return False
        self.scroll_to_position(pos)
        return True

    def scroll_to_position(self, pos: int) -> None:
        """Bring the block holding ``pos`` to the top without emitting a sync signal."""
        doc = self.document()
        block = doc.findBlock(pos)
        rect = doc.documentLayout().blockBoundingRect(block)
        cursor = QTextCursor(doc)
        cursor.setPosition(pos)
        self._suppress_sync = True
        try:
            self.setTextCursor(cursor)
            self.verticalScrollBar().setValue(int(rect.top()))
            self._last_key = self.key_at(pos)
        finally:
            self._suppress_sync = False

    def _on_scrolled(self, _value: int) -> None:
        if not self._suppress_sync and self._anchor_pos:
            self._sync_timer.start()

    def _emit_visible_section(self) -> None:
        key = self.key_at(self.top_position())
        if key is not None and key != self._last_key:
            self._last_key = key
            self.sectionVisible.emit(key)

    # -- find -------------------------------------------------------------------------
    def find_text(
        self, text: str, backward: bool = False, match_color: QColor | None = None
    ) -> bool:
        """Find the next/previous ``text`` (wrapping); all matches get ``match_color``."""
        self._highlight_matches(text, match_color)
        if not text:
            return False
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        if self.find(text, flags):
            return True
        cursor = self.textCursor()
        cursor.movePosition(
            QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start
        )
        self.setTextCursor(cursor)
        return self.find(text, flags)

    def _highlight_matches(self, text: str, color: QColor | None) -> None:
        self._find_selections = []
        if text and color is not None:
            fmt = QTextCharFormat()
            fmt.setBackground(color)
            cursor = self.document().find(text, 0)
            while not cursor.isNull() and len(self._find_selections) < 2000:
                sel = QTextEdit.ExtraSelection()
                sel.cursor = cursor
                sel.format = fmt
                self._find_selections.append(sel)
                cursor = self.document().find(text, cursor)
        self._apply_extra()

    def clear_find(self) -> None:
        self._highlight_matches("", None)

    def set_marks(self, selections: list[QTextEdit.ExtraSelection]) -> None:
        self._mark_selections = selections
        self._apply_extra()

    def _apply_extra(self) -> None:
        self.setExtraSelections(self._mark_selections + self._find_selections)
