"""The history of a passage: in which versions of a policy it appears, and how it changed.

A passage is found in a version after the same noise folding the comparison
uses (``normalize.fold_noise``: whitespace, bullets, quotes and dashes do not
count), so re-wrapping a paragraph does not make a passage "disappear". When
the exact words are not found, a paragraph with a stretch of words nearly the
same as the passage's (similarity ``APPROXIMATE_THRESHOLD``, words in order)
counts as an approximate match: a clause reworded slightly
is followed through its rewordings.

For each version the *containing paragraph* is reported; a version where that
paragraph differs (after folding) from the previous version's is "changed".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Any

from policyviewer.core.errors import PolicyViewerError
from policyviewer.core.normalize import fold_noise

if TYPE_CHECKING:
    from policyviewer.core.library import Library
    from policyviewer.core.library.store import PolicyRef

# How alike (0-1, like difflib's ratio, over words) a paragraph's stretch must be
# to the passage for an approximate match.
APPROXIMATE_THRESHOLD = 0.8
MIN_APPROXIMATE_WORDS = 4  # shorter passages must match exactly
MAX_PASSAGE_CHARS = 5000

_WORD = re.compile(r"[^\W_]+")
_SENTENCE_END = re.compile(r"[.:;!?)\]\"'”’»]\s*$")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: blocks between blank lines, and within a block
    each line, unless the next line continues it (hard-wrapped text: the line does
    not end a sentence and the next starts in lower case)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    current: tuple[int, int] | None = None
    previous_blank = True
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            previous_blank = True
            continue
        stripped = line.lstrip()
        continues = (
            current is not None
            and not previous_blank
            and stripped[:1].islower()
            and not _SENTENCE_END.search(text[current[0] : current[1]])
        )
        if continues and current is not None:
            current = (current[0], end)
        else:
            if current is not None:
                spans.append(current)
            current = (start + len(line) - len(stripped), end)
        previous_blank = False
    if current is not None:
        spans.append(current)
    return spans


@dataclass(frozen=True)
class PassageMatch:
    """Where a passage was found in one text."""

    start: int  # the containing paragraph (or paragraphs, for a passage spanning several)
    end: int
    paragraph: str
    exact: bool
    similarity: float  # 1.0 for an exact match


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def find_passage(
    text: str, passage: str, threshold: float = APPROXIMATE_THRESHOLD
) -> PassageMatch | None:
    """The paragraph of ``text`` containing ``passage`` (exact after folding), else the
    paragraph that best matches it approximately, else None."""
    needle = fold_noise(passage)
    if not needle:
        return None
    spans = paragraphs(text)
    folded = [fold_noise(text[s:e]) for s, e in spans]
    # As written first, then ignoring case (a user may type "we" for "We").
    for want, paras in ((needle, folded), (needle.casefold(), [f.casefold() for f in folded])):
        for (s, e), para in zip(spans, paras, strict=True):
            if want in para:
                return PassageMatch(s, e, text[s:e], True, 1.0)
    # A passage spanning paragraphs: search the folded paragraphs joined by spaces.
    caseless = [f.casefold() for f in folded]
    joined = " ".join(caseless)
    at = joined.find(needle.casefold())
    if at >= 0:
        first = last = None
        pos = 0
        for i, para in enumerate(caseless):
            if first is None and at < pos + len(para) + 1:
                first = i
            if at + len(needle) <= pos + len(para):
                last = i
                break
            pos += len(para) + 1
        if first is not None and last is not None:
            s, e = spans[first][0], spans[last][1]
            return PassageMatch(s, e, text[s:e], True, 1.0)
    return _approximate(text, spans, passage, threshold)


def _approximate(
    text: str, spans: list[tuple[int, int]], passage: str, threshold: float
) -> PassageMatch | None:
    wanted = _words(passage)
    if len(wanted) < MIN_APPROXIMATE_WORDS:
        return None
    # similarity >= threshold needs at least this many of its words (the stretch
    # of the paragraph they span is never shorter than the words matched).
    need = len(wanted) * threshold / (2 - threshold)
    best: tuple[float, int, int, int] | None = None  # (similarity, -stretch, start, end)
    for s, e in spans:
        words = _words(text[s:e])
        present = set(words)
        if sum(1 for w in wanted if w in present) < need:
            continue  # cheap filter before the in-order comparison
        blocks = [b for b in SequenceMatcher(None, wanted, words, autojunk=False)
                  .get_matching_blocks() if b.size]  # fmt: skip
        matched = sum(b.size for b in blocks)
        if matched < need:
            continue
        # Like difflib's ratio, over the stretch of the paragraph the match covers:
        # words inserted or dropped inside the passage lower it, the rest does not.
        stretch = blocks[-1].b + blocks[-1].size - blocks[0].b
        score = 2 * matched / (len(wanted) + stretch)
        if score >= threshold and (best is None or (score, -stretch) > best[:2]):
            best = (score, -stretch, s, e)
    if best is None:
        return None
    score, _, s, e = best
    return PassageMatch(s, e, text[s:e], False, round(score, 3))


@dataclass(frozen=True)
class VersionPresence:
    """The passage in one version."""

    number: int
    date: str
    version_id: int
    present: bool
    match: str | None  # "exact", "approximate" or None (absent)
    similarity: float | None
    status: str  # "added", "unchanged", "changed", "removed", "absent"
    paragraph: str | None
    paragraph_start: int | None
    paragraph_end: int | None

    @property
    def changed(self) -> bool:
        """The containing paragraph differs from the previous version's (or appeared/went)."""
        return self.status in ("added", "changed", "removed")

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "date": self.date,
            "present": self.present,
            "changed": self.changed,
            "status": self.status,
            "match": self.match,
            "similarity": self.similarity,
            "paragraph": self.paragraph,
            "paragraph_start": self.paragraph_start,
            "paragraph_end": self.paragraph_end,
        }


