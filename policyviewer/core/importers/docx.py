"""DOCX -> HTML with mammoth ("Heading N" styles become <hN>) for the shared HTML path."""

from __future__ import annotations

import io
import re
import zipfile

import mammoth

from policyviewer.core.config import DEFAULT_CONFIG, Config
from policyviewer.core.errors import ImportFailed, InputTooLarge
from policyviewer.core.importers.html import html_to_document
from policyviewer.core.model import Document

# Mammoth maps "Heading N" styles itself; Word's "Title" style is the document's title.
_STYLE_MAP = """
p[style-name='Title'] => h1:fresh
p[style-name='Subtitle'] => p:fresh
p[style-name='Quote'] => blockquote > p:fresh
p[style-name='Intense Quote'] => blockquote > p:fresh
"""


# Images are not text: skip base64-encoding them into the intermediate HTML.
_NO_IMAGE = mammoth.images.img_element(lambda image: {})


def docx_to_document(
    data: bytes, source: str | None = None, config: Config = DEFAULT_CONFIG
) -> Document:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "word/document.xml" not in names:
                raise ImportFailed(
                    "is not a valid DOCX file (the ZIP package has no word/document.xml)",
                    path=source,
                )
            unpacked = sum(info.file_size for info in zf.infolist())
            if unpacked > config.max_file_bytes:
                # A zip bomb (or an absurd document) would take minutes and gigabytes.
                raise InputTooLarge(
                    f"unpacks to {unpacked / (1024 * 1024):.1f} MB, more than the import limit "
                    f"of {config.max_file_bytes / (1024 * 1024):.1f} MB (Config.max_file_bytes)",
                    path=source,
                )
            bad = zf.testzip()
            if bad is not None:
                raise ImportFailed(f"is a corrupt DOCX file (damaged part: {bad})", path=source)
            _check_text_size(zf.read("word/document.xml"), source, config)
    except zipfile.BadZipFile:
        raise ImportFailed(
            "is a corrupt DOCX file (not a readable ZIP package; truncated or damaged?)",
            path=source,
        ) from None
    except ImportFailed:
        raise
    except Exception as exc:  # zlib.error, EOFError, ... from damaged members
        reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise ImportFailed(f"is a corrupt DOCX file ({reason})", path=source) from None
    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data), style_map=_STYLE_MAP, convert_image=_NO_IMAGE
        )
    except ImportFailed:
        raise
    except Exception as exc:  # mammoth raises many types on malformed XML
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ImportFailed(f"is a corrupt DOCX file ({reason[:120]})", path=source) from None
    return html_to_document(result.value, "docx", source)


# The text runs of document.xml: counting them is a fast regex pass, while mammoth
# needs minutes for a document far over the text limit (about 100 s per 10 MB of XML).
_TEXT_RUN = re.compile(rb"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")


def _check_text_size(xml: bytes, source: str | None, config: Config) -> None:
    chars = sum(len(m.decode("utf-8", "replace")) for m in _TEXT_RUN.findall(xml))
    if chars > config.max_text_chars:
        raise InputTooLarge(
            f"has about {chars:,} characters of text, more than the limit of "
            f"{config.max_text_chars:,} (Config.max_text_chars)",
            path=source,
        )
