"""Insights from the facts of two versions.

Facts that are the same in both versions cancel out wherever they are, so
moved sections and reworded sentences give nothing. What is left is paired by
subject and by section pair (``pid``: the index of the SectionChange that holds
the fact on each side); only paired facts become "changed" insights. Sets
(third parties, commitments, contacts) are compared over the whole document.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from policyviewer.core.insights.commitments import commitment_key, same_commitment
from policyviewer.core.insights.contacts import hides_email
from policyviewer.core.insights.facts import Fact, normalize_party
from policyviewer.core.model import Insight

# Most important first.
KIND_ORDER = ("commitment_removed", "commitment_added", "third_party_added", "third_party_removed",
              "retention_changed", "age_changed", "duration_changed", "contact_changed",
              "category_removed", "category_added", "date_changed")

CATEGORY_LABELS = {
    "collection": "data collection", "use": "uses of data", "sharing": "data sharing",
    "retention": "data retention", "security": "security", "children": "children's privacy",
    "rights": "user rights (access, deletion, opt-out)", "cookies": "cookies and tracking",
    "international": "international transfers and regional notices",
    "changes": "changes to the policy", "contact": "contact information",
}
_SIMILAR = 0.6
_NEGATION = re.compile(r"\b(not|never|no|n['’]t|nor)\b|n['’]t\b", re.IGNORECASE)


@dataclass(frozen=True)
class Located:
    """A fact and the section pair it belongs to (index into Comparison.sections)."""

    fact: Fact
    pid: int | None
    section: str | None  # heading to show for it


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _be(subject: str) -> str:
    """"is" or "are" for a noun phrase ("log data is", "deleted messages are")."""
    head = subject.split(" of ")[0].split()[-1]
    plural = head.endswith("s") and not head.endswith(("ss", "us", "is")) and head != "data"
    return "are" if plural else "is"


def _lower_first(text: str) -> str:
    """"We do not sell" -> "we do not sell"; a company name keeps its capital."""
    first = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if first in ("We", "Our", "You", "Your") else text


def _take(pool: list[Located], pred) -> Located | None:
    for i, item in enumerate(pool):
        if pred(item):
            return pool.pop(i)
    return None


def _overlap(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    wa, wb = set(a.split()), set(b.split())
    return bool(wa & wb)


def _unpaired_periods(old: list[Located], new: list[Located]
                      ) -> tuple[list[Located], list[Located]]:
    """The periods of each side left once those found unchanged are paired off."""
    old = [x for x in old if x.fact.kind in ("retention", "duration")]
    new = [x for x in new if x.fact.kind in ("retention", "duration")]
    # Each old fact takes the first new one that fits and is not taken yet. Candidates are
    # looked up by value (index lists keep document order), not by scanning all of them.
    free = [True] * len(new)
    exact: dict[tuple, list[int]] = {}
    by_key: dict[str, list[int]] = {}
    for i, n in enumerate(new):
        exact.setdefault((n.fact.key, n.fact.kind, n.fact.subject), []).append(i)
        by_key.setdefault(n.fact.key, []).append(i)

    def take(candidates: list[int], pred=None) -> bool:
        for i in candidates:
            if free[i] and (pred is None or pred(new[i])):
                free[i] = False
                return True
        return False

    # Same value, same kind and subject: unchanged wherever it is.
    left_old = [o for o in old
                if not take(exact.get((o.fact.key, o.fact.kind, o.fact.subject), []))]
    # Same value, loosely the same context (subject reworded or kind misread).
    still = [o for o in left_old
             if not take(by_key.get(o.fact.key, []), lambda n, o=o: n.pid == o.pid
                         or _overlap(n.fact.subject, o.fact.subject))]
    return still, [n for i, n in enumerate(new) if free[i]]


def _periods(old: list[Located], new: list[Located]) -> list[Insight]:
    # A subject said of several periods ("personal data collected for this purpose", once
    # per purpose) does not tell which of them a period replaced: only within a section.
    # (A duration's subject is a label, "response time": not counted.)
    said = Counter(x.fact.subject for x in (*old, *new) if x.fact.kind == "retention")
    still, new = _unpaired_periods(old, new)
    out = []
    for o in still:
        match = _take(new, lambda n, o=o: n.fact.subject is not None
                      and n.fact.subject == o.fact.subject and n.fact.kind == o.fact.kind
                      and (said[n.fact.subject] <= 2 or n.pid == o.pid
                           or n.fact.kind == "duration"))
        if match is None:
            match = _take(new, lambda n, o=o: n.pid == o.pid and n.fact.kind == o.fact.kind
                          and _overlap(n.fact.subject, o.fact.subject))
        if match is None:
            continue
        retention = "retention" in (o.fact.kind, match.fact.kind)
        subject = match.fact.subject or o.fact.subject
        ov, nv = o.fact.value, match.fact.value
        if retention:
            text = (f"{_cap(subject)} {_be(subject)} now kept for {nv} instead of {ov}" if subject
                    else f"Retention period changed from {ov} to {nv}")
            kind = "retention_changed"
        else:
            text = (f"{_cap(subject)} changed from {ov} to {nv}" if subject
                    else f"Time period changed from {ov} to {nv}")
            kind = "duration_changed"
        out.append(Insight(kind, text, match.section, old=ov, new=nv))
    return out


def _ages(old: list[Located], new: list[Located]) -> list[Insight]:
    old_vals = {x.fact.value: x for x in old if x.fact.kind == "age"}
    new_vals = {x.fact.value: x for x in new if x.fact.kind == "age"}
    gone = [old_vals[v] for v in old_vals if v not in new_vals]
    came = [new_vals[v] for v in new_vals if v not in old_vals]
    out = []
    for o in gone:
        match = _take(came, lambda n, o=o: n.pid == o.pid) or (_take(came, lambda n: True)
                                                               if len(gone) == 1 else None)
        if match:
            out.append(Insight("age_changed",
                               f"Minimum age changed from {o.fact.value} to {match.fact.value}",
                               match.section, old=o.fact.value, new=match.fact.value))
    return out


def _parties(old: list[Located], new: list[Located]) -> list[Insight]:
    def firsts(items: list[Located]) -> dict[str, Located]:
        seen: dict[str, Located] = {}
        for x in items:
            if x.fact.kind == "third_party":
                seen.setdefault(normalize_party(x.fact.value), x)
        return seen

    o, n = firsts(old), firsts(new)

    def covered(key: str, item: Located, others: dict[str, Located]) -> bool:
        # "Google" next to a known "Google Analytics" is not a new party.
        name = item.fact.value.lower() + " "
        return key in others or any(x.fact.value.lower().startswith(name)
                                    for x in others.values())

    out = [Insight("third_party_added", f"New third party named: {x.fact.value}", x.section,
                   value=x.fact.value) for k, x in n.items() if not covered(k, x, o)]
    out += [Insight("third_party_removed", f"Third party no longer named: {x.fact.value}",
                    x.section, value=x.fact.value) for k, x in o.items() if not covered(k, x, n)]
    return out


def _may_replace(old: Located, new: Located) -> bool:
    """Can ``new`` be the contact that replaced ``old``? An e-mail address, when it is in the
    same section or domain (not any other: "privacy@" of a vendor listed elsewhere)."""
    if old.fact.subject != "email" or old.pid == new.pid:
        return True
    return old.fact.value.lower().partition("@")[2] == new.fact.value.lower().partition("@")[2]


def _contacts(old: list[Located], new: list[Located], old_sentences: list[str],
              new_sentences: list[str]) -> list[Insight]:
    def by_key(items: list[Located]) -> dict[str, Located]:
        return {x.fact.key: x for x in items if x.fact.kind == "contact"}

    o, n = by_key(old), by_key(new)
    gone = [x for k, x in o.items() if k not in n]
    came = [x for k, x in n.items() if k not in o]
    # An e-mail address the other version hides ("[email protected]") may still be there.
    if gone and hides_email(new_sentences):
        gone = [x for x in gone if x.fact.subject != "email"]
    if came and hides_email(old_sentences):
        came = [x for x in came if x.fact.subject != "email"]
    out = []
    for g in gone:
        match = _take(came, lambda c, g=g: c.fact.subject == g.fact.subject
                      and _may_replace(g, c))
        if match:
            out.append(Insight("contact_changed",
                               f"Contact {g.fact.subject} changed from {g.fact.value} to "
                               f"{match.fact.value}", match.section, old=g.fact.value,
                               new=match.fact.value))
        else:
            out.append(Insight("contact_changed", f"Contact {g.fact.subject} removed: "
                               f"{g.fact.value}", g.section, old=g.fact.value))
    for c in came:
        out.append(Insight("contact_changed", f"New contact {c.fact.subject}: {c.fact.value}",
                           c.section, new=c.fact.value))
    return out


def _dates(old: list[Located], new: list[Located]) -> list[Insight]:
    od = next((x for x in old if x.fact.kind == "date"), None)
    nd = next((x for x in new if x.fact.kind == "date"), None)
    if od is None or nd is None or od.fact.key == nd.fact.key:
        return []
    # Named as the document names it; "Date" when the two versions name it differently.
    field = od.fact.subject if od.fact.subject == nd.fact.subject else None
    label = {"last updated": "Last updated date", None: "Date"}.get(field, _cap(field or ""))
    return [Insight("date_changed", f"{label} changed from {od.fact.value} to "
                    f"{nd.fact.value}", nd.section, old=od.fact.value, new=nd.fact.value)]


@lru_cache(maxsize=16384)
def _negated_clauses(sent: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """(first word, words) of the key of each negated clause of ``sent``, read from its
    negation on (cached: every promise checked is looked for in every sentence)."""
    low = sent.lower()  # every negation holds one of these (n, o, e, v, r, t fold simply)
    if not ("no" in low or "never" in low or "n't" in low or "n’t" in low):
        return ()
    out = []
    for neg in _NEGATION.finditer(sent):
        skey = commitment_key(sent[neg.start():]).split()
        out.append((skey[0] if skey else "", frozenset(skey)))
    return tuple(out)


def _clauses_by_first_word(sentences: list[str]) -> dict[str, list[frozenset[str]]]:
    """The words of every negated clause of ``sentences``, by the clause key's first word."""
    out: dict[str, list[frozenset[str]]] = {}
    for sent in sentences:
        for first, skey in _negated_clauses(sent):
            out.setdefault(first, []).append(skey)
    return out