@dataclass(frozen=True)
class PassageHistory:
    policy: str
    passage: str
    versions: tuple[VersionPresence, ...] = field(default=())

    @property
    def first_seen(self) -> int | None:
        """The first version containing the passage (None: no version does)."""
        return next((v.number for v in self.versions if v.present), None)

    @property
    def last_seen(self) -> int | None:
        """The last version containing it; None while the latest version still does."""
        if not self.versions or self.versions[-1].present:
            return None
        return next((v.number for v in reversed(self.versions) if v.present), None)

    @property
    def found(self) -> bool:
        return self.first_seen is not None

    @property
    def dropped_in(self) -> tuple[int, ...]:
        """Versions in which the passage disappeared (it may come back later)."""
        return tuple(v.number for v in self.versions if v.status == "removed")

    @property
    def changed_in(self) -> tuple[int, ...]:
        """Versions where the paragraph containing it was reworded."""
        return tuple(v.number for v in self.versions if v.status == "changed")

    def to_dict(self) -> dict[str, Any]:
        return {
            "policy": self.policy,
            "passage": self.passage,
            "found": self.found,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "dropped_in": list(self.dropped_in),
            "changed_in": list(self.changed_in),
            "versions": [v.to_dict() for v in self.versions],
        }


def trace_passage(
    policy: str,
    versions: Sequence[tuple[int, str, int, str]],
    passage: str,
    threshold: float = APPROXIMATE_THRESHOLD,
) -> PassageHistory:
    """The history of ``passage`` over ``versions``: (number, date, id, text), oldest first."""
    _check_passage(passage)
    out: list[VersionPresence] = []
    previous: str | None = None  # folded containing paragraph of the previous version
    for number, date, version_id, text in versions:
        found = find_passage(text, passage, threshold)
        folded = fold_noise(found.paragraph) if found is not None else None
        if found is None:
            status = "removed" if previous is not None else "absent"
        elif previous is None:
            status = "added"
        else:
            status = "unchanged" if folded == previous else "changed"
        out.append(
            VersionPresence(
                number=number, date=date, version_id=version_id, present=found is not None,
                match=None if found is None else ("exact" if found.exact else "approximate"),
                similarity=None if found is None else found.similarity, status=status,
                paragraph=None if found is None else found.paragraph,
                paragraph_start=None if found is None else found.start,
                paragraph_end=None if found is None else found.end,
            )
        )  # fmt: skip
        previous = folded
    return PassageHistory(policy=policy, passage=passage, versions=tuple(out))


def _check_passage(passage: str) -> None:
    if not fold_noise(passage) or not _WORD.search(passage):
        raise PolicyViewerError(
            "the passage to trace has no words", hint='give a few words, e.g. "we do not sell"'
        )
    if len(passage) > MAX_PASSAGE_CHARS:
        raise PolicyViewerError(
            f"the passage is longer than {MAX_PASSAGE_CHARS} characters",
            hint="trace a sentence or a paragraph, not a whole section",
        )


def passage_history(
    lib: Library, policy: PolicyRef, passage: str, threshold: float = APPROXIMATE_THRESHOLD
) -> PassageHistory:
    """The history of ``passage`` across every stored version of ``policy``."""
    _check_passage(passage)
    info = lib.get_policy(policy)
    versions = [(v.number, v.date, v.id, lib.document(v).text) for v in lib.versions(info)]
    return trace_passage(info.name, versions, passage, threshold)


# -- how much each version changed -------------------------------------------------


@dataclass(frozen=True)
class VersionChange:
    """Words added and removed by one version, against the version before it."""

    number: int
    date: str
    version_id: int
    words: int  # words in this version
    words_added: int  # 0 for the first version: it has nothing to be compared with
    words_removed: int

    @property
    def size(self) -> int:
        return self.words_added + self.words_removed


def change_sizes(
    lib: Library, policy: PolicyRef, cache: dict[tuple[str, str], tuple[int, int]] | None = None
) -> list[VersionChange]:
    """Each version's change size, oldest first: words added and removed by the
    word diff of the whole texts (``worddiff.diff_texts``, noise folded). The
    comparison view pairs sections first, so its counts can differ by a few words
    where text moved; the full comparison is too slow to run for every version.

    ``cache`` maps (old sha256, new sha256) to (added, removed); pass the same
    dict again to skip the diffs already done (texts never change under a hash).
    """
    from policyviewer.core.worddiff import diff_texts

    cache = {} if cache is None else cache
    out: list[VersionChange] = []
    previous = None
    previous_text: str | None = None
    for v in lib.versions(policy):
        added = removed = 0
        text: str | None = None
        if previous is not None:
            key = (previous.sha256, v.sha256)
            if key not in cache:
                if previous_text is None:
                    previous_text = lib.document(previous).text
                text = lib.document(v).text
                diff = diff_texts(previous_text, text, lib.config)
                cache[key] = (diff.words_added, diff.words_removed)
            added, removed = cache[key]
        out.append(VersionChange(v.number, v.date, v.id, v.words, added, removed))
        previous, previous_text = v, text
    return out
