"""Line-level facts the outline heuristics read: numbering, bullets, case, punctuation.

Everything here looks at one line at a time (plus its offsets); deciding what
is a heading from these facts and their neighbours is ``outline_text``'s job.
All regexes are anchored and linear (no nested quantifiers), so a 150 KB text
is scanned in a few milliseconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# A heading number as written: "1.", "1.1", "2.3.1.", "a)", "(b)", "(iv)", "II.", "A.",
# "Article 3", "Section 2.1". Bare "1 Intro" (no dot) only before a capital letter.
_NUMBER = re.compile(
    r"""^(?P<num>
        (?i:(?:article|section|part|chapter|clause|schedule|annex|appendix)\s+
            (?:\d{1,3}[a-z]?(?:\.\d{1,3})*|[ivxlc]{1,6}|[a-z])\.?)
      | \d{1,3}(?:\.(?:\d{1,3}|[ivx]{1,5}|[a-z]))+\.?
      | \d{1,3}\.
      | \d{1,3}\)
      | \(\d{1,3}\)
      | \((?:[a-z]|[ivx]{1,5})\)
      | (?:[a-z]|[ivx]{1,5})\)
      | [IVX]{1,5}\.
      | [A-Z]\.
      | \d{1,2}(?=\s+[A-Z])
    )
    (?:[ \t\u00a0]*[:\-\u2013\u2014][ \t\u00a0]*|[ \t\u00a0]+)
    (?P<rest>\S.*)$""",
    re.X,
)
_BULLET = re.compile(
    r"^(?:[-*+\u2022\u25cf\u25aa\u25e6\u2023\u2043\u00b7\u2013\u2014\u25a0\u2219o])"
    r"[ \t\u00a0]+(?P<rest>\S.*)$"
)
_ATX = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<rest>\S.*?)[ \t#]*$")
_ROMAN = re.compile(r"^[IVX]{1,5}\.$")
_LOWER_ROMAN = re.compile(r"^\(?[ivx]{1,5}\)$")
# A domain as written in an address: "vinted.com", not "our .com Platform" nor a
# brand in a heading ("Games on TV and on Netflix.com").
_URLISH = re.compile(r"(?i:https?://|www\.)|\S@\S|\b[a-z0-9][\w-]*\.(?i:com|org|net|io|pro|ai)\b")
_PHONE = re.compile(r"\+?\d[\d ()\-.]{7,}\d")
_NUMBERS = re.compile(r"\d+")
# A company's legal form closing its name ("Acme Pty Ltd", "Acme Ireland Limited, 2 Dock"):
# the line names a company (an address block, a signature), it is not a heading.
_LEGAL_ENTITY = re.compile(
    r"\b(?:Inc|Ltd|Limited|LLC|GmbH|B\.V|N\.V|S\.A|SAS|SARL|S\.r\.l|plc|Pty|Corp)\.?"
    r"(?:[ \t]*\([^()]{1,40}\))?(?:,|$)"  # "Adjust GmbH (Germany)": its country after it
)
# UK ("SE1 7TL"), Dutch ("1118BG") and Canadian ("K1A 0B1") postcodes.
_POSTCODE = re.compile(
    r"\b(?:[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|\d{4}[A-Z]{2}|[A-Z]\d[A-Z] ?\d[A-Z]\d)\b"
)
_PO_BOX = re.compile(r"\bP\.?O\.? Box\b", re.I)
_DIGIT = re.compile(r"\d")
_TABLE_GAP = re.compile(r"\S {2,}\S|\t")
_RUN_IN_COLON = re.compile(r":[\s\u00a0]")
_WORD = re.compile(r"[^\W\d_][\w'\u2019\-]*")

# Words that stay lower case in Title Case ("Right to Know", "Use of Data").
_SMALL_WORDS_TEXT = (
    "a an the and or nor but for of to in on at by as with from into onto via vs per than "
    "about over under upon within without between through after before during against "
    "is are be our your its their we you us this that these those how what when where who "
    "why which do does can may"
)
SMALL_WORDS = frozenset(_SMALL_WORDS_TEXT.split())


@dataclass(frozen=True)
class Line:
    """One non-blank line: ``start``/``end`` bound the stripped text in the document."""

    index: int
    start: int
    end: int
    line_start: int  # offset of the line's first character (indentation included)
    text: str
    indent: int
    blank_before: bool
    blank_after: bool


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with offsets, and whether a blank line surrounds each."""
    raw_lines: list[tuple[int, int, int, str]] = []  # (line_start, start, indent, stripped)
    blank_before: list[bool] = []
    blank_after: list[bool] = []
    pos = 0
    after_blank = True
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            raw_lines.append((pos, pos + lead, lead, stripped))
            blank_before.append(after_blank)
            blank_after.append(False)
            after_blank = False
        else:
            if raw_lines and not after_blank:
                blank_after[-1] = True
            after_blank = True
        pos += len(raw) + 1
    if blank_after:
        blank_after[-1] = True
    return [
        Line(i, start, start + len(s), line_start, s, lead, blank_before[i], blank_after[i])
        for i, (line_start, start, lead, s) in enumerate(raw_lines)
    ]


