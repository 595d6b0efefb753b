"""Markdown -> HTML (CommonMark + tables) for the shared HTML path."""

from __future__ import annotations

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


def markdown_to_document(text: str, source: str | None = None) -> Document:
    try:
        html = _MD.render(text)
    except RecursionError:
        raise too_deep(source) from None
    return html_to_document(html, "markdown", source)
