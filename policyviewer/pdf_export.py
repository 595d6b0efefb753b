"""HTML change summary -> paged PDF (or a printer), laid out by Qt.

QTextDocument lays the report's HTML out in pages; each page is painted with a
header (policy, versions) and a "Page N of M" footer. The same painting serves
QPdfWriter (PDF files, works with no display) and QPrinter (print preview and
printing in the app). The PDF holds real text, not images.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QPen,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextOption,
)

from policyviewer.core.errors import PolicyViewerError
from policyviewer.core.model import Comparison
from policyviewer.core.report import ReportContext, default_context, render_report
from policyviewer.core.report.context import plain_label

PAGE_MARGIN_MM = 16.0
RESOLUTION_DPI = 300
BODY_FONT = "DejaVu Sans"  # fallback when none of the HTML's fonts is installed
BODY_POINT_SIZE = 10.0
HEADER_POINT_SIZE = 8.0

_app: QGuiApplication | None = None


class ExportFailed(PolicyViewerError):
    """The PDF file could not be written."""


def ensure_gui_app() -> QGuiApplication:
    """The running Qt application, or a new one (offscreen when Linux has no display)."""
    global _app
    existing = QGuiApplication.instance()
    if existing is not None:
        return existing  # type: ignore[return-value]
    if (
        sys.platform.startswith("linux")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication(["policyviewer"])
    return _app


def write_pdf(
    html: str, path: str | Path, *, title: str, header_right: str = ""
) -> None:
    """Lay ``html`` out on A4 pages and write them to ``path`` as a text PDF.

    Every page has ``title`` (and ``header_right``) at the top and "Page N of M"
    at the bottom.
    """
    ensure_gui_app()
    path = Path(path)
    if not path.parent.is_dir():
        raise ExportFailed("the folder does not exist", path=str(path))
    if path.is_dir():
        raise ExportFailed("this is a folder, not a file name", path=str(path))
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION_DPI)
    writer.setTitle(title)
    writer.setCreator("PolicyViewer")
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(
        QMarginsF(PAGE_MARGIN_MM, PAGE_MARGIN_MM, PAGE_MARGIN_MM, PAGE_MARGIN_MM),
        QPageLayout.Unit.Millimeter,
    )
    try:
        paint_pages(html, writer, title=title, header_right=header_right)
    except ExportFailed as exc:
        hint = "check that the file can be written"
        raise ExportFailed(exc.message, path=str(path), hint=hint) from None
    if not path.is_file() or path.stat().st_size == 0:
        raise ExportFailed("the PDF could not be written", path=str(path))


def write_comparison_pdf(
    cmp: Comparison, path: str | Path, ctx: ReportContext | None = None
) -> None:
    """The change summary of ``cmp`` as a PDF file."""
    ctx = ctx or default_context(cmp)
    html = render_report(cmp, "html", ctx)
    write_pdf(html, path, title=page_title(ctx), header_right=versions_line(ctx))


def page_title(ctx: ReportContext) -> str:
    return f"Change summary: {ctx.policy_name}" if ctx.policy_name else "Change summary"


def versions_line(ctx: ReportContext) -> str:
    old = plain_label(ctx.old_label, ctx.old_date) + (f" ({ctx.old_date})" if ctx.old_date else "")
    new = plain_label(ctx.new_label, ctx.new_date) + (f" ({ctx.new_date})" if ctx.new_date else "")
    return f"{old} → {new}"


def paint_pages(
    html: str, device: QPagedPaintDevice, *, title: str, header_right: str = ""
) -> int:
    """Paint ``html`` on ``device`` (QPdfWriter or QPrinter), headed and numbered.

    Returns the number of pages painted.
    """
    painter = QPainter()
    if not painter.begin(device):
        raise ExportFailed("the output could not be opened for writing")
    try:
        return _paint(html, device, painter, title, header_right)
    finally:
        painter.end()


def _paint(
    html: str, device: QPagedPaintDevice, painter: QPainter, title: str, header_right: str
) -> int:
    dpi = device.resolution()
    paint_rect = device.pageLayout().paintRectPixels(dpi)
    width, height = float(paint_rect.width()), float(paint_rect.height())

    header_font = QFont(BODY_FONT)
    header_font.setPointSizeF(HEADER_POINT_SIZE)
    metrics = QFontMetricsF(header_font, device)
    band = metrics.height() * 2.2  # header/footer line plus a gap before the body
    body_height = height - 2 * band

    doc = layout_document(html, device, QSizeF(width, body_height))
    pages = doc.pageCount()

    context = QAbstractTextDocumentLayout.PaintContext()
    context.palette.setColor(QPalette.ColorRole.Text, QColor("#1f2328"))
    for index in range(pages):
        if index:
            device.newPage()
        painter.save()
        painter.translate(0, band - index * body_height)
        clip = QRectF(0, index * body_height, width, body_height)
        painter.setClipRect(clip)
        context.clip = clip
        doc.documentLayout().draw(painter, context)
        painter.restore()
        _header_footer(painter, header_font, metrics, width, height, title, header_right,
                       f"Page {index + 1} of {pages}")
    return pages


def _header_footer(
    painter: QPainter, font: QFont, metrics: QFontMetricsF, width: float, height: float,
    title: str, right: str, page: str,
) -> None:
    painter.save()
    painter.setFont(font)
    painter.setPen(QColor("#59636e"))
    line_h = metrics.height()
    gap = metrics.horizontalAdvance("    ")
    right_w = min(metrics.horizontalAdvance(right), width * 0.55)
    left = metrics.elidedText(title, Qt.TextElideMode.ElideRight, width - right_w - gap)
    right = metrics.elidedText(right, Qt.TextElideMode.ElideMiddle, right_w)
    painter.drawText(QRectF(0, 0, width, line_h), Qt.AlignmentFlag.AlignLeft, left)
    painter.drawText(QRectF(0, 0, width, line_h), Qt.AlignmentFlag.AlignRight, right)
    pen = QPen(QColor("#d0d7de"))
    pen.setWidthF(max(1.0, line_h / 14))
    painter.setPen(pen)
    painter.drawLine(0, int(line_h * 1.3), int(width), int(line_h * 1.3))
    painter.setPen(QColor("#59636e"))
    footer = QRectF(0, height - line_h, width, line_h)
    painter.drawText(footer, Qt.AlignmentFlag.AlignLeft, "PolicyViewer")
    painter.drawText(footer, Qt.AlignmentFlag.AlignRight, page)
    painter.restore()


def layout_document(html: str, device: QPagedPaintDevice, page: QSizeF) -> QTextDocument:
    """``html`` laid out in pages of ``page`` size (device pixels) for ``device``.

    Words longer than a line (URLs, identifiers) break anywhere rather than
    running off the page.
    """
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(device)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    doc.setDefaultTextOption(option)
    body_font = QFont(BODY_FONT)
    body_font.setPointSizeF(BODY_POINT_SIZE)
    doc.setDefaultFont(body_font)
    doc.setDocumentMargin(0)
    doc.setHtml(_for_qt(html))
    _without_ligatures(doc)
    doc.setPageSize(page)
    _keep_headings_with_text(doc, page.height())
    return doc


# A heading stays on the page of the blocks after it (badges, the first excerpt's
# first lines), so no page ends with a bare heading.
KEEP_WITH_HEADING = 3


def _keep_headings_with_text(doc: QTextDocument, page_height: float) -> None:
    """Move a heading to the next page when it would end a page without its text."""
    layout = doc.documentLayout()
    block = doc.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() and page_height > 0:
            follower = block
            for _ in range(KEEP_WITH_HEADING):
                nxt = follower.next()
                if not nxt.isValid() or nxt.blockFormat().headingLevel():
                    break
                follower = nxt
            top = layout.blockBoundingRect(block).top()
            bottom = _first_lines_bottom(layout, follower)
            if int(top // page_height) != int((bottom - 1) // page_height) and top % page_height:
                cursor = QTextCursor(block)
                fmt = block.blockFormat()
                fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                cursor.setBlockFormat(fmt)
                # Editing a format leaves the layout after it pending: redo it now,
                # so the next headings are judged on where they really are.
                doc.markContentsDirty(block.position(), doc.characterCount() - block.position())
        block = block.next()


def _first_lines_bottom(layout: QAbstractTextDocumentLayout, block: QTextBlock) -> float:
    """Where the first two lines of ``block`` end (a long paragraph may still break)."""
    rect = layout.blockBoundingRect(block)
    lines = block.layout()
    if lines.lineCount() <= 2:
        return rect.bottom()
    return rect.top() + lines.lineAt(1).rect().bottom()


_BODY_TAG = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_SCREEN_LAYOUT = re.compile(r"(?:max-width|margin|padding)\s*:[^;\"]*;?\s*", re.IGNORECASE)


def _for_qt(html: str) -> str:
    """Drop the body's page-centering styles: the page has its own margins, and Qt
    reads ``margin: auto`` on the body as an offset for every table."""
    return _BODY_TAG.sub(lambda m: _SCREEN_LAYOUT.sub("", m.group(0)), html, count=1)


_NO_LIGATURES = {QFont.Tag("liga"): 0, QFont.Tag("clig"): 0}


def _without_ligatures(doc: QTextDocument) -> None:
    """Turn off "fi"/"fl" ligatures so text copied or searched in the PDF is plain letters."""
    cursor = QTextCursor(doc)
    cursor.select(QTextCursor.SelectionType.Document)
    fmt = QTextCharFormat()
    fmt.setFontFeatures(_NO_LIGATURES)
    cursor.mergeCharFormat(fmt)
