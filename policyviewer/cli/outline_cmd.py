"""``policyviewer outline SOURCE [--json]``: a policy's sections as a tree or JSON."""

from __future__ import annotations

import argparse

from policyviewer.cli.common import SPEC_HELP, close_library, print_json, resolve_document
from policyviewer.core.model import Outline
from policyviewer.core.outline import NUMBERING_REPAIRED, display_numbers, outline_of

_METHODS = {
    "markup": "headings from the document's markup",
    "heuristic": "headings recognised in the text",
    "inferred": "no headings in the text: paragraphs grouped by topic (labels are inferred)",
    "mixed": "headings from markup and from the text",
}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "outline",
        help="show a policy's sections",
        description=(
            "Print the outline of a policy version or a file: its title, metadata lines\n"
            "(last updated, effective date, version) and its sections as an indented\n"
            'tree with their numbers. With --json, print an object with "title",\n'
            '"metadata", "notes", "method" and "sections" (a flat list in document\n'
            "order; each has heading, number, level, start, end, body_start, inferred)."
        ),
        epilog="example: policyviewer outline Acme@2 --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("source", metavar="SOURCE", help=SPEC_HELP)
    p.add_argument("--json", action="store_true", help="print the outline as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        doc, label = resolve_document(args, args.source)
    finally:
        close_library(args)
    outline = outline_of(doc)
    if args.json:
        data = outline.to_dict()
        data["source"] = label
        print_json(data)
    else:
        print(format_tree(outline, label))
    return 0


def format_tree(outline: Outline, label: str | None = None) -> str:
    """The outline as indented text: header lines, then one line per section."""
    out: list[str] = []
    if label:
        out.append(label)
    if outline.title:
        out.append(f"Title: {outline.title}")
    for meta in outline.metadata:
        if meta.field != "title":
            out.append(f"{meta.field.replace('_', ' ').capitalize()}: {meta.value}")
    out.append(f"Outline: {_METHODS.get(outline.method, outline.method)}")
    if NUMBERING_REPAIRED in outline.notes:
        out.append("Note: every heading had the same number in the text; corrected numbers in [ ].")
    out.append("")
    if not outline.sections:
        out.append("(no sections)")
    numbers = display_numbers(outline)
    for section, shown in zip(outline.sections, numbers, strict=True):
        indent = "  " * (section.level - 1)
        parts: list[str] = []
        if section.number:
            parts.append(section.number)
        if shown != section.number and shown:
            parts.append(f"[{shown}]")
        heading = section.heading or "(untitled)"
        parts.append(f"({heading})" if section.inferred else heading)
        out.append(indent + " ".join(parts))
    return "\n".join(out)