@dataclass(frozen=True)
class Numbered:
    number: str  # as written, e.g. "1.", "1.1", "a)", "Article 3"
    style: str  # "arabic", "alpha", "ALPHA", "roman", "ROMAN", "article", "paren"
    depth: int  # 1 for "1.", 2 for "1.1", ...
    value: int | None  # the last component's value, when it is a plain number
    rest: str
    rest_offset: int  # offset of ``rest`` within the line text


_NUMBER_WORDS = ("article", "section", "part", "chapter", "clause", "schedule", "annex", "appendix")


def parse_number(text: str) -> Numbered | None:
    m = _NUMBER.match(text)
    if not m:
        return None
    num = m.group("num")
    low = num.lower()
    depth = 1
    value: int | None = None
    if low.split()[0] in _NUMBER_WORDS:
        style = "article:" + low.split()[0]
        tail = num.split()[-1].rstrip(".")
        depth = tail.count(".") + 1
        value = _last_int(tail)
    elif num[0].isdigit() or (num[:2].startswith("(") and num[1:2].isdigit()):
        digits = num.strip("()").rstrip(".)")
        depth = digits.count(".") + 1
        value = _last_int(digits)
        style = "arabic" if not num.startswith("(") else "paren-arabic"
    elif _ROMAN.match(num):
        style = "ROMAN"
    elif _LOWER_ROMAN.match(num) and (len(num.strip("()")) > 1 or num.strip("()") == "i"):
        style = "roman"
    elif num[-1] == "." and num[0].isupper():
        style = "ALPHA"
    else:
        style = "alpha"
    return Numbered(num, style, depth, value, m.group("rest"), m.start("rest"))


def _last_int(digits: str) -> int | None:
    last = digits.rsplit(".", 1)[-1]
    return int(last) if last.isdigit() else None


def bullet_text(text: str) -> str | None:
    """The item text if the line is a bullet list item ("- x", "• x", "* x")."""
    m = _BULLET.match(text)
    return m.group("rest") if m else None


def atx_heading(text: str) -> tuple[int, str] | None:
    """A Markdown ``# Heading`` line left in a text file: (level, text)."""
    m = _ATX.match(text)
    return (len(m.group("hashes")), m.group("rest")) if m else None


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def is_all_caps(text: str) -> bool:
    # Mostly capitals: "COOKIES, MOBILE IDs, AND SIMILAR TECHNOLOGIES" still counts.
    upper = sum(map(str.isupper, text))
    lower = sum(map(str.islower, text))
    return upper >= 4 and lower <= 0.15 * (upper + lower)


@lru_cache(maxsize=4096)
def case_style(text: str) -> str:
    """ "caps", "title", "sentence", or "word" (one significant word, or a script
    without case such as Korean, Chinese or Arabic: no case cue)."""
    if is_all_caps(text):
        return "caps"
    if _caseless(text):
        return "word"
    found = words(text)
    significant = [w for w in found if w.lower() not in SMALL_WORDS]
    if len(significant) <= 1:
        # "How We Use" style: small words capitalised are a Title Case cue.
        if len(found) >= 2 and all(w[0].isupper() for w in found):
            return "title"
        return "word"
    tail = significant[1:] if significant[0] == found[0] else significant
    if all(w[0].isupper() or not w[0].isalpha() for w in tail):
        return "title"
    return "sentence"


