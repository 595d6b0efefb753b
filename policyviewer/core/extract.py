"""A downloaded page -> the policy's text, without the site around it.

Automatic extraction uses trafilatura (boilerplate removal tuned on real web
pages) with Markdown output, so headings, lists and tables survive; the
Markdown then goes through the importers like any file, so the text and
heading marks are exactly what a file import of the same content gives. When
the user names the content with a CSS selector, only the matching elements are
imported. Nothing here opens a connection: it works on bytes already fetched.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
import urllib.parse

from policyviewer.core.config import DEFAULT_CONFIG, Config
from policyviewer.core.errors import ImportFailed, PolicyViewerError
from policyviewer.core.importers import load_bytes
from policyviewer.core.importers.decode import decode_text
from policyviewer.core.importers.detect import looks_like_html
from policyviewer.core.importers.html import declared_charset
from policyviewer.core.model import Document
from policyviewer.core.normalize import word_count

# A policy page has at least this many words of text once the site is removed.
MIN_POLICY_WORDS = 80
# Automatic extraction is trusted unless it kept less than this share of the
# words the importers' own (conservative) page cleaning keeps: then it cut
# policy text, not only site chrome, and the conservative result is used.
MIN_EXTRACTED_SHARE = 0.6
_POLICY_WORDS = re.compile(
    r"\b(?:privacy|personal (?:data|information)|cookies?|data protection"
    r"|terms of (?:use|service)|terms and conditions|conditions of use|user agreement"
    r"|GDPR|CCPA|consent|your (?:data|information)|we (?:collect|process|use|share|store)"
    r"|datenschutz|confidentialit[ée]|donn[ée]es personnelles|privacidad|datos personales"
    r"|informativa)\b",
    re.I,
)
_BY_MEDIA_TYPE = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "text/markdown": ".md",
    "text/x-markdown": ".md",
    "text/plain": ".txt",
    "text/html": ".html",
    "application/xhtml+xml": ".html",
}


@dataclasses.dataclass(frozen=True)
class Extracted:
    """The policy found in a page, and how it was found."""

    doc: Document
    method: str  # "selector", "trafilatura", "page" (importer cleaning) or "file"


def is_valid_selector(selector: str) -> bool:
    try:
        _compile(selector)
    except PolicyViewerError:
        return False
    return True


def _compile(selector: str):
    from cssselect import SelectorError
    from lxml.cssselect import CSSSelector

    try:
        return CSSSelector(selector)
    except (SelectorError, SyntaxError, ValueError) as exc:
        raise PolicyViewerError(
            f"invalid CSS selector {selector!r} ({exc})",
            hint='for example --selector "main article" or --selector "#privacy-policy"',
        ) from None


def extract_policy(
    data: bytes,
    url: str,
    *,
    content_type: str = "",
    charset: str | None = None,
    selector: str | None = None,
    config: Config = DEFAULT_CONFIG,
) -> Extracted:
    """The policy in a downloaded resource; ``Document.source`` is ``url``.

    Raises ``ImportFailed`` when nothing usable is there: an empty page, a
    selector that matches nothing, or a page that is not a policy (too short,
    or none of the words policies use).
    """
    suffix = _BY_MEDIA_TYPE.get(content_type) or _url_suffix(url)
    if suffix == ".html" or (suffix not in (".pdf", ".docx") and looks_like_html(data)):
        html = decode_text(data, url, declared=charset or declared_charset(data))
        if selector:
            found = Extracted(_selected(html, selector, url, config), "selector")
        else:
            found = _automatic(html, url, config)
    else:  # a PDF, DOCX, Markdown or text file served as such
        doc = load_bytes(data, "page" + (suffix or ".txt"), config)
        found = Extracted(dataclasses.replace(doc, source=url), "file")
    require_policy(found.doc, url)
    return found


def require_policy(doc: Document, url: str) -> None:
    """Raise ``ImportFailed`` unless ``doc`` reads like a policy (length, policy words)."""
    words = word_count(doc.text)
    if words < MIN_POLICY_WORDS:
        raise ImportFailed(
            f"the page does not look like a policy: only {words} words of text "
            f"(at least {MIN_POLICY_WORDS} expected); nothing was stored",
            path=url,
            hint="check the address, or give the policy's part of the page with --selector",
        )
    if not _POLICY_WORDS.search(doc.text):
        raise ImportFailed(
            "the page does not look like a policy: none of the words policies use "
            "(privacy, personal data, cookies, terms...); nothing was stored",
            path=url,
            hint="check the address; a login page or an error page may have been served",
        )


def _url_suffix(url: str) -> str:
    path = urllib.parse.urlsplit(url).path
    suffix = posixpath.splitext(path)[1].lower()
    if suffix in (".htm", ".xhtml", ".php", ".asp", ".aspx", ".jsp"):
        return ".html"
    return suffix if suffix in (".pdf", ".docx", ".md", ".markdown", ".txt", ".html") else ""


def _as_page(html_fragment: str, url: str, config: Config) -> Document:
    doc = load_bytes(html_fragment.encode("utf-8"), "page.html", config)
    return dataclasses.replace(doc, source=url, fmt="html")


def _selected(html: str, selector: str, url: str, config: Config) -> Document:
    import lxml.html

    match = _compile(selector)
    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise ImportFailed(f"the page cannot be read as HTML ({exc})", path=url) from None
    elements = match(root)
    if not elements:
        raise ImportFailed(
            f"the CSS selector {selector!r} matches nothing on the page; nothing was stored",
            path=url,
            hint="the site's layout may have changed; check the selector in the page's source",
        )
    # Nested matches would repeat text: keep only the outermost ones.
    chosen = [el for el in elements if not any(a in elements for a in el.iterancestors())]
    body = "".join(lxml.html.tostring(el, encoding="unicode") for el in chosen)
    return _as_page(f"<html><body>{body}</body></html>", url, config)


def _automatic(html: str, url: str, config: Config) -> Extracted:
    import trafilatura

    page = _as_page(html, url, config)  # the importers' own cleaning: keeps the most
    markdown = trafilatura.extract(
        html,
        output_format="markdown",
        include_formatting=True,
        include_tables=True,
        include_links=False,
        include_images=False,
        include_comments=False,
        favor_recall=True,
        deduplicate=False,
    )
    if not markdown or not markdown.strip():
        return Extracted(page, "page")
    doc = load_bytes(markdown.encode("utf-8"), "page.md", config)
    if word_count(doc.text) < MIN_EXTRACTED_SHARE * word_count(page.text):
        return Extracted(page, "page")
    return Extracted(dataclasses.replace(doc, source=url, fmt="html"), "trafilatura")
