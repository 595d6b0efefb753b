"""The inline diff: a Comparison rendered into a read-only QTextBrowser (``diffView``).

Inserted words get the theme's ``insert`` background, deleted words are struck
through in ``delete`` colours, moved sections get a ``moved`` band, and each section
heading carries its status badges. The summary (stats, metadata, insights) comes first.

Spans hold Python ``str`` text and are inserted in order through a ``QTextCursor``,
so Qt positions are read back from the cursor; the one place that must map a
Python offset to Qt's UTF-16 positions is ``utf16_offset`` below.

Large comparisons are rendered in slices from a zero-delay timer, so the event loop
keeps turning (the window never freezes), into a document no view shows yet; it is
shown once, whole, and ``rendered`` fires. Side by side (``diff_columns.py``) is the
same view with another renderer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import (
    QBrush,
    QFont,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFrameFormat,
)
from PySide6.QtWidgets import QTextEdit, QWidget

from policyviewer.core.model import Comparison, SectionChange
from policyviewer.core.old_side import old_body_equal_texts
from policyviewer.core.report.content import group_key_changes, is_inferred
from policyviewer.core.report.metadata_where import metadata_sections
from policyviewer.core.section_body import section_body_spans
from policyviewer.ui.diff_columns import (
    insert_column_titles,
    insert_section_rows,
)
from policyviewer.ui.diff_moved import MovedStyles
from policyviewer.ui.models import change_badges, change_numbers, section_title
from policyviewer.ui.reader_view import body_formats, heading_formats
from policyviewer.ui.text_view import AnchoredTextView, hang_indented_blocks
from policyviewer.ui.theme import Theme


def utf16_offset(text: str, index: int) -> int:
    """Qt (UTF-16) position of the Python index ``index`` in ``text``."""
    prefix = text[:index]
    return index + sum(1 for ch in prefix if ord(ch) > 0xFFFF)


@dataclass
class DiffFormats:
    """Every character/block format the diff uses, derived from one theme."""

    body: QTextCharFormat
    body_block: QTextBlockFormat
    insert: QTextCharFormat
    delete: QTextCharFormat
    moved_block: QTextBlockFormat
    collapsed: QTextCharFormat
    muted: QTextCharFormat
    strong: QTextCharFormat
    theme: Theme
    font: QFont

    @classmethod
    def build(cls, theme: Theme, font: QFont) -> DiffFormats:
        body_block, body = body_formats(theme)
        insert = QTextCharFormat(body)
        insert.setBackground(theme.color("insert"))
        insert.setForeground(theme.color("insert_text"))
        delete = QTextCharFormat(body)
        delete.setBackground(theme.color("delete"))
        delete.setForeground(theme.color("delete_text"))
        delete.setFontStrikeOut(True)
        moved_block = QTextBlockFormat()
        moved_block.setBackground(theme.color("moved"))
        collapsed = QTextCharFormat(body)
        collapsed.setForeground(theme.color("collapsed"))
        collapsed.setFontItalic(True)
        muted = QTextCharFormat(body)
        muted.setForeground(theme.color("muted"))
        strong = QTextCharFormat(body)
        strong.setFontWeight(QFont.Weight.Bold)
        return cls(body, body_block, insert, delete, moved_block, collapsed, muted, strong,
                   theme, font)

    def badge(self, label: str) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setBackground(self.theme.color(f"badge_{label}"))
        fmt.setForeground(self.theme.color("badge_text"))
        fmt.setFontWeight(QFont.Weight.Bold)
        size = self.font.pointSizeF() if self.font.pointSizeF() > 0 else 10.0
        fmt.setFontPointSize(size * 0.8)
        return fmt


SECTION_LINK = "#section-"


def _section_of(cmp: Comparison, heading: str | None) -> int | None:
    """Index of the section an insight comes from (its heading, new or old), if any."""
    if not heading:
        return None
    for index, change in enumerate(cmp.sections):
        if heading in (change.new_heading, change.old_heading):
            return index
    return None


def _link(base: QTextCharFormat, section: int) -> QTextCharFormat:
    """An in-document link to a section: clicking it scrolls there (never a web link)."""
    fmt = QTextCharFormat(base)
    fmt.setAnchor(True)
    fmt.setAnchorHref(f"{SECTION_LINK}{section}")
    fmt.setFontUnderline(True)
    fmt.setToolTip("Show where this comes from")
    return fmt


@dataclass
class RenderResult:
    changes: list[tuple[int, int, int]]  # (start, end, section index) in Qt positions
    anchors: list[tuple[int, int]]  # (position, section index)


def _change_runs(spans: tuple[tuple[str, str], ...]) -> list[tuple[int, int]]:
    """Span index ranges forming one change: non-equal spans joined across blank '=' gaps."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        if spans[i][0] == "=":
            i += 1
            continue
        j = i + 1
        while j < len(spans):
            if spans[j][0] != "=":
                j += 1
            elif not spans[j][1].strip() and j + 1 < len(spans) and spans[j + 1][0] != "=":
                j += 2
            else:
                break
        runs.append((i, j))
        i = j
    return runs


