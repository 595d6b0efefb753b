"""Rewriting alternations so Python's regex engine tries fewer alternatives per position.

The engine tries a branch's alternatives one by one at every position it tests; one that
starts with a literal character is rejected by a single comparison, one that starts with a
group is entered. So a group at the start of an alternative is multiplied out, and
alternatives are gathered under their first character: ``collect|(?:we|to) use|child``
becomes ``c(?:ollect|hild)|w(?:e use)|t(?:o use)``. Both match the same text with the same
alternative at every position (see ``first_char_groups``).
"""

from __future__ import annotations

import re

_QUANTIFIERS = ("?", "*", "+", "{")


def alternatives(rx: str) -> list[str]:
    """The top-level alternatives of a regex (``|`` outside groups and classes)."""
    parts, cur, depth, in_class, i = [], "", 0, False, 0
    while i < len(rx):
        c = rx[i]
        step = 2 if c == "\\" else 1
        if c == "\\":
            pass
        elif in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c in "()":
            depth += 1 if c == "(" else -1
        elif c == "|" and depth == 0:
            parts.append(cur)
            cur, i = "", i + 1
            continue
        cur += rx[i : i + step]
        i += step
    parts.append(cur)
    assert "|".join(parts) == rx
    return parts


def group_end(rx: str) -> int:
    """Index of the ``)`` closing the group ``rx`` starts with."""
    depth, in_class, i = 0, False, 0
    while i < len(rx):
        c = rx[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError(f"unbalanced group in {rx!r}")


def expand_first(alt: str) -> list[str]:
    """``alt`` as alternatives tried in the same order for the same text, none starting with
    a non-capturing group: ``(?:a|b)c`` -> ``ac``, ``bc``; ``(?:a )?b`` -> ``a b``, ``b``
    (a greedy ``?`` tries the group first). Other quantified groups are left alone."""
    if not alt.startswith("(?:"):
        return [alt]
    end = group_end(alt)
    inner, rest = alt[3:end], alt[end + 1 :]
    optional = rest[:1] == "?"
    if optional:
        rest = rest[1:]
        if rest[:1] in ("?", "+"):
            return [alt]  # lazy or possessive: another order
    elif rest[:1] in _QUANTIFIERS:
        return [alt]
    out = [a + rest for a in alternatives(inner)] + ([rest] if optional else [])
    return [x for a in out for x in expand_first(a)]


def _literal_first(alt: str) -> bool:
    return alt != "" and (alt[0].isalnum() or alt[0] in " '-@&/,:;\"") and (
        alt[1:2] not in _QUANTIFIERS)


def first_char_groups(alts: list[str]) -> str:
    """An alternation that matches as ``"|".join(alts)`` does, with the same alternative at
    each position (case-sensitive patterns). Alternatives starting with different literal
    characters never match at the same position, so they are gathered by first character,
    in order within a character; any other alternative (a class, ...) is a fence that
    nothing is moved across."""
    out: list[str] = []
    groups: dict[str, list[str]] = {}

    def flush() -> None:
        out.extend(c + "(?:" + "|".join(rest) + ")" for c, rest in groups.items())
        groups.clear()

    for alt in (x for a in alts for x in expand_first(a)):
        if _literal_first(alt):
            groups.setdefault(alt[0], []).append(alt[1:])
        else:
            flush()
            out.append(alt)
    flush()
    return "|".join(out)


def cue_parts(pattern: re.Pattern[str]) -> tuple[list[str], str]:
    r"""The alternatives and the tail of ``pattern`` (IGNORECASE, written in lower case as
    ``\b(alternatives)tail``), to match lower-cased text without IGNORECASE."""
    rx = pattern.pattern
    assert pattern.flags & re.IGNORECASE and rx.startswith(r"\b(")
    assert not re.search(r"(?<!\\)[A-Z]", rx)  # an upper-case letter would never match
    end = group_end(rx[2:]) + 2
    inner = rx[5:end] if rx.startswith(r"\b(?:") else rx[3:end]
    return alternatives(inner), rx[end + 1 :]


def lowered(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` (see ``cue_parts``) for lower-cased text: no IGNORECASE, no capture, its
    alternatives gathered by first letter. On text from ``lower_for_matching`` it matches
    the same spans as ``pattern`` does."""
    alts, tail = cue_parts(pattern)
    return re.compile(r"\b(?:" + first_char_groups(alts) + ")" + tail)
