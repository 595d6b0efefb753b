"""Practice categories in the spirit of OPP-115, for sections and paragraphs.

Each category has cue patterns. A section's score counts body cues once per
match and heading cues ``HEADING_WEIGHT`` times; a category is assigned when
its score reaches a threshold that grows slowly with the body's length, so a
passing mention in a long section does not label it.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import NamedTuple

from policyviewer.core.insights.party_names import (
    _GAZETTEER,
    _KNOWN_NAMES_LOWER,
    _NAME_END,
    _SHARING_CUE,
)
from policyviewer.core.insights.rx import alternatives, cue_parts, first_char_groups, lowered
from policyviewer.core.insights.text import _line_sentences, lower_for_matching

CATEGORIES = ("collection", "use", "sharing", "retention", "security", "rights", "children",
              "cookies", "international", "changes", "contact")

HEADING_WEIGHT = 4.0

_CUES: dict[str, str] = {
    "collection": r"collect\w*|gather\w*|obtain\w*|information (?:we|you) (?:provide|give)|"
                  r"we receive|automatically (?:log|record)\w*|sources? of (?:personal )?"
                  r"(?:data|information)|categories of (?:personal )?(?:data|information)",
    "use": r"(?:we|to) use (?:your|the|this|such|personal|information|data)|use of (?:your )?"
           r"(?:personal )?(?:data|information)|how we use|purposes? (?:of|for) (?:processing|"
           r"which)|personali[sz]\w*|legal bas[ei]s|legitimate interests?|process(?:es|ing)? "
           r"(?:your|personal)|in order to provide",
    "sharing": r"shar\w+|disclos\w+|third[- ]part\w+|service providers?|sub-?processors?|"
               r"(?:business )?partners?|affiliates?|sell\w*|sale of|transfer\w* to|"
               r"law enforcement|merger|acquisition",
    "retention": r"retain\w*|retention|how long|kept for|keep (?:your|it|them|the|personal)|"
                 r"stor(?:e|ed|age) (?:for|until)|delete\w* (?:after|when|once)|"
                 r"no longer (?:needed|necessary|required)|as long as",
    "security": r"secur\w+|encrypt\w*|safeguard\w*|protect (?:your|the|personal)|"
                r"unauthori[sz]ed access|breach\w*|firewall\w*|access controls?|"
                r"technical and organi[sz]ational",
    "rights": r"(?:your|data subject|privacy) rights?|right (?:to|of) (?:access|eras|delet|"
              r"rectif|correct|object|restrict|portab|withdraw|know|opt)\w*|opt[- ]out|"
              r"unsubscribe|access,? (?:correct|updat|delet)\w*|request (?:access|deletion|"
              r"a copy)|withdraw (?:your )?consent|do not sell|portability|lodge a complaint|"
              r"supervisory authority|choices?",
    "children": r"child\w*|kids?|minors?|under (?:the age of )?1[3-8]|coppa|parent(?:s|al)? "
                r"(?:consent|or guardian)|teen\w*|students?",
    "cookies": r"cookies?|web beacons?|pixels?(?: tags?)?|tracking technolog\w+|"
               r"local storage|do not track|dnt|sdks?|advertising ids?|device identifiers?",
    "international": r"international\w*|transfer\w* (?:of (?:your )?(?:personal )?"
                     r"(?:data|information) )?(?:outside|to (?:the |other )?countr)|"
                     r"cross-border|standard contractual clauses|adequacy|privacy shield|"
                     r"european (?:economic area|union)|eea|outside (?:of )?(?:the|your) "
                     r"(?:eea|country|united|european)|other countries|jurisdictions?",
    "changes": r"changes? to (?:this|our|the) (?:privacy )?(?:policy|notice|statement)|"
               r"(?:update|modify|revise|amend|change)\w* (?:this|our|the) (?:privacy )?"
               r"(?:policy|notice|statement)|(?:policy|notice) (?:may|will) (?:be )?"
               r"(?:change|update)\w*|material changes?|effective date|last updated",
    "contact": r"contact (?:us|our|information|details)|questions?|concerns?|get in touch|"
               r"e-?mail (?:us|at)|write to us|data protection officer|dpo|"
               # (At most 64 characters before "@", as in an address: unbounded, a
               # long run of "b.b.b..." with no domain took time quadratic in its length.)
               r"[\w.+-]{1,64}@[\w-]+\.\w+|mailing address|postal address",
}
_PATTERNS = {cat: re.compile(rf"\b(?:{rx})\b", re.IGNORECASE) for cat, rx in _CUES.items()}


# The cues without IGNORECASE, for lower-cased text (several times faster: the regex engine
# skips an alternative on its first character only for exact literals), all categories in one
# pass (see cue_scan): at each word boundary where some cue matches, group i holds the match
# of category i there (the same span its own pattern would match: first_char_groups keeps
# which alternative matches).
_EACH_CUE = "".join(rf"(?:(?=((?:{first_char_groups(alternatives(_CUES[cat]))})\b)))?"
                    for cat in CATEGORIES)


# Words that make a number in a sentence possibly an age (facts.py reads ages only there).
_AGE_CONTEXT = re.compile(r"\b(age|aged|old|older|younger|child|children|kid|kids|minor|minors|"
                          r"teen|teens|teenager|parent|parental|birthday|born|coppa|youth)\b", re.I)
_AGE_CONTEXT_LOWER = lowered(_AGE_CONTEXT)  # for lower-cased text


class SentenceCues(NamedTuple):
    counts: tuple[int, ...]  # category cue matches, as each _PATTERNS[cat].findall
    known: tuple[tuple[int, int], ...]  # spans of known third parties, as _GAZETTEER finds
    sharing: bool  # a sharing cue (_SHARING_CUE)
    age: bool  # an age word (_AGE_CONTEXT)


def _sentence_scan(with_email: bool) -> re.Pattern[str]:
    """One scan of a lower-cased sentence for everything its cues say: a look-ahead that
    succeeds where any cue or name matches (alternatives grouped by first letter), then the
    category groups, one for the known names and one for each flag. Each of the four scans
    it replaces cost about as much alone: the engine tries a branch at every word boundary.
    Without ``with_email`` the e-mail cue is left out of the look-ahead (it needs an "@")."""
    share, share_tail = cue_parts(_SHARING_CUE)
    age, age_tail = cue_parts(_AGE_CONTEXT)
    alts = [alt + r"\b" for cat in CATEGORIES for alt in alternatives(_CUES[cat])
            if with_email or "@" not in alt]
    alts += [alt + _NAME_END for alt in alternatives(_KNOWN_NAMES_LOWER)]
    alts += [alt + share_tail for alt in share] + [alt + age_tail for alt in age]
    return re.compile(
        r"\b(?=" + first_char_groups(alts) + ")" + _EACH_CUE
        + r"(?:(?<![@./-])(?=((?:" + _KNOWN_NAMES_LOWER + ")" + _NAME_END + ")))?"
        + r"(?:(?=(?:" + first_char_groups(share) + ")" + share_tail + ")())?"
        + r"(?:(?=(?:" + first_char_groups(age) + ")" + age_tail + ")())?")


_SCAN = _sentence_scan(with_email=True)
_SCAN_NO_EMAIL = _sentence_scan(with_email=False)
_KNOWN_GROUP = len(CATEGORIES) + 1
_NO_CUES = SentenceCues((0,) * len(CATEGORIES), (), False, False)
assert _SCAN.groups == _KNOWN_GROUP + 2


@lru_cache(maxsize=16384)
def cue_scan(sent: str) -> SentenceCues:
    """Category counts, known parties, sharing and age cues of a sentence, from one scan.

    Every group is a look-ahead, so the scan stops at each word boundary where some cue
    matches; findall's and finditer's leftmost-then-continue rule is replayed per group."""
    low = lower_for_matching(sent)
    if low is None:
        return SentenceCues(tuple(len(_PATTERNS[cat].findall(sent)) for cat in CATEGORIES),
                            tuple(m.span() for m in _GAZETTEER.finditer(sent)),
                            _SHARING_CUE.search(sent) is not None,
                            _AGE_CONTEXT.search(sent) is not None)
    hits = list((_SCAN if "@" in low else _SCAN_NO_EMAIL).finditer(low))
    if not hits:
        return _NO_CUES
    n = _KNOWN_GROUP
    free = [0] * n  # where each category's (and the names') next match may start
    counts = [0] * (n - 1)
    known = []
    sharing = age = False
    for m in hits:
        pos = m.start()
        regs = m.regs
        for i in range(1, n):
            end = regs[i][1]
            if end >= 0 and pos >= free[i - 1]:
                counts[i - 1] += 1
                free[i - 1] = end
        end = regs[n][1]
        if end >= 0 and pos >= free[n - 1]:
            known.append((pos, end))
            free[n - 1] = end
        sharing = sharing or regs[n + 1][1] >= 0
        age = age or regs[n + 2][1] >= 0
    return SentenceCues(tuple(counts), tuple(known), sharing, age)


# Words in a heading that name a category outright (the heading "Cookies" is enough).
_HEADING_CUES: dict[str, str] = {
    "collection": r"collect\w*|information (?:we|you)|data we|what (?:information|data)",
    "use": r"use|uses|using|purposes?|legal bas[ei]s|processing",
    "sharing": r"shar\w+|disclos\w+|third[- ]part\w+|recipients?|service providers?",
    "retention": r"retention|retain\w*|storage|how long|keep",
    "security": r"secur\w+|safeguard\w*|protect\w*",
    "rights": r"rights?|choices?|access|opt[- ]out|control\w*|deletion|your options",
    "children": r"child\w*|kids?|minors?|under 1\d|age",
    "cookies": r"cookies?|tracking|advertis\w+|analytics",
    "international": r"international|transfers?|european|eea|gdpr|regional|outside",
    "changes": r"changes?|updates?|amendments?|revisions?",
    "contact": r"contact\w*|questions?|reach us|get in touch|dpo",
}
_HEADING_PATTERNS = {cat: re.compile(rf"\b(?:{rx})\b", re.IGNORECASE)
                     for cat, rx in _HEADING_CUES.items()}


@lru_cache(maxsize=32768)
def _line_counts(line: str) -> tuple[int, ...]:
    """Cue matches per category in one line (cached: versions share most lines).

    The sum of its sentences' counts: no cue holds a sentence boundary ([.!?;:], then spaces
    or tabs) and the spaces between sentences match none, so each category's findall over
    the line gives the same; the sentences' scans are those facts.py reads anyway."""
    low = lower_for_matching(line)
    if low is None:
        return tuple(len(_PATTERNS[cat].findall(line)) for cat in CATEGORIES)
    spans = _line_sentences(line)
    if len(spans) == 1 and spans[0] == (0, len(line)):
        return cue_scan(line).counts
    counts = [cue_scan(line[s:e]).counts for s, e in spans]
    return tuple(map(sum, zip(*counts, strict=True))) if counts else _NONE


