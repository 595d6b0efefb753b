"""Frozen dataclasses shared by every layer: documents, outlines, comparisons.

These are the contracts between modules. Character offsets are Python string
indices into ``Document.text``; the Qt edge converts them to UTF-16.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

# One diff span: (op, text) where op is "=", "+" or "-".
Span = tuple[str, str]


def join_spans(spans: Iterable[Span]) -> list[Span]:
    """Adjacent spans with the same op joined into one; empty ones dropped."""
    out: list[Span] = []
    for op, text in spans:
        if not text:
            continue
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))
    return out

# Source formats an importer can produce.
FORMATS = ("text", "markdown", "html", "pdf", "docx")


@dataclass(frozen=True)
class HeadingMark:
    """A heading the source format marked up (Markdown #, HTML <hN>, DOCX Heading N).

    ``start``/``end`` delimit the heading's text in ``Document.text``.
    """

    start: int
    end: int
    level: int


@dataclass(frozen=True)
class Document:
    """What an importer returns: plain text plus the structure its format had."""

    text: str
    fmt: str
    headings: tuple[HeadingMark, ...] = ()
    source: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Section:
    """One node of an outline, flattened in document order.

    ``start``..``end`` is the whole section (heading line included) in the text;
    ``body_start`` is where its body begins. ``heading`` excludes the number.
    ``inferred`` marks sections the parser made up for navigation (no-heading
    documents); their heading is a label, not text from the document.
    """

    heading: str | None
    number: str | None
    level: int
    start: int
    end: int
    body_start: int
    inferred: bool = False


@dataclass(frozen=True)
class MetadataLine:
    """A title/metadata line such as "Last updated: May 1, 2024" (not a section)."""

    field: str  # "effective_date", "last_updated", "version", "title", ...
    value: str
    start: int
    end: int


@dataclass(frozen=True)
class Outline:
    title: str | None
    sections: tuple[Section, ...]
    metadata: tuple[MetadataLine, ...] = ()
    # Notes about what the parser found, e.g. "numbering_repaired" when every
    # heading was numbered "1." by a broken list conversion.
    notes: tuple[str, ...] = ()
    # "markup", "heuristic", "inferred" (no headings: grouped paragraphs), "mixed".
    method: str = "heuristic"

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "method": self.method,
            "notes": list(self.notes),
            "metadata": [
                {"field": m.field, "value": m.value, "start": m.start, "end": m.end}
                for m in self.metadata
            ],
            "sections": [
                {
                    "heading": s.heading,
                    "number": s.number,
                    "level": s.level,
                    "start": s.start,
                    "end": s.end,
                    "body_start": s.body_start,
                    "inferred": s.inferred,
                }
                for s in self.sections
            ],
        }


@dataclass(frozen=True)
class DocSummary:
    source: str | None
    words: int
    sections: int


@dataclass(frozen=True)
class Stats:
    words_added: int = 0
    words_removed: int = 0
    sections_added: int = 0
    sections_removed: int = 0
    sections_modified: int = 0
    sections_moved: int = 0
    sections_renamed: int = 0
    sections_renumbered: int = 0
    # Words of moved passages (counted in added and removed too); in the JSON
    # through "moved", so "stats" keeps the keys docs/JSON.md lists.
    words_moved: int = 0


@dataclass(frozen=True)
class SectionChange:
    """One paired (or unpaired) section in a comparison.

    ``status`` is "unchanged", "modified", "added" or "removed". Index fields
    point into the old/new ``Outline.sections`` (None where absent).
    """

    status: str
    old_heading: str | None
    new_heading: str | None
    old_number: str | None
    new_number: str | None
    moved: bool = False
    renamed: bool = False
    renumbered: bool = False
    words_added: int = 0
    words_removed: int = 0
    spans: tuple[Span, ...] = ()
    categories: tuple[str, ...] = ()
    old_index: int | None = None
    new_index: int | None = None
    # Split or merged in place: text crossed a heading added or dropped next to
    # it, so its spans rebuild the stretch together with its neighbours'.
    carried: bool = False

    @property
    def heading(self) -> str | None:
        return self.new_heading if self.new_heading is not None else self.old_heading

    @property
    def number(self) -> str | None:
        """The number of ``heading`` (as it is now; as it was for a removed section)."""
        return self.new_number if self.new_heading is not None else self.old_number

    @property
    def changed(self) -> bool:
        return self.status != "unchanged" or self.moved or self.renamed or self.renumbered


@dataclass(frozen=True)
class MetadataChange:
    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class Insight:
    """A named, meaningful change: "retention went from 30 days to 2 years"."""

    kind: str
    text: str
    section: str | None = None
    old: str | None = None
    new: str | None = None
    value: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"kind": self.kind, "text": self.text, "section": self.section}
        for key in ("old", "new", "value"):
            if getattr(self, key) is not None:
                d[key] = getattr(self, key)
        return d


@dataclass(frozen=True)
class MovedPassage:
    """A line removed in one place and added, in the same words, in another.

    ``text`` reads as in the new version; ``from_section`` and ``to_section`` are
    positions in ``Comparison.sections`` (the same one for a move within a section).
    ``old_text`` is the line as it read where it was, if it was also edited on the
    way (a move to another section with a few words changed); None otherwise.
    """

    text: str
    words: int
    from_section: int
    to_section: int
    old_text: str | None = None

    @property
    def edited(self) -> bool:
        return self.old_text is not None


@dataclass(frozen=True)
class Comparison:
    old: DocSummary
    new: DocSummary
    stats: Stats
    sections: tuple[SectionChange, ...]
    metadata: tuple[MetadataChange, ...]
    spans: tuple[Span, ...]
    insights: tuple[Insight, ...] = ()
    moved: tuple[MovedPassage, ...] = ()
    # The texts and outlines compared (normalised), for views that need offsets.
    old_text: str = field(default="", repr=False, compare=False)
    new_text: str = field(default="", repr=False, compare=False)
    old_outline: Outline | None = field(default=None, repr=False, compare=False)
    new_outline: Outline | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``policyviewer diff --json`` (see docs/JSON.md)."""
        return {
            "old": _doc_dict(self.old),
            "new": _doc_dict(self.new),
            "stats": {k: v for k, v in vars(self.stats).items() if k != "words_moved"},
            "sections": [_section_dict(s) for s in self.sections],
            "metadata": [{"field": m.field, "old": m.old, "new": m.new} for m in self.metadata],
            "insights": [i.to_dict() for i in self.insights],
            "moved": [{"text": m.text, "words": m.words, "from": m.from_section,
                       "to": m.to_section, "old_text": m.old_text} for m in self.moved],
            "spans": [[op, text] for op, text in self.spans],
        }


def _doc_dict(d: DocSummary) -> dict[str, Any]:
    return {"source": d.source, "words": d.words, "sections": d.sections}


def _section_dict(s: SectionChange) -> dict[str, Any]:
    return {
        "status": s.status,
        "old_heading": s.old_heading,
        "new_heading": s.new_heading,
        "old_number": s.old_number,
        "new_number": s.new_number,
        "moved": s.moved,
        "renamed": s.renamed,
        "renumbered": s.renumbered,
        "carried": s.carried,
        "words_added": s.words_added,
        "words_removed": s.words_removed,
        "categories": list(s.categories),
        "spans": [[op, text] for op, text in s.spans],
    }
