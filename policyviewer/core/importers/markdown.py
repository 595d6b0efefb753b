"""Markdown -> HTML (CommonMark + tables) for the shared HTML path."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from policyviewer.core.importers.html import html_to_document, too_deep
from policyviewer.core.model import Document

# Indented code blocks are disabled: policies hold no code, and in converted policies
# four-space indentation is a list-nesting accident whose Markdown must still render.
# markdown-it silently stops parsing (dropping the rest of the file) past maxNesting
# (20 in CommonMark mode: ten levels of lists). Allow deep nesting; a file nested
# beyond Python's recursion is refused instead.
_MD = (
    MarkdownIt("commonmark", {"maxNesting": 10_000}).enable("table").disable("code")
)


# A heading written inside a table cell ("| ##### Facebook<br><br>To partner ... |",
# from HTML with an <h5> in a <td>) stays literal text in Markdown: show it as the
# cell's bold label line, without the marker.
_HEADING_IN_CELL = re.compile(
    r"(<t[dh][^>]*>|<br\s*/?>)[ \t]*#{1,6}[ \t]+([^<\n]*?)[ \t]*(?=<|\n|$)"
)


# Emphasis marks CommonMark leaves as text ("users**,** we", "Spaces****."), mostly
# from converted HTML, where bold ended next to punctuation. Two or more asterisks
# never mean anything in a policy: they go (outside tags). One is kept: a footnote.
# Tags are matched whole and kept, so no run looks ahead for the end of a tag.
_LEFTOVER_EMPHASIS = re.compile(r"<[^<>]*>|\*{2,}")


def markdown_to_html(text: str) -> str:
    """The HTML that Markdown ``text`` shows (raises RecursionError if absurdly nested)."""
    html = _HEADING_IN_CELL.sub(r"\1<strong>\2</strong>", _MD.render(text))
    return _LEFTOVER_EMPHASIS.sub(lambda m: m[0] if m[0][0] == "<" else "", html)


def markdown_to_document(text: str, source: str | None = None) -> Document:
    try:
        html = markdown_to_html(text)
    except RecursionError:
        raise too_deep(source) from None
    return html_to_document(html, "markdown", source)
