"""Title and metadata lines ("Privacy Policy", "Last updated: ...", "Version 1.1 - ...").

They are recognised so the outline can show them as the document's header
instead of as sections. A metadata line may appear anywhere (some policies put
"Last updated" at the end); a title only among the first lines.
"""

from __future__ import annotations

import re

from policyviewer.core.dates import find_line_dates
from policyviewer.core.model import MetadataLine
from policyviewer.core.outline_lines import (
    Line,
    capital_or_caseless,
    ends_sentence,
    parse_number,
    words,
)

_DIGIT = re.compile(r"\d")
# "Version 1.1 - May 20, 2024", "v2.0": the version number (its date is read by core.dates).
_VERSION = re.compile(
    r"^(?:version|v(?=\d))[\s\u00a0:.\-\u2013\u2014]*(?P<number>v?\d+(?:\.\d+)*)\b", re.I
)
_TITLE_WORDS = re.compile(
    r"\b(?:privacy|policy|policies|notice|statement|terms|cookies?|data\s+protection|gdpr|ccpa)\b"
    # The same names in scripts without word breaks or case: Korean, Chinese, Japanese.
    r"|개인정보|처리방침|隐私|隱私|プライバシー|個人情報",
    re.I,
)

# How far down the document a title may sit (lines), and how long it may be (words).
_TITLE_SCAN_LINES = 4
_TITLE_MAX_WORDS = 12


MAX_METADATA_CHARS = 120


def metadata_of(line: Line) -> list[MetadataLine]:
    """The metadata a short line holds ("Last updated: May 1, 2024" ->
    ``last_updated`` = "May 1, 2024"), read by ``policyviewer.core.dates``.

    A date's value is the date as written (users read it in reports); its ISO
    form is ``policyviewer.core.dates.parse_date(value)``.

    A version line gives its number ("version" = "1.1") and, when it has one,
    its date as a separate "date" entry.
    """
    text = line.text
    if len(text) > MAX_METADATA_CHARS or not _DIGIT.search(text):
        return []
    out: list[MetadataLine] = []
    version = _VERSION.match(text)
    if version:
        out.append(MetadataLine("version", version.group("number"), line.start, line.end))
    found = find_line_dates(text)  # memo per line: same result as find_dated_lines
    if found:
        field = "date" if found[0].label == "version" else found[0].label
        out.append(MetadataLine(field, found[0].raw, line.start, line.end))
    return out


def is_title_like(text: str) -> bool:
    n = len(words(text))
    return (
        0 < n <= _TITLE_MAX_WORDS
        and not ends_sentence(text)
        and capital_or_caseless(text[0])
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
