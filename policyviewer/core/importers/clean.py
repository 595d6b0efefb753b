"""Strip a parsed page down to the policy: no scripts, styles, navigation, page
chrome, hidden elements, pop-ups or cookie banners; tables laid out readably;
narrowed to <main>/<article> when that holds the text. Works on the lxml tree in place.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

import lxml.html
from lxml import etree

_DROP_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
    "canvas", "form", "button", "nav", "select", "textarea", "input", "dialog", "link",
    "meta", "title", "head", "audio", "video", "map",
)
# Page chrome, unless it belongs to the article itself (an article's <header> often
# holds its title and "Last updated" line).
_CHROME_TAGS = ("header", "footer", "aside")
_CHROME_CLASSES = {
    "navbar", "nav", "navigation", "menu", "main-menu", "main-nav", "mainnav", "global-nav",
    "site-nav", "mega-menu", "topbar", "top-bar", "header", "site-header", "page-header-nav",
    "masthead", "footer", "site-footer", "page-footer", "global-footer", "sidebar",
    "breadcrumb", "breadcrumbs", "skip-link", "skip-links", "social", "social-links", "share",
    "sharing",
}
_CHROME_LINK_SHARE = 0.5
_CHROME_SHORT_CHARS = 200
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "search", "menu", "menubar", "toolbar"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_COOKIE_BANNER = re.compile(
    r"cookie[-_ ]?(?:banner|consent|notice|bar|popup|modal|law|alert|message|wall)"
    r"|consent[-_ ]?(?:banner|manager|popup|modal|dialog|bar)|onetrust|cookiebot|cybot"
    r"|gdpr[-_ ]?(?:banner|consent|popup|notice)|\bcc-(?:window|banner)\b|truste-consent"
    r"|didomi|usercentrics|\bcmp[-_]|osano|termly-consent|qc-cmp",
    re.I,
)
# A cookie *policy* page may well sit in <div class="cookie-notice-content">; a banner
# is short, so only short matches are dropped.
_PERMALINK_SYMBOLS = {"¶", "#", "§", "🔗", "⚓", "link", "Link"}
_BANNER_MAX_CHARS = 2000
_COLLAPSED_MIN_CHARS = 200
# Text only screen readers see ("opens in a new tab"): not part of what a reader sees.
_SCREEN_READER_ONLY = {"sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text",
                       "screen-reader-only", "a11y-hidden", "assistive-text"}
_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Content that makes a table cell span several lines.
_MULTILINE_TAGS = (
    "br", "p", "div", "ul", "ol", "li", "table", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
    "blockquote", "dl",
)


def _text_len(el: etree._Element) -> int:
    return sum(len(t.strip()) for t in el.itertext())


def _inside(el: etree._Element, tags: tuple[str, ...]) -> bool:
    return any(a.tag in tags for a in el.iterancestors())


def _remove(el: etree._Element) -> None:
    """Remove ``el`` but keep its tail text (which belongs to the parent)."""
    if isinstance(el, lxml.html.HtmlElement):
        el.drop_tree()
    else:  # pragma: no cover - lxml.html always builds HtmlElement
        parent = el.getparent()
        if parent is not None:
            parent.remove(el)


def _unwrap(el: etree._Element) -> None:
    """Remove the tag but keep what is inside it."""
    if isinstance(el, lxml.html.HtmlElement):
        el.drop_tag()


def _is_page_wrapper(el: etree._Element) -> bool:
    """ASP.NET pages wrap the whole page in one <form>; a real form is short."""
    return _holds_content(el) or _text_len(el) > _BANNER_MAX_CHARS


def _is_hidden(el: etree._Element) -> bool:
    attrib = el.attrib
    if "hidden" in attrib or attrib.get("aria-hidden", "").strip().lower() == "true":
        return True
    if _SCREEN_READER_ONLY.intersection(attrib.get("class", "").lower().split()):
        return True
    if attrib.get("role", "").strip().lower() in _CHROME_ROLES:
        return True
    return bool(_HIDDEN_STYLE.search(attrib.get("style", "")))


def _is_page_chrome(el: etree._Element) -> bool:
    """Site header/footer/sidebar/menus. A header holding the page's <h1> is its
    title block, not chrome; chrome inside an <article>/<main> belongs to the text.
    Pages without semantic tags mark chrome with classes ("navbar", "site-footer"):
    those count only when they are mostly links or short."""
    if el.tag in _CHROME_TAGS:
        pass
    elif el.tag in ("div", "ul", "section", "table") and _chrome_class(el):
        if _link_share(el) < _CHROME_LINK_SHARE and _text_len(el) > _CHROME_SHORT_CHARS:
            return False
    else:
        return False
    if _inside(el, ("article", "main")):
        return False
    return not _holds_content(el)


def _chrome_class(el: etree._Element) -> bool:
    tokens = f"{el.get('id', '')} {el.get('class', '')}".lower().replace("_", "-").split()
    return any(t in _CHROME_CLASSES for t in tokens)


def _link_share(el: etree._Element) -> float:
    total = _text_len(el)
    linked = sum(_text_len(a) for a in el.iter("a"))
    return linked / total if total else 1.0


def _is_collapsed_section(el: etree._Element) -> bool:
    """Policies fold sections into accordions that start hidden: substantial
    hidden text inside the article is the policy, not page furniture."""
    return _inside(el, ("main", "article")) and _text_len(el) > _COLLAPSED_MIN_CHARS


def _is_popup(el: etree._Element) -> bool:
    """A short dialog (newsletter sign-up, consent prompt) over the page."""
    role = el.get("role", "").strip().lower()
    if role not in ("dialog", "alertdialog") or _holds_content(el):
        return False
    return _text_len(el) <= _BANNER_MAX_CHARS


def _is_cookie_banner(el: etree._Element) -> bool:
    marker = " ".join(
        (el.get("id", ""), el.get("class", ""), el.get("aria-label", ""), el.get("role", ""))
    )
    if not _COOKIE_BANNER.search(marker) or _holds_content(el):
        return False
    return _text_len(el) <= _BANNER_MAX_CHARS


def _holds_content(el: etree._Element) -> bool:
    """<body class="cookie-consent-given"> or a <main> is never a banner."""
    if el.tag in ("body", "main", "article"):
        return True
    return next(el.iterdescendants("main", "article", "h1"), None) is not None


def clean_tree(root: etree._Element) -> etree._Element:
    """Strip non-content from a parsed page; return the element holding the text."""
    for el in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        _remove(el)
    for el in list(root.iter(*_DROP_TAGS)):
        if el is root or el.getparent() is None:
            continue
        if el.tag == "embed" or (el.tag == "form" and _is_page_wrapper(el)):
            _unwrap(el)
        else:
            _remove(el)
    for el in list(root.iter()):
        if el is root or not isinstance(el.tag, str) or el.getparent() is None:
            continue
        if (
            # A page saved with a dialog open has aria-hidden on the wrapper of
            # everything; whatever holds the article is never dropped as hidden.
            (_is_hidden(el) and not _is_collapsed_section(el) and not _holds_content(el))
            or _is_cookie_banner(el)
            or _is_popup(el)
            or _is_page_chrome(el)
        ):
            _remove(el)
    _tidy_headings(root)
    _show_mail_addresses(root)
    _linearize_complex_tables(root)
    _flatten_cell_paragraphs(root)
    return _main_content(root)


def _show_mail_addresses(root: etree._Element) -> None:
    """A mail link that does not show its address ("contact our [DPO](mailto:dpo@x.com)")
    gets it after its text, "DPO (dpo@x.com)": the address is contact information a
    reader needs, and a changed address must show in a comparison."""
    for a in list(root.iter("a")):
        href = (a.get("href") or "").strip()
        if href[:7].lower() != "mailto:" or _inside(a, _HEADING_TAGS):
            continue
        address = unquote(href[7:].split("?", 1)[0]).strip()
        if "@" not in address or address.casefold() in "".join(a.itertext()).casefold():
            continue
        a.tail = f" ({address})" + (a.tail or "")


def _tidy_headings(root: etree._Element) -> None:
    """ARIA headings (<div role="heading" aria-level="3">) are headings; a <br>
    inside a heading is layout (a heading is one line of the text); a permalink
    anchor showing only "¶" or "#" is not part of the heading's text."""
    for el in list(root.iter()):
        if isinstance(el.tag, str) and el.get("role", "").strip().lower() == "heading":
            level = el.get("aria-level", "2").strip()
            el.tag = f"h{level}" if level in ("1", "2", "3", "4", "5", "6") else "h2"
    for heading in root.iter("h1", "h2", "h3", "h4", "h5", "h6"):
        for br in list(heading.iter("br")):
            br.tail = " " + (br.tail or "")
            _remove(br)
        for a in list(heading.iter("a")):
            if "".join(a.itertext()).strip() in _PERMALINK_SYMBOLS:
                _remove(a)


