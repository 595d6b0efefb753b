"""Library commands: add, list, versions, show, remove, rename, check, samples."""

from __future__ import annotations

import argparse
import glob
import sys
from pathlib import Path

from policyviewer.cli.common import (
    SPEC_HELP,
    close_library,
    open_library,
    parse_spec,
    print_json,
    resolve_document,
    version_json,
)
from policyviewer.core.errors import LibraryError, PolicyViewerError
from policyviewer.core.library import AddResult, parse_iso_date

_FORMATTER = argparse.RawDescriptionHelpFormatter


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "add",
        help="add files as new versions of a policy",
        description=(
            "Import each SOURCE (.txt, .md, .html, .pdf, .docx) as a version of a policy.\n"
            "A policy's versions are ordered by date: --date if given, else the\n"
            "effective / \"last updated\" date found in the text, else today.\n"
            "Versions are numbered in date order (1 = oldest): adding an older-dated\n"
            "version gives it its place by date and renumbers the later ones.\n"
            "A file identical to a version the policy already has adds nothing.\n"
            "Each file is its own transaction: a bad file is reported and skipped,\n"
            "the others are still added, and the exit status is 1."
        ),
        epilog="example: policyviewer add policy-2024.html --policy Acme --date 2024-05-01",
        formatter_class=_FORMATTER,
    )
    p.add_argument("sources", nargs="+", metavar="SOURCE", help="file(s) to import")
    p.add_argument(
        "--policy", metavar="NAME", help="policy to add to (default: each file's name, no suffix)"
    )
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the date the version is from")
    p.set_defaults(func=cmd_add)

    p = sub.add_parser(
        "list",
        help="list the policies in the library",
        description="List the policies in the library with their number of versions.",
    )
    p.add_argument("--json", action="store_true", help="print JSON only")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser(
        "versions",
        help="list a policy's versions, oldest first",
        description="List a policy's versions, oldest first (version 1 is the oldest).",
    )
    p.add_argument("policy", metavar="POLICY", help="a policy name or id")
    p.add_argument("--json", action="store_true", help="print JSON only")
    p.set_defaults(func=cmd_versions)

    p = sub.add_parser(
        "show",
        help="print the text of a version",
        description="Print the text of a stored version (default: the latest), or of a file.",
        epilog="examples: policyviewer show Mozilla   policyviewer show Mozilla@2",
    )
    p.add_argument("spec", metavar="POLICY[@N]", help=SPEC_HELP)
    p.set_defaults(func=cmd_show)

    p = sub.add_parser(
        "remove",
        help="delete a policy or one of its versions (needs --yes)",
        description=(
            "Delete a whole policy (POLICY) or one version (POLICY@N) from the library.\n"
            "Nothing is deleted without --yes. Nothing else ever deletes data."
        ),
        formatter_class=_FORMATTER,
    )
    p.add_argument("spec", metavar="POLICY[@N]", help="a policy name or id, optionally @N")
    p.add_argument("--yes", action="store_true", help="confirm the deletion")
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser(
        "rename",
        help="give a policy a new name",
        description="Rename a policy (names are unique, ignoring case).",
    )
    p.add_argument("policy", metavar="POLICY", help="a policy name or id")
    p.add_argument("new_name", metavar="NEW_NAME", help="its new name")
    p.set_defaults(func=cmd_rename)

    p = sub.add_parser(
        "check",
        help="verify the library file and every stored text",
        description=(
            "Run SQLite's integrity check on the library and verify the checksum of every\n"
            "stored text. Exit status 0 if all is well, 1 if a problem was found."
        ),
        formatter_class=_FORMATTER,
    )
    p.set_defaults(func=cmd_check)

    p = sub.add_parser(
        "samples",
        help="add the bundled sample policies",
        description=(
            "Add five sample privacy policies and a five-version Mozilla history to the\n"
            "library. Running it again adds nothing."
        ),
        formatter_class=_FORMATTER,
    )
    p.set_defaults(func=cmd_samples)


def cmd_add(args: argparse.Namespace) -> int:
    from policyviewer.core.importers import load_file

    if any(s.strip().lower().startswith(("http://", "https://")) for s in args.sources):
        from policyviewer.cli.tracking_cmds import cmd_add_urls  # fetched only when asked

        return cmd_add_urls(args)

    date = parse_iso_date(args.date) if args.date else None
    sources = _expand(args.sources)
    lib = open_library(args)
    failures = 0
    try:
        lib.check_writable()
        for done, source in enumerate(sources):
            path = Path(source).expanduser()
            try:
                if not path.exists():
                    raise PolicyViewerError("no such file", path=source)
                if path.is_dir():
                    raise PolicyViewerError("is a folder, not a file", path=source)
                doc = load_file(path, lib.config)
                name = args.policy or path.stem
                result = lib.add_version(name, doc, source=str(path.resolve()), date=date)
            except LibraryError as exc:  # the library itself failed: the next file would too
                failures += len(sources) - done
                print(f"policyviewer: error: {exc}", file=sys.stderr)
                break
            except PolicyViewerError as exc:  # this file is bad: skip it
                failures += 1
                print(f"policyviewer: error: {exc}", file=sys.stderr)
                continue
            print(_describe(source, result, given_date=date is not None))
    finally:
        close_library(args)
    if failures and len(sources) > 1:
        print(f"policyviewer: {failures} of {len(sources)} files not added", file=sys.stderr)
    return 1 if failures else 0


