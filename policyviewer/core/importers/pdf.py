"""Text PDFs -> plain text with pypdf. Scans, truncated and encrypted files are refused."""

from __future__ import annotations

import io
import itertools
import logging
import re

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError

from policyviewer.core.config import Config
from policyviewer.core.errors import ImportFailed, InputTooLarge
from policyviewer.core.model import Document
from policyviewer.core.normalize import normalize_import

# A PDF's last %%EOF sits at its very end (give or take a little trailing junk);
# without one the file was cut short, and pypdf would silently "repair" it.
_EOF_WINDOW = 2048
# Typographic ligatures are glyphs, not text: search and diffs need the letters.
_LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
     "\ufb05": "st", "\ufb06": "st"}
)
# A page's first or last line that is only its number ("3", "- 3 -", "Page 3 of 9").
_PAGE_NUMBER = re.compile(
    r"^\s*(?:page\s+)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?\s*$", re.I
)
# A first/last line on at least this share of pages (of at least this many) is a
# running header/footer.
_RUNNING_MIN_PAGES = 3
_RUNNING_SHARE = 0.6
_STRADDLE_MIN_WORDS = 3
_DIGITS = re.compile(r"\d+")
# Fewer visible characters than this per page: there is no real text layer.
_MIN_CHARS_PER_PAGE = 10


def pdf_to_document(data: bytes, source: str | None, config: Config) -> Document:
    if b"%%EOF" not in data[-_EOF_WINDOW:]:
        raise ImportFailed("is a truncated or damaged PDF (no end-of-file marker)", path=source)
    # pypdf logs a warning for every quirk it repairs; the result speaks for itself.
    pypdf_log = logging.getLogger("pypdf")
    previous_level = pypdf_log.level
    pypdf_log.setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not _open_encrypted(reader):
            raise ImportFailed(
                "is an encrypted PDF that needs a password",
                path=source,
                hint="save an unprotected copy first",
            )
        count = len(reader.pages)
        if count > config.max_pdf_pages:
            raise InputTooLarge(
                f"has {count} pages, more than the limit of {config.max_pdf_pages} "
                "(Config.max_pdf_pages)",
                path=source,
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except ImportFailed:
        raise
    except FileNotDecryptedError:
        raise ImportFailed("is an encrypted PDF that needs a password", path=source) from None
    except Exception as exc:  # PdfReadError, and the many ways a parser of bad bytes fails
        reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise ImportFailed(f"is a damaged PDF that cannot be read ({reason})", path=source) \
            from None
    finally:
        pypdf_log.setLevel(previous_level)
    page_lines = _drop_straddling_lines(_drop_running_lines([_page_lines(p) for p in pages]))
    text = normalize_import("\n\n".join("\n".join(lines).strip("\n") for lines in page_lines))
    visible = sum(1 for ch in text if not ch.isspace())
    if count == 0 or visible < _MIN_CHARS_PER_PAGE * max(1, min(count, 3)):
        raise ImportFailed(
            "looks like a scanned document: the PDF has no text layer",
            path=source,
            hint="run OCR on it first, then import the result",
        )
    return Document(text=text, fmt="pdf", source=source)


def _page_lines(page: str) -> list[str]:
    """Tabs pypdf puts between positioned words become spaces; ligatures become
    letters; a page-number line at the top or bottom of the page is dropped."""
    lines = page.translate(_LIGATURES).replace("\t", " ").strip("\n").split("\n")
    if lines and _PAGE_NUMBER.match(lines[-1]):
        lines.pop()
    if lines and _PAGE_NUMBER.match(lines[0]):
        lines.pop(0)
    return lines


def _drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Remove running headers and footers: a first or last line that recurs (digits
    aside, as in "Acme Privacy Policy - page 3") on most pages is page furniture,
    and would otherwise show up as text between every two pages."""
    if len(pages) < _RUNNING_MIN_PAGES:
        return pages

    def key(line: str) -> str:
        return _DIGITS.sub("#", " ".join(line.split()))

    def recurring(position: int) -> set[str]:
        counts: dict[str, int] = {}
        for lines in pages:
            if lines and lines[position].strip():
                k = key(lines[position])
                counts[k] = counts.get(k, 0) + 1
        return {k for k, n in counts.items() if n >= _RUNNING_SHARE * len(pages)}

    headers, footers = recurring(0), recurring(-1)
    cleaned = []
    for lines in pages:
        lines = list(lines)
        if lines and key(lines[0]) in headers:
            lines.pop(0)
        if lines and key(lines[-1]) in footers:
            lines.pop()
        cleaned.append(lines)
    return cleaned


def _drop_straddling_lines(pages: list[list[str]]) -> list[list[str]]:
    """A line cut by the page break is drawn (clipped) at the foot of one page and
    again at the head of the next; the text layer holds both. Keep the second."""
    for this, after in itertools.pairwise(pages):
        if not this or not after:
            continue
        last, first = this[-1].split(), after[0].split()
        if len(last) >= _STRADDLE_MIN_WORDS and _contains_run(first, last):
            this.pop()
    return pages


def _contains_run(words: list[str], run: list[str]) -> bool:
    n = len(run)
    return any(words[i:i + n] == run for i in range(len(words) - n + 1))


def _open_encrypted(reader: PdfReader) -> bool:
    """Many PDFs are 'encrypted' with an empty user password only to restrict printing."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # wrong key, unsupported algorithm (needs cryptography) ...
        return False
