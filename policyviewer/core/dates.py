"""Dates in policy texts: "Last updated: May 1, 2024" -> "2024-05-01".

``parse_date`` reads one date written the usual ways. ``find_dated_lines``
finds every labelled date line ("Last updated:", "Effective date:", "Version
1.1 - May 20, 2024", "This policy was last modified on ..."), and
``find_effective_date`` picks the one that dates the document.

A bare "Effective January 1, 2020, the CCPA allows ..." is a sentence about a
law, not the policy's date: a label must open its line (or the line must be a
short title line), and the date must end the statement.
"""

from __future__ import annotations

import datetime as _dt
import functools
import itertools
import operator
import re
from dataclasses import dataclass

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")"
_ORD = r"(?:st|nd|rd|th)?"
# Each alternative names its parts; `order` in numeric dates is resolved in code.
_DATE = (
    rf"(?P<mdy>(?P<m1>{_MONTH})\.?,?[ \t\u00a0]+(?P<d1>\d{{1,2}}){_ORD}[ \t\u00a0]*,?[ \t\u00a0]*"
    rf"(?P<y1>\d{{4}}))"
    rf"|(?P<dmy>(?P<d2>\d{{1,2}}){_ORD}[ \t\u00a0]+(?:of[ \t\u00a0]+)?(?P<m2>{_MONTH})\.?,?"
    rf"[ \t\u00a0]+(?P<y2>\d{{4}}))"
    r"|(?P<iso>(?P<y3>\d{4})[-/.](?P<m3>\d{1,2})[-/.](?P<d3>\d{1,2}))"
    r"|(?P<num>(?P<a4>\d{1,2})(?P<sep>[-/.])(?P<b4>\d{1,2})(?P=sep)(?P<y4>\d{4}|\d{2}))"
    rf"|(?P<my>(?P<m5>{_MONTH})\.?,?[ \t\u00a0]+(?P<y5>\d{{4}}))"
)
_DATE_RE = re.compile(rf"(?<![\w/.-])(?:{_DATE})(?![\w/]|-\d|\.\d)", re.IGNORECASE)

# What a label can say. Group names give the FoundDate.label.
_LABEL = (
    r"(?P<last_updated>"
    r"date[ \t]+of[ \t]+(?:the[ \t]+)?(?:last[ \t]+)?(?:revision|update|modification|amendment)"
    r"|(?:date[ \t]+)?last[ \t]+(?:updated|modified|revised|changed|amended|reviewed|update"
    r"|revision"
    r"|modification|amendment)(?:[ \t]+(?:and|&)[ \t]+effective(?:[ \t]+date)?)?"
    r"(?:[ \t]+(?:of|to)[ \t]+(?:this|the|our)(?:[ \t]+[A-Za-z]+){1,3})?"
    r"|(?:updated|revised|modified|amended)(?:[ \t]+(?:on|as[ \t]+of))?"
    r"|(?:date[ \t]+)?(?:updated|revised|modified)"
    r")"
    r"|(?P<effective_date>"
    r"effective(?:[ \t]+date)?(?:[ \t]+(?:of|for)[ \t]+(?:this|the|our)(?:[ \t]+[A-Za-z]+){1,3})?"
    r"(?:[ \t]+(?:starting|from|as[ \t]+of|on))?|in[ \t]+effect[ \t]+"
    r"(?:from|as[ \t]+of|since)|valid[ \t]+(?:from|as[ \t]+of)"
    r")"
    r"|(?P<version>version(?:[ \t]+date|[ \t]+v?\d+(?:\.\d+)*))"
    r"|(?P<published>(?:published|posted|issued)(?:[ \t]+on)?)"
)
_GLUE = (
    r"[ \t\u00a0]*(?:[:,\-–—(][ \t\u00a0]*)*"
    r"(?:(?:on|as[ \t]+of|from|starting)[ \t\u00a0]*:?[ \t\u00a0]+)?"
)
# Markup and bullets a label line may open with ("_Last updated:", "**Effective", "- ").
# One class, not "(?:[-*...]+[ \t]*)*": a run of marks can be cut into those groups in
# exponentially many ways, each tried when no label follows ("-" * 26 + "d": 18 s).
_LEAD = r"^[ \t\u00a0\-*•>#_(\[|]*"
_LABEL_AT_START = re.compile(rf"{_LEAD}(?:{_LABEL}){_GLUE}", re.IGNORECASE)
_LABEL_ANYWHERE = re.compile(rf"(?<!\w)(?:{_LABEL}){_GLUE}", re.IGNORECASE)
# "This Privacy Policy was last modified on December 21, 2022."
_SENTENCE_LABEL = re.compile(
    r"(?<!\w)(?:was|were|has[ \t]+been|is)[ \t]+(?:last[ \t]+)?(?:(?P<last_updated>updated"
    r"|modified|revised|amended|changed)|(?P<published>published|posted))"
    r"(?:[ \t]+(?:on|as[ \t]+of))?[ \t]*:?[ \t]+"
    r"|(?<!\w)(?P<effective_date>(?:is|are|became|becomes)[ \t]+effective[ \t]+(?:as[ \t]+of"
    r"|on|from))[ \t]+",
    re.IGNORECASE,
)
_LABEL_ONLY_LINE = re.compile(rf"{_LEAD}(?:{_LABEL})[ \t\u00a0]*[:_*]*[ \t\u00a0]*$", re.IGNORECASE)
# After the date a statement ends: nothing, punctuation, a parenthesis, or a short tail.
_DATE_ENDS_STATEMENT = re.compile(r"^[ \t\u00a0_*]*(?:$|[.;)|\]]|\(|[-–—]\s)")
# Every date the date pattern can match holds one of these (a 4-digit year, or a
# numeric date such as 7/29/21): a cheap test that skips most lines with digits.
# (The shared first digit is factored out: the regex engine then skips to digits.)
_DATE_HINT = re.compile(r"\d(?:\d\d\d|[-/.]\d{1,2}[-/.]\d\d)")
_EMPHASIS = re.compile(r"[_*]*")
_SHORT_TAIL = 40
_SHORT_TITLE_LINE = 120
# "Near the top": the first lines a reader sees before the policy proper starts.
_TOP_CHARS = 3000
_TOP_LINES = 30
_MIN_YEAR, _MAX_YEAR = 1970, 2100