def _is_complex_table(table: etree._Element) -> bool:
    """A table whose cells hold lists, several paragraphs or line breaks."""
    for cell in table.iter("td", "th"):
        if _nearest_table(cell) is not table:
            continue
        paragraphs = 0
        for el in cell.iterdescendants(*_MULTILINE_TAGS):
            if el.tag != "p":
                return True
            paragraphs += 1
        if paragraphs > 1:
            return True
    return False


def _nearest_table(el: etree._Element) -> etree._Element | None:
    return next((a for a in el.iterancestors("table")), None)


# A table read row by row (below) is set apart by indentation (``render.py``), so
# a reader sees where it starts and ends, and the outline never takes its short
# cells for headings (``outline_text.CELL_INDENT``).
LINEAR_TABLE_TAG = "linear-table"


def _linearize_complex_tables(root: etree._Element) -> None:
    """Laid out as a grid, a table with multi-line cells interleaves the lines of
    its columns into nonsense. Read it the way a screen reader does instead:
    row by row, each cell as its own block, a blank line between rows, the
    whole indented."""
    tables = list(root.iter("table"))
    for table in reversed(tables):  # innermost first
        if not _is_complex_table(table):
            continue
        for el in list(table.iter()):
            if _nearest_table(el) is not table and el is not table:
                continue
            if el.tag in ("colgroup", "col"):
                _remove(el)
            elif el.tag == "tr":
                el.tag = "p"
            elif el.tag in ("td", "th", "thead", "tbody", "tfoot", "caption"):
                el.tag = "div"
        table.tag = LINEAR_TABLE_TAG


def _flatten_cell_paragraphs(root: etree._Element) -> None:
    """Paragraphs inside table cells (DOCX tables always have them) would put blank
    lines inside rows; turn them into line breaks so each row stays one line."""
    for cell in root.iter("td", "th"):
        paras = [child for child in cell if child.tag == "p"]
        for i, p in enumerate(paras):
            p.tag = "span"
            if i < len(paras) - 1:
                br = etree.Element("br")
                br.tail = p.tail
                p.tail = None
                p.addnext(br)


def _main_content(root: etree._Element) -> etree._Element:
    """<main> or <article> when one holds most of the page's text, else the body."""
    body = root.find(".//body")
    body = body if body is not None else root
    total = _text_len(body)
    if total == 0:
        return body
    candidates = [el for el in body.iter("main", "article") if el is not body]
    if not candidates:
        return body
    best = max(candidates, key=_text_len)
    if _text_len(best) < 0.6 * total:
        return body
    if best.find(".//h1") is None:
        # The page title often sits in a header above <main>: keep it as the title.
        title = next((h for h in body.iter("h1") if _text_len(h)), None)
        if title is not None:
            copy = lxml.html.fromstring(lxml.html.tostring(title, with_tail=False))
            best.insert(0, copy)
    return best
