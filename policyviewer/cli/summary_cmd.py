"""``policyviewer summary OLD NEW``: the printable change summary (text, Markdown, HTML, PDF)."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from datetime import datetime, timezone
from pathlib import Path

from policyviewer.cli.common import SPEC_HELP, close_library, resolve_document, resolve_version
from policyviewer.core.errors import PolicyViewerError
from policyviewer.core.model import Comparison, Document
from policyviewer.core.report import ReportContext, default_context, render_report

FORMATS = ("text", "markdown", "html", "pdf")
_SUFFIX_FORMATS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html",
                   ".pdf": "pdf", ".txt": "text"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "summary",
        help="a printable summary of what changed between two versions",
        description=(
            "Summarise what changed between two versions of a policy: the key changes,\n"
            "statistics, metadata (effective date) and every changed section with its\n"
            "status (added, removed, modified, moved, renamed, renumbered) and its changed\n"
            "wording in context. Text marks deletions [-like this-] and insertions\n"
            "{+like this+}; Markdown uses ~~struck~~ and **bold**; HTML is one\n"
            "self-contained file; PDF has headed, numbered A4 pages (needs -o)."
        ),
        epilog="examples:\n  policyviewer summary Acme@1 Acme@2\n"
        "  policyviewer summary old.txt new.txt --format pdf -o changes.pdf",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("old", metavar="OLD", help=f"the older version: {SPEC_HELP}")
    p.add_argument("new", metavar="NEW", help="the newer version (same forms as OLD)")
    p.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="output format (default: from the -o file's extension, else text)",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.add_argument(
        "--include-unchanged",
        action="store_true",
        help="also list the unchanged sections (by heading)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    fmt = args.format or _format_from_path(args.output) or "text"
    if fmt == "pdf" and not args.output:
        raise PolicyViewerError("a PDF summary needs an output file", hint="add -o FILE.pdf")
    try:
        old_doc, old_label, old_date, old_name = _side(args, args.old)
        new_doc, new_label, new_date, new_name = _side(args, args.new)
    finally:
        close_library(args)
    cmp = compare(old_doc, new_doc)
    ctx = context_for(
        cmp, old_label, new_label, old_date, new_date, new_name or old_name,
        include_unchanged=args.include_unchanged,
    )
    if fmt == "pdf":
        from policyviewer.pdf_export import write_comparison_pdf

        write_comparison_pdf(cmp, Path(args.output), ctx)
        return 0
    report = render_report(cmp, fmt, ctx)
    if args.output:
        try:
            Path(args.output).write_text(report, encoding="utf-8")
        except OSError as exc:
            raise PolicyViewerError(exc.strerror or "cannot write", path=args.output) from exc
    else:
        sys.stdout.write(report)
    return 0


def compare(old: Document, new: Document) -> Comparison:
    from policyviewer.core.compare import compare_documents

    return compare_documents(old, new)


def context_for(
    cmp: Comparison, old_label: str, new_label: str, old_date: str | None,
    new_date: str | None, policy_name: str | None, *, include_unchanged: bool = False,
) -> ReportContext:
    """The report header: library names and dates where known, else what the texts say."""
    base = default_context(cmp, include_unchanged=include_unchanged)
    return dataclasses.replace(
        base,
        policy_name=policy_name or base.policy_name,
        old_label=old_label,
        new_label=new_label,
        old_date=old_date or base.old_date,
        new_date=new_date or base.new_date,
        generated_at=datetime.now(timezone.utc),
    )


def _side(args: argparse.Namespace, spec: str) -> tuple[Document, str, str | None, str | None]:
    """(document, label, date, policy name) for a file or a POLICY[@N] spec."""
    doc, _ = resolve_document(args, spec)
    if Path(spec).expanduser().is_file():
        return doc, Path(spec).name, None, doc.title
    version = resolve_version(args, spec)
    return doc, f"{version.policy_name} version {version.number}", version.date, version.policy_name


def _format_from_path(path: str | None) -> str | None:
    return _SUFFIX_FORMATS.get(Path(path).suffix.lower()) if path else None