@dataclass(frozen=True)
class FoundDate:
    """A labelled date in a text. ``text[start:end] == raw`` (the date as written);
    ``label`` is "last_updated", "effective_date", "version", "published", or
    "date" for a line near the top that is only a date."""

    iso: str
    raw: str
    label: str
    start: int
    end: int


def _iso(year: int, month: int, day: int) -> str | None:
    if year < 100:
        year += 2000
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        return None
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _match_iso(m: re.Match[str]) -> str | None:
    if m.group("mdy"):
        return _iso(int(m.group("y1")), _MONTHS[m.group("m1").lower()], int(m.group("d1")))
    if m.group("dmy"):
        return _iso(int(m.group("y2")), _MONTHS[m.group("m2").lower()], int(m.group("d2")))
    if m.group("iso"):
        return _iso(int(m.group("y3")), int(m.group("m3")), int(m.group("d3")))
    if m.group("num"):
        a, b, year = int(m.group("a4")), int(m.group("b4")), int(m.group("y4"))
        # 07/29/2021 is American; 29.07.2021 is European; the day > 12 decides when clear.
        day_first = m.group("sep") == "." if a <= 12 and b <= 12 else a > 12
        month, day = (b, a) if day_first else (a, b)
        return _iso(year, month, day)
    if m.group("my"):
        # Month and year only ("Last updated: March 2023"): the month's first day.
        return _iso(int(m.group("y5")), _MONTHS[m.group("m5").lower()], 1)
    return None  # pragma: no cover - the regex has no other branch


def parse_date(s: str) -> str | None:
    """ISO ``YYYY-MM-DD`` for a string that is one date ("July 29, 2021",
    "29 July 2021", "2021-07-29", "July 29th, 2021", "07/29/2021", "Jan. 1, 2025",
    "March 2023" -> "2023-03-01"), else None (also for impossible dates)."""
    s = s.strip().strip("_*").strip(" \t\u00a0.,;:()[]")
    m = _DATE_RE.fullmatch(s)
    return _match_iso(m) if m else None


def _first_date(line: str, pos: int) -> re.Match[str] | None:
    """The date right at ``pos`` in ``line`` (after optional emphasis marks)."""
    m = _EMPHASIS.match(line, pos)
    return _DATE_RE.match(line, m.end() if m else pos)


