"""The ``policyviewer`` command line: argparse front end over the core.

Each command lives in its own module with a ``register(subparsers)`` function
that adds its parser and sets ``func``. Errors the core raises on purpose are
printed as one line, ``policyviewer: error: ...``, with exit status 1.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from policyviewer import __version__
from policyviewer.core.errors import PolicyViewerError

# Command modules, in the order their commands appear in --help.
COMMAND_MODULES = (
    "policyviewer.cli.library_cmds",
    "policyviewer.cli.tracking_cmds",  # after library_cmds: extends its add and check
    "policyviewer.cli.outline_cmd",
    "policyviewer.cli.diff_cmd",
    "policyviewer.cli.summary_cmd",
    "policyviewer.cli.search_cmds",
    "policyviewer.cli.gui_cmd",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policyviewer",
        description=(
            "Read privacy policies and see exactly what changed between their versions. "
            "Run without a command to open the window."
        ),
    )
    parser.add_argument("--version", action="version", version=f"policyviewer {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="library file (default: $POLICYVIEWER_DB, else the platform's data folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:  # a command still being written
            if exc.name != name:
                raise
            continue
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from policyviewer.cli.gui_cmd import run_gui

        return run_gui(args)
    try:
        return int(args.func(args) or 0)
    except PolicyViewerError as exc:
        print(f"policyviewer: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("policyviewer: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
