"""HTML -> plain text + heading marks, the one path Markdown and DOCX also take.

The page is parsed with lxml's forgiving HTML parser, stripped of everything
that is not the policy (scripts, styles, navigation, page chrome, hidden
elements, cookie banners), narrowed to <main>/<article> when that holds the
text, and rendered by inscriptis, whose annotations give the heading offsets.
Nothing is executed or fetched.
"""

from __future__ import annotations

import re

import lxml.html
from inscriptis.html_engine import Inscriptis
from lxml import etree

from policyviewer.core.errors import ImportFailed
from policyviewer.core.importers.clean import clean_tree
from policyviewer.core.importers.marks import normalize_with_marks
from policyviewer.core.importers.render import parser_config
from policyviewer.core.model import Document, HeadingMark

# inscriptis collapses every str.isspace() character, non-breaking spaces included;
# they are the document's text, so they travel through it as noncharacters.
_PROTECT_SPACES = str.maketrans({"\u00a0": "\ufdd2", "\u202f": "\ufdd3", "\u2007": "\ufdd4"})
_RESTORE_SPACES = str.maketrans({"\ufdd2": "\u00a0", "\ufdd3": "\u202f", "\ufdd4": "\u2007"})
_UNUSABLE_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufdd0-\ufdef]")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I
)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML file names in its <meta> tags, if any."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "ignore") if m else None


class TooDeep(Exception):
    """The markup nests deeper than the parsers can follow."""


def parse_html(html: str) -> etree._Element | None:
    """The page's tree (None when it holds nothing). Raises TooDeep rather than
    return a tree libxml2 cut short at its nesting limit."""
    html = _XML_DECL.sub("", html, count=1)
    if not html.strip():
        return None
    # huge_tree lifts libxml2's nesting limit from 256 to 2048 levels.
    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        root = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        return None
    if any("Excessive depth" in entry.message for entry in parser.error_log):
        raise TooDeep
    return root


def _protect_spaces(root: etree._Element) -> None:
    for el in root.iter():
        if el.text:
            el.text = el.text.translate(_PROTECT_SPACES)
        if el.tail and el is not root:
            el.tail = el.tail.translate(_PROTECT_SPACES)


def html_to_document(html: str, fmt: str, source: str | None = None) -> Document:
    """Render HTML (a page, or what Markdown/DOCX became) as a Document of format ``fmt``."""
    # Control characters are invisible and lxml refuses them in text nodes; the
    # noncharacters U+FDD0-FDEF are our own in-band markers (never real text).
    try:
        root = parse_html(_UNUSABLE_CHARS.sub("", html))
        if root is None:
            raise ImportFailed("contains no text", path=source)
        content = clean_tree(root)
        _protect_spaces(content)
        engine = Inscriptis(content, parser_config())
    except (TooDeep, RecursionError):
        raise too_deep(source) from None
    raw = engine.get_text().translate(_RESTORE_SPACES)
    marks = [(a.start, a.end, int(a.metadata[1])) for a in engine.get_annotations()]
    text, headings = normalize_with_marks(raw, marks)
    if not text.strip():
        raise ImportFailed("contains no readable text once markup is removed", path=source)
    return Document(
        text=text, fmt=fmt, headings=headings, source=source, title=_title(text, headings)
    )


def too_deep(source: str | None) -> ImportFailed:
    # Silently importing part of a policy would be worse than refusing it.
    return ImportFailed(
        "is nested too deeply to import (hundreds of levels of markup inside each other)",
        path=source,
    )


def _title(text: str, headings: tuple[HeadingMark, ...]) -> str | None:
    """The top-level heading that heads the document: the only one, or the first
    heading of all. Several top-level headings after others are its sections
    (Google: "## Contents", then "# Information that Google collects", ...)."""
    tops = [mark for mark in headings if mark.level == 1]
    if tops and (len(tops) == 1 or tops[0] is headings[0]):
        return " ".join(text[tops[0].start : tops[0].end].split())
    return None
