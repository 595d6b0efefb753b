"""Where a metadata change sits, when that is not the document's header.

A policy can carry a second "Last updated" or "Effective date" further down, most
often in an appended sub-policy ("California Privacy Policy"); a summary that
lists "Last updated: (none) -> 10/11/2021" must say which part it belongs to.
"""

from __future__ import annotations

import bisect

from policyviewer.core.model import Comparison, MetadataChange, Outline, Section


def metadata_sections(cmp: Comparison) -> tuple[Section | None, ...]:
    """For each of ``cmp.metadata``, the section its value sits in
    (the new version's, or the old one's if the field was removed), or None when it
    sits in the preamble or the first section (the header), or cannot be found."""
    used: dict[bool, set[int]] = {True: set(), False: set()}
    out: list[Section | None] = []
    for change in cmp.metadata:
        if change.field == "title":  # a title is the header, wherever the outline puts it
            out.append(None)
            continue
        new_side = change.new is not None
        text = (cmp.new_text if new_side else cmp.old_text) or ""
        outline = cmp.new_outline if new_side else cmp.old_outline
        at = _offset(change, text, outline, used[new_side])
        out.append(None if at is None or outline is None else _section_at(outline, at))
    return tuple(out)


def _offset(change: MetadataChange, text: str, outline: Outline | None,
            used: set[int]) -> int | None:
    """Where the change's value is written: its metadata line, else (a labelled date
    in a sentence) the first place it is written that no earlier change took."""
    value = change.new if change.new is not None else change.old
    if not value:
        return None
    for line in outline.metadata if outline is not None else ():
        if line.field == change.field and line.value == value and line.start not in used:
            used.add(line.start)
            return line.start
    at = text.find(value)
    while at >= 0 and at in used:
        at = text.find(value, at + 1)
    if at < 0:
        return None
    used.add(at)
    return at


def _section_at(outline: Outline, at: int) -> Section | None:
    starts = [s.start for s in outline.sections]
    k = bisect.bisect_right(starts, at) - 1
    # Before the first heading, or in the first section: the header.
    return outline.sections[k] if k > 0 else None
