"""Contacts: e-mail and postal addresses, as written."""

from __future__ import annotations

import re

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_STREET = re.compile(
    r"\b\d{1,6}[A-Za-z]?(?:-\d+)?,?\s+(?:[A-Z0-9][\w.'’-]*\s+){0,5}?"
    r"(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|Drive|Dr\.?|Lane|Ln\.?|Way|"
    r"Place|Pl\.?|Square|Sq\.?|Court|Ct\.?|Parkway|Pkwy\.?|Plaza|Row|Terrace|Highway|Quay|"
    r"Circle|Center|Centre|Park|Walk|Wharf|Gardens|Strasse|Straße)\b[^\n]{0,120}"
    # The number first and a Latin street word ("21 Via San Marco, Milan").
    r"|\b\d{1,4}[a-z]?,?\s+(?:Via|Viale|Piazza|Corso|Rue|Calle|Avenida|Rua)\s+[A-Z][^\n]{0,100}"
    r"|\b(?:G\.?P\.?O\.?|P\.?\s?O\.?) (?i:box) \d+[^\n]{0,100}"
    # Continental style: the street before its number ("Avenue Huart Hamoir 71", "Polgatan 14").
    r"|\b(?:Avenue|Rue|Calle|Via|Viale|Piazza|Avenida|Rua|Boulevard)\s+(?:[A-Z][\w'’-]*\s+){1,4}"
    r"\d{1,4}[a-z]?\b[^\n]{0,100}"
    r"|\b[A-ZÄÖÜÅ][\wäöüåéè]+(?:straße|strasse|gatan|gade|gasse|weg|vej|veien|laan|straat|"
    r"plein|platz|gränd|väg|vägen)\s+\d{1,4}[a-z]?\b[^\n]{0,100}",
)


# What may stand before an address's first number ("Unit 610, 478 George St", "PO BOX 4301,
# Road Town"): part of the address, or the number alone would look like a street number.
_NUMBER_PREFIX = re.compile(r"(?:\b(?:unit|suite|ste\.?|apt\.?|apartment|flat|level|floor|"
                            r"room|office|building|bldg\.?)|#)[ \t]*$", re.IGNORECASE)
_BOX_PREFIX = re.compile(r"\b(?:G\.?P\.?O\.?|P\.?[ \t]?O\.?)[ \t]+box[ \t]+$", re.IGNORECASE)
# A comma and a lower-case word ends an address: its parts are names and numbers
# (", operating through its branch", ", a company registered in"); "c/o" is a part.
# Also where another kind of contact starts ("..., Phone: +44 ...", "... privacy@x.com"),
# and a run of spaces (a table's next column).
_ADDRESS_END = re.compile(r",\s+(?!c/o\b)[a-z\[]|,?\s+(?:Phone|Tel|Telephone|Fax|E-?mail)\b"
                          r"|\s+[\w.+-]+@|\s{3,}"
                          # A role after the address (", EU Representative", ", Attn: ...").
                          r"|,\s+(?:[A-Z][\w-]*\s+){0,2}(?:Representative|Officer|Team|"
                          r"Department)\b|,?\s+(?:Attn|Attention)\b")
_ROLE = re.compile(r"\b(?:Representative|Officer|Team|Department|Attn|Attention)\b")


def _address_start(text: str, start: int) -> int:
    """``start`` moved back over a box, or over a unit word whose number comes before the
    street number ("Unit 610, 478 ..."; in "Privacy Office 42 N. Main St" the word is a name's)."""
    before = text[max(0, start - 24) : start]
    m = _BOX_PREFIX.search(before)
    if m is None and re.match(r"\d+[A-Za-z]?,[ \t]*\d", text[start : start + 16]):
        m = _NUMBER_PREFIX.search(before)
    return start - len(before) + m.start() if m else start