def _still_promised(key: str, clauses: dict[str, list[frozenset[str]]]) -> bool:
    """Is the promise still made somewhere, in words the extractor did not catch? (A negated
    clause of the other version with the same first word and most of the key's words.)"""
    words = key.split()
    if not words:
        return False
    need = 0.8 * len(words)
    wanted = set(words)
    return any(len(wanted & skey) >= need for skey in clauses.get(words[0], ()))


def _commitments(old: list[Located], new: list[Located], old_sentences: list[str],
                 new_sentences: list[str]) -> list[Insight]:
    o = [x for x in old if x.fact.kind == "commitment"]
    n = [x for x in new if x.fact.kind == "commitment"]
    o_keys = {x.fact.key for x in o}
    n_keys = {x.fact.key for x in n}
    o = [x for x in o if x.fact.key not in n_keys]
    n = [x for x in n if x.fact.key not in o_keys]
    # Reworded promises: best similar match, one to one.
    pairs = sorted(((same_commitment(a.fact.key, b.fact.key), i, j) for i, a in enumerate(o)
                    for j, b in enumerate(n)), reverse=True)
    used_o: set[int] = set()
    used_n: set[int] = set()
    for score, i, j in pairs:
        if score < _SIMILAR:
            break
        if i not in used_o and j not in used_n:
            used_o.add(i)
            used_n.add(j)
    out = []
    seen: set[str] = set()
    new_clauses = old_clauses = None  # read once, when first needed
    for i, x in enumerate(o):
        if i in used_o or x.fact.key in seen:
            continue
        if new_clauses is None:
            new_clauses = _clauses_by_first_word(new_sentences)
        if _still_promised(x.fact.key, new_clauses):
            continue
        seen.add(x.fact.key)
        out.append(Insight("commitment_removed", f"Promise removed: {_lower_first(x.fact.value)}",
                           x.section, value=x.fact.value))
    for j, x in enumerate(n):
        if j in used_n or x.fact.key in seen:
            continue
        if old_clauses is None:
            old_clauses = _clauses_by_first_word(old_sentences)
        if _still_promised(x.fact.key, old_clauses):
            continue
        seen.add(x.fact.key)
        out.append(Insight("commitment_added", f"New promise: {_lower_first(x.fact.value)}",
                           x.section, value=x.fact.value))
    return out