@lru_cache(maxsize=2048)
def _body_counts(body: str) -> tuple[int, ...]:
    """Cue matches per category in ``body`` (cached: versions share most sections).

    No cue matches a line break, and a line break is a word boundary as the ends of a
    string are, so the matches in a text are those of its lines: counted per distinct line,
    a whole document costs little more than its changed lines."""
    if "\n" not in body:
        return _line_counts(body)
    counts = [_line_counts(line) for line in body.split("\n") if line]
    return tuple(map(sum, zip(*counts, strict=True))) if counts else _NONE


_NONE = (0,) * len(CATEGORIES)
# What makes the split by lines exact: no cue can match a line break (no \s, \W, \S,
# negated class or "." outside a class).
assert not any(re.search(r"\\[sWnS]|\[\^|(?<!\\)\.", re.sub(r"\[[^^\]][^\]]*\]", "", rx))
               for rx in _CUES.values())
# And the split by sentences: no cue has a . ! ? ; or : (literal or in a class) before a space.
assert not any(re.search(r"(\\[.!?;:]|[!;:]|\[[^\]]*[.!?;:][^\]]*\])[ \t]",
                         rx.replace("(?:", "(")) for rx in _CUES.values())


_HEADING_LOWER = {cat: re.compile(rf"\b(?:{rx})\b") for cat, rx in _HEADING_CUES.items()}