def _address_continuation(text: str, pos: int, column: tuple[int, int | None] | None = None
                          ) -> str:
    """Following short lines of an address written one component a line; in a table
    laid out with spaces, the same ``column`` (start, end) of the lines below."""
    out = ""
    if column is not None:
        pos = text.find("\n", pos)
        pos = len(text) if pos < 0 else pos
    for _ in range(3):
        m = re.match(r"[ ,]*\n\s*([^\n]{2,60})(?=\n|$)" if column is None else r"\n([^\n]*)",
                     text[pos:])
        part = m.group(1) if m else ""
        if m and column is not None:
            part = part[column[0] : column[1]].strip()
        if not m or len(part) < 2 or re.search(r"[.:;!?]$|^\W*$|@|\b(?:[a-z]{4,}\s+){3}",
                                                part) or (
                part[0].islower()) or re.match(r"\d+[.)]\s", part) or (  # "18. Contact"
                _ROLE.search(part)):  # "EU Representative", the next heading
            break
        line = part.strip().rstrip(",")
        if not re.search(r"\d|\b[A-Z]{2}\b|,", line):
            break
        out += ", " + line
        pos += m.end()
    return out


# A part of an address after a semicolon ("137 Amoy Street; Singapore 049965"): a sentence
# ends at "; " before a capital, so it is read past that end.
_SEMICOLON_PART = re.compile(r";[ \t]+([A-Z0-9][^;()\n]{1,40}?)(?=[ \t]*(?:[;(\n]|$))")


def _semicolon_parts(text: str, pos: int) -> str:
    out = ""
    for _ in range(3):
        m = _SEMICOLON_PART.match(text, pos)
        if not m or not re.search(r"\d|\b[A-Z]{2}\b", m.group(1)) or re.search(
                r"\b[a-z]{3,}\b", m.group(1)):
            break
        out += ", " + m.group(1).strip().rstrip(".,")
        pos = m.end()
    return out


def _postal(text: str, m: re.Match[str], column_start: int | None = None
            ) -> tuple[str, int, int | None, int] | None:
    """(value, start, where a table's next column starts, where to look for the next address)
    of the address ``m`` found."""
    value = m.group().strip().rstrip(".;,")
    raw = m.group().rstrip()
    parts = _semicolon_parts(text, m.start() + len(raw) - 1) if raw.endswith(";") else ""
    value += parts
    value = re.split(r"\s+(?:or|and)\s+(?:by|at|via)\b|\.\s+(?=[A-Z][a-z]+\s+[a-z])|"
                     r",?\s+(?:is|are|which|who|for|to|as|the|our|in|with|or|and|here)\s|"
                     r"\s*\(",
                     value)[0].strip().rstrip(".;,")
    gap = re.search(r"\s{3,}", value)
    next_column = m.start() + gap.end() if gap and "\n" not in gap.group() else None
    value = _ADDRESS_END.split(value, 1)[0].rstrip(" ,;.")
    close = value.find(")")
    if close >= 0 and "(" not in value[:close]:
        value = value[:close].rstrip(" ,;.")  # "(at 22 Boulevard Royal, Luxembourg) ..."
    end = m.start() + len(value)
    # Past an address cut short, the rest of the line may hold another ("..., D02 R296,
    # operating through its branch, 21 Via San Marco, Milan").
    resume = end if not parts and next_column is None and column_start is None else m.end()
    # "3150 S. Delaware St.\nSan Mateo, ...": the abbreviation's period is not an end.
    if text.startswith(".", end) and re.search(r"\b(?:St|Ave|Rd|Dr|Blvd|Ln|Pl|Sq|Ct|Pkwy)$",
                                              value):
        end += 1
    column = None
    if next_column is not None or column_start is not None:
        line_start = text.rfind("\n", 0, m.start()) + 1
        column = (m.start() - line_start if column_start is None else column_start - line_start,
                  None if next_column is None else next_column - line_start)
    value = value + _address_continuation(text, end, column)
    if not re.search(r"\d{3,}|[A-Z][a-z]+,\s*[A-Z]{2}\b|\b[A-Z]{1,2}\d", value):
        return None  # no postcode or city/state: not an address
    start = _address_start(text, m.start())
    return text[start : m.start()] + value, start, next_column, resume


