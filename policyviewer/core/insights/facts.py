"""Fact extraction: periods, ages, third parties, contacts, dates, laws, commitments.

Rule-based and sentence-local. ``value`` is always the text as written;
``subject`` says what the value applies to ("log data" for a retention
period), normalised to lower case so versions can be paired on it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

from policyviewer.core.insights import lexicon
from policyviewer.core.insights.categories import _AGE_CONTEXT, _AGE_CONTEXT_LOWER, cue_scan
from policyviewer.core.insights.commitments import (
    PROMISE_TAIL_LOWER,
    commitment_key,
    commitment_pattern,
    find_commitments,
)
from policyviewer.core.insights.contacts import (
    _DIGIT,
    _EMAIL,
    _STREET,
    address_key,
    find_contacts,
    may_have_email,
)
from policyviewer.core.insights.party_names import (
    _BULLET_NAME,
    _CANONICAL,
    _KNOWN_LOWER,
    _LIST_CUE,
    _LIST_CUE_LOWER,
    _NAME,
    _ONE_NAME,
    _ORG_SUFFIX,
    _ORG_WORDS,
    _SHARING_CUE,
    _candidate_name,
    _is_self,
    _name_like,
    _run_in_label,
    normalize_party,
)
from policyviewer.core.insights.text import (
    HeadingFinder,
    lower_for_matching,
    section_heading_at,
    sentence_spans,
    squash,
)
from policyviewer.core.model import Outline

KINDS = ("retention", "duration", "age", "third_party", "contact", "date", "commitment", "law")


@dataclass(frozen=True)
class Fact:
    kind: str
    value: str
    subject: str | None
    section: str | None
    start: int
    end: int

    @cached_property
    def key(self) -> str:
        """What must be equal for two facts to be the same fact (computed once: the differ
        compares it many times)."""
        if self.kind == "commitment":
            return commitment_key(self.value)
        if self.kind in ("retention", "duration"):
            return normalize_period(self.value)
        if self.kind == "third_party":
            return normalize_party(self.value)
        if self.kind == "date":
            return parse_date(self.value) or squash(self.value)
        if self.kind == "contact" and self.subject == "postal address":
            return address_key(self.value)
        return re.sub(r"[^a-z0-9@.]+", " ", self.value.lower()).strip()


# ---------------------------------------------------------------- periods
_NUM_WORDS = "|".join(sorted((w for w in lexicon.NUMBER_WORDS if w not in ("a", "an")), key=len,
                             reverse=True))
_NUM = rf"(?:\d{{1,4}}(?:[.,]\d+)?|(?:{_NUM_WORDS}))(?:\s*\(\d{{1,4}}\))?"
_UNIT = r"(?:(?:business|calendar|working)[ -])?(?:hours?|days?|weeks?|months?|years?)"
_UNIT_WORDS = re.compile("hour|day|week|month|year")  # in every period (lower-cased)
_PERIOD = re.compile(rf"\b(?P<num>{_NUM})[\s-]+(?P<unit>{_UNIT})\b", re.IGNORECASE)
_AGE_AFTER = re.compile(r"^\s*(?:old|of age|and (?:older|over|above|under)|or (?:older|over))",
                        re.I)
_RETAIN = re.compile(
    r"\b(retain\w*|retention|keep|keeps|kept|store[sd]?|storing|hold|holds|held|preserv\w+|"
    r"archiv\w+|persist\w*|expir\w+|lifespan|life span|remain\w*|stays?|lasts?|"
    r"log(?:s|ged)? for)\b|"
    r"\b(delet\w+|eras\w+|purg\w+|anonymi[sz]\w+|destroy\w*|de-identif\w+)\b[^.]{0,80}?"
    r"\b(after|older than|once|within)\b",
    re.IGNORECASE,
)
_RETAIN_AFTER = re.compile(
    r"[^.;]{0,25}\b(after which|then|before (?:it is|they are|being))\b[^.;]{0,30}"
    r"\b(delet|eras|purg|anonymi|destroy)"
    r"|[^.;]{0,60}\b(?:will|would|may|shall|is|are|gets?)\s+(?:be\s+)?(?:automatically\s+|"
    r"permanently\s+)?(?:deleted|erased|purged|anonymi[sz]ed|destroyed)", re.IGNORECASE)
_RESPONSE = re.compile(r"\b(respond|response|reply|replies)\b", re.I)
_RETAIN_VERB = re.compile(
    r"\b(?:retain|keep|store|hold|preserve|archive|log|delete|erase|purge|anonymi[sz]e)"
    r"(?:s|d|ed)?\s+(?P<obj>[^,;:.()]{2,80}?)\s+(?:for|until|up to|after|within|no longer)\b"
    r"(?:\s+(?:a|the)\s+(?:\w+\s+)?(?:period|maximum|minimum|duration)\s+of|\s+(?:at least|"
    r"at most|about|approximately|up to|no more than|a maximum of))?\s*$",
    re.IGNORECASE,
)
_PASSIVE_TAIL = (r"\s+(?:is|are|will be|may be|shall be|can be|would be|get|gets)\s+(?:\w+ly\s+)?"
                 r"(?:retained|kept|stored|held|preserved|archived|logged|deleted|erased|purged|"
                 r"anonymi[sz]ed)\b")
# The subject starts a word: a window cut mid-word must not give "ersonal data".
_PASSIVE = re.compile(r"(?<![\w'’])(?P<subj>[A-Za-z][\w'’ -]{1,60}?)" + _PASSIVE_TAIL,
                      re.IGNORECASE)
_PASSIVE_AFTER = re.compile(_PASSIVE_TAIL, re.IGNORECASE)
_DETERMINERS = re.compile(
    r"^(?:(?:all|any|some|certain|such|the|this|that|these|those|your|our|their|its|of|"
    r"other|and|most|much|a|an|personal|copies of|copy of)\s+)+",
    re.IGNORECASE,
)
# Cues naming what a non-retention period is about.
_DURATION_SUBJECTS = (
    (re.compile(r"\b(respond|response|reply|answer)", re.I), "response time"),
    (re.compile(r"\b(notice|notify|notif)", re.I), "notice period"),
    (re.compile(r"\b(abort|cancel|undo|restore|recover|grace|reactivat)", re.I), "grace period"),
    (re.compile(r"\b(delet|remov|eras)", re.I), "deletion time"),
    (re.compile(r"\b(trial)", re.I), "trial period"),
    (re.compile(r"\b(breach)", re.I), "breach notification"),
    (re.compile(r"\b(request)", re.I), "request handling"),
    (re.compile(r"\b(past|preceding|prior|last|previous)\s+(?:\w+\s+)?$", re.I), "lookback period"),
)


@lru_cache(maxsize=4096)
def normalize_period(value: str) -> str:
    m = _PERIOD.search(value)
    if not m:
        return squash(value)
    num = re.sub(r"\s*\(\d+\)", "", m.group("num")).lower()
    n = lexicon.NUMBER_WORDS.get(num, None)
    if n is None:
        try:
            n = float(num.replace(",", "."))
        except ValueError:
            return squash(value)
    unit = m.group("unit").lower().replace("-", " ")
    unit = unit[:-1] if unit.endswith("s") else unit
    return f"{n:g} {unit}"


# A retention verb inside an object: the object of the last one is what is kept
# ("keeps it for as long as we keep your account", "deleted listings are kept").
_VERB_IN_OBJECT = re.compile(r"\b(?:we|you|they|it|to|is|are|be|been|was|were)\s+(?:\w+ly\s+)?"
                             r"(?:retain|keep|kept|store|hold|held|preserve|archive|delete|erase|"
                             r"purge)(?:s|d|ed)?\b", re.IGNORECASE)
# Where a relative clause or a conjunction starts: the noun phrase before a passive verb
# follows the last one ("the same amount of time that your account is stored"), unless a
# pronoun follows it ("information that you provide is kept": the clause is the subject's).
_CLAUSE_WORD = re.compile(r"\b(?:that|which|when|where|while|if|as|until|because|than)\s+"
                          r"(?!(?:we|you|they|it|he|she|i|us|them)\b)", re.IGNORECASE)
# Where a long subject may be cut ("transactional information such as rides and payments").
_SUBJECT_CUT = re.compile(r"\s+(?:of|for|with|in|on|from|such as|including|to|by|at|that|"
                          r"which|who|about|under|during|within|into|across|over|after|before|via|through|"
                          r"between)\s", re.IGNORECASE)
_TRAILING_SMALL_WORDS = re.compile(r"(?:\s+(?:of|for|with|in|on|from|to|by|at|the|a|an|your|our|"
                                   r"their|its|and|or|and/or|such|as))+$", re.IGNORECASE)


def _clean_subject(text: str) -> str | None:
    text = re.sub(r"\s+", " ", text).strip(" -–—,.'\"“”’")
    text = re.sub(r"^(?:we|you|it|they)\s+(?:\w+\s+)?", "", text, flags=re.I) if len(
        text.split()) > 3 else text
    text = _DETERMINERS.sub("", text)
    # "the bulk of the query data": the data.
    text = _DETERMINERS.sub("", re.sub(r"^(?:bulk|majority|rest|remainder|part|portion) of\s+",
                                       "", text, flags=re.I))
    text = re.sub(r"^(?:information|data) (?:about|on|of) ", "", text, flags=re.I) if len(
        text.split()) > 4 else text
    words = text.split()
    if not words or words[0].lower() in ("it", "them", "this", "that", "which", "we", "you",
                                         "for", "until", "from", "as", "if", "when", "once",
                                         "unless", "because") or (
            len(words) == 1 and words[0].lower().endswith("ly")):
        return None  # a pronoun, a preposition ("for 2 months from ..."), a clause or an adverb
    if len(words) > 6:
        # Too long to be shown whole: keep the head of the noun phrase, not six words
        # ending anywhere ("the picture of your").
        cut = _SUBJECT_CUT.search(text, len(words[0]))
        text = text[: cut.start()] if cut else text
        text = _TRAILING_SMALL_WORDS.sub("", " ".join(text.split()[:6]))
    return text.lower()


def _passive_matches(prefix: str) -> list[re.Match[str]]:
    """``list(_PASSIVE.finditer(prefix))``. A subject is 2-61 characters long and followed by
    the tail, so no match starts more than 61 characters before the first tail: the scan
    starts there instead of trying a subject at every letter."""
    tail = _PASSIVE_AFTER.search(prefix)
    return list(_PASSIVE.finditer(prefix, max(0, tail.start() - 61))) if tail else []


def _retention_subject(prefix: str) -> str | None:
    active = _RETAIN_VERB.search(prefix)
    if active:
        obj = active.group("obj")
        verbs = list(_VERB_IN_OBJECT.finditer(obj))
        obj = obj[verbs[-1].end() :] if verbs else obj
        subj = _clean_subject(obj) if not _PERIOD.search(obj) else None
        if subj:
            return subj
    passive = _passive_matches(prefix)
    if passive:
        subj = passive[-1].group("subj")
        last = subj.split(",")[-1].strip()
        if last.lower() in ("which", "that", "who") and "," in subj:
            # "store records, which are retained": the records
            last = " ".join(subj.split(",")[-2].split()[-2:])
        clauses = list(_CLAUSE_WORD.finditer(last))
        return _clean_subject(last[clauses[-1].end() :] if clauses else last)
    return None


def _periods(text: str, s: int, e: int, heading: str | None) -> list[Fact]:
    out: list[Fact] = []
    sent = text[s:e]
    low = lower_for_matching(sent)
    if low is not None and not _UNIT_WORDS.search(low):
        return out  # no unit, no period (a cheap test first: most sentences have none)
    last_end = 0
    for m in _PERIOD.finditer(sent):
        unit = m.group("unit").lower()
        if "year" in unit and _AGE_AFTER.match(sent[m.end() :]):
            continue  # "13 years old" is an age
        after = sent[m.end() : m.end() + 12].lower()
        if re.match(r"\s*ago\b", after) or (re.match(r"\s*(in advance|prior|before)\b", after)
                                               and "year" in unit):
            continue  # "4 months ago" is a date, not a period
        prefix = sent[: m.start()]
        window = sent[max(0, m.start() - 160) : m.end()]
        retained = _RETAIN.search(window) or _RETAIN_AFTER.match(sent[m.end() : m.end() + 60])
        if retained and retained.group(0).lower().endswith("within") and (
                re.search(r"\brequest\w*\s+(?:\w+\s+){0,3}$", prefix[-60:], re.I)
                or re.match(r"\s*(?:of|after|from)\s+(?:\w+\s+)?(?:request|receiv)", after, re.I)):
            retained = None  # "we delete it within 30 days of your request": a response time
        if retained and re.search(r"\byou\s+(?:can|may|could|will be able to)\b", prefix[-120:],
                                  re.I) and not re.search(r"\b(retain|keep|kept|store|hold|held)",
                                                          prefix[-120:], re.I):
            retained = None  # "you can delete a message within 48 hours": a window for the user
        if retained and not (_RESPONSE.search(prefix[-60:]) and not re.search(
                r"\b(retain|keep|kept|store|hold|held|retention)", window, re.I)):
            kind = "retention"
            # What comes after the previous period: a subject before it is that period's
            # ("kept for 2 months after closure or after 5 years" has none for 5 years).
            # At most 200 characters, from a word's start (not "ersonal data").
            own = prefix[last_end:]
            subject = _retention_subject(re.sub(r"^\w+", "", own[-200:]) if len(
                own) > 200 and own[-201].isalnum() else own[-200:])
        else:
            kind = "duration"
            subject = next((label for rx, label in _DURATION_SUBJECTS
                            if rx.search(sent[max(0, m.start() - 120) : m.end() + 80])), None)
        out.append(Fact(kind, m.group().strip(), subject, heading, s + m.start(), s + m.end()))
        last_end = m.end()
    return out


# ---------------------------------------------------------------- ages
_AGE = re.compile(
    r"\b(?:under|below|younger than|less than|over|older than|at least|above|"
    r"age of|aged?|turn(?:ed|s)?|ages?)\s+(?:the age of\s+)?(?P<a>\d{1,2})\b(?!\s*(?:%|percent|"
    r"hours?|days?|weeks?|months?|per|[.,]\d|\)))"
    r"|\b(?P<b>\d{1,2})\s*(?:\(\w+\)\s*)?(?:years?|yrs?)[\s-]+(?:of\s+age|old|or\s+(?:older|over))\b"
    r"|\b(?:age of|aged?|under|over|at least)\s+(?:[a-z]+(?:-[a-z]+)?\s*)\((?P<e>\d{1,2})\)"
    r"|\b(?P<c>\d{1,2})\s+(?:or|and)\s+(?:older|over|above|under|younger)\b"
    r"|\b(?P<d>1\d)\+",
    re.IGNORECASE,
)


def _ages(text: str, s: int, e: int, heading: str | None) -> list[Fact]:
    sent = text[s:e]
    low = lower_for_matching(sent)
    if not (_AGE_CONTEXT.search(sent) if low is None else _AGE_CONTEXT_LOWER.search(low)):
        return []
    out = []
    for m in _AGE.finditer(sent):
        value = m.group("a") or m.group("b") or m.group("c") or m.group("d") or m.group("e")
        if not 8 <= int(value) <= 25:
            continue
        vstart = m.start(m.lastgroup) if m.lastgroup else m.start()
        out.append(Fact("age", value, "minimum age", heading, s + vstart, s + vstart + len(value)))
    return out


# ---------------------------------------------------------------- third parties and laws
_LAW = re.compile(r"(?<![\w-])(?:(?:[A-Z][a-z]+\s+){1,4}(?:Privacy|Protection|Rights)\s+Act|"
                  + "|".join(re.escape(n) for n in sorted(lexicon.LAWS, key=len, reverse=True))
                  + r")(?![\w-])")
_LAW_WORDS = re.compile("|".join(re.escape(n) for n in ("Act", *lexicon.LAWS)))


def _parties(text: str, s: int, e: int, heading: str | None, own: tuple[str, ...]) -> list[Fact]:
    sent = text[s:e]
    cues = cue_scan(sent)
    cue, known = cues.sharing, cues.known
    out: list[Fact] = []
    taken: list[tuple[int, int]] = []
    for start, end in known:
        name = sent[start:end]
        canonical = _CANONICAL.get(name.lower(), name)
        lower_brand = name == canonical and canonical in lexicon.LOWER_CASE_BRANDS
        if not (name[0].isupper() or lower_brand):
            continue
        if name.isupper() and not canonical.isupper():
            continue  # "AMAZON" in a shouted heading is fine, but "ZOOM IN" is not a name
        if canonical in lexicon.AMBIGUOUS_NAMES and not cue and len(known) < 3:
            continue  # "Medium" counts in "Instagram, Facebook, Medium", not on its own
        if _is_self(name, own):
            continue
        taken.append((start, end))
        out.append(Fact("third_party", name, None, heading, s + start, s + end))
    bullet = _BULLET_NAME.match(sent)
    # A list item: a bullet, or a short line of its own ("Twilio for telephony;").
    bulleted = re.match(r"\s*[•*·+o-]\s", sent)
    is_item = bullet and (bulleted or (
        (s == 0 or text[s - 1] == "\n") and len(sent) < 160
        and not bullet.group(0).rstrip().endswith(":")))  # "Overview:" is a run-in heading
    if is_item and bullet and _SHARING_CUE.search(text[max(0, s - 400) : s]):
        for part in re.finditer(_ONE_NAME, bullet.group(1)):
            pos = bullet.start(1) + part.start()
            name = _candidate_name(part.group())
            if name and _name_like(name, text) and not _is_self(name, own) and not any(
                    a <= pos < b for a, b in taken) and not _run_in_label(name, text):
                taken.append((pos, pos + len(part.group())))
                out.append(Fact("third_party", name, None, heading, s + pos, s + pos + len(name)))
    if cue:
        low = lower_for_matching(sent)
        for lm in (_LIST_CUE.finditer(sent) if low is None else _LIST_CUE_LOWER.finditer(low)):
            # Names in the list that follows the cue: "such as X, Y and Z".
            pos = lm.end()
            while True:
                nm = _NAME.match(sent, pos)
                if not nm:
                    break
                if not any(a <= nm.start() < b for a, b in taken):
                    name = _candidate_name(nm.group())
                    if name and _name_like(name, text) and not _is_self(name, own) and not (
                            _LAW.fullmatch(name)) and not _run_in_label(name, text):
                        off = sent.find(name, nm.start())
                        taken.append((nm.start(), nm.end()))
                        out.append(Fact("third_party", name, None, heading, s + off,
                                        s + off + len(name)))
                sep = re.match(r"\s*(?:\([^)]{0,60}\)\s*)?(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|"
                               r"\s+or\s+|\s*/\s*)", sent[nm.end() :])
                if not sep:
                    break
                pos = nm.end() + sep.end()
    for om in _ORG_SUFFIX.finditer(sent) if cue and _ORG_WORDS.search(sent) else ():
        name = _candidate_name(om.group(1))
        if name and cue and not _is_self(name, own) and not any(
                a <= om.start() < b for a, b in taken):
            taken.append((om.start(), om.end()))
            out.append(Fact("third_party", name, None, heading, s + om.start(),
                            s + om.start() + len(om.group(1))))
    return out


def _laws(text: str, s: int, e: int, heading: str | None) -> list[Fact]:
    if not _LAW_WORDS.search(text, s, e):
        return []  # every law pattern has one of these words literally
    return [Fact("law", m.group(), None, heading, s + m.start(), s + m.end())
            for m in _LAW.finditer(text, s, e)]


# ---------------------------------------------------------------- contacts
def _contacts(text: str, s: int, e: int, heading: str | None) -> list[Fact]:
    return [Fact("contact", value, subject, heading, start, end)
            for value, subject, start, end in find_contacts(text, s, e)]


# ---------------------------------------------------------------- dates
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?"
    rf"{_MONTH},?\s+\d{{4}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{4}}\b"
    rf"|\b{_MONTH}\s+\d{{4}}\b",
    re.IGNORECASE,
)
_DATE_CUE = re.compile(r"\b(effective|last\s+(?:updated|modified|revised|changed|amended)|"
                       r"updated|revised|version|dated|as of)\b", re.IGNORECASE)


def parse_date(value: str) -> str | None:
    """ISO form of a date as written ("May 1, 2024" -> "2024-05-01"), day 00 if absent."""
    v = value.strip().lower()
    m = re.search(r"(\d{4})-(\d{2})-(\d{2})", v)
    if m:
        return m.group()
    year = re.search(r"\b(\d{4})\b", v)
    month = next((i + 1 for i, name in enumerate(lexicon.MONTHS) if re.search(
        rf"\b{name[:3]}", v)), None)
    if year and month:
        day = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b(?!\d)", v.replace(year.group(), ""))
        d = int(day.group(1)) if day else 0
        return f"{year.group()}-{month:02d}-{d:02d}"
    m = re.search(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", v)
    if m:
        return f"{m.group(3)}-{int(m.group(1)):02d}-{int(m.group(2)):02d}"
    return None


# The subject of a date fact: the field the document dates itself with (as the metadata
# lines name it), so an insight does not call a "Last modified" date an effective date.
DATE_FIELDS = {"effective_date": "effective date", "last_updated": "last updated",
               "version": "version date", "published": "publication date"}


def _cue_field(cue: str) -> str:
    cue = cue.lower()
    if cue.startswith("effective"):
        return "effective date"
    if cue.startswith(("last", "updated", "revised")):
        return "last updated"
    return "version date" if cue == "version" else "date"


def _effective_date(text: str, outline: Outline | None) -> Fact | None:
    try:  # the shared date finder, when present, knows more formats
        from policyviewer.core.dates import find_effective_date
    except ImportError:
        find_effective_date = None
    if find_effective_date is not None:
        found = find_effective_date(text)
        if found is not None:
            raw = getattr(found, "raw", None) or found.iso
            dm = _DATE.search(raw)
            start = text.find(raw)
            value = dm.group() if dm else raw
            pos = max(start, 0) + (dm.start() if dm else 0)
            field = DATE_FIELDS.get(getattr(found, "label", ""), "date")
            return Fact("date", value, field, section_heading_at(outline, pos), pos,
                        pos + len(value))
    head = text[:3000]
    for m in _DATE.finditer(head):
        line_start = head.rfind("\n", 0, m.start()) + 1
        cue = _DATE_CUE.search(head[max(line_start, m.start() - 80) : m.start()])
        if cue:
            return Fact("date", m.group(), _cue_field(cue.group()),
                        section_heading_at(outline, m.start()), m.start(), m.end())
    return None


# ---------------------------------------------------------------- the company itself
# A name starts at most 40 characters into a run of its word's characters, only one
# quantifier reads the spaces before "(", and at most 8 quote marks open "we" (a word
# may hold "'"): else "AAA...   " took cubic time (14 s for 2 KB), "AAA''''..." quadratic.
_WE_DEF = re.compile(r"(?-i:([A-Z](?<![\w&.'’-]{40}.)[\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3}))"
                     r"[\s,]*(?:\(\s*)?(?:[\"“”']|\*\*){1,8}"
                     r"\s*(?:we|us|our)\b", re.IGNORECASE)
_DOMAIN = re.compile(r"\b(?:[a-z0-9-]+\.)*([a-z0-9-]{3,})\.(?:com|org|net|io|ai|dev|pro|co|app|"
                     r"tv|ie|uk|de|fr|us|me|gg)\b", re.IGNORECASE)


# "(?<![.\w])[A-Z][a-zA-Z]{2,}\b" with the look-behind after the capital (it spans it):
# the same matches, but the regex engine can jump from capital to capital.
_CAPITALISED = re.compile(r"[A-Z](?<![.\w].)[a-zA-Z]{2,}\b")


def company_names(text: str) -> tuple[str, ...]:
    """Lower-case names the policy uses for its own company (never a third party)."""
    head = text[:4000]
    names: set[str] = set()
    for m in _WE_DEF.finditer(head):
        for w in re.split(r"\s+", m.group(1)):
            w = w.strip(".,'’").lower()
            if w and w not in lexicon.NOT_A_PARTY and w not in ("inc", "ltd", "llc"):
                names.add(w)
    for m in _DOMAIN.finditer(head[:800]):
        if m.group(1).lower() not in _KNOWN_LOWER and m.group(1).lower() != "gmail":
            names.add(m.group(1).lower())
    # Counted in C (a Counter keeps first-seen order, which breaks ties as a dict did).
    counts = {w: n for w, n in Counter(map(str.lower, _CAPITALISED.findall(text))).items()
              if w not in lexicon.NOT_A_PARTY}
    if counts:
        top = max(counts, key=lambda w: counts[w])
        second = max((c for w, c in counts.items() if w != top), default=0)
        if counts[top] >= 10 and counts[top] >= 2 * second:
            names.add(top)  # named far more than anything else: the company itself
        # "(?<![\w.@/])top\b(?!\.\w)", the word first (as above).
        lower_uses = len(re.findall(rf"(?-i:{re.escape(top)})(?<![\w.@/](?s:.){{{len(top)}}})"
                                    r"\b(?!\.\w)", text))
        if counts[top] >= 5 and lower_uses * 2 < counts[top] and top not in _KNOWN_LOWER:
            names.add(top)
    title = head.strip().split("\n", 1)[0]
    title = title if len(title) <= 100 else ""  # a title line, not a first paragraph
    for known in lexicon.KNOWN_THIRD_PARTIES:
        if known in title and re.search(rf"(?<!\w){re.escape(known)}(?!\w)", title):
            names.add(known.lower())
    # No address spans a line break (nor starts after one differently from a text start).
    for line in text.split("\n") if "@" in text else ():
        for address in _EMAIL.findall(line) if "@" in line else ():
            dom = address.split("@")[1].split(".")
            if len(dom) >= 2:
                names.add(dom[-2].lower())
    return tuple(sorted(names))


# ---------------------------------------------------------------- entry point
# Every promise pattern has one of these (lower-cased).
_NEGATION_WORDS = re.compile("not|n't|n’t|never|neither")
_Found = tuple[tuple[str, str, str | None, int, int], ...]


class _SentenceFacts(NamedTuple):
    local: _Found  # periods and ages
    promises: _Found
    laws: _Found
    may_name_party: bool  # False: _parties finds nothing here, whatever the context
    may_have_contact: bool  # False: _contacts finds nothing here


@lru_cache(maxsize=16384)
def _sentence_facts(sent: str, promise_source: str, promise_flags: int) -> _SentenceFacts:
    """What one sentence holds that depends on its text alone, so a sentence both versions
    share is read once. Offsets are within ``sent``; a sentence is preceded by a space, a
    line break or nothing, so patterns match in it as they do at its place in the text.

    The promise pattern comes as its source and flags: hashing a compiled pattern hashes
    all its code (3 us for this one), at every sentence."""
    low = lower_for_matching(sent)
    cues = cue_scan(sent)
    # The extractors' own first tests, made here once: a unit word, an age word, a law's name.
    periods = _periods(sent, 0, len(sent), None) if low is None or _UNIT_WORDS.search(
        low) else []
    ages = _ages(sent, 0, len(sent), None) if cues.age else []
    local = [(f.kind, f.value, f.subject, f.start, f.end) for f in periods + ages]
    promises = []
    if low is None or (_NEGATION_WORDS.search(low) is not None
                       and PROMISE_TAIL_LOWER.search(low) is not None):
        for cs, ce in find_commitments(sent, re.compile(promise_source, promise_flags)):
            value = re.sub(r"\s+", " ", sent[cs:ce]).strip()
            promises.append(("commitment", value, commitment_key(value), cs, ce))
    laws = tuple(("law", f.value, None, f.start, f.end) for f in _laws(sent, 0, len(sent), None)
                 ) if _LAW_WORDS.search(sent) else ()
    # What every way _parties and _contacts find something needs (their cheap part).
    cue, known = cues.sharing, cues.known
    party = bool(known) or _BULLET_NAME.match(sent) is not None or (cue and (
        (_LIST_CUE.search(sent) if low is None else _LIST_CUE_LOWER.search(low)) is not None
        or (_ORG_WORDS.search(sent) is not None and _ORG_SUFFIX.search(sent) is not None)))
    contact = may_have_email(sent) or (
        _DIGIT.search(sent) is not None and _STREET.search(sent) is not None)
    if not (local or promises or laws or party or contact):
        return _NO_FACTS  # most sentences: one identity test in extract_facts
    return _SentenceFacts(tuple(local), tuple(promises), laws, party, contact)


_NO_FACTS = _SentenceFacts((), (), (), False, False)


def extract_facts(text: str, outline: Outline | None = None, *,
                  own_names: tuple[str, ...] | None = None) -> tuple[Fact, ...]:
    """All facts of a policy text, in document order.

    ``own_names`` (lower case) are the names of the company itself, never a third
    party; by default they are guessed from the text (``company_names``).
    """
    own = company_names(text) if own_names is None else own_names
    promise = commitment_pattern(tuple(n for n in own if len(n) > 2))
    facts: list[Fact] = []
    date = _effective_date(text, outline)
    if date:
        facts.append(date)
    heading_at = HeadingFinder(outline)
    for s, e in sentence_spans(text):
        found = _sentence_facts(text[s:e], promise.pattern, promise.flags)
        if found is _NO_FACTS:
            continue
        heading = heading_at(s)
        facts += (Fact(kind, value, subject, heading, s + fs, s + fe)
                  for kind, value, subject, fs, fe in found.local)
        if found.may_name_party:
            facts += _parties(text, s, e, heading, own)
        # Laws have always been placed at 2s + offset (_laws adds s to an absolute offset);
        # kept as is so results stay the same: only their order and section depend on it.
        facts += (Fact(kind, value, subject, heading, 2 * s + fs, 2 * s + fe)
                  for kind, value, subject, fs, fe in found.laws)
        if found.may_have_contact:
            facts += _contacts(text, s, e, heading)
        facts += (Fact(kind, value, subject, heading, s + fs, s + fe)
                  for kind, value, subject, fs, fe in found.promises)
    facts.sort(key=lambda f: (f.start, f.kind))
    return tuple(facts)
