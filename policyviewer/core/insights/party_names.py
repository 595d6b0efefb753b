"""Third-party names: the gazetteer of known processors, cues that a sentence names
recipients, and the tests that tell a company name from an ordinary capitalised word.

Pure functions of strings (cached where the two versions of a policy ask the same thing);
the facts themselves are made in facts.py.
"""

from __future__ import annotations

import re
from functools import lru_cache

from policyviewer.core.insights import lexicon
from policyviewer.core.insights.rx import lowered

_GAZETTEER = re.compile(
    r"(?<![\w@./-])(?:" + "|".join(re.escape(n) for n in sorted(
        lexicon.KNOWN_THIRD_PARTIES, key=len, reverse=True)) + r")(?![\w@-]|\.[a-z])",
    re.IGNORECASE,
)


def _by_first_letter(names: list[str]) -> str:
    """An alternation of literal names grouped by first character (order kept within a
    group). Names with different first characters never match at the same place, so this
    matches exactly as the flat list does; the regex engine then only stops where a name
    can start."""
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(name[0], []).append(name)
    return "|".join(re.escape(first) + "(?:" + "|".join(re.escape(n[1:]) for n in group) + ")"
                    for first, group in groups.items())


# The same names in lower case without IGNORECASE, for lower-cased sentences (much faster).
# Every name starts with a word character, so "\b" then "not after @ . / -" is the same
# test as "not after [\w@./-]", and a cheap one.
assert all(re.match(r"\w", n) for n in lexicon.KNOWN_THIRD_PARTIES)
_KNOWN_NAMES_LOWER = _by_first_letter([n.lower() for n in sorted(
    lexicon.KNOWN_THIRD_PARTIES, key=len, reverse=True)])
_NAME_END = r"(?![\w@-]|\.[a-z])"
_GAZETTEER_LOWER = re.compile(r"\b(?<![@./-])(?:" + _KNOWN_NAMES_LOWER + ")" + _NAME_END)
_CANONICAL = {n.lower(): n for n in lexicon.KNOWN_THIRD_PARTIES}
_SHARING_CUE = re.compile(
    r"\b(third[- ]part\w*|provider|providers|processor|processors|sub-?processors?|vendor|vendors|"
    r"partner|partners|powered by|provided by|processed by|hosted by|operated by|offered by|"
    r"we use|we rely on|we work with|we engage|we partner|tools?|services? (?:of|from)|"
    r"analytics|advertis\w+|plug-?ins?|integrations?|sdks?|pixels?|controller|affiliated|"
    r"parent|group of companies|shared with|disclosed to)\b",
    re.IGNORECASE,
)
_LIST_CUE = re.compile(
    r"\b(?:such as|including|like|e\.g\.,?|for example,?|namely|provided by|powered by|"
    r"processed by|hosted by|operated by|offered by|we use|we rely on|we work with|use of|"
    r"(?:third[- ]party|provider|vendor|partner|service)\s+(?:called|named|known as)|"
    r"(?:vendors?|providers?|partners?|processors?|tools?)\s+(?:are|include|includes)|"
    r"(?:shared?|disclosed?|provided?|transferred|sent)\s+(?:\w+\s+){0,3}?(?:with|to)\s+"
    r"(?:our\s+)?(?:affiliated\s+|parent\s+)?(?:company|companies|partners?|providers?|vendors?"
    r"|processors?)?)"
    r"\s*[:(]?\s*",
    re.IGNORECASE,
)
# For lower-cased text (see text.lower_for_matching): same matches, same spans.
_LIST_CUE_LOWER = lowered(_LIST_CUE)
_NAME = re.compile(r"[A-Z][A-Za-z0-9&'’.-]*[A-Za-z0-9](?:\s+(?:[A-Z][A-Za-z0-9&'’.-]*[A-Za-z0-9]"
                   r"|&|of|for))*")
_ORG_SUFFIX = re.compile(r"\b([A-Z][\w&'-]*(?:\s+[A-Z][\w&'-]*){0,4}),?\s+"
                         r"(Inc\b\.?|LLC|Ltd\.?|Limited|GmbH|S\.A\.|B\.V\.|Corp\.|Corporation|PLC|AG)")
# What every _ORG_SUFFIX match holds: a cheap test before it (a literal search is fast).
_ORG_WORDS = re.compile(r"Inc|LLC|Ltd|Limited|GmbH|S\.A\.|B\.V\.|Corp|PLC|AG")
# "• Acme for error reporting;" in a list of processors.
_ONE_NAME = r"[A-Z][\w&'’.-]*[\w](?:\s+[A-Z][\w&'’.-]*[\w]){0,3}"
_BULLET_NAME = re.compile(rf"\s*(?:[•*·+o-]\s+)?({_ONE_NAME}(?:(?:,\s*|\s+and\s+){_ONE_NAME})*)"
                          r"(?:\s+(?:for|to provide|to help|[-–—])\s|:(?:\s|$)|"
                          r",\s+(?:which|each of which|both of which)\b)")
