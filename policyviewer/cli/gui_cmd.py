"""``policyviewer gui [FILE...]``: open the window, adding the files as new versions."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "gui",
        help="open the desktop window (the default when no command is given)",
        description="Open the desktop window. FILEs are added as new versions of a policy "
        "(named after the first file) and the comparison with the previous version is shown.",
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="policy files to add")
    parser.set_defaults(func=run_gui)


def run_gui(args: argparse.Namespace) -> int:
    """Start the app on ``--db`` (or the default library) with ``args.files`` added."""
    files = [Path(f) for f in getattr(args, "files", None) or ()]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        print(f"policyviewer: error: no such file: {', '.join(missing)}", file=sys.stderr)
        return 1
    try:
        from policyviewer.ui.app import run
    except ImportError as exc:  # PySide6 missing or broken (e.g. no display libraries)
        print(f"policyviewer: error: the window cannot start ({exc})", file=sys.stderr)
        return 1
    return run([sys.argv[0]], db_path=getattr(args, "db", None), files=files)
