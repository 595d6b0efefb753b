"""How inscriptis lays out HTML: block elements it does not know, ordered lists
that keep their real numbers (``start``, ``value``, ``type``), bullets that read as
layout, heading annotations."""

from __future__ import annotations

from dataclasses import dataclass

from inscriptis.css_profiles import CSS_PROFILES
from inscriptis.html_properties import Display
from inscriptis.model.config import ParserConfig
from inscriptis.model.html_document_state import HtmlDocumentState
from inscriptis.model.html_element import HtmlElement
from inscriptis.model.tag import CustomHtmlTagHandlerMapping

_HEADING_RULES = {f"h{n}": [f"h{n}"] for n in range(1, 7)}
# Block elements missing from inscriptis' "strict" profile (it would run them together).
_EXTRA_BLOCKS = {
    "section": HtmlElement(display=Display.block),
    "details": HtmlElement(display=Display.block),
    "summary": HtmlElement(display=Display.block),
    "fieldset": HtmlElement(display=Display.block),
    "center": HtmlElement(display=Display.block),
    "caption": HtmlElement(display=Display.block),
    "legend": HtmlElement(display=Display.block),
    "dl": HtmlElement(display=Display.block, margin_before=1, margin_after=1),
    "dt": HtmlElement(display=Display.block),
    "dd": HtmlElement(display=Display.block, padding_inline=4),
    "hr": HtmlElement(display=Display.block, margin_before=1, margin_after=1),
    "blockquote": HtmlElement(display=Display.block, margin_before=1, margin_after=1,
                              padding_inline=4),
    # A complex table read row by row (clean.LINEAR_TABLE_TAG): indented as a table
    # cell is in plain text (outline_text.CELL_INDENT).
    "linear-table": HtmlElement(display=Display.block, margin_before=1, margin_after=1,
                                padding_inline=8),
}


@dataclass
class _OrderedList:
    next: int
    style: str


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                           (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"),
                           (4, "iv"), (1, "i")):
        while n >= value:
            out += numeral
            n -= value
    return out


def _letters(n: int) -> str:
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(ord("a") + rem) + out
    return out


def _label(n: int, style: str) -> str:
    if n < 1 or style == "1":
        return str(n)
    if style in "aA":
        return _letters(n) if style == "a" else _letters(n).upper()
    if style in "iI":
        return _roman(n) if style == "i" else _roman(n).upper()
    return str(n)


def _ol_start(state: HtmlDocumentState, attrs: dict) -> None:
    start = attrs.get("start", "1").strip()
    style = attrs.get("type", "1").strip()[:1] or "1"
    first = int(start) if start.lstrip("-").isdigit() else 1
    state.li_counter.append(_OrderedList(first, style if style in "1aAiI" else "1"))


# inscriptis' bullets by nesting depth, but "- " where it has "o ", which the comparison
# would read as the word "o" (dashes and "*", "+" are layout).
_UL_BULLETS = ("* ", "+ ", "- ", "- ")


def _ul_start(state: HtmlDocumentState, attrs: dict) -> None:
    state.li_counter.append(_UL_BULLETS[len(state.li_counter) % len(_UL_BULLETS)])


def _li_start(state: HtmlDocumentState, attrs: dict) -> None:
    counter = state.li_counter[-1] if state.li_counter else "* "
    if isinstance(counter, _OrderedList):
        value = attrs.get("value", "").strip()
        if value.isdigit():
            counter.next = int(value)
        state.tags[-1].list_bullet = f"{_label(counter.next, counter.style)}. "
        counter.next += 1
    else:
        state.tags[-1].list_bullet = counter
    state.tags[-1].write("")


def parser_config() -> ParserConfig:
    css = CSS_PROFILES["strict"].copy()
    css.update(_EXTRA_BLOCKS)
    return ParserConfig(
        css=css,
        annotation_rules=_HEADING_RULES,
        custom_html_tag_handler_mapping=CustomHtmlTagHandlerMapping(
            start_tag_mapping={"ol": _ol_start, "ul": _ul_start, "li": _li_start},
            end_tag_mapping={},
        ),
    )
