"""A section's body: its diff spans after the heading line, which views and the
summary show themselves (as a title, with "renamed"/"renumbered").

Each side is cut on its own: the new side by its heading's length in characters (the
spans' text is the new side's), the old side by its heading's words and punctuation
(equal text may read differently there: "–" or "7." vs "6."). Where a renamed heading
grew ("Marketing" -> "Marketing and advertising") the old body may come first.
"""

from __future__ import annotations

from policyviewer.core.model import Comparison, Outline, SectionChange, Span, join_spans
from policyviewer.core.normalize import GAP, tokenize

__all__ = ["body_spans", "section_body_spans"]


def section_body_spans(cmp: Comparison, change: SectionChange) -> tuple[Span, ...]:
    """``change.spans`` without its heading line (all of them for the preamble)."""
    if change.heading is None:
        return change.spans
    return body_spans(
        change.spans,
        _heading_marks(change.spans, cmp.old_text or "", cmp.old_outline, change.old_index),
        _heading_length(cmp.new_outline, change.new_index),
    )


def _heading_length(outline: Outline | None, index: int | None) -> int:
    if outline is None or index is None or index >= len(outline.sections):
        return 0
    section = outline.sections[index]
    return max(0, section.body_start - section.start)


def _heading_marks(spans: tuple[tuple[str, str], ...], text: str, outline: Outline | None,
                   index: int | None) -> int:
    """Words and punctuation of the old heading line, by which the spans' old side is
    cut (its equal text is the new side's: noise such as "–" or "7." vs "6." may
    differ); 0 if the old side does not open with them (text carried across a heading)."""
    if outline is None or index is None or index >= len(outline.sections):
        return 0
    section = outline.sections[index]
    heading = _mark_keys(text[section.start:section.body_start])
    enough = 2 * (section.body_start - section.start) + 64
    old_side = ""
    for op, piece in spans:
        if op != "+":
            old_side += piece[:enough]
            if len(old_side) >= enough:
                break
    return len(heading) if _mark_keys(old_side)[:len(heading)] == heading else 0


def _mark_keys(text: str) -> list[str]:
    tokens = tokenize(text)
    return [key for kind, key in zip(tokens.kinds, tokens.keys, strict=True) if kind != GAP]


def _marks(text: str) -> int:
    return sum(kind != GAP for kind in tokenize(text).kinds)


def _after_marks(text: str, marks: int) -> int:
    """Where ``text`` ends its first ``marks`` words and punctuation (all of it if fewer)."""
    if marks <= 0:
        return 0
    size = 256 + 64 * marks  # a heading is short; an unchanged section is one long span
    while True:
        prefix = text[:size]
        tokens = tokenize(prefix)
        seen = 0
        for i, kind in enumerate(tokens.kinds):
            if kind != GAP:
                seen += 1
                end = tokens.bounds[i + 1]
                if seen == marks and (end < len(prefix) or prefix == text):
                    return end
        if prefix == text:
            return len(text)
        size *= 8


def body_spans(spans: tuple[tuple[str, str], ...], old_marks: int, new_len: int
               ) -> tuple[tuple[str, str], ...]:
    """The spans after the heading, which the view draws itself: the old side's heading
    is its first ``old_marks`` words and punctuation, the new side's its first
    ``new_len`` characters. Each side is cut on its own: where a renamed heading grew
    ("Marketing" -> "Marketing and advertising"), the old body may come first."""
    need_old, need_new = old_marks, new_len
    out: list[tuple[str, str]] = []
    opened = [False, False]  # a body piece was kept on the old / new side

    def keep(op: str, text: str) -> None:
        sides = (0, 1) if op == "=" else (0,) if op == "-" else (1,)
        if not any(opened[s] for s in sides):
            text = text.lstrip("\n")  # the heading's line break, drawn by the view
        if text:
            out.append((op, text))
            for s in sides:
                opened[s] = True

    for op, text in spans:
        if op == "=":
            new_cut = min(len(text), max(need_new, 0))
            old_cut = _after_marks(text, need_old)
            need_new -= new_cut
            need_old -= _marks(text[:old_cut])
            # Text in one side's heading only is the other side's body (a renamed heading
            # grew or shrank); whitespace only if that body has begun.
            if old_marks and old_cut < new_cut and (opened[0] or text[old_cut:new_cut].strip()):
                keep("-", text[old_cut:new_cut])
            elif new_cut < old_cut and (opened[1] or text[new_cut:old_cut].strip()):
                keep("+", text[new_cut:old_cut])
            keep("=", text[max(old_cut, new_cut):])
        elif op == "-":
            if not old_marks and need_new > 0:
                continue  # words cut from a line that is now the heading (a split-off section)
            cut = _after_marks(text, need_old)
            need_old -= _marks(text[:cut])
            keep("-", text[cut:])
        else:
            cut = min(len(text), max(need_new, 0))
            need_new -= cut
            keep("+", text[cut:])
    return tuple(join_spans(out))


