"""Search commands: ``search`` (full text, every version) and ``history`` (of a passage)."""

from __future__ import annotations

import argparse
import textwrap

from policyviewer.cli.common import close_library, open_library, print_json
from policyviewer.core.errors import PolicyViewerError
from policyviewer.core.history import PassageHistory, passage_history
from policyviewer.core.library.search import SearchHit, search
from policyviewer.core.library.search_query import parse_query

_FORMATTER = argparse.RawDescriptionHelpFormatter
MAX_LIMIT = 10_000


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "search",
        help="search the text of the policies in the library",
        description=(
            "Search the sections of the latest version of each policy (or of every version\n"
            "with --all-versions). Results are best first (bm25), one per matching section.\n"
            "\n"
            "Query syntax (case and accents are ignored):\n"
            "  biometric data          both words in the same section\n"
            '  "sell your data"        the exact phrase\n'
            "  advert*                 words starting with advert\n"
            "  sell OR share           either word\n"
            "  cookies NOT analytics   one word but not the other\n"
            "  (sell OR share) data    parentheses group\n"
            "AND, OR and NOT are operators only in capitals.\n"
            "\n"
            "Text output marks the hit with [ ] and lists a section unchanged over several\n"
            "versions once, with their numbers. In --json each result (one per version) has\n"
            "policy, version, date, section, snippet, match_start/match_end (the hit is\n"
            "snippet[match_start:match_end]), hit_start/hit_end (offsets in the version's\n"
            "text), rank (1 = best) and score (bm25, higher is better)."
        ),
        epilog='example: policyviewer search "biometric data" --all-versions --policy Mozilla',
        formatter_class=_FORMATTER,
    )
    p.add_argument("query", metavar="QUERY", help="what to search for (quote it for the shell)")
    p.add_argument("--policy", metavar="NAME", help="search only this policy")
    p.add_argument(
        "--all-versions", action="store_true", help="search every version, not only the latest"
    )
    p.add_argument(
        "--limit", metavar="N", type=_positive, default=20, help="at most N results (default 20)"
    )
    p.add_argument("--json", action="store_true", help="print JSON only")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser(
        "history",
        help="trace a passage through a policy's versions",
        description=(
            "Show in which version of POLICY the passage TEXT first appeared, whether and\n"
            "when it was dropped, and each version where the paragraph containing it\n"
            "changed. Whitespace, bullets, quotes and letter case do not matter; a\n"
            "paragraph that still has most of the passage's words in order counts as an\n"
            "approximate match (a slightly reworded clause).\n"
            "\n"
            "--json prints an object with first_seen and last_seen (version numbers;\n"
            "last_seen is null while the latest version still has it), dropped_in,\n"
            "changed_in, and versions: per version number, date, present, changed,\n"
            "status, match (exact/approximate) and the containing paragraph."
        ),
        epilog='example: policyviewer history Mozilla "we do not sell"',
        formatter_class=_FORMATTER,
    )
    p.add_argument("policy", metavar="POLICY", help="a policy name or id")
    p.add_argument("text", metavar="TEXT", help="the passage to trace (quote it for the shell)")
    p.add_argument("--json", action="store_true", help="print JSON only")
    p.set_defaults(func=cmd_history)


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 1 <= number <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_LIMIT}")
    return number


def cmd_search(args: argparse.Namespace) -> int:
    query = parse_query(args.query)  # a malformed query fails before the library is opened
    try:
        hits = search(
            open_library(args),
            query,
            policy=args.policy,
            all_versions=args.all_versions,
            limit=args.limit,
        )
    finally:
        close_library(args)
    if args.json:
        print_json([h.to_dict() for h in hits])
        return 0
    if not hits:
        where = f" in {args.policy}" if args.policy else ""
        scope = "any version" if args.all_versions else "the latest versions"
        print(f"No matches for {query.text}{where} ({scope} searched).")
        if not args.all_versions:
            print("Try --all-versions to search older versions too.")
        return 0
    for group in _same_section_runs(hits):
        print(_hit_line(group))
    return 0


def _same_section_runs(hits: list[SearchHit]) -> list[list[SearchHit]]:
    """Adjacent hits on the same section text of one policy (unchanged across versions)."""
    runs: list[list[SearchHit]] = []
    for hit in hits:
        last = runs[-1][-1] if runs else None
        same = last is not None and (last.policy_id, last.section, last.snippet) == (
            hit.policy_id, hit.section, hit.snippet,
        )  # fmt: skip
        if same:
            runs[-1].append(hit)
        else:
            runs.append([hit])
    return runs


def _hit_line(group: list[SearchHit]) -> str:
    """One result; a section unchanged over several versions is listed once, with them all."""
    hit = group[0]
    section = hit.section or "(before the first heading)"
    marked = (
        hit.snippet[: hit.match_start]
        + "["
        + hit.snippet[hit.match_start : hit.match_end]
        + "]"
        + hit.snippet[hit.match_end :]
    )
    body = textwrap.fill(marked, width=96, initial_indent="    ", subsequent_indent="    ")
    if len(group) == 1:
        latest = ", latest" if hit.latest and hit.version > 1 else ""
        where = f"{hit.policy}@{hit.version} ({hit.date}{latest})"
    else:
        ordered = sorted(group, key=lambda h: h.version)
        numbers = ", ".join(str(h.version) for h in ordered)
        where = f"{hit.policy} versions {numbers} ({ordered[0].date} to {ordered[-1].date})"
    return f"{hit.rank}. {where} · {section}\n{body}"


def cmd_history(args: argparse.Namespace) -> int:
    try:
        history = passage_history(open_library(args), args.policy, args.text)
    finally:
        close_library(args)
    if args.json:
        print_json(history.to_dict())
        return 0
    print(describe_history(history))
    return 0


def describe_history(history: PassageHistory) -> str:
    """The text report of ``policyviewer history``."""
    quoted = _short(history.passage, 60)
    name = history.policy
    if not history.versions:
        raise PolicyViewerError(f"policy {name!r} has no versions")
    lines: list[str] = []
    if not history.found:
        lines.append(f'"{quoted}" is in none of the {len(history.versions)} versions of {name}.')
    else:
        first = history.versions[history.first_seen - 1]  # type: ignore[operator]
        head = f'"{quoted}" first appears in {name}@{first.number} ({first.date})'
        if history.last_seen is None:
            head += "; still present in the latest version."
        else:
            last = history.versions[history.last_seen - 1]
            head += f"; last seen in version {last.number} ({last.date}), gone since."
        lines.append(head)
        if history.dropped_in and history.last_seen is None:
            dropped = ", ".join(str(n) for n in history.dropped_in)
            lines.append(f"It was missing for a while (dropped in version {dropped}).")
    for v in history.versions:
        label = {"added": "appears", "removed": "dropped"}.get(v.status, v.status)
        if v.match == "approximate":
            label += f" (approximate, {v.similarity:.0%})"
        line = f"  {v.number:>3}  {v.date}  {label:<24}"
        if v.paragraph is not None and v.status != "unchanged":
            line += "  " + _short(v.paragraph, 80)
        lines.append(line.rstrip())
    return "\n".join(lines)


def _short(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"
