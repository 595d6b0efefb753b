"""Markdown -> HTML (CommonMark + tables) for the shared HTML path."""

from __future__ import annotations

from markdown_it import MarkdownIt

from policyviewer.core.importers.html import html_to_document
from policyviewer.core.model import Document

# Indented code blocks are disabled: policies hold no code, and in converted policies
# four-space indentation is a list-nesting accident whose Markdown must still render.
_MD = MarkdownIt("commonmark").enable("table").disable("code")


def markdown_to_document(text: str, source: str | None = None) -> Document:
    return html_to_document(_MD.render(text), "markdown", source)
