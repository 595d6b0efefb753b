"""Signals that tell formats apart: magic bytes, ZIP contents, HTML and Markdown markers."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

# (magic prefix, what to call it). Checked before anything is decoded.
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x00\x00\x01\x00", "an icon image"),
    (b"MZ", "a Windows executable"),
    (b"\x7fELF", "an executable (ELF)"),
    (b"\xfe\xed\xfa\xce", "an executable (Mach-O)"),
    (b"\xfe\xed\xfa\xcf", "an executable (Mach-O)"),
    (b"\xce\xfa\xed\xfe", "an executable (Mach-O)"),
    (b"\xcf\xfa\xed\xfe", "an executable (Mach-O)"),
    (b"\xca\xfe\xba\xbe", "an executable or Java class file"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Office file (.doc/.xls)"),
    (b"{\\rtf", "an RTF document"),
    (b"OggS", "an audio/video file (Ogg)"),
    (b"ID3", "an MP3 audio file"),
    (b"fLaC", "a FLAC audio file"),
    (b"\x00asm", "a WebAssembly binary"),
    (b"wOFF", "a font file"),
    (b"wOF2", "a font file"),
)

_MARKDOWN_EXT = {".md", ".markdown", ".mdown", ".mkd"}
_HTML_EXT = {".html", ".htm", ".xhtml"}
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S
)
_HTML_TAG = re.compile(rb"<(?:html|body|head)[\s>]", re.I)
_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.M)
_MD_OTHER = re.compile(r"^ {0,3}(?:[-*+] |\d+\. |> )|\*\*\S|\]\(", re.M)


# What the user can do about a format we do not read.
CONVERT_HINTS = {
    "a legacy Office file (.doc/.xls)": "save it as DOCX in Word or LibreOffice first",
    "an RTF document": "save it as DOCX or plain text first",
}


def binary_kind(data: bytes) -> str | None:
    """'a PNG image', 'a ZIP archive', ... for known non-text formats (not PDF/DOCX)."""
    head = data[:16]
    for magic, kind in _BINARY_MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(b"RIFF") and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "a WebP image", b"WAVE": "a WAV audio file", b"AVI ": "an AVI video"}[
            data[8:12]
        ]
    if data[4:8] == b"ftyp":
        return "an MP4/QuickTime media file"
    return None


def is_pdf(data: bytes) -> bool:
    # The spec lets the header sit anywhere in the first 1024 bytes.
    return b"%PDF-" in data[:1024]


def is_zip(data: bytes) -> bool:
    return data[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


def zip_is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "word/document.xml" in zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def looks_like_html(data: bytes, name: str = "") -> bool:
    if PurePath(name).suffix.lower() in _HTML_EXT:
        return True
    head = data[:4096]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head[:200]:
        # UTF-16: compare on the ASCII bytes only.
        head = head.replace(b"\x00", b"")
    head = head.removeprefix(b"\xef\xbb\xbf").removeprefix(b"\xff\xfe").removeprefix(b"\xfe\xff")
    if _HTML_START.match(head):
        return True
    # A saved fragment starts with markup; prose that mentions "<body>" does not.
    return head.lstrip().startswith(b"<") and bool(_HTML_TAG.search(head))


def looks_like_markdown(text: str, name: str = "") -> bool:
    if PurePath(name).suffix.lower() in _MARKDOWN_EXT:
        return True
    sample = text[:200_000]
    headings = len(_ATX_HEADING.findall(sample))
    # Two ATX headings, or one plus other Markdown syntax: plain text rarely has either.
    return headings >= 2 or (headings == 1 and len(_MD_OTHER.findall(sample)) >= 3)