def _categories(old_cov: dict[str, float], new_cov: dict[str, float],
                old_where: dict[str, str | None], new_where: dict[str, str | None]
                ) -> list[Insight]:
    out = []
    for cat, label in CATEGORY_LABELS.items():
        o, n = old_cov.get(cat, 0.0), new_cov.get(cat, 0.0)
        o_hits = old_cov.get(f"{cat}:mentions", 0.0)
        n_hits = new_cov.get(f"{cat}:mentions", 0.0)
        if n >= 40 and o == 0 and o_hits <= 2 and o_hits < 0.5 * n_hits:
            out.append(Insight("category_added", f"The policy now covers {label}",
                               new_where.get(cat), value=cat))
        elif o >= 40 and n == 0 and n_hits <= 2 and n_hits < 0.5 * o_hits:
            out.append(Insight("category_removed", f"The policy no longer covers {label}",
                               old_where.get(cat), value=cat))
    return out


def diff_facts(old: list[Located], new: list[Located], *, old_sentences: list[str],
               new_sentences: list[str], old_coverage: dict[str, float] | None = None,
               new_coverage: dict[str, float] | None = None,
               old_where: dict[str, str | None] | None = None,
               new_where: dict[str, str | None] | None = None) -> tuple[Insight, ...]:
    """All insights between two versions, most important first."""
    found = _commitments(old, new, old_sentences, new_sentences)
    found += _parties(old, new)
    found += _periods(list(old), list(new))
    found += _ages(old, new)
    found += _contacts(old, new, old_sentences, new_sentences)
    found += _categories(old_coverage or {}, new_coverage or {}, old_where or {}, new_where or {})
    found += _dates(old, new)
    found.sort(key=lambda i: KIND_ORDER.index(i.kind))
    return tuple(found)
