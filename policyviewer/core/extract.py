"""A downloaded page -> the policy's text, without the site around it.

The page goes through the importers like any HTML file (scripts, navigation, page
chrome, hidden elements and cookie banners removed; headings marked), so the text
and heading marks are exactly what a file import of the page gives. trafilatura
(boilerplate removal tuned on real web pages) then says where the policy starts
and ends in it, and the chrome before and after is cut. When the user names the
content with a CSS selector, only the matching elements are imported. Nothing
here opens a connection: it works on bytes already fetched.
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
from policyviewer.core.model import Document, HeadingMark
from policyviewer.core.normalize import fold_noise, word_count

# A policy page has at least this many words of text once the site is removed.
MIN_POLICY_WORDS = 80
# The cut page must hold at least this share of the words trafilatura extracted,
# else the two disagree about the content and the whole (cleaned) page is kept.
MIN_EXTRACTED_SHARE = 0.9
# A page line counts as found in the extracted content from this many characters
# (shorter ones, like "Home" or "Settings", would match anywhere); lines at the
# edges of the content are taken from _EDGE_CHARS, headings whatever their length.
_MATCH_CHARS = 25
_EDGE_CHARS = 12
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
            f"the page does not look like a policy: only {words} word{'s' * (words != 1)} of text "
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
    """The page's text as the importers render it, cut to where trafilatura finds the content.

    trafilatura tells where the policy starts and ends; the text and headings come
    from the importers (exact, nothing rewritten), so what lies between is kept whole
    even where trafilatura would have dropped a table or a list of links.
    """
    import trafilatura

    page = _as_page(html, url, config)  # the importers' own cleaning: keeps the most
    try:
        found = trafilatura.extract(
            html,
            output_format="txt",
            include_tables=True,
            include_links=False,
            include_images=False,
            include_comments=False,
            favor_recall=True,
            deduplicate=False,
        )
    except Exception:  # a third-party parser on hostile input: keep the whole cleaned page
        found = None
    trimmed = _trim(page, found) if found and found.strip() else None
    if trimmed is None or word_count(trimmed.text) < MIN_EXTRACTED_SHARE * word_count(found or ""):
        return Extracted(page, "page")
    return Extracted(trimmed, "trafilatura")


def _trim(page: Document, content: str) -> Document | None:
    """``page`` from the first to the last of its lines that ``content`` holds."""
    whole = fold_noise(content)
    lines = page.text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    heading_lines = {page.text.count("\n", 0, h.start) for h in page.headings}

    def held(i: int, min_chars: int) -> bool:
        folded = fold_noise(lines[i])
        return len(folded) >= min_chars and folded in whole

    matched = [i for i in range(len(lines)) if held(i, _MATCH_CHARS)]
    if not matched:
        return None
    first, last = matched[0], matched[-1]
    # Short lines at the edges (the title, "Last updated", a last heading) belong
    # to the content when the extracted text has them too.
    while True:
        prev = next((i for i in range(first - 1, -1, -1) if lines[i].strip()), None)
        if prev is None or not held(prev, 1 if prev in heading_lines else _EDGE_CHARS):
            break
        first = prev
    while True:
        nxt = next((i for i in range(last + 1, len(lines)) if lines[i].strip()), None)
        if nxt is None or not held(nxt, 1 if nxt in heading_lines else _EDGE_CHARS):
            break
        last = nxt
    start, end = starts[first], starts[last] + len(lines[last])
    if start == 0 and end == len(page.text):
        return page
    marks = tuple(
        HeadingMark(h.start - start, h.end - start, h.level)
        for h in page.headings
        if h.start >= start and h.end <= end
    )
    text = page.text[start:end]
    title = next((" ".join(text[h.start:h.end].split()) for h in marks if h.level == 1), None)
    return dataclasses.replace(page, text=text, headings=marks, title=title)
