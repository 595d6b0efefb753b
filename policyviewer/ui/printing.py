"""File > Print (with preview) and File > Export Summary for the comparison on screen.

The main window calls ``print_preview(parent, cmp, ctx)`` and
``export_summary(parent, cmp, ctx, path, fmt)``. Both use the same report as the
``summary`` command: the HTML is laid out by ``policyviewer.pdf_export``.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timezone
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from policyviewer.core.errors import PolicyViewerError
from policyviewer.core.model import Comparison
from policyviewer.core.report import ReportContext, default_context, render_report
from policyviewer.pdf_export import (
    PAGE_MARGIN_MM,
    page_title,
    paint_pages,
    versions_line,
    write_pdf,
)

# Formats offered by Export Summary: (format, file-dialog filter, suffix).
EXPORT_FORMATS = (
    ("pdf", "PDF document (*.pdf)", ".pdf"),
    ("html", "Web page (*.html *.htm)", ".html"),
    ("markdown", "Markdown (*.md)", ".md"),
    ("text", "Plain text (*.txt)", ".txt"),
)


def make_preview_dialog(
    parent: QWidget | None, cmp: Comparison, ctx: ReportContext | None = None
) -> QPrintPreviewDialog:
    """A print preview of the change summary (not shown yet)."""
    ctx = dated(ctx or default_context(cmp))
    html = render_report(cmp, "html", ctx)
    title, header_right = page_title(ctx), versions_line(ctx)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageMargins(
        QMarginsF(PAGE_MARGIN_MM, PAGE_MARGIN_MM, PAGE_MARGIN_MM, PAGE_MARGIN_MM),
        QPageLayout.Unit.Millimeter,
    )
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"Print Preview: {title}")
    dialog.paintRequested.connect(
        lambda device: paint_pages(html, device, title=title, header_right=header_right)
    )
    # Keep the printer alive as long as the dialog.
    dialog._printer = printer  # type: ignore[attr-defined]
    return dialog


def dated(ctx: ReportContext) -> ReportContext:
    """The context with today's date as the report's date, unless it has one."""
    if ctx.generated_at is not None:
        return ctx
    return dataclasses.replace(ctx, generated_at=datetime.now(timezone.utc))


def print_preview(
    parent: QWidget | None, cmp: Comparison, ctx: ReportContext | None = None
) -> None:
    """File > Print: show the print preview; its Print button prints."""
    dialog = make_preview_dialog(parent, cmp, ctx)
    try:
        dialog.exec()
    except PolicyViewerError as exc:
        QMessageBox.warning(parent, "Print", str(exc))


def write_summary(
    cmp: Comparison, ctx: ReportContext | None, path: str | Path, fmt: str
) -> Path:
    """Write the change summary to ``path`` in ``fmt`` (pdf, html, markdown, text)."""
    ctx = dated(ctx or default_context(cmp))
    path = Path(path)
    if fmt == "pdf":
        write_pdf(
            render_report(cmp, "html", ctx), path, title=page_title(ctx),
            header_right=versions_line(ctx),
        )
        return path
    try:
        path.write_text(render_report(cmp, fmt, ctx), encoding="utf-8")
    except OSError as exc:
        raise PolicyViewerError(exc.strerror or "cannot write the file", path=str(path)) from exc
    return path


def ask_export_path(
    parent: QWidget | None, ctx: ReportContext, fmt: str | None
) -> tuple[Path, str] | None:
    """Ask where to save the summary; (path, format) or None when cancelled."""
    formats = [f for f in EXPORT_FORMATS if fmt is None or f[0] == fmt] or list(EXPORT_FORMATS)
    name = (ctx.policy_name or "policy").replace("/", "-")
    suggested = f"{name} - change summary{formats[0][2]}"
    path, chosen = QFileDialog.getSaveFileName(
        parent, "Export Summary", suggested, ";;".join(f[1] for f in formats)
    )
    if not path:
        return None
    by_filter = {f[1]: f for f in formats}
    fmt_name, _, suffix = by_filter.get(chosen, formats[0])
    target = Path(path)
    if not target.suffix:
        target = target.with_suffix(suffix)
    return target, fmt_name


def export_summary(
    parent: QWidget | None,
    cmp: Comparison,
    ctx: ReportContext | None,
    path: str | Path | None,
    fmt: str | None,
) -> Path | None:
    """File > Export Summary: write the summary (asking where when ``path`` is None).

    Returns the file written, or None when the user cancelled or writing failed
    (the user was told why).
    """
    ctx = ctx or default_context(cmp)
    if path is None:
        answer = ask_export_path(parent, ctx, fmt)
        if answer is None:
            return None
        path, fmt = answer
    fmt = fmt or _format_for(Path(path))
    try:
        return write_summary(cmp, ctx, path, fmt)
    except PolicyViewerError as exc:
        QMessageBox.warning(parent, "Export Summary", f"The summary was not saved. {exc}")
        return None


def _format_for(path: Path) -> str:
    suffix = path.suffix.lower()
    for fmt, _, known in EXPORT_FORMATS:
        if suffix == known or (fmt == "html" and suffix == ".htm"):
            return fmt
    return "pdf"
