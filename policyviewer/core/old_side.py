"""The old version's own wording of the text two versions share.

A comparison's equal (``=``) spans hold the new version's text: the two read the
same up to noise, but the noise is the old document's too. Its list numbers ("9."
where the new one says "8."), quotes, dashes and bullets are what a reader of the
old column must see. The ``=`` and ``-`` spans of a section rebuild its old text
token for token (``normalize.Tokens``), so each equal span's old wording is found
by counting tokens.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from policyviewer.core.model import Comparison, SectionChange, Span
from policyviewer.core.normalize import GAP, Tokens, tokenize

__all__ = ["old_body_equal_texts", "old_equal_texts"]


def old_equal_texts(spans: Sequence[Span], old_text: str) -> list[str | None] | None:
    """For each span of a section's diff, the old version's text if it is an equal
    span, else None; None altogether where the spans do not rebuild ``old_text``
    token for token (a section carried from others, say). Whitespace opening or
    closing either text is not counted (a view may strip it)."""
    joined = tokenize("".join(text for op, text in spans if op != "+"))
    old = tokenize(old_text)
    ja, jz = _inner(joined)
    oa, oz = _inner(old)
    if joined.keys[ja:jz] != old.keys[oa:oz]:
        return None

    def old_offset(pos: int) -> int | None:
        """The old text's offset for a token boundary ``pos`` of the joined text."""
        t = bisect.bisect_left(joined.bounds, pos)
        if t == len(joined.bounds) or joined.bounds[t] != pos:
            return None  # a span cut inside a token: no token count to go by
        if t <= ja:
            return 0 if t == 0 else old.bounds[oa]
        if t >= jz:
            return len(old_text) if t == len(joined) else old.bounds[oz]
        return old.bounds[t - ja + oa]

    out: list[str | None] = []
    pos = 0
    for op, text in spans:
        if op == "+":
            out.append(None)
            continue
        if op == "=":
            a, b = old_offset(pos), old_offset(pos + len(text))
            if a is None or b is None:
                return None
            out.append(old_text[a:b])
        else:
            out.append(None)
        pos += len(text)
    return out


def old_body_equal_texts(cmp: Comparison, change: SectionChange, body: Sequence[Span]
                         ) -> list[str | None] | None:
    """The old version's wording of the equal spans of a section's ``body`` (the
    spans after its heading), for the old column; None where it cannot be had."""
    outline, text = cmp.old_outline, cmp.old_text
    if change.carried or change.status == "added" or outline is None or text is None:
        return None
    secs = outline.sections
    if change.old_index is None:  # the preamble
        start, end = 0, secs[0].start if secs else len(text)
    elif change.old_index < len(secs):
        k = change.old_index
        start = secs[k].body_start if change.heading is not None else secs[k].start
        end = secs[k + 1].start if k + 1 < len(secs) else len(text)
    else:
        return None
    return old_equal_texts(body, text[start:end])


def _inner(tokens: Tokens) -> tuple[int, int]:
    """The tokens between a gap opening and a gap closing the text, if any."""
    n = len(tokens)
    lo = 1 if n and tokens.kinds[0] == GAP else 0
    hi = n - 1 if n > lo and tokens.kinds[-1] == GAP else n
    return lo, hi