class DiffRenderer:
    """Builds the diff document step by step (one section per step)."""

    def __init__(self, doc: QTextDocument, cmp: Comparison, fmts: DiffFormats, *,
                 only_changed: bool = False, side_by_side: bool = False) -> None:
        self.doc = doc
        self.cmp = cmp
        self.f = fmts
        self.only_changed = only_changed
        self.side_by_side = side_by_side
        self.cursor = QTextCursor(doc)
        self.result = RenderResult([], [])
        self.numbers = change_numbers(cmp)
        self.moved = MovedStyles(cmp, fmts.body, fmts.theme.color("moved"),
                                 fmts.theme.color("moved_text"))

    def steps(self) -> Iterator[None]:
        self._summary()
        if self.side_by_side:
            insert_column_titles(self.cursor, self.cmp, self.f)
        yield
        hidden = 0
        for index, change in enumerate(self.cmp.sections):
            if self.only_changed and not change.changed:
                hidden += 1
                continue
            if hidden:
                self._collapsed(hidden)
                hidden = 0
            yield from self._section(index, change)
            yield
        if hidden:
            self._collapsed(hidden)
        yield from hang_indented_blocks(self.cursor.document())

    # -- pieces ------------------------------------------------------------------------
    def _summary(self) -> None:
        cmp, c, f = self.cmp, self.cursor, self.f
        frame = QTextFrameFormat()
        frame.setBackground(f.theme.color("insight_background"))
        frame.setBorder(1)
        frame.setBorderBrush(QBrush(f.theme.color("insight_border")))
        frame.setPadding(10)
        frame.setBottomMargin(12)
        c.insertFrame(frame)
        s = cmp.stats
        title = QTextCharFormat(f.strong)
        title.setForeground(f.theme.color("heading"))
        c.insertText(f"{cmp.old.source or 'Old version'}  →  {cmp.new.source or 'New version'}",
                     title)
        parts = [
            f"+{s.words_added} words", f"−{s.words_removed} words",
            f"{s.sections_modified} modified", f"{s.sections_added} added",
            f"{s.sections_removed} removed", f"{s.sections_moved} moved",
        ]
        if s.sections_renamed:
            parts.append(f"{s.sections_renamed} renamed")
        if cmp.moved:
            passages = "passage" if len(cmp.moved) == 1 else "passages"
            parts.append(f"{len(cmp.moved)} {passages} moved ({s.words_moved} words)")
        c.insertBlock()
        c.insertText(" · ".join(parts), f.muted)
        for meta, where in zip(cmp.metadata, metadata_sections(cmp), strict=True):
            c.insertBlock()
            c.insertText(f"{meta.field.replace('_', ' ').capitalize()}: ", f.strong)
            if meta.old:
                c.insertText(meta.old, f.delete)
                c.insertText(" → ", f.body)
            c.insertText(meta.new or "(none)", f.insert if meta.new else f.muted)
            if where:
                c.insertText(f"  ({section_title(where.number, where.heading)})", f.muted)
        if cmp.insights:
            c.insertBlock()
            c.insertText("What changed", title)
            for key in group_key_changes(cmp.insights):
                c.insertBlock()
                c.insertText("• ", f.body)
                target = _section_of(cmp, key.section)
                c.insertText(key.text, f.body if target is None else _link(f.body, target))
                if key.section:
                    c.insertText(f"  ({key.section})", f.muted)
        elif not any(ch.changed for ch in cmp.sections) and not cmp.metadata:
            c.insertBlock()
            c.insertText("The two versions have the same text.", f.body)
        c.movePosition(QTextCursor.MoveOperation.End)

    def _collapsed(self, count: int) -> None:
        self._new_block(self.f.body_block)
        plural = "section" if count == 1 else "sections"
        self.cursor.insertText(f"⋯ {count} unchanged {plural} hidden", self.f.collapsed)

    def _new_block(self, fmt: QTextBlockFormat) -> None:
        c = self.cursor
        if c.position() == 0 or (c.block().length() <= 1 and c.atBlockStart()):
            c.setBlockFormat(fmt)
        else:
            c.insertBlock(fmt)

    def _section(self, index: int, change: SectionChange) -> Iterator[None]:
        """Insert one section; yields now and then inside long ones (a slice boundary)."""
        c, f = self.cursor, self.f
        if change.carried and change.status == "removed":
            # Merged in place: its deleted heading shows in the section before it.
            self.result.anchors.append((c.position(), index))
            return
        section_start = None
        heading = change.heading
        heading_line = ""
        if heading is not None:
            heading_line = section_title(self.numbers[index], heading)
            level = self._level(change)
            block, char = heading_formats(f.theme, f.font, level)
            self._new_block(block)
            section_start = c.position()
            if change.status == "removed":
                char = QTextCharFormat(char)
                char.setFontStrikeOut(True)
                char.setForeground(f.theme.color("delete_text"))
            elif change.status == "added":
                char = QTextCharFormat(char)
                char.setBackground(f.theme.color("insert"))
            if is_inferred(self.cmp, change):
                # A label made up for a document without headings (its text runs on in
                # the body): shown as a label, as the summary does, not as a heading.
                heading_line = f"({heading_line})"
                char = QTextCharFormat(char)
                char.setFontItalic(True)
                char.setForeground(f.theme.color("muted"))
            c.insertText(heading_line, char)
            for label in change_badges(change):
                c.insertText(" ", f.body)
                c.insertText(f"\u00a0{label.upper()}\u00a0", f.badge(label))
            if change.renamed and change.old_heading:
                c.insertText("  was: ", f.muted)
                c.insertText(section_title(change.old_number, change.old_heading), f.delete)
            if change.categories:
                c.insertText("  " + " · ".join(change.categories), f.muted)
        body = section_body_spans(self.cmp, change)
        self._new_block(f.body_block)
        if section_start is None:
            section_start = c.position()
        self.result.anchors.append((section_start, index))
        if self.side_by_side:
            changes: list[tuple[int, int]] = []
            yield from insert_section_rows(c, body, _change_runs(body), change.status,
                                           change.moved, f, changes, self.moved,
                                           old_body_equal_texts(self.cmp, change, body))
            if not changes and change.moved:
                changes = [(section_start, section_start)]
            self.result.changes += [(start, end, index) for start, end in changes]
            return
        runs = dict(_change_runs(body))
        whole = change.status in ("added", "removed")
        if whole or (change.moved and not runs):
            self.result.changes.append((section_start, section_start, index))
        i = pieces = 0
        while i < len(body):
            end = runs.get(i)
            run_start = c.position()
            stop = end if end is not None else i + 1
            for op, text in body[i:stop]:
                if op == "=":
                    c.insertText(text, f.body)
                else:
                    fmt = f.insert if op == "+" else f.delete
                    self.moved.insert(c, op, text.lstrip("\n") if c.atBlockStart() else text, fmt)
            if end is not None and not whole:
                self.result.changes.append((run_start, c.position(), index))
            i = stop
            pieces += 1
            if pieces % 64 == 0:
                yield
        if whole:
            start, _, idx = self.result.changes[-1]
            self.result.changes[-1] = (start, c.position(), idx)
        if change.moved:
            band = QTextCursor(self.doc)
            band.setPosition(section_start)
            band.setPosition(c.position(), QTextCursor.MoveMode.KeepAnchor)
            band.mergeBlockFormat(f.moved_block)

    def _level(self, change: SectionChange) -> int:
        for outline, idx in ((self.cmp.new_outline, change.new_index),
                             (self.cmp.old_outline, change.old_index)):
            if outline is not None and idx is not None and idx < len(outline.sections):
                return outline.sections[idx].level
        return 1