def _ends_statement(line: str, end: int) -> bool:
    tail = line[end:]
    if _DATE_ENDS_STATEMENT.match(tail):
        return True
    # "Effective January 1, 2020, the CCPA allows ..." goes on as a sentence.
    return len(tail.strip()) <= _SHORT_TAIL and "," not in tail[:3]


def _label_name(m: re.Match[str]) -> str:
    for name in ("last_updated", "effective_date", "version", "published"):
        if m.groupdict().get(name):
            return name
    return "last_updated"  # pragma: no cover


def _starts_label(line: str, m: re.Match[str]) -> bool:
    """A label inside a short line ("Privacy Policy | Last updated: ...") must look
    like one: capitalised or after a separator, not a clause after a comma
    ("We are updating our policy, effective August 1, 2023.")."""
    before = line[: m.start()].rstrip(" \t\u00a0")
    if before.endswith(","):
        return False
    return line[m.start()].isupper() or not before or before[-1] in "|–—-(:.;[*_"


def _dates_on_line(line: str) -> list[tuple[re.Match[str], str]]:
    """(date match, label) for each labelled date on one line."""
    found: list[tuple[re.Match[str], str]] = []
    candidates: list[re.Match[str]] = []
    start = _LABEL_AT_START.match(line)
    if start:
        candidates.append(start)
    if len(line.strip()) <= _SHORT_TITLE_LINE:
        candidates += (m for m in _LABEL_ANYWHERE.finditer(line) if _starts_label(line, m))
    candidates += _SENTENCE_LABEL.finditer(line)
    seen: set[int] = set()
    for label in candidates:
        date = _first_date(line, label.end())
        if date is None or date.start() in seen or not _ends_statement(line, date.end()):
            continue
        if _match_iso(date) is None:
            continue
        seen.add(date.start())
        found.append((date, _label_name(label)))
    found.sort(key=lambda item: item[0].start())
    return found


# A line's labelled dates as (iso, raw, label, start, end) in the line, and the
# label's name if the line is only a label.
_LineDates = tuple[tuple[tuple[str, str, str, int, int], ...], str | None]
_NOTHING: _LineDates = ((), None)
# Lines longer than this (a paragraph, an unwrapped import) are not kept.
_MAX_KEPT_LINE = 2_000


def _line_dates_of(line: str) -> _LineDates:
    """One line's labelled dates, and the label's name if it is only a label."""
    dated: tuple[tuple[str, str, str, int, int], ...] = ()
    # A label only counts before a date: skip lines without one fast.
    if _DATE_HINT.search(line) and _DATE_RE.search(line):
        dated = tuple(
            (f.iso, f.raw, f.label, f.start, f.end)
            for f in (_found(date, label, 0) for date, label in _dates_on_line(line))
        )
    if len(line) >= _SHORT_TITLE_LINE or not _may_open_label(line):
        return (dated, None) if dated else _NOTHING
    label_match = _LABEL_ONLY_LINE.match(line)
    if label_match and line.strip():
        return dated, _label_name(label_match)
    return (dated, None) if dated else _NOTHING


_kept_line_dates = functools.lru_cache(maxsize=1 << 14)(_line_dates_of)
# The characters ``_LEAD`` reads before a label, and the letters a label opens
# with (date, last, updated, revised, modified, amended, effective, in effect,
# valid, version, published, posted, issued).
_LEAD_CHARS = " \t\u00a0-*•>#_([|"
_LABEL_INITIALS = frozenset("dlurmaeivpDLURMAEIVP")


def _may_open_label(line: str) -> bool:
    """False when no label can follow the line's lead: its first other character
    is plain ASCII and no label's initial (a non-ASCII one may match a letter
    without regard to case, so it is left to the regex)."""
    rest = line.lstrip(_LEAD_CHARS)
    return bool(rest) and (not rest[0].isascii() or rest[0] in _LABEL_INITIALS)


@functools.lru_cache(maxsize=16)
def find_dated_lines(text: str) -> tuple[FoundDate, ...]:
    """Every labelled date in ``text``, in order. A label alone on its line
    ("Effective date") takes the date on the next non-blank line.

    Kept for the last few texts: the outline, the comparison and the insights
    all ask for the dates of the same two versions."""
    return _dated_lines(text)


