"""Bytes -> str for text-like files: BOMs, UTF-16 without BOM, UTF-8, legacy 8-bit."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from policyviewer.core.errors import ImportFailed

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_ESCAPED = re.compile("[\udc80-\udcff]")
# C0 controls other than tab, newline, carriage return, form feed.
_BAD_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when the NUL bytes sit where ASCII text in UTF-16 puts them."""
    sample = data[:8192]
    half = len(sample) // 2
    if half < 2:
        return None
    odd_nuls = sample[1::2].count(0)
    even_nuls = sample[0::2].count(0)
    if odd_nuls > 0.4 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.4 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def decode_text(data: bytes, path: str | None = None, *, declared: str | None = None) -> str:
    """Decode a text file. ``declared`` is an encoding the file names itself
    (an HTML meta charset); it is used when the bytes agree with it.

    Raises ImportFailed for bytes that are not text in any common encoding.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise ImportFailed(
                    f"starts with a {encoding.upper()} byte-order mark but is not valid "
                    f"{encoding.upper()} (byte {exc.start + len(bom)})",
                    path=path,
                ) from None
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise ImportFailed("is a binary file, not text (it contains NUL bytes)", path=path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _mostly_utf8(data) or _decode_legacy(data, path, declared)
    _reject_control_garbage(text, path)
    return text


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few stray Windows-1252 bytes (a file edited by two programs):
    keep the UTF-8 and read only the stray bytes as Windows-1252."""
    text = data.decode("utf-8", errors="surrogateescape")
    stray = len(_ESCAPED.findall(text))
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F) - stray
    if multibyte < 3 or stray > multibyte // 2:
        return None
    return _ESCAPED.sub(
        lambda m: bytes([ord(m.group()) - 0xDC00]).decode("cp1252", errors="replace"), text
    )


def _decode_legacy(data: bytes, path: str | None, declared: str | None) -> str:
    if declared:
        try:
            name = codecs.lookup(declared).name
            if name not in ("utf-8", "utf-16", "utf-32"):
                return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
    # Western text in Windows-1252/Latin-1 has a few accented letters among mostly
    # ASCII ones; a Cyrillic or CJK file read that way would be mostly accented
    # "letters". charset-normalizer guesses short Western texts poorly (as Baltic
    # or Central European code pages), so it only decides the other cases.
    western = _decode_western(data)
    if western is not None and _plausibly_western(western):
        return western
    best = from_bytes(data).best()
    if best is not None:
        return str(best)
    raise ImportFailed(
        "could not be decoded as text in any common encoding (is it a binary file?)",
        path=path,
    )


def _decode_western(data: bytes) -> str | None:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # Bytes 0x81/0x8D/0x8F/0x90/0x9D are undefined in cp1252: ISO Latin-1 then.
        text = data.decode("latin-1")
        return None if re.search(r"[\x80-\x9f]", text) else text


def _plausibly_western(text: str) -> bool:
    sample = text[:200_000]
    letters = sum(1 for ch in sample if ch.isalpha())
    accented = sum(1 for ch in sample if ch.isalpha() and ord(ch) > 0x7F)
    return letters > 0 and accented <= 0.25 * letters


def _reject_control_garbage(text: str, path: str | None) -> None:
    sample = text[:100_000]
    bad = len(_BAD_CONTROLS.findall(sample))
    if bad > max(32, len(sample) // 50):
        raise ImportFailed(
            "is a binary file, not text (it is full of control characters)", path=path
        )