_KNOWN_LOWER = frozenset(n.lower() for n in lexicon.KNOWN_THIRD_PARTIES)
_KNOWN_WORDS = frozenset(w for n in _KNOWN_LOWER for w in n.split())
_ALIASES = {"amazon web services": "aws", "meta platforms": "facebook", "meta": "facebook",
            "fullstory": "fullstory", "mailchimp": "mailchimp", "google llc": "google",
            "comscore": "comscore", "microsoft azure": "azure"}


@lru_cache(maxsize=4096)
def normalize_party(name: str) -> str:
    n = re.sub(r",?\s+(inc\.?|llc|ltd\.?|limited|gmbh|corp\.?|corporation|plc|ag)$", "",
               name.strip().lower())
    n = re.sub(r"\s+", " ", n)
    n = _ALIASES.get(n, n)
    # "Apple Pay" = "ApplePay", "Salesforce.com" = "Salesforce", "PayPal" = "Paypal".
    return re.sub(r"[^a-z0-9]+", "", re.sub(r"\.(?:com|io|net|org)$", "", n))


def _is_self(name: str, own: tuple[str, ...]) -> bool:
    low = name.lower()
    if low.replace(" ", "") in own:
        return True
    if any(w in own for w in re.findall(r"[a-z0-9]{4,}", low) if w not in _KNOWN_WORDS):
        return True
    first = low.split()[0]
    return any(o in (low, first) or low.startswith(o + " ") for o in own)


_COMPANY_WORDS = frozenset({"Group", "Labs", "Technologies", "Media", "Networks", "Systems",
                            "Solutions", "Holdings", "Company", "Partners", "Software"})


def _candidate_name(raw: str) -> str | None:
    words = raw.replace("’", "'").split()
    while words and (words[0].lower().strip(".'") in lexicon.NOT_A_PARTY
                     or words[0].lower() in ("of", "for", "&")):
        words.pop(0)
    while words and (words[-1].lower().strip(".'") in lexicon.NOT_A_PARTY
                     or words[-1].lower() in ("of", "for", "&")):
        if len(words) > 1 and words[-1] in _COMPANY_WORDS and words[-2].lower() not in (
                lexicon.NOT_A_PARTY):
            break  # "The Meet Group", "Acme Technologies": the suffix is part of the name
        words.pop()
    if words and words[-1] in _COMPANY_WORDS and raw.split()[0] == "The" and words[0] != "The":
        words.insert(0, "The")
    if not words or len(words) > 4:
        return None
    name = " ".join(words).rstrip(".'")
    if len(name) < 3 or name.isdigit() or re.fullmatch(r"[A-Z0-9]+", name):
        return None
    if re.search(r"-[a-z]", name) or (len(name) <= 4 and "." in name):
        return None  # "EU-level", "USA-based", "U.S": descriptions and abbreviations
    generic = sum(w.lower().strip(".'") in lexicon.NOT_A_PARTY and w not in _COMPANY_WORDS
                  and w != "The" for w in words)
    if generic * 2 > len(words):
        return None  # mostly generic words: "Personal Data Processing Team"
    return name


_COMMON_SUFFIX = re.compile(r"(?:ing|tion|sion|ments?|ity|ness|ance|ence|ral|ures?|ies|ions|ives?|"
                            r"ated|ised|ized|ful|less|ship)$")


def _used_in_lower_case(word: str, text: str) -> bool:
    r"""``re.search(rf"(?<![\w.]){re.escape(word.lower())}\b", text)``, written with the word
    first (the look-behind then checks the character before it): the regex engine jumps
    from one occurrence of a literal prefix to the next instead of trying every position."""
    low = word.lower()
    return re.search(rf"(?-i:{re.escape(low)})(?<![\w.](?s:.){{{len(low)}}})\b", text) is not None


def _quoted(name: str, text: str) -> bool:
    r"""``re.search(rf"[“\"(]\s*{re.escape(name)}\s*[”\")]", text)``, name first (as above):
    each occurrence followed by a closing mark is checked for an opening one before it."""
    after = re.compile(rf"(?-i:{re.escape(name)})(?=\s*[”\")])")
    pos = 0
    while (m := after.search(text, pos)) is not None:
        q = m.start()
        while q > 0 and text[q - 1].isspace():  # what \s matches, exactly
            q -= 1
        if q > 0 and text[q - 1] in "“\"(":
            return True
        pos = m.start() + 1  # occurrences may overlap
    return False


@lru_cache(maxsize=128)
def _run_in_label(name: str, text: str) -> bool:
    """"Log File: ..." is a label made of common words (each also used in lower case)."""
    words = [w for w in name.split() if w[:1].isupper()]
    return all(_used_in_lower_case(w, text) for w in words)


@lru_cache(maxsize=128)
def _name_like(name: str, text: str) -> bool:
    """A single capitalised word is a name only if the text never uses it as a common word
    and does not define it as one of its own terms ("WaaS")."""
    if " " in name or re.search(r"[A-Z].*[A-Z]|\d|\.\w", name[1:] if len(name) > 1 else ""):
        return not _quoted(name, text)
    if _COMMON_SUFFIX.search(name):
        return False  # "Handling", "Deletion", "Requirements": an English word, not a company
    if _used_in_lower_case(name, text):
        return False
    return not _quoted(name, text)

