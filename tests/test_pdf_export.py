"""The change summary as a PDF and on a printer: real text, headed and numbered pages."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from core.test_report_samples import acme_comparison, comparison, section
from pypdf import PdfReader
from PySide6.QtCore import QSizeF
from PySide6.QtGui import QPdfWriter
from PySide6.QtPrintSupport import QPrinter

from policyviewer import pdf_export
from policyviewer.core.report import ReportContext
from policyviewer.ui import printing

CTX = ReportContext(
    policy_name="Acme Privacy Policy",
    old_label="Acme version 1",
    new_label="Acme version 2",
    old_date="2024-05-01",
    new_date="2025-01-15",
)
REPO = Path(__file__).resolve().parent.parent


def page_texts(path: Path) -> list[str]:
    """Each page's extractable text, whitespace runs as single spaces.

    pypdf puts a space between differently styled runs ("partners ."); undo that.
    """
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(str(path)).pages]
    return [re.sub(r" ([.,;:])", r"\1", text) for text in pages]


def many_sections(count: int):
    return comparison([
        section(
            "modified", (f"{i}.", f"Topic number {i}"), (f"{i}.", f"Topic number {i}"),
            f"Paragraph {i} keeps data for [-{i}-]{{+{i + 1}+}} months. " + "Filler text. " * 40
            + f"\n\nSecond paragraph {i} shares data with [-nobody-]{{+partners+}}.",
        )
        for i in range(1, count + 1)
    ])


def test_pdf_is_real_text_with_every_change(qapp, tmp_path):
    path = tmp_path / "summary.pdf"
    pdf_export.write_comparison_pdf(acme_comparison(), path, CTX)
    text = " ".join(page_texts(path))
    for expected in (
        "Change summary: Acme Privacy Policy",
        "Server logs are kept for 60 days instead of 14 days.",  # key change
        "Effective date 2024-05-01 2025-01-15",
        "3. Data retention",
        "We keep server logs for 14 60 days before deleting them.",  # redline, both sides
        "4. Children",
        "We do not knowingly collect data from children under 13.",
        "4. Selling data",
        "5. Contact us",
        "Sections modified",  # plain letters, no "fi" ligature
    ):
        assert expected in text, expected
    assert PdfReader(str(path)).metadata.title == "Change summary: Acme Privacy Policy"


def test_every_page_has_the_header_and_page_n_of_m(qapp, tmp_path):
    path = tmp_path / "long.pdf"
    pdf_export.write_comparison_pdf(many_sections(40), path, CTX)
    pages = page_texts(path)
    assert len(pages) > 3
    for number, text in enumerate(pages, start=1):
        assert "Change summary: Acme Privacy Policy" in text
        assert "Acme version 1 (2024-05-01) → Acme version 2 (2025-01-15)" in text
        assert re.findall(r"Page \d+ of \d+", text) == [f"Page {number} of {len(pages)}"]
        # A section heading never ends a page without its text.
        headings = re.findall(r"(\d+)\. Topic number \1", text)
        if headings:
            assert f"Paragraph {headings[-1]} keeps data" in text
    # Nothing lost at page breaks: every section and its change is somewhere.
    everything = " ".join(pages)
    for i in range(1, 41):
        assert f"{i}. Topic number {i}" in everything
        assert f"Second paragraph {i} shares data with nobody partners." in everything


def test_long_words_and_urls_wrap_inside_the_page(qapp, tmp_path):
    url = "https://example.com/" + "/".join(f"segment{i}" for i in range(40)) + "?q=1"
    token = "x" * 400
    cmp = comparison([section("added", None, ("1.", "Links"), f"See {url} and {token} here.")])
    html = pdf_export.render_report(cmp, "html", CTX)
    writer = QPdfWriter(str(tmp_path / "probe.pdf"))
    width = 2000.0
    doc = pdf_export.layout_document(html, writer, QSizeF(width, 3000.0))
    assert doc.idealWidth() <= width + 1
    # ...and the wrapped text is all still there.
    path = tmp_path / "links.pdf"
    pdf_export.write_comparison_pdf(cmp, path, CTX)
    text = "".join("".join(page_texts(path)).split())
    assert url in text and token in text


def test_a_missing_folder_is_a_clear_error(qapp, tmp_path):
    target = tmp_path / "no-such-folder" / "out.pdf"
    with pytest.raises(pdf_export.ExportFailed, match=r"no-such-folder.*folder does not exist"):
        pdf_export.write_pdf("<p>x</p>", target, title="t")


def test_a_folder_as_target_is_a_clear_error(qapp, tmp_path):
    with pytest.raises(pdf_export.ExportFailed, match="is a folder"):
        pdf_export.write_pdf("<p>x</p>", tmp_path, title="t")


def test_pdf_export_needs_no_display(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    target = tmp_path / "headless.pdf"
    code = (
        "from policyviewer.pdf_export import write_pdf; "
        f"write_pdf('<h1>Hello headless</h1>', {str(target)!r}, title='Headless')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=REPO, capture_output=True, text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Hello headless" in page_texts(target)[0]


def test_print_preview_paints_the_same_headed_pages_on_a_printer(qapp, tmp_path):
    dialog = printing.make_preview_dialog(None, acme_comparison(), CTX)
    assert "Acme Privacy Policy" in dialog.windowTitle()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    dialog.paintRequested.emit(printer)
    pages = page_texts(tmp_path / "printed.pdf")
    assert pages and pages[0].startswith("Change summary: Acme Privacy Policy")
    assert f"Page 1 of {len(pages)}" in pages[0]
    assert "4. Selling data" in " ".join(pages)
    dialog.deleteLater()


@pytest.mark.parametrize(
    ("fmt", "name", "expected"),
    [
        ("pdf", "s.pdf", None),
        ("html", "s.html", "<!DOCTYPE html>"),
        ("markdown", "s.md", "# Change summary: Acme Privacy Policy"),
        ("text", "s.txt", "CHANGE SUMMARY: ACME PRIVACY POLICY"),
    ],
)
def test_export_summary_writes_each_format(qapp, tmp_path, fmt, name, expected):
    written = printing.export_summary(None, acme_comparison(), CTX, tmp_path / name, fmt)
    assert written == tmp_path / name
    if fmt == "pdf":
        content = " ".join(page_texts(written))
        assert "4. Children" in content
    else:
        content = written.read_text(encoding="utf-8")
        assert content.startswith(expected)
        assert "Children" in content
    # A printout says when it was made.
    assert re.search(r"Generated(\W|<[^>]*>)+20\d\d-\d\d-\d\d \d\d:\d\d UTC", content)


def test_export_summary_reports_failure_instead_of_raising(qapp, tmp_path, monkeypatch):
    warnings = []
    monkeypatch.setattr(printing.QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    target = tmp_path / "missing" / "s.pdf"
    assert printing.export_summary(None, acme_comparison(), CTX, target, None) is None
    assert len(warnings) == 1 and "not saved" in warnings[0] and "missing" in warnings[0]