class DiffView(AnchoredTextView):
    """``diffView``: anchors are indexes into ``Comparison.sections``."""

    currentChangeChanged = Signal(int, int)  # index (-1: none), total

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("diffView")
        self.setAccessibleName("Comparison")
        self._changes: list[tuple[int, int, int]] = []
        self._current = -1
        self._renderer: DiffRenderer | None = None
        self._offscreen: QTextDocument | None = None  # being filled, not shown yet
        self.comparison: Comparison | None = None
        self._theme: Theme | None = None
        self.anchorClicked.connect(self._follow_section_link)

    # -- rendering ------------------------------------------------------------------------
    def show_comparison(self, cmp: Comparison, theme: Theme, *, only_changed: bool = False,
                        side_by_side: bool = False, synchronous: bool = False) -> None:
        """Render ``cmp``; any rendering still in progress is abandoned."""
        self.comparison = cmp
        self._theme = theme
        doc = QTextDocument(self)
        doc.setDefaultFont(self.font())
        doc.setDocumentMargin(18)
        renderer = DiffRenderer(doc, cmp, DiffFormats.build(theme, self.font()),
                                only_changed=only_changed, side_by_side=side_by_side)
        self._renderer = renderer
        self.build(doc, renderer.steps(), lambda: renderer.result.anchors,
                   synchronous=synchronous)

    # -- filling off-screen -------------------------------------------------------------
    # The diff document is filled while no view shows it and shown once, whole: with no
    # layout attached, inserting costs no relayout (side-by-side tables are relaid out
    # whole on every insertion otherwise), and Qt lays the shown document out lazily.
    def build(self, doc: QTextDocument, steps: Iterator[None], finish: Callable[[], Any], *,
              synchronous: bool = False) -> None:
        self._drop_offscreen()
        self._offscreen = doc
        self.clear()  # nothing stale on screen while the new comparison fills
        super().build(doc, steps, finish, synchronous=synchronous)

    def replace_document(self, doc: QTextDocument) -> None:
        if doc is not self._offscreen:
            super().replace_document(doc)

    def _complete_build(self) -> None:
        doc, self._offscreen = self._offscreen, None
        if doc is not None:
            super().replace_document(doc)
        super()._complete_build()

    def cancel_build(self) -> None:
        super().cancel_build()
        self._drop_offscreen()

    def _drop_offscreen(self) -> None:
        if self._offscreen is not None:
            self._offscreen.deleteLater()
            self._offscreen = None

    def _follow_section_link(self, url: QUrl) -> None:
        href = url.toString()
        if href.startswith(SECTION_LINK):
            self.scroll_to_key(int(href.removeprefix(SECTION_LINK)))

    def clear_view(self) -> None:
        self.cancel_build()
        self.comparison = None
        self._changes = []
        self._current = -1
        self.clear()
        self.set_anchors([])
        self.set_marks([])

    def built(self) -> None:
        assert self._renderer is not None
        self._changes = self._renderer.result.changes
        self._current = -1
        self.currentChangeChanged.emit(-1, len(self._changes))

    # -- change navigation ----------------------------------------------------------------
    def change_count(self) -> int:
        return len(self._changes)

    def current_change(self) -> int:
        return self._current

    def change_range(self, i: int) -> tuple[int, int, int]:
        return self._changes[i]

    def _navigation_origin(self) -> tuple[int | None, int]:
        """The change the cursor was put on by navigation (if it is still there), and
        the cursor position, so navigation continues from where the user clicked."""
        pos = self.textCursor().position()
        cur = self._current
        if 0 <= cur < len(self._changes) and self._changes[cur][0] == pos:
            return cur, pos
        return None, pos

    def next_change(self) -> bool:
        cur, pos = self._navigation_origin()
        if cur is not None:
            return self.go_to_change(cur + 1)
        for i, (start, _end, _section) in enumerate(self._changes):
            if start >= pos:
                return self.go_to_change(i)
        return False

    def previous_change(self) -> bool:
        cur, pos = self._navigation_origin()
        if cur is not None:
            return self.go_to_change(cur - 1)
        for i in range(len(self._changes) - 1, -1, -1):
            if self._changes[i][0] < pos:
                return self.go_to_change(i)
        return False

    def go_to_change(self, i: int) -> bool:
        if not 0 <= i < len(self._changes):
            return False
        start, end, _section = self._changes[i]
        self._current = i
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        self.setTextCursor(cursor)
        # Put the change a third of the way down, with its context above it.
        bar = self.verticalScrollBar()
        y = self.cursorRect(cursor).top() + bar.value()
        bar.setValue(max(0, y - self.viewport().height() // 3))
        mark = QTextEdit.ExtraSelection()
        mark.cursor = QTextCursor(self.document())
        mark.cursor.setPosition(start)
        mark.cursor.setPosition(max(end, start), QTextCursor.MoveMode.KeepAnchor)
        if self._theme is not None:
            fmt = QTextCharFormat()
            fmt.setBackground(self._theme.color("current_change"))
            mark.format = fmt
        self.set_marks([mark])
        self.currentChangeChanged.emit(i, len(self._changes))
        return True
