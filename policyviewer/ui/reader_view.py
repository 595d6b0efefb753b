"""The reader: one version's text with styled headings, kept in sync with the outline."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtGui import QFont, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QWidget

from policyviewer.core.model import Outline
from policyviewer.ui.text_view import AnchoredTextView, hang_indented_blocks
from policyviewer.ui.theme import Theme

HEADING_SCALE = {1: 1.4, 2: 1.2, 3: 1.08}


def heading_formats(
    theme: Theme, base: QFont, level: int
) -> tuple[QTextBlockFormat, QTextCharFormat]:
    block = QTextBlockFormat()
    block.setTopMargin(16 if level <= 1 else 10)
    block.setBottomMargin(4)
    char = QTextCharFormat()
    char.setFontWeight(QFont.Weight.Bold)
    size = base.pointSizeF() if base.pointSizeF() > 0 else 10.0
    char.setFontPointSize(size * HEADING_SCALE.get(level, 1.0))
    char.setForeground(theme.color("heading"))
    return block, char


def body_formats(theme: Theme) -> tuple[QTextBlockFormat, QTextCharFormat]:
    block = QTextBlockFormat()
    block.setBottomMargin(2)
    block.setLineHeight(120, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    char = QTextCharFormat()
    char.setForeground(theme.color("text"))
    return block, char


class ReaderView(AnchoredTextView):
    """``documentView``: anchors are the outline's section indexes.

    Long texts are built in slices (see ``AnchoredTextView.build``); ``rendered`` fires
    when the text is on screen.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentView")
        self.setAccessibleName("Policy text")
        self.shown_key: object = None  # what the current document shows

    def show_document(self, text: str, outline: Outline | None, theme: Theme, *,
                      key: object = None, synchronous: bool = False) -> None:
        self.shown_key = key
        doc = QTextDocument(self)
        doc.setDefaultFont(self.font())
        doc.setDocumentMargin(18)
        anchors: list[tuple[int, int]] = []
        steps = self._steps(doc, text, outline, theme, anchors)
        self.build(doc, steps, lambda: anchors, synchronous=synchronous)

    def _steps(self, doc: QTextDocument, text: str, outline: Outline | None, theme: Theme,
               anchors: list[tuple[int, int]]) -> Iterator[None]:
        cursor = QTextCursor(doc)
        body_block, body_char = body_formats(theme)
        meta_char = QTextCharFormat(body_char)
        meta_char.setForeground(theme.color("muted"))
        meta_char.setFontItalic(True)

        # (start, end, kind, level, section index), in text order
        marks: list[tuple[int, int, str, int, int]] = []
        if outline is not None:
            for i, section in enumerate(outline.sections):
                end = section.start if section.inferred else max(section.start, section.body_start)
                marks.append((section.start, end, "heading", section.level, i))
            for meta in outline.metadata:
                marks.append((meta.start, meta.end, "meta", 0, -1))
        marks.sort()

        pos = 0
        cursor.setBlockFormat(body_block)
        for n, (start, end, kind, level, index) in enumerate(marks):
            if start < pos:
                continue
            if start > pos:
                cursor.insertText(text[pos:start], body_char)
            if kind == "heading":
                anchors.append((cursor.position(), index))
                if end > start:
                    block, char = heading_formats(theme, self.font(), level)
                    if cursor.atBlockStart():
                        cursor.setBlockFormat(block)
                    heading = text[start:end]
                    stripped = heading.rstrip("\n")
                    cursor.insertText(stripped, char)
                    if len(stripped) < len(heading):
                        cursor.insertText(heading[len(stripped):], body_char)
                        cursor.setBlockFormat(body_block)
            else:
                cursor.insertText(text[start:end], meta_char)
            pos = max(pos, end)
            if n % 8 == 7:
                yield
        if pos < len(text):
            cursor.insertText(text[pos:], body_char)
        yield from hang_indented_blocks(doc)
