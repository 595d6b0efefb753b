"""Importers: a file's bytes -> Document (plain text + the headings its format marked).

``load_file(path)`` and ``load_bytes(data, name)`` accept text, Markdown, HTML, PDF
and DOCX, recognised by content as well as extension. Markdown and DOCX become
HTML first, so every structured format shares one HTML-to-text path (``html.py``).
Anything that is not a readable policy text raises ``ImportFailed``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from policyviewer.core.config import DEFAULT_CONFIG, Config
from policyviewer.core.errors import ImportFailed, InputTooLarge
from policyviewer.core.importers.decode import decode_text
from policyviewer.core.importers.detect import (
    CONVERT_HINTS,
    binary_kind,
    is_pdf,
    is_zip,
    looks_like_html,
    looks_like_markdown,
    zip_is_docx,
)
from policyviewer.core.importers.docx import docx_to_document
from policyviewer.core.importers.html import declared_charset, html_to_document
from policyviewer.core.importers.markdown import markdown_to_document
from policyviewer.core.importers.pdf import pdf_to_document
from policyviewer.core.model import Document
from policyviewer.core.normalize import normalize_import

_WORD = re.compile(r"[^\W_]")

__all__ = ["detect_format", "load_bytes", "load_file"]


def detect_format(data: bytes, name: str = "") -> str:
    """The format ``load_bytes`` would import ``data`` as: one of ``model.FORMATS``
    ("text" for bytes it would refuse, such as images)."""
    try:
        return _route(data, os.path.basename(name), None)[0]
    except ImportFailed:
        return "text"


def load_file(path: str | Path, config: Config = DEFAULT_CONFIG) -> Document:
    """Read and import a file. ``Document.source`` is the path as given."""
    source = str(path)
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise ImportFailed("no such file", path=source) from None
    except PermissionError:
        raise ImportFailed("cannot be read (permission denied)", path=source) from None
    except OSError as exc:
        raise ImportFailed(f"cannot be read ({exc.strerror or exc})", path=source) from None
    if p.is_dir():
        raise ImportFailed("is a directory, not a file", path=source)
    if st.st_size > config.max_file_bytes:
        raise _too_big(st.st_size, config, source)
    try:
        with open(p, "rb") as fh:
            # Read one byte past the limit: special files may report size 0.
            data = fh.read(config.max_file_bytes + 1)
    except PermissionError:
        raise ImportFailed("cannot be read (permission denied)", path=source) from None
    except OSError as exc:
        raise ImportFailed(f"cannot be read ({exc.strerror or exc})", path=source) from None
    return _load(data, p.name, source, config)


def load_bytes(data: bytes, name: str = "", config: Config = DEFAULT_CONFIG) -> Document:
    """Import in-memory bytes; ``name`` (a file name or URL) helps detection and errors."""
    return _load(data, os.path.basename(name.rstrip("/")) or name, name or None, config)


def _too_big(size: int, config: Config, source: str | None) -> InputTooLarge:
    return InputTooLarge(
        f"is {_human(size)}, larger than the import limit of "
        f"{_human(config.max_file_bytes)} (Config.max_file_bytes)",
        path=source,
    )


def _human(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n} bytes"


def _load(data: bytes, name: str, source: str | None, config: Config) -> Document:
    if len(data) > config.max_file_bytes:
        raise _too_big(len(data), config, source)
    if not data.strip():
        raise ImportFailed("is empty" if not data else "contains only whitespace", path=source)
    doc = _convert(data, name, source, config)
    if not _WORD.search(doc.text):
        raise ImportFailed("has no words, only markup or punctuation", path=source)
    if len(doc.text) > config.max_text_chars:
        raise InputTooLarge(
            f"has {len(doc.text):,} characters of text, more than the limit of "
            f"{config.max_text_chars:,} (Config.max_text_chars)",
            path=source,
        )
    return doc


def _route(data: bytes, name: str, source: str | None) -> tuple[str, str | None]:
    """The format to import ``data`` as, with its decoded text for the text-like
    formats. Raises ImportFailed for what is no policy (images, archives...)."""
    lower = name.lower()
    if is_pdf(data):
        return "pdf", None
    if is_zip(data):
        if zip_is_docx(data) or lower.endswith(".docx"):
            return "docx", None
        raise ImportFailed("is a ZIP archive, not a policy document", path=source)
    kind = binary_kind(data)
    if kind is not None:
        hint = CONVERT_HINTS.get(kind)
        what = "which cannot be imported" if hint else "not a policy document"
        raise ImportFailed(f"is {kind}, {what}", path=source, hint=hint)
    if lower.endswith(".docx"):
        return "docx", None  # not a ZIP: the DOCX reader says it is corrupt
    if lower.endswith(".pdf"):
        raise ImportFailed("is not a valid PDF (no %PDF- header)", path=source)
    if looks_like_html(data, name):
        return "html", decode_text(data, source, declared=declared_charset(data))
    text = decode_text(data, source)
    return ("markdown" if looks_like_markdown(text, name) else "text"), text


def _convert(data: bytes, name: str, source: str | None, config: Config) -> Document:
    fmt, text = _route(data, name, source)
    if fmt == "pdf":
        return pdf_to_document(data, source, config)
    if fmt == "docx":
        return docx_to_document(data, source, config)
    assert text is not None
    if not text.strip():
        raise ImportFailed("contains only whitespace", path=source)
    if fmt == "html":
        return html_to_document(text, "html", source)
    if fmt == "markdown":
        return markdown_to_document(text, source)
    # Plain text keeps its lines exactly; the outline heuristics find its headings.
    return Document(text=normalize_import(text), fmt="text", source=source)
