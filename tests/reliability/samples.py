"""Valid sample files of every importable format, built in memory for fuzzing and
fault injection: HTML, Markdown, plain text, DOCX (python-docx) and PDF (written
by hand, so a 1,000-page PDF takes milliseconds and no Qt)."""

from __future__ import annotations

import io
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEED_FILES = sorted((REPO / "resources" / "samples").glob("*.txt"))

PARAGRAPHS = (
    "We collect your name, email address and device identifiers when you create an account.",
    "We share data with service providers who process it on our behalf under contract.",
    "You may ask us to delete your personal data at any time by writing to privacy@example.com.",
    "We keep server logs for 30 days and then delete them.",
    "Cookies help us remember your preferences; you can refuse them in your browser.",
    "Children under 13 may not use the service.",
)
HEADINGS = ("Information we collect", "How we share it", "Your rights", "Retention",
            "Cookies", "Children")


def sample_text() -> str:
    return "Example Privacy Policy\n\n" + "\n\n".join(
        f"{i + 1}. {h}\n{p}" for i, (h, p) in enumerate(zip(HEADINGS, PARAGRAPHS, strict=True))
    ) + "\n"


def sample_markdown() -> str:
    return "# Example Privacy Policy\n\n" + "\n\n".join(
        f"## {h}\n\n{p}\n\n- first point\n- **second** point" for h, p in zip(
            HEADINGS, PARAGRAPHS, strict=True)
    ) + "\n"


def sample_html() -> str:
    body = "".join(f"<h2>{h}</h2><p>{p}</p><ul><li>one</li><li>two</li></ul>"
                   for h, p in zip(HEADINGS, PARAGRAPHS, strict=True))
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Example</title></head>"
            f"<body><h1>Example Privacy Policy</h1>{body}</body></html>")


def sample_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Example Privacy Policy", level=1)
    for h, p in zip(HEADINGS, PARAGRAPHS, strict=True):
        document.add_heading(h, level=2)
        document.add_paragraph(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf_string(text: str) -> bytes:
    safe = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + safe.encode("latin-1", "replace") + b")"


def make_pdf(pages: list[list[str]]) -> bytes:
    """A valid PDF with one text line per entry of each page (Helvetica, no compression)."""
    objects: list[bytes] = []  # object n is objects[n - 1]
    n_pages = len(pages)
    font_id = 3
    first_page_id = 4
    kids = " ".join(f"{first_page_id + 2 * i} 0 R" for i in range(n_pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                   b"/Encoding /WinAnsiEncoding >>")
    for i, lines in enumerate(pages):
        content_id = first_page_id + 2 * i + 1
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> /Contents {content_id} 0 R >>"
            .encode()
        )
        ops = [b"BT /F1 11 Tf 14 TL 72 740 Td"]
        for line in lines:
            ops.append(_pdf_string(line) + b" Tj T*")
        ops.append(b"ET")
        stream = b"\n".join(ops)
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


def sample_pdf() -> bytes:
    return make_pdf([["Example Privacy Policy", h, p] for h, p in zip(
        HEADINGS, PARAGRAPHS, strict=True)])


def valid_samples() -> dict[str, bytes]:
    """name -> bytes: one valid file per format."""
    return {
        "policy.txt": sample_text().encode(),
        "policy.md": sample_markdown().encode(),
        "policy.html": sample_html().encode(),
        "policy.docx": sample_docx(),
        "policy.pdf": sample_pdf(),
    }
