"""Title and metadata lines ("Privacy Policy", "Last updated: ...", "Version 1.1 - ...").

They are recognised so the outline can show them as the document's header
instead of as sections. A metadata line may appear anywhere (some policies put
"Last updated" at the end); a title only among the first lines.
"""

from __future__ import annotations

import re

from policyviewer.core.dates import parse_date
from policyviewer.core.model import MetadataLine
from policyviewer.core.outline_lines import Line, ends_sentence, parse_number, words

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?[\s\u00a0]+{_MONTHS}[\s\u00a0,]+\d{{4}}"
    rf"|{_MONTHS}[\s\u00a0]+\d{{1,2}}(?:st|nd|rd|th)?,?[\s\u00a0]+\d{{4}}"
    rf"|{_MONTHS}[\s\u00a0]+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4})\b",
    re.I,
)
# Label at the start of a metadata line -> field name.
_LABEL = re.compile(
    r"^(?:(?P<last>(?:this\s+(?:privacy\s+)?(?:policy|notice|statement)\s+was\s+)?"
    r"last\s+(?:updated|modified|revised|reviewed|changed)(?:\s+on)?)"
    r"|(?P<eff>effective(?:\s+(?:date|as\s+of|from|on))?|date\s+of\s+effect|in\s+effect\s+(?:from|as\s+of))"
    r"|(?P<upd>(?:updated|revised|modified)(?:\s+on)?|date\s+of\s+last\s+(?:update|revision))"
    r"|(?P<ver>version|v(?=\d)))"
    r"(?:[\s\u00a0]*[:\-\u2013\u2014][\s\u00a0]*|[\s\u00a0]+|(?=\d))(?P<value>.*)$",
    re.I,
)
_DIGIT = re.compile(r"\d")
_VERSION_VALUE = re.compile(r"^v?\d+(?:\.\d+)*\b")
_TITLE_WORDS = re.compile(
    r"\b(?:privacy|policy|policies|notice|statement|terms|cookies?|data\s+protection|gdpr|ccpa)\b",
    re.I,
)
_FIELDS = {"last": "last_updated", "eff": "effective_date", "upd": "last_updated", "ver": "version"}

# How far down the document a title may sit (lines), and how long it may be (words).
_TITLE_SCAN_LINES = 4
_TITLE_MAX_WORDS = 12


MAX_METADATA_CHARS = 120


def metadata_of(line: Line) -> list[MetadataLine]:
    """The metadata a line holds, if the whole line is a metadata line.

    Dates are given as ISO dates (read by ``policyviewer.core.dates.parse_date``),
    or as written when they cannot be read. A version line gives its number, and
    its date as a separate "date" entry.
    """
    text = line.text
    if len(text) > MAX_METADATA_CHARS or not _DIGIT.search(text):
        return []
    m = _LABEL.match(text)
    if m:
        kind = next(k for k in ("last", "eff", "upd", "ver") if m.group(k))
        value = m.group("value").strip().strip(".").strip()
        date = _DATE.search(value)
        if kind == "ver":
            number = _VERSION_VALUE.match(value)
            if not number:
                return []
            out = [MetadataLine("version", number.group(0), line.start, line.end)]
            if date:
                out.append(MetadataLine("date", _iso(date.group(0)), line.start, line.end))
            return out
        if not date:
            return []
        return [MetadataLine(_FIELDS[kind], _iso(date.group(0)), line.start, line.end)]
    # A line that is only a date ("May 1, 2024").
    dm = _DATE.search(text)
    if dm and len(text) - len(dm.group(0)) <= 3:
        return [MetadataLine("date", _iso(dm.group(0)), line.start, line.end)]
    return []


def _iso(date: str) -> str:
    return parse_date(date) or date


def is_title_like(text: str) -> bool:
    n = len(words(text))
    return (
        0 < n <= _TITLE_MAX_WORDS and not ends_sentence(text) and text[0].isupper()
        if text
        else False
    )


def find_header(lines: list[Line]) -> tuple[str | None, set[int], list[MetadataLine]]:
    """Title, the indexes of the title/metadata lines, and the metadata found.

    The title is the first short line among the first few, if it names the
    document ("Privacy Policy") or is followed directly by metadata or body.
    Repeats of the title right after it (web captures often repeat it) are
    header lines too.
    """
    header: set[int] = set()
    metadata: list[MetadataLine] = []
    for line in lines:
        found = metadata_of(line)
        if found:
            header.add(line.index)
            metadata.extend(found)
    title: str | None = None
    for line in lines[:_TITLE_SCAN_LINES]:
        if line.index in header:
            continue
        named = _TITLE_WORDS.search(line.text) is not None
        first_and_alone = line.index == 0 and _followed_by_header_or_body(lines, 0, header)
        numbered = parse_number(line.text) is not None
        if is_title_like(line.text) and not numbered and (named or first_and_alone):
            title = line.text
            header.add(line.index)
            metadata.insert(0, MetadataLine("title", title, line.start, line.end))
        break
    if title is not None:
        # Repeated title / metadata block directly below it.
        for line in lines[1 : _TITLE_SCAN_LINES + 1]:
            if line.index in header:
                continue
            if line.text.casefold() == title.casefold():
                header.add(line.index)
                continue
            break
    metadata.sort(key=lambda m: m.start)
    return title, header, metadata


def _followed_by_header_or_body(lines: list[Line], index: int, header: set[int]) -> bool:
    if index + 1 >= len(lines):
        return False
    nxt = lines[index + 1]
    return nxt.index in header or len(words(nxt.text)) > 15
