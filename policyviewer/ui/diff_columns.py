"""Side-by-side layout of the diff: each section's body as one table row, the old
text on the left (deletions marked) and the new text on the right (insertions marked).

Both columns live in the same ``QTextDocument`` as the headings, so paired sections
always start level (and so do the paragraphs both versions share: a row ends at each
shared line break), one scroll bar moves both sides, and the outline anchors and F8
change navigation work as in the inline layout. Positions are read back from
cursors (Qt's UTF-16 units); no Python offset is used here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from PySide6.QtGui import (
    QTextCursor,
    QTextLength,
    QTextTable,
    QTextTableCell,
    QTextTableFormat,
)

if TYPE_CHECKING:
    from policyviewer.core.model import Comparison
    from policyviewer.ui.diff_moved import MovedStyles
    from policyviewer.ui.diff_view import DiffFormats

Span = tuple[str, str]
OLD_SIDE, NEW_SIDE = "-", "+"


def _table_format(fmts: DiffFormats, moved: bool = False) -> QTextTableFormat:
    fmt = QTextTableFormat()
    fmt.setBorder(0)
    fmt.setCellSpacing(0)
    fmt.setCellPadding(4)
    fmt.setTopMargin(0)
    fmt.setBottomMargin(0)
    fmt.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
    half = QTextLength(QTextLength.Type.PercentageLength, 50)
    fmt.setColumnWidthConstraints([half, half])
    if moved:
        fmt.setBackground(fmts.theme.color("moved"))
    return fmt


def insert_column_titles(cursor: QTextCursor, cmp: Comparison, fmts: DiffFormats) -> None:
    """A header row naming the two columns ("Old version" | "New version")."""
    table = cursor.insertTable(1, 2, _table_format(fmts))
    for column, source, fallback in ((0, cmp.old.source, "Old version"),
                                     (1, cmp.new.source, "New version")):
        cell_cursor = table.cellAt(0, column).firstCursorPosition()
        cell_cursor.insertText(source or fallback, fmts.strong)
    cursor.movePosition(QTextCursor.MoveOperation.End)


def _fill(cell: QTextTableCell, row: tuple[Span, ...], side: str,
          runs: list[tuple[int, int]], fmts: DiffFormats, moved: MovedStyles,
          olds: tuple[str | None, ...] = ()) -> list[tuple[int, int]]:
    """Write one side of ``row`` into ``cell``; the (start, end) of each change run
    on this side (start == end where the run has nothing on this side). On the old
    side, equal text reads as the old version wrote it where ``olds`` has it."""
    c = cell.firstCursorPosition()
    changed = fmts.delete if side == OLD_SIDE else fmts.insert
    run_at = dict(runs)
    ranges: list[tuple[int, int]] = []
    i = 0
    while i < len(row):
        stop = run_at.get(i, i + 1)
        start = c.position()
        for k in range(i, stop):
            op, text = row[k]
            if op == "=" and side == OLD_SIDE and k < len(olds) and olds[k] is not None:
                text = olds[k]
            if k == len(row) - 1:
                text = text.rstrip("\n")  # the next row starts on a new line anyway
            if op == "=":
                c.insertText(text, fmts.body)
            elif op == side:
                moved.insert(c, op, text.lstrip("\n") if c.atBlockStart() else text, changed)
        if i in run_at:
            ranges.append((start, c.position()))
        i = stop
    return ranges


_AFTER_LINE_BREAKS = re.compile(r"(?<=\n)(?=[^\n])")


Row = tuple[tuple[Span, ...], list[tuple[int, int]], tuple[str | None, ...]]


def split_rows(body: tuple[Span, ...], runs: list[tuple[int, int]],
               old_equal: list[str | None] | None = None) -> list[Row]:
    """Cut ``body`` into rows where both versions stand at the same line break (after
    the line breaks in equal text outside any change), so paragraphs line up and no
    row is long to lay out. Each row comes with its change runs, re-indexed, and the
    old version's text of each equal span (``old_equal``, by span of ``body``) where
    it has the same line breaks (None elsewhere: the new text is shown)."""
    run_end = dict(runs)
    rows: list[Row] = []
    spans: list[Span] = []
    olds: list[str | None] = []
    row_runs: list[tuple[int, int]] = []

    def old_of(k: int) -> str | None:
        return old_equal[k] if old_equal is not None and k < len(old_equal) else None

    k = 0
    while k < len(body):
        if k in run_end:
            end = run_end[k]
            row_runs.append((len(spans), len(spans) + end - k))
            spans += body[k:end]
            olds += [old_of(m) for m in range(k, end)]
            k = end
            continue
        op, text = body[k]
        pieces = _AFTER_LINE_BREAKS.split(text) if op == "=" else [text]
        old = old_of(k)
        old_pieces: list[str | None] = _AFTER_LINE_BREAKS.split(old) if old is not None else []
        if len(old_pieces) != len(pieces):
            old_pieces = [None] * len(pieces)  # re-wrapped: the line breaks do not pair
        for piece, old_piece in zip(pieces[:-1], old_pieces, strict=False):
            spans.append((op, piece))
            olds.append(old_piece)
            rows.append((tuple(spans), row_runs, tuple(olds)))
            spans, olds, row_runs = [], [], []
        spans.append((op, pieces[-1]))
        olds.append(old_pieces[-1])
        k += 1
    if spans:
        rows.append((tuple(spans), row_runs, tuple(olds)))
    return rows


def insert_section_rows(cursor: QTextCursor, body: tuple[Span, ...],
                        runs: list[tuple[int, int]], status: str, moved: bool,
                        fmts: DiffFormats, changes: list[tuple[int, int]],
                        moved_styles: MovedStyles,
                        old_equal: list[str | None] | None = None) -> Iterator[None]:
    """Insert one section body as two-column rows at ``cursor`` (left: old, right:
    new), yielding after each row, and add the range of each change to ``changes``
    in order: the new side's text where the change inserted some, else the old
    side's. An added or removed section is one change covering its whole column."""
    # A section split off or merged in place is added or removed but may hold equal
    # and old text as well: only a single span is one whole column.
    whole = status in ("added", "removed") and len(body) <= 1
    if whole:  # one span: cut it into paragraphs, one row each
        op, text = body[0] if body else ("+", "")
        rows: list[Row] = [(((op, piece),), [], ()) for piece in _AFTER_LINE_BREAKS.split(text)]
    else:
        rows = split_rows(body, runs, old_equal)
    side = 1 if status == "added" else 0
    first = last = cursor.position()
    for k, (row, row_runs, olds) in enumerate(rows):
        table: QTextTable = cursor.insertTable(1, 2, _table_format(fmts, moved))
        left = _fill(table.cellAt(0, 0), row, OLD_SIDE, row_runs, fmts, moved_styles, olds)
        right = _fill(table.cellAt(0, 1), row, NEW_SIDE, row_runs, fmts, moved_styles)
        if whole:
            cell = table.cellAt(0, side)
            first = cell.firstPosition() if k == 0 else first
            last = cell.lastPosition()
        else:
            changes += [r if r[1] > r[0] else o for o, r in zip(left, right, strict=True)]
        cursor.movePosition(QTextCursor.MoveOperation.End)
        yield
    if whole:
        changes.append((first, last))
