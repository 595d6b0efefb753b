"""Text normalisation in one place.

``normalize_import`` is applied to every imported text: it fixes what the
file format got wrong (line endings, Unicode composition, stray control
characters) and keeps everything a reader could see. Noise folding for
comparison (whitespace, bullets, quotes) lives here too, so the comparison,
search and history all agree on what counts as "the same text".
"""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u2028\u2029\ufeff]")
_TRAILING_WS = re.compile(r"[ \t]+$", re.MULTILINE)
_MANY_BLANK_LINES = re.compile(r"\n{3,}")


def normalize_import(text: str) -> str:
    """Line endings to ``\\n``, Unicode NFC, no control or zero-width characters,
    no trailing spaces, at most two consecutive blank lines, no leading/trailing blank lines.

    Non-breaking spaces, quotes and bullets are kept: they are the document's text.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub("", text)
    text = _TRAILING_WS.sub("", text)
    text = _MANY_BLANK_LINES.sub("\n\n\n", text)
    return text.strip("\n")
