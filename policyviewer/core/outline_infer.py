"""The fallback outline for a text with no headings at all.

No sentence of the document is promoted to a heading. Instead consecutive
paragraphs about the same privacy topic (collection, use, sharing, retention,
rights, security, children, cookies, transfers, changes, contact) are grouped,
and each group becomes a level-1 section with ``inferred=True`` whose heading is
the topic's label, not text from the document. Within a group, paragraphs that
open with a run-in label ("Account information: ...") become inferred level-2
entries named after the label, when the group has at least two of them.

A paragraph is classified by the topic words in its first sentence (weighted)
and the rest of it; a paragraph with no clear topic stays in the group before
it. Text before the first classified paragraph is the preamble.
"""

from __future__ import annotations

import re

from policyviewer.core.model import Section
from policyviewer.core.outline_lines import Line, words

# (label, pattern) in priority order: the first of equally scored topics wins.
TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, re.compile(pattern, re.I))
    for label, pattern in (
        ("Cookies and tracking", r"\bcookies?\b|tracking technolog|web beacons?|\bpixels?\b"),
        ("Children", r"\bchild(?:ren)?\b|\bminors?\b|under (?:the age of )?1[368]\b"),
        (
            "Your rights",
            r"\bright to\b|\brights\b|\bgdpr\b|\bccpa\b|opt[- ]out|\bsupervisory\b|\bresident\b",
        ),
        ("Data retention", r"\bretain\w*|\bretention\b|\bdelet\w+|\bkeep your\b"),
        ("Security", r"\bsecur\w+|\bencrypt\w*|\bsafeguard\w*|unauthori[sz]ed access"),
        (
            "International transfers",
            r"\btransferred (?:to|outside)\b|\bcross-border\b|\binternational\b",
        ),
        (
            "Sharing and disclosure",
            r"\bshar(?:e|ed|ing)\b|\bdisclos\w+|\bsell\b|\brent\b|\bthird[- ]part\w*"
            r"|\bservice providers?\b|\bvendors?\b|\bmerger\b|\bacquisition\b|\blaw enforcement\b",
        ),
        ("How information is used", r"\bwe (?:may )?use\b|\bpurposes?\b|\bto provide, maintain\b"),
        (
            "Information collected",
            r"\bwe (?:may )?(?:automatically )?collect\b|\bcollect(?:ed|ion)?\b|\bwe receive\b"
            r"|\b(?:account|usage|device|log|contact|lead|integration|location|payment)"
            r" (?:information|data)\b",
        ),
        (
            "Changes to this policy",
            r"\bupdate this (?:policy|privacy)|\bchanges to this\b|\bmaterial changes\b",
        ),
        ("Contact", r"\bcontact us\b|\bquestions\b|\bemail:|\binquiries\b"),
    )
)
_FIRST_SENTENCE = re.compile(r"^.*?[.!?:](?:\s|$)")
_RUN_IN_LABEL = re.compile(r"^(?P<label>[A-Z][^.:;!?]{1,60}?):[\s\u00a0]+\S")
MIN_PARAGRAPHS = 3
# A paragraph needs at least this score to start or join a topic group.
MIN_SCORE = 3
FIRST_SENTENCE_WEIGHT = 3


def infer_sections(text: str, lines: list[Line], header: set[int]) -> tuple[Section, ...]:
    """Inferred topic groups (see module docstring); () when the text is too short."""
    paragraphs = _paragraphs(lines, header)
    if len(paragraphs) < MIN_PARAGRAPHS:
        return ()
    topics = [_topic(" ".join(line.text for line in para)) for para in paragraphs]
    groups: list[tuple[str, list[list[Line]]]] = []
    for para, topic in zip(paragraphs, topics, strict=True):
        if topic is not None and (not groups or groups[-1][0] != topic):
            groups.append((topic, [para]))
        elif groups:
            groups[-1][1].append(para)
    if len(groups) < 2:
        return ()
    rows: list[tuple[int, str, int]] = []  # (start, label, level)
    for label, paras in groups:
        rows.append((paras[0][0].line_start, label, 1))
        labelled = [(p, _RUN_IN_LABEL.match(p[0].text)) for p in paras]
        runs = [(p, m) for p, m in labelled if m and len(words(m.group("label"))) <= 6]
        if len(runs) >= 2:
            for p, m in runs:
                if p is paras[0]:
                    continue
                rows.append((p[0].line_start, m.group("label").strip(), 2))
    sections: list[Section] = []
    for k, (start, label, level) in enumerate(rows):
        end = rows[k + 1][0] if k + 1 < len(rows) else len(text)
        body = start
        while body < end and text[body].isspace():
            body += 1
        sections.append(Section(label, None, level, start, end, body, True))
    return tuple(sections)


def _paragraphs(lines: list[Line], header: set[int]) -> list[list[Line]]:
    body = [line for line in lines if line.index not in header]
    if not any(line.blank_before for line in body[1:]):
        return [[line] for line in body]  # one paragraph a line
    paras: list[list[Line]] = []
    for line in body:
        if line.blank_before or not paras:
            paras.append([line])
        else:
            paras[-1].append(line)
    return paras


def _topic(paragraph: str) -> str | None:
    m = _FIRST_SENTENCE.match(paragraph)
    first = m.group(0) if m else paragraph
    best: str | None = None
    best_key = (0, 0)
    for label, pattern in TOPICS:
        found = pattern.search(paragraph)
        if found is None:
            continue
        score = FIRST_SENTENCE_WEIGHT * len(pattern.findall(first)) + len(
            pattern.findall(paragraph)
        )
        # Ties go to the topic named earliest ("We collect ... third-party ..." is collection).
        key = (score, -found.start())
        if key > best_key:
            best, best_key = label, key
    return best if best_key[0] >= MIN_SCORE else None
