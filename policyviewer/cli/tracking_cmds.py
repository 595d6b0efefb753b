"""Web tracking and Open Terms Archive commands: add URL, check, tracked, untrack, import-ota.

``add`` and ``check`` are defined in library_cmds; this module extends them:
``add`` routes http(s) sources here, and ``check`` (which verifies the library
file) also re-fetches tracked policies. These are the only commands that use
the network, and only for the addresses the user tracks.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from policyviewer.cli.common import close_library, open_library, print_json
from policyviewer.core.errors import LibraryError, PolicyViewerError
from policyviewer.core.fetch import is_url
from policyviewer.core.library import parse_iso_date

_FORMATTER = argparse.RawDescriptionHelpFormatter


def register(sub: argparse._SubParsersAction) -> None:
    add = sub.choices.get("add")
    if add is not None:
        add.add_argument(
            "--selector",
            metavar="CSS",
            help="for a URL: the CSS selector of the policy's content on the page "
            "(when automatic extraction keeps too much or too little); stored with the policy",
        )
        add.epilog = (
            "examples: policyviewer add policy-2024.html --policy Acme --date 2024-05-01\n"
            "          policyviewer add https://www.example.com/privacy --policy Example\n"
            "A URL is fetched once, its main text stored (dated today) and the policy is\n"
            "tracked: `policyviewer check` fetches it again and stores real changes."
        )
        add.formatter_class = _FORMATTER

    check = sub.choices.get("check")
    if check is None:
        check = sub.add_parser("check", help="check tracked policies on the web for changes")
    check.description = (
        "Without POLICY: verify the library file and every stored text, then re-fetch\n"
        "every policy tracked on the web (added with `policyviewer add URL`).\n"
        "With POLICY names: re-fetch only those.\n"
        "A version is stored only when the text really changed (whitespace, bullets,\n"
        "quotes and dashes are not changes). Each policy's line says unchanged, changed\n"
        "(with what changed) or error. Exit status 1 if the library has a problem or\n"
        "any check failed; a failed check changes nothing."
    )
    check.formatter_class = _FORMATTER
    check.add_argument("policies", nargs="*", metavar="POLICY", help="tracked policies to check")
    check.add_argument("--json", action="store_true", help="print JSON only")
    check.add_argument(
        "--offline", action="store_true", help="only verify the library; fetch nothing"
    )
    library_check = check.get_default("func")
    # The one-line summaries in `policyviewer --help` (argparse keeps them apart).
    for choice in getattr(sub, "_choices_actions", ()):
        if choice.dest == "add":
            choice.help = "add files or web pages (URL) as new versions of a policy"
        elif choice.dest == "check":
            choice.help = "verify the library; fetch tracked web policies, store changes"
    check.set_defaults(func=cmd_check, _library_check=library_check)

    p = sub.add_parser(
        "tracked",
        help="list the policies tracked on the web",
        description="List tracked policies: URL, selector and the last check's outcome.",
    )
    p.add_argument("--json", action="store_true", help="print JSON only")
    p.set_defaults(func=cmd_tracked)

    p = sub.add_parser(
        "untrack",
        help="stop fetching a policy from the web (its versions stay)",
        description="Stop tracking a policy's URL. Its stored versions are kept.",
    )
    p.add_argument("policy", metavar="POLICY", help="a policy name or id")
    p.set_defaults(func=cmd_untrack)

    p = sub.add_parser(
        "import-ota",
        help="import Open Terms Archive histories (a versions repository or dataset)",
        description=(
            "Import a local Open Terms Archive versions repository (a git repository of\n"
            "<Service>/<Terms type>.md files, each commit a version, dated with its commit\n"
            "date) or dataset folder (<Service>/<Terms type>/<timestamp>.md). Each document\n"
            "becomes the policy \"<Service> <Terms type>\". Versions whose text only differs\n"
            "by noise from the one before add nothing. Importing again adds only what is new.\n"
            "Nothing is fetched from the network: clone or download the archive first."
        ),
        epilog="example: policyviewer import-ota ~/contrib-versions --service Mozilla",
        formatter_class=_FORMATTER,
    )
    p.add_argument("path", metavar="PATH", help="the repository or dataset folder")
    p.add_argument("--service", metavar="S", help="only this service (e.g. Mozilla)")
    p.add_argument("--type", dest="terms_type", metavar="T", help='only this terms type')
    p.add_argument("--json", action="store_true", help="print JSON only")
    p.set_defaults(func=cmd_import_ota)


# -- add URL -----------------------------------------------------------------------------


def cmd_add_urls(args: argparse.Namespace) -> int:
    """``add`` with http(s) sources (files among them go to the file importer)."""
    from policyviewer.cli import library_cmds
    from policyviewer.core.tracker import add_from_url

    urls = [s for s in args.sources if is_url(s)]
    files = [s for s in args.sources if not is_url(s)]
    failures = 0
    if files:
        file_args = argparse.Namespace(**{**vars(args), "sources": files})
        failures += 1 if library_cmds.cmd_add(file_args) else 0
    selector = getattr(args, "selector", None)
    date = parse_iso_date(args.date) if getattr(args, "date", None) else None
    if selector:
        from policyviewer.core.extract import _compile

        _compile(selector)  # a bad selector is the user's typo: say so before fetching
    try:
        lib = open_library(args)
        lib.check_writable()
        for url in urls:
            try:
                added, found = add_from_url(
                    lib, url, policy=args.policy, selector=selector, date=date, config=lib.config
                )
            except LibraryError:
                raise
            except PolicyViewerError as exc:
                failures += 1
                print(f"policyviewer: error: {exc}", file=sys.stderr)
                continue
            v = added.version
            where = f"version {v.number} of {v.policy_name} ({v.date})"
            if added.created:
                print(
                    f"added: {url}: {where}, {v.words} words ({found.method} extraction); "
                    "tracked: `policyviewer check` looks for changes"
                )
            else:
                print(f"unchanged: {url}: identical to {where}; tracked")
    finally:
        close_library(args)
    return 1 if failures else 0


# -- check -------------------------------------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    status = 0
    report: dict[str, Any] = {}
    if not args.policies:
        if args.json:
            report["library"] = _verify_json(args)
            status = 0 if report["library"]["ok"] else 1
        else:
            status = args._library_check(args) or 0
    if args.offline:
        if args.json:
            print_json(report)
        return status
    from policyviewer.core.tracker import check_policies

    def progress(done: int, total: int, name: str) -> None:
        if name and total > 1:
            print(f"[{done + 1}/{total}] checking {name}...", file=sys.stderr, flush=True)

    try:
        lib = open_library(args)
        if not args.policies and lib.read_only:
            results = []  # nothing could be stored: verifying was all that can be done
        else:
            results = check_policies(lib, args.policies, lib.config, progress=progress)
    finally:
        close_library(args)
    failed = sum(r.failed for r in results)
    if args.json:
        report["policies"] = [r.to_dict() for r in results]
        print_json(report)
    else:
        for r in results:
            if r.status == "error":
                print(f"error: {r.policy}: {r.message}")
            elif r.status == "changed":
                print(f"changed: {r.policy}: {r.message.removeprefix('changed: ')}")
                for insight in r.insights[2:5]:
                    print(f"    {insight.text}")
            else:
                print(f"unchanged: {r.policy}: {r.message}")
        if results:
            changed = sum(r.status == "changed" for r in results)
            print(
                f"{len(results)} checked: {changed} changed, "
                f"{len(results) - changed - failed} unchanged, {failed} failed",
                file=sys.stderr,
            )
    return 1 if failed or status else 0


def _verify_json(args: argparse.Namespace) -> dict[str, Any]:
    try:
        lib = open_library(args)
        problems = lib.verify()
        return {"path": str(lib.path), "ok": not problems, "problems": problems}
    finally:
        close_library(args)


# -- tracked / untrack -------------------------------------------------------------------


def cmd_tracked(args: argparse.Namespace) -> int:
    from policyviewer.core.library.tracking import tracked_policies

    try:
        items = tracked_policies(open_library(args))
    finally:
        close_library(args)
    if args.json:
        print_json(items)
        return 0
    if not items:
        print("No policy is tracked. Track one with: policyviewer add URL --policy NAME")
        return 0
    for t in items:
        last = f"{t.status} {t.checked_at}" if t.status else "not checked yet"
        selector = f" [selector {t.selector}]" if t.selector else ""
        badge = " *changed*" if t.unseen_change else ""
        print(f"{t.policy_name}{badge}: {t.url}{selector} ({last})")
    return 0


def cmd_untrack(args: argparse.Namespace) -> int:
    from policyviewer.core.library.tracking import untrack

    try:
        lib = open_library(args)
        info = lib.get_policy(args.policy)
        was = untrack(lib, info)
    finally:
        close_library(args)
    if not was:
        raise PolicyViewerError(f"policy {info.name!r} is not tracked; nothing changed")
    print(f"untracked: {info.name} (its {info.versions} versions are kept)")
    return 0


# -- import-ota --------------------------------------------------------------------------


def cmd_import_ota(args: argparse.Namespace) -> int:
    from policyviewer.core.ota import import_ota

    def progress(done: int, total: int, what: str) -> None:
        print(f"[{done}/{total}] {what}", file=sys.stderr, flush=True)

    try:
        lib = open_library(args)
        results = import_ota(
            lib, args.path, service=args.service, terms_type=args.terms_type,
            config=lib.config, progress=None if args.json else progress,
        )
    finally:
        close_library(args)
    failed = sum(len(r.failed) for r in results)
    if args.json:
        print_json(results)
    else:
        for r in results:
            for failure in r.failed:
                print(f"policyviewer: error: {failure}", file=sys.stderr)
        added = sum(r.added for r in results)
        noise = sum(r.noise for r in results)
        known = sum(r.known for r in results)
        earlier = sum(r.earlier for r in results)
        print(
            f"imported {len(results)} document{'s' * (len(results) != 1)} from {args.path}: "
            f"{added} versions added, "
            f"{noise} unchanged after noise folding, {known} already imported"
            + (f", {earlier} back to an earlier version's text" if earlier else "")
            + (f", {failed} failed" if failed else "")
        )
    return 1 if failed else 0