_DIGIT = re.compile(r"\d")
# "privacy [at] github [dot] com", "dpo ((at)) acme ((dot)) com": an address written so
# robots do not read it is the same address (else a reworded page "removes" it).
_AT, _DOT = r"\s*[\[(]{1,2}at[\])]{1,2}\s*", r"\s*[\[(]{1,2}dot[\])]{1,2}\s*"
OBFUSCATED_EMAIL = re.compile(
    rf"(?<![\w.+-])([\w.+-]+){_AT}([A-Za-z0-9-]+(?:{_DOT}[A-Za-z0-9-]+)+)\b", re.IGNORECASE)
# What a page's e-mail protection leaves in a saved copy: an address, but not which one
# (not a fact; the differ looks for it in the sentences).
HIDDEN_EMAIL = re.compile(r"\[email[\s\xa0]protected\]")


def hides_email(sentences: list[str]) -> bool:
    return any("protected]" in s and HIDDEN_EMAIL.search(s) for s in sentences)


def _may_be_obfuscated(text: str) -> bool:
    """A cheap test first ("at]" or "at)"): the pattern is slow to try at every word."""
    return "at]" in text or "at)" in text or "AT]" in text or "AT)" in text


def may_have_email(sent: str) -> bool:
    """False when ``find_contacts`` finds no e-mail address in ``sent``."""
    return ("@" in sent and _EMAIL.search(sent) is not None) or (
        _may_be_obfuscated(sent) and OBFUSCATED_EMAIL.search(sent) is not None)


_STREET_WORDS = {"st": "street", "ave": "avenue", "rd": "road", "blvd": "boulevard",
                 "dr": "drive", "ln": "lane", "pl": "place", "sq": "square", "ct": "court",
                 "pkwy": "parkway", "w": "west", "e": "east", "n": "north", "s": "south"}


def address_key(value: str) -> str:
    """Street and number: where an address ends in running text is not reliable. Spelled-out
    and abbreviated street words are the same ("201 Spear St", "201 Spear Street")."""
    return " ".join(_STREET_WORDS.get(w, w) for w in re.findall(r"\w+", value.lower())[:3])


def find_contacts(text: str, s: int, e: int) -> list[tuple[str, str, int, int]]:
    """(value, "email" or "postal address", start, end) of each contact in ``text[s:e]``."""
    out: list[tuple[str, str, int, int]] = []
    # Cheap tests first: an e-mail address has an "@", a postal address a number.
    emails = _EMAIL.finditer(text, s, e) if text.find("@", s, e) >= 0 else ()
    streets = _STREET.finditer(text, s, e) if _DIGIT.search(text, s, e) else ()
    for m in emails:
        value = m.group().rstrip(".")
        out.append((value, "email", m.start(), m.start() + len(value)))
    if _may_be_obfuscated(text[s:e]):
        out += ((f"{m.group(1)}@{re.sub(_DOT, '.', m.group(2))}", "email", m.start(), m.end())
                for m in OBFUSCATED_EMAIL.finditer(text, s, e))

    m = next(iter(streets), None)
    while m is not None:
        found = _postal(text, m)
        pos = m.end() if found is None else max(found[3], m.start() + 1)
        while found is not None:
            value, start, next_column, _ = found
            out.append((value, "postal address", start, start + len(value)))
            # A table laid out with spaces: the next column may hold another address.
            nm = _STREET.match(text, next_column) if next_column is not None else None
            found = _postal(text, nm, next_column) if nm is not None else None
            pos = max(pos, nm.end()) if nm is not None else pos
        m = _STREET.search(text, pos, e)
    return out
