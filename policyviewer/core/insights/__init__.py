"""Privacy insights: practice categories, facts, and the changes that matter.

``analyse(cmp)`` is the last step of a comparison: it labels every section
with categories and names the meaningful changes between the two versions.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from itertools import pairwise

from policyviewer.core.insights.categories import (
    CATEGORIES,
    categorize,
    categorize_section,
    category_scores,
    document_coverage,
)
from policyviewer.core.insights.diffing import KIND_ORDER, Located, diff_facts
from policyviewer.core.insights.facts import KINDS, Fact, company_names, extract_facts
from policyviewer.core.insights.text import sentence_spans
from policyviewer.core.model import Comparison, Outline, SectionChange

__all__ = ["CATEGORIES", "KINDS", "KIND_ORDER", "Fact", "analyse", "categorize",
           "categorize_section", "extract_facts"]


def _parts(text: str, outline: Outline | None) -> list[tuple[str | None, int, int, int]]:
    """(heading, start, body_start, end) for the preamble (index -1) and each section."""
    secs = outline.sections if outline else ()
    first = secs[0].start if secs else len(text)
    parts = [(None, 0, 0, first)]
    for i, sec in enumerate(secs):
        # A section's own text stops where the next section starts (nested ones included).
        end = secs[i + 1].start if i + 1 < len(secs) else max(sec.end, len(text))
        end = min(max(sec.end, sec.body_start), end) if sec.end > sec.start else end
        parts.append((sec.heading, sec.start, sec.body_start, end))
    return parts


def _section_index(parts: list[tuple[str | None, int, int, int]], pos: int) -> int | None:
    """Index into outline sections of the section holding ``pos`` (None: preamble)."""
    found = None
    for i, (_, start, _, _) in enumerate(parts[1:]):
        if start <= pos:
            found = i
        else:
            break
    return found


def _locate(facts: tuple[Fact, ...], parts, pid_of: dict[int | None, int],
            changes: tuple[SectionChange, ...]) -> list[Located]:
    starts = [start for _, start, _, _ in parts[1:]]
    ordered = all(a <= b for a, b in pairwise(starts))
    out = []
    for f in facts:
        if ordered:  # the scan's answer, by bisection
            idx = bisect_right(starts, f.start) - 1
            idx = idx if idx >= 0 else None
        else:
            idx = _section_index(parts, f.start)
        pid = pid_of.get(idx)
        heading = changes[pid].heading if pid is not None else f.section
        out.append(Located(f, pid, heading))
    return out


def _coverage(text: str, parts) -> tuple[dict[str, float], dict[str, str | None]]:
    pieces = [(h, text[b:e]) for h, _, b, e in parts]
    cov = document_coverage(pieces)
    # Mentions anywhere, whatever the sectioning: a practice still mentioned is still covered.
    for cat, hits in category_scores(None, text).items():
        cov[f"{cat}:mentions"] = hits
    where: dict[str, str | None] = {}
    best: dict[str, float] = {}
    for heading, body in pieces:
        for cat, score in category_scores(heading, body).items():
            if score > best.get(cat, 0.0):
                best[cat], where[cat] = score, heading
    return cov, where


def analyse(cmp: Comparison) -> Comparison:
    """A copy of ``cmp`` with categories on every section and the insights filled in."""
    old_text, new_text = cmp.old_text or "", cmp.new_text or ""
    old_parts = _parts(old_text, cmp.old_outline)
    new_parts = _parts(new_text, cmp.new_outline)

    sections = []
    old_pid: dict[int | None, int] = {}
    new_pid: dict[int | None, int] = {}
    for pid, ch in enumerate(cmp.sections):
        preamble = ch.old_index is None and ch.new_index is None
        if preamble:
            old_pid[None] = new_pid[None] = pid
        if ch.old_index is not None:
            old_pid[ch.old_index] = pid
        if ch.new_index is not None:
            new_pid[ch.new_index] = pid
        if ch.new_index is not None or (preamble and ch.status != "removed"):
            heading, _, b, e = new_parts[(ch.new_index + 1) if ch.new_index is not None else 0]
            cats = categorize_section(heading, new_text[b:e])
        else:
            idx = ch.old_index + 1 if ch.old_index is not None else 0
            heading, _, b, e = old_parts[idx] if idx < len(old_parts) else (None, 0, 0, 0)
            cats = categorize_section(heading, old_text[b:e])
        sections.append(replace(ch, categories=cats))
    changes = tuple(sections)

    # The company is the same in both versions: guess its names from both, once.
    own = tuple(sorted(set(company_names(old_text)) | set(company_names(new_text))))
    old_facts = _locate(extract_facts(old_text, cmp.old_outline, own_names=own), old_parts,
                        old_pid, changes)
    new_facts = _locate(extract_facts(new_text, cmp.new_outline, own_names=own), new_parts,
                        new_pid, changes)
    old_cov, old_where = _coverage(old_text, old_parts)
    new_cov, new_where = _coverage(new_text, new_parts)
    insights = diff_facts(
        old_facts, new_facts,
        old_sentences=[old_text[s:e] for s, e in sentence_spans(old_text)],
        new_sentences=[new_text[s:e] for s, e in sentence_spans(new_text)],
        old_coverage=old_cov, new_coverage=new_cov, old_where=old_where, new_where=new_where,
    )
    return replace(cmp, sections=changes, insights=insights)