def _expand(sources: list[str]) -> list[str]:
    """Expand wildcards the shell left alone (Windows' cmd does not expand them)."""
    expanded: list[str] = []
    for source in sources:
        matches = [] if Path(source).exists() or not glob.has_magic(source) else glob.glob(source)
        expanded.extend(sorted(matches) or [source])
    return expanded


def _describe(source: str, result: AddResult, *, given_date: bool) -> str:
    v = result.version
    where = f"version {v.number} of {v.policy_name} ({v.date})"
    if not result.created:
        return f"unchanged: {source}: identical to {where}"
    if given_date:
        why = "date given"
    elif v.effective_date and v.effective_date == v.date:
        why = "date found in the text"
    else:
        why = "no date in the text: dated today"
    new = ", new policy" if result.policy_created else ""
    total = result.policy.versions
    return f"added: {source}: {where}, {why}; {total} version{'s' * (total != 1)}{new}"


def cmd_list(args: argparse.Namespace) -> int:
    try:
        policies = open_library(args).policies()
        path = open_library(args).path
    finally:
        close_library(args)
    if args.json:
        print_json(
            [
                {"id": p.id, "name": p.name, "versions": p.versions, "latest_date": p.latest_date}
                for p in policies
            ]
        )
        return 0
    if not policies:
        print(f"The library is empty ({path}).")
        print("Add a policy with: policyviewer add FILE   (or: policyviewer samples)")
        return 0
    width = max(len(p.name) for p in policies)
    print(f"{'ID':>4}  {'NAME':<{width}}  {'VERSIONS':>8}  LATEST")
    for p in policies:
        print(f"{p.id:>4}  {p.name:<{width}}  {p.versions:>8}  {p.latest_date or '-'}")
    print(f"\n{len(policies)} policies in {path}")
    return 0


def cmd_versions(args: argparse.Namespace) -> int:
    try:
        versions = open_library(args).versions(args.policy)
    finally:
        close_library(args)
    if args.json:
        print_json([version_json(v) for v in versions])
        return 0
    if not versions:
        print(f"{args.policy} has no versions.")
        return 0
    print(f"{'N':>3}  {'DATE':<10}  {'IN TEXT':<10}  {'FORMAT':<8}  {'WORDS':>6}  SOURCE")
    for v in versions:
        print(
            f"{v.number:>3}  {v.date:<10}  {v.effective_date or '-':<10}  "
            f"{v.source_format:<8}  {v.words:>6}  {v.source or '-'}"
        )
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    try:
        doc, _label = resolve_document(args, args.spec)
    finally:
        close_library(args)
    sys.stdout.write(doc.text if doc.text.endswith("\n") else doc.text + "\n")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    name, number = parse_spec(args.spec)
    try:
        lib = open_library(args)
        policy = lib.get_policy(name)
        if number is not None:
            target = lib.version(policy, number)
            what = f"version {target.number} of {policy.name} ({target.date})"
        else:
            n = policy.versions
            what = f"policy {policy.name} and its {n} version{'s' * (n != 1)}"
        if not args.yes:
            raise PolicyViewerError(
                f"not removing {what} without confirmation",
                hint=f"run again with --yes: policyviewer remove {args.spec!r} --yes",
            )
        if number is not None:
            lib.remove_version(policy, number)
        else:
            lib.remove_policy(policy)
    finally:
        close_library(args)
    print(f"removed: {what}")
    return 0


def cmd_rename(args: argparse.Namespace) -> int:
    try:
        lib = open_library(args)
        old = lib.get_policy(args.policy)
        new = lib.rename_policy(old, args.new_name)
    finally:
        close_library(args)
    print(f"renamed: {old.name} -> {new.name}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    try:
        lib = open_library(args)
        problems = lib.verify()
        policies = lib.policies()
        path = lib.path
    finally:
        close_library(args)
    for problem in problems:
        print(f"policyviewer: error: {path}: {problem}", file=sys.stderr)
    if problems:
        return 1
    versions = sum(p.versions for p in policies)
    print(f"ok: {path}: {len(policies)} policies, {versions} versions, all texts verified")
    return 0


def cmd_samples(args: argparse.Namespace) -> int:
    from policyviewer.core.library.samples import seed_samples

    try:
        lib = open_library(args)
        added = seed_samples(lib, lib.config)
        total = sum(p.versions for p in lib.policies())
        path = lib.path
    finally:
        close_library(args)
    if added:
        print(f"added {added} sample versions to {path} ({total} versions in the library)")
    else:
        print(f"the samples are already in {path}; nothing added")
    return 0
