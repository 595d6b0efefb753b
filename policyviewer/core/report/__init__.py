"""Change summaries: one report, rendered from a Comparison as text, Markdown or HTML.

``render_report(cmp, "html", ctx)`` is the entry point; PDF is made from the HTML
by ``policyviewer.pdf_export`` (Qt, outside the core).
"""

from __future__ import annotations

from policyviewer.core.model import Comparison
from policyviewer.core.report.content import ReportContent, build_report
from policyviewer.core.report.context import ReportContext, default_context
from policyviewer.core.report.html import render_html
from policyviewer.core.report.markdown import render_markdown
from policyviewer.core.report.text import render_text

FORMATS = ("text", "markdown", "html")

_RENDERERS = {"text": render_text, "markdown": render_markdown, "html": render_html}


def render_report(cmp: Comparison, fmt: str, ctx: ReportContext | None = None) -> str:
    """The change summary of ``cmp`` in ``fmt`` ("text", "markdown" or "html")."""
    try:
        renderer = _RENDERERS[fmt]
    except KeyError:
        expected = ", ".join(FORMATS)
        raise ValueError(f"unknown report format {fmt!r} (expected one of {expected})") from None
    return renderer(build_report(cmp, ctx))


__all__ = [
    "FORMATS",
    "ReportContent",
    "ReportContext",
    "build_report",
    "default_context",
    "render_report",
]