@lru_cache(maxsize=4096)
def _heading_hits(heading: str) -> tuple[bool, ...]:
    # A body cue is in the heading when the heading counts one (the counts are cached).
    low = lower_for_matching(heading)
    named = (tuple(_HEADING_PATTERNS[cat].search(heading) is not None for cat in CATEGORIES)
             if low is None else
             tuple(_HEADING_LOWER[cat].search(low) is not None for cat in CATEGORIES))
    return tuple(n or count > 0 for n, count in zip(named, _body_counts(heading), strict=True))


def category_scores(heading: str | None, body: str) -> dict[str, float]:
    """Raw evidence per category (heading hits weigh ``HEADING_WEIGHT``)."""
    scores: dict[str, float] = {}
    hits = _heading_hits(heading) if heading else None
    for i, (cat, count) in enumerate(zip(CATEGORIES, _body_counts(body), strict=True)):
        score = float(count)
        if hits and hits[i]:
            score += HEADING_WEIGHT
        if score:
            scores[cat] = score
    return scores


@lru_cache(maxsize=2048)  # as _body_counts: keys may be whole documents
def _word_count(body: str) -> int:
    return len(body.split())  # cached: both versions' coverage counts the same sections


def _threshold(body: str) -> float:
    words = _word_count(body)
    # 2 cues for a paragraph, about 4 for a 1,000-word section.
    return max(2.0, 1.0 + math.log10(max(words, 1)))


@lru_cache(maxsize=4096)
def categorize_section(heading: str | None, body: str) -> tuple[str, ...]:
    """Categories of a section, in the fixed CATEGORIES order."""
    scores = category_scores(heading, body)
    need = _threshold(body)
    chosen = [c for c in CATEGORIES if scores.get(c, 0.0) >= need]
    if not chosen and scores:
        # A short section about one thing still gets its strongest category.
        best = max(scores, key=lambda c: scores[c])
        if scores[best] >= 1.0 and _word_count(body) < 60:
            chosen = [best]
    return tuple(chosen)


def categorize(text: str) -> tuple[str, ...]:
    """Categories of a paragraph or any text without a heading."""
    return categorize_section(None, text)


def document_coverage(parts: list[tuple[str | None, str]]) -> dict[str, float]:
    """Evidence per category over a whole document: its sections' (heading, body) pairs.

    A category counts as covered by a section when the section's categories
    include it; the total is the number of words in sections covering it, so a
    practice described at length scores far above one named in passing.
    """
    total: dict[str, float] = {}
    for heading, body in parts:
        cats = categorize_section(heading, body)
        words = max(_word_count(body), 1)
        for cat in cats:
            total[cat] = total.get(cat, 0.0) + words + (50.0 if heading and (
                _HEADING_PATTERNS[cat].search(heading)) else 0.0)
    return total