_MAX_PERIOD_HEADING = 150


def _heading_case(text: str) -> bool:
    style = case_style(text)
    return style in ("caps", "title") or (style == "word" and len(words(text)) == 1)


def strip_heading_period(text: str) -> str:
    """ "6. SECURITY." / "Introduction." -> without the period, when the rest reads as a
    heading (capitals, Title Case or one word); a sentence keeps its period."""
    if (
        len(text) <= _MAX_PERIOD_HEADING
        and text.endswith(".")
        and not text.endswith("..")
        and _heading_case(text[:-1])
    ):
        return text[:-1]
    return text


def _caseless(text: str) -> bool:
    """Letters, none of them upper or lower case (Hangul, Han, Arabic, Hebrew, ...)."""
    return any(c.isalpha() for c in text) and not any(c.isupper() or c.islower() for c in text)


def capital_or_caseless(char: str) -> bool:
    """A capital, or a letter of a script without case."""
    return char.isupper() or (char.isalpha() and not char.islower())


def starts_capitalised(text: str) -> bool:
    """The first letter (after opening quotes) is a capital or caseless."""
    return capital_or_caseless(text.lstrip("\"'\u201c\u2018(")[:1])


# Sentence ends and clause marks, with the full-width (CJK) and Arabic ones.
_SENTENCE_MARKS = ".;,:!\u3002\uff0e\uff01\uff1f\uff1b\uff1a\uff0c\u060c\u061b\u061f"


def ends_sentence(text: str) -> bool:
    return text[-1] in _SENTENCE_MARKS or text.endswith((".)", '."', ".\u201d", ".'"))


def looks_like_contact_or_address(text: str) -> bool:
    if _URLISH.search(text) or _LEGAL_ENTITY.search(text):
        return True
    # Phone numbers and addresses need digits: most lines have none.
    if not _DIGIT.search(text):
        return False
    found = _PHONE.search(text) or _PO_BOX.search(text) or _POSTCODE.search(text)
    return bool(found) or _address_numbers(text)


def _address_numbers(text: str) -> bool:
    """Street numbers and postcodes: "14 Wall Street, ...", "..., Boston, MA 02111",
    "Schiphol Boulevard 195 1118BG" (a number before a comma, a long number after
    one, or two numbers the second of three digits or more)."""
    numbers = [(m.start(), len(m.group())) for m in _NUMBERS.finditer(text)]
    first_comma = text.find(",")
    last_comma = text.rfind(",")
    for k, (pos, size) in enumerate(numbers):
        if size >= 2 and pos < last_comma:
            return True
        if size >= 4 and 0 <= first_comma < pos:
            return True
        if k > 0 and size >= 3:
            return True
    return False


def has_table_gap(text: str) -> bool:
    return bool(_TABLE_GAP.search(text))


def has_run_in_colon(text: str) -> bool:
    return bool(_RUN_IN_COLON.search(text))


# Lines indented this much sit inside a list item or a table cell.
NESTED_INDENT = 4
# Lines indented this much are cells of a table laid out row by row, never headings.
CELL_INDENT = 2 * NESTED_INDENT


@dataclass(frozen=True)
class Head:
    """A heading found in the text, before levels are assigned."""

    line: Line
    heading: str
    number: str | None
    style: str  # the level key: "arabic:1", "caps", "title", "bullet", "atx:2", ...
    heading_end: int  # offset where the heading text ends
    body_start: int  # offset where the body starts (after a run-in label's colon)
    numbered: Numbered | None = None
    listed: bool = False  # named by the document's table of contents


def folded_name(text: str) -> str:
    """A name with case and spacing folded, as headings and the lines naming
    them (contents lists, titles) are compared."""
    return " ".join(text.casefold().split())


def head_key(head: Head) -> str:
    """The heading as a contents list would name it."""
    return folded_name(head.heading)
