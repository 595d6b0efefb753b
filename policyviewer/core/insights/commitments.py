"""Commitments: negative promises such as "we do not sell your personal data".

A commitment is a sentence whose subject is the company ("we", or its name),
negated ("do not", "will never", "won't"...), about something it does with data
or users. ``commitment_key`` normalises wording so that "We will never sell your
personal information" and "We do not sell personal data" are the same promise.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Not "may not": said by the company of itself it is a possibility ("Acme may not use each
# data type for each purpose"), not a promise.
_NEG = (
    r"(?:(?:also|still|generally|simply|further|otherwise)\s+)?"
    r"(?:do not|does not|don['’]t|doesn['’]t|did not|will not|won['’]t|shall not|would not|"
    r"neither|"
    r"(?:are|is) not in the business of|"
    r"will never|never|do never|are not going to|is not going to|have never|has never|"
    r"cannot and will not|must not)"
)
_ADVERB = r"(?:\s+(?:ever|knowingly|intentionally|currently|otherwise|actively|directly|"
_ADVERB += r"ourselves|and will not|or share|and never|and do not))*"
# Verbs a promise about data or users is made with.
_VERBS = (
    r"sell|rent|lease|trade|share|disclose|transfer|give|provide|release|license|"
    r"use|process|store|retain|keep|collect|gather|track|monitor|read|scan|access|listen|"
    r"record|profile|combine|link|target|serve|show|display|run|send|spam|contact|save|log|"
    r"receive|obtain|"
    r"require|ask|prevent|hurt|harm|charge|knowingly|allow|permit|let|make|train|publish|"
    r"discriminate|apply|utili[sz]e|do|solicit|request|engage|exploit|monetize|rent"
)
# "we" may be followed by a short phrase ("and our partners", "at Acme").
_SUBJECT = (r"(?:\bwe\b(?:\s*,?\s*(?:and|or)\s+our\s+\w+(?:\s+\w+)?,?)?|"
            r"(?:\b(?-i:[A-Z])\w*\s+)?\b{name}\b(?:\s*,?\s+and\s+(?:its|our|the)\s+(?:\w+\s+){0,2}"
            r"(?:providers?|partners?|affiliates?|vendors?|processors?)(?:\s+(?:that|which)\s+"
            r"(?:\w+\s+){0,3}?with)?,?)?)")
_PATTERN = (
    r"{subject}\s+" + _NEG + _ADVERB + r"\s+(?P<verb>" + _VERBS + r")\w*\b"
)
# What follows the subject in every promise, for lower-cased text (see lower_for_matching):
# a cheap test before the whole pattern, which tries a subject at every position.
PROMISE_TAIL_LOWER = re.compile(_PATTERN.replace("{subject}", ""))
assert not re.search(r"(?<![\\?])[A-Z]", PROMISE_TAIL_LOWER.pattern)

# Phrases that look like promises but only limit liability or describe inability.
_NOT_PROMISE = re.compile(
    r"\b(guarantee|warrant|represent|control|endorse|responsible|liable|accept|"
    r"have access to the|able to|verify|recogni[sz]e|respond to (?:do not track|dnt)|"
    r"monitor (?:the|any|user) content|review (?:the|any|user) content)\b",
    re.IGNORECASE,
)
# "We do not require you to ..." binds the company towards the user; "we do not require a
# legal basis" / "your consent" states what the company itself needs: not a promise. Such a
# verb makes a promise only when what follows is a person (or a person's own thing).
_NEED_VERBS = frozenset(("require", "requires"))
_PERSON_OBJECT = re.compile(
    r"\s+(?:that\s+)?(?:you|your(?!\s+(?:consent|permission|authori[sz]ation|approval)\b)|"
    r"(?:our|the|any|all)\s+(?:\w+\s+)?(?:users?|customers?|members?|visitors?|clients?|"
    r"individuals?|people|parents?)|users?|customers?|members?|visitors?|anyone|children|people|"
    r"individuals|parents)\b", re.IGNORECASE)
_LEADING_CONJUNCTION = re.compile(r"(?:While|Although|Though|Whereas|Because|Since|As|And|"
                                  r"But|So)\s+", re.IGNORECASE)
_CONDITIONAL = re.compile(r"\b(if|unless|where|when|until|provided that)\s+we\s*$", re.I)
# A promise's clause ends at most this many characters after its verb (the corpus's longest
# is about 400): a run-on sentence with no clause end would otherwise make every promise in
# it run to its end, and the sentence's promises cost time quadratic in its length.
MAX_CLAUSE_CHARS = 600

_SYNONYMS = {
    "information": "data", "info": "data", "details": "data", "personally": "personal",
    "identifiable": "personal", "identifying": "personal", "pii": "personal data",
    "rent": "sell", "lease": "sell", "trade": "sell", "sold": "sell", "sells": "sell",
    "selling": "sell", "disclose": "share", "disclosed": "share", "shared": "share",
    "shares": "share", "sharing": "share", "give": "share", "provide": "share",
    "release": "share", "transfer": "share", "advertisers": "advertising",
    "advertisement": "advertising", "advertisements": "advertising", "ads": "advertising",
    "ad": "advertising", "marketers": "marketing", "kept": "keep", "stored": "store",
    "used": "use", "uses": "use", "using": "use", "collected": "collect", "collects": "collect",
    "children's": "children", "child": "children", "kids": "children", "customers'": "users",
    "customers": "users", "users'": "users", "user": "users", "contacts'": "contacts",
}
_STOP_WORDS = """
    we you your our us the a an any all of to or and for with in on by from that this these
    those such its their them it is are be will never not do does don't won't ever knowingly
    doesn't can't cannot shall must
    intentionally currently otherwise other third party parties third-party without except as
    business
    at only may can would so who which what about also own"""
_STOP = frozenset(_STOP_WORDS.split())
# Where a promise's clause ends; ", our partners may ..." starts another thought.
_CLAUSE_END = re.compile(r"[.;:!?()]|\s[-–—]\s|,\s*(?:but|except|unless|however|we|you|it|they|"
                         r"and we|although|while|so|rather|instead|because|as|which|our|"
                         r"their)\b|"
                         r",?\s+and\s+instead\b", re.I)


def commitment_pattern(company_names: tuple[str, ...] = ()) -> re.Pattern[str]:
    names = "|".join(re.escape(n) for n in company_names if n) or r"(?!x)x"
    subject = _SUBJECT.replace("{name}", f"(?:{names})")
    return re.compile(_PATTERN.replace("{subject}", subject), re.IGNORECASE)


def find_commitments(sentence: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """(start, end) of each promise clause in ``sentence``."""
    found = []
    for m in pattern.finditer(sentence):
        if _CONDITIONAL.search(sentence[max(0, m.start() - 40) : m.start() + 3]):
            continue
        limit = m.end() + MAX_CLAUSE_CHARS
        tail = _CLAUSE_END.search(sentence, m.end(), limit)
        if tail:
            end = tail.start()
        elif limit < len(sentence):  # cut at the last space before the limit
            space = sentence.rfind(" ", m.end(), limit)
            end = space if space > m.end() else limit
        else:
            end = len(sentence)
        clause = sentence[m.start() : end]
        if _NOT_PROMISE.search(clause[: m.end() - m.start() + 12]):
            continue
        verb = sentence[m.start("verb") : m.end()].lower()
        if verb in _NEED_VERBS and not _PERSON_OBJECT.match(sentence, m.end()):
            continue  # what the company needs, not what it promises
        if len(clause.split()) < 4 or len(sentence[m.end() : end].split()) < 1:
            continue  # "we don't do": a heading, not a promise about something
        # "While Acme does not ...": the conjunction is not part of the promise.
        lead = _LEADING_CONJUNCTION.match(sentence, m.start())
        found.append((lead.end() if lead else m.start(), end))
    return found


@lru_cache(maxsize=8192)
def commitment_key(text: str) -> str:
    """A normalised form: same key for rewordings of the same promise."""
    text = text.lower().replace("’", "'")
    # Who promises does not matter ("We", "Acme and its partners"): start at the negation.
    neg = re.search(r"\b(?:not|never|n't)\b|n't\b", text)
    if neg:
        text = text[neg.end():]
    words = re.findall(r"[a-z][a-z'-]*", text)
    out: dict[str, None] = {}  # (ordered, and linear in the words)
    for w in words:
        w = _SYNONYMS.get(w, w)
        for part in w.split():
            if part in _STOP:
                continue
            if part.endswith("s") and len(part) > 4 and not part.endswith("ss"):
                part = part[:-1]
            out[part] = None
    return " ".join(out)


def same_commitment(a: str, b: str) -> float:
    """Similarity of two commitment keys, 0..1 (word-set overlap, verb must agree)."""
    wa, wb = a.split(), b.split()
    if not wa or not wb:
        return 0.0
    if wa[0] != wb[0]:
        return 0.0
    sa, sb = set(wa), set(wb)
    return len(sa & sb) / len(sa | sb)
