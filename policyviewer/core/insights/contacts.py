"""Contacts: e-mail and postal addresses, as written."""

from __future__ import annotations

import re

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_STREET = re.compile(
    r"\b\d{1,6}[A-Za-z]?(?:-\d+)?,?\s+(?:[A-Z0-9][\w.'’-]*\s+){0,5}?"
    r"(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|Drive|Dr\.?|Lane|Ln\.?|Way|"
    r"Place|Pl\.?|Square|Sq\.?|Court|Ct\.?|Parkway|Pkwy\.?|Plaza|Row|Terrace|Highway|Quay|"
    r"Circle|Center|Centre|Park|Walk|Wharf|Gardens|Strasse|Straße)\b[^\n]{0,120}"
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
_ADDRESS_END = re.compile(r",\s+(?!c/o\b)[a-z\[]")


def _address_start(text: str, start: int) -> int:
    """``start`` moved back over a box, or over a unit word whose number comes before the
    street number ("Unit 610, 478 ..."; in "Privacy Office 42 N. Main St" the word is a name's)."""
    before = text[max(0, start - 24) : start]
    m = _BOX_PREFIX.search(before)
    if m is None and re.match(r"\d+[A-Za-z]?,[ \t]*\d", text[start : start + 16]):
        m = _NUMBER_PREFIX.search(before)
    return start - len(before) + m.start() if m else start


def _address_continuation(text: str, pos: int) -> str:
    """Following short lines of an address written one component a line."""
    out = ""
    for _ in range(3):
        m = re.match(r"[ ,]*\n\s*([^\n]{2,60})(?=\n|$)", text[pos:])
        if not m or re.search(r"[.:;!?]$|^\W*$|@|\b(?:[a-z]{4,}\s+){3}", m.group(1)) or (
                m.group(1)[0].islower()) or re.match(r"\d+[.)]\s", m.group(1)):  # "18. Contact"
            break
        line = m.group(1).strip().rstrip(",")
        if not re.search(r"\d|\b[A-Z]{2}\b|,", line):
            break
        out += ", " + line
        pos += m.end()
    return out


_DIGIT = re.compile(r"\d")


def find_contacts(text: str, s: int, e: int) -> list[tuple[str, str, int, int]]:
    """(value, "email" or "postal address", start, end) of each contact in ``text[s:e]``."""
    out: list[tuple[str, str, int, int]] = []
    # Cheap tests first: an e-mail address has an "@", a postal address a number.
    emails = _EMAIL.finditer(text, s, e) if text.find("@", s, e) >= 0 else ()
    streets = _STREET.finditer(text, s, e) if _DIGIT.search(text, s, e) else ()
    for m in emails:
        value = m.group().rstrip(".")
        out.append((value, "email", m.start(), m.start() + len(value)))
    for m in streets:
        value = m.group().strip().rstrip(".;,")
        value = re.split(r"\s+(?:or|and)\s+(?:by|at|via)\b|\.\s+(?=[A-Z][a-z]+\s+[a-z])|"
                         r",?\s+(?:is|are|which|who|for|to|as|the|our|in|with|or|and|here)\s|"
                         r"\s*\(",
                         value)[0].strip().rstrip(".;,")
        value = _ADDRESS_END.split(value, 1)[0]
        value = value + _address_continuation(text, m.start() + len(value))
        if not re.search(r"\d{3,}|[A-Z][a-z]+,\s*[A-Z]{2}\b|\b[A-Z]{1,2}\d", value):
            continue  # no postcode or city/state: not an address
        start = _address_start(text, m.start())
        value = text[start : m.start()] + value
        out.append((value, "postal address", start, start + len(value)))
    return out