def _dated_lines(text: str) -> tuple[FoundDate, ...]:
    results: list[FoundDate] = []
    lines = text.split("\n")
    # Line k starts after the k lines before it and their k line breaks.
    ends = itertools.accumulate(map(len, lines[:-1]))
    offsets = [0, *map(operator.add, ends, itertools.count(1))]
    # Kept per distinct line: two versions of a policy share most of their lines.
    if max(map(len, lines)) <= _MAX_KEPT_LINE:
        line_dates = list(map(_kept_line_dates, lines))
    else:
        line_dates = [
            _kept_line_dates(x) if len(x) <= _MAX_KEPT_LINE else _line_dates_of(x) for x in lines
        ]
    for i in [k for k, found in enumerate(line_dates) if found is not _NOTHING]:  # most: nothing
        dated, label_name = line_dates[i]
        for iso, raw, label, start, end in dated:
            results.append(FoundDate(iso, raw, label, offsets[i] + start, offsets[i] + end))
        if label_name is not None:
            nxt = next((j for j in range(i + 1, min(i + 4, len(lines))) if lines[j].strip()), None)
            if nxt is None:
                continue
            nline = lines[nxt]
            lead = len(nline) - len(nline.lstrip(" \t\u00a0_*"))
            date = _DATE_RE.match(nline, lead)
            if date and _match_iso(date) and _ends_statement(nline, date.end()):
                results.append(_found(date, label_name, offsets[nxt]))
    results += _bare_date_lines(lines, offsets, _top_limit(text))
    results.sort(key=lambda f: f.start)
    unique: list[FoundDate] = []
    for f in results:
        if not unique or unique[-1].start != f.start:
            unique.append(f)
    return tuple(unique)


@functools.lru_cache(maxsize=4096)
def find_line_dates(line: str) -> tuple[FoundDate, ...]:
    """``find_dated_lines`` of one short line, kept for many lines: the outline
    asks for every short line with a digit, in both versions, and most lines
    are the same in both (and they stay out of the whole texts' small memo)."""
    if "\n" not in line and not _DATE_HINT.search(line):
        return ()  # every date holds a date hint: none on this line ("2.1. Data")
    return _dated_lines(line)


def _bare_date_lines(lines: list[str], offsets: list[int], top: int) -> list[FoundDate]:
    """Lines near the top that are nothing but a date ("November 5, 2025" under
    the title): unlabelled, but a reader takes them as the document's date."""
    found = []
    for line, offset in zip(lines, offsets, strict=True):
        if offset >= top:
            break
        stripped = line.strip(" \t\u00a0_*")
        date = _DATE_RE.fullmatch(stripped.rstrip("."))
        if date and _match_iso(date):
            lead = line.index(stripped)
            found.append(
                FoundDate(
                    iso=_match_iso(date) or "",
                    raw=date.group(0),
                    label="date",
                    start=offset + lead,
                    end=offset + lead + len(date.group(0)),
                )
            )
    return found


def _found(date: re.Match[str], label: str, line_offset: int) -> FoundDate:
    iso = _match_iso(date)
    assert iso is not None
    return FoundDate(
        iso=iso,
        raw=date.group(0),
        label=label,
        start=line_offset + date.start(),
        end=line_offset + date.end(),
    )


def _top_limit(text: str) -> int:
    """Offset where "the top" of the document ends."""
    pos = 0
    for _ in range(_TOP_LINES):
        nxt = text.find("\n", pos)
        if nxt < 0:
            return len(text)
        pos = nxt + 1
    return max(pos, min(_TOP_CHARS, len(text)))


def find_effective_date(text: str) -> FoundDate | None:
    """The date that dates this version: the first labelled date near the top;
    failing that, a bare date line near the top; failing that, the latest labelled
    date anywhere (a "Last updated" footer, or
    the newest entry of a revision history)."""
    found = find_dated_lines(text)
    if not found:
        return None
    top = _top_limit(text)
    near_top = [f for f in found if f.start < top]
    labelled = [f for f in near_top if f.label != "date"]
    if labelled or near_top:
        return (labelled or near_top)[0]
    return max(found, key=lambda f: (f.iso, -f.start))
