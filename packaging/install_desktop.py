"""Install PolicyViewer's launcher, icons and AppStream metainfo for the desktop (Linux).

    python3 packaging/install_desktop.py                 # for pipx/pip installs (uses PATH)
    python3 packaging/install_desktop.py --exec /opt/PolicyViewer/policyviewer   # a bundle
    python3 packaging/install_desktop.py --uninstall

Files go under ``--data-dir`` (default ``$XDG_DATA_HOME`` or ``~/.local/share``):
``applications/``, ``metainfo/`` and ``icons/hicolor/<size>/apps/``. Afterwards the
desktop's "Open with" menu offers PolicyViewer for text, Markdown, HTML, PDF and DOCX.
Only the standard library is used, so any Python 3 can run it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ICON_DIR = HERE.parent / "resources" / "icons"
APP_ID = "io.github.policyviewer.PolicyViewer"
DESKTOP_FILE = HERE / f"{APP_ID}.desktop"
METAINFO_FILE = HERE / f"{APP_ID}.metainfo.xml"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def default_data_dir() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def desktop_entry(command: str | None) -> str:
    """The .desktop text, with Exec/TryExec pointing at ``command`` when given."""
    lines = DESKTOP_FILE.read_text(encoding="utf-8").splitlines()
    if command:
        quoted = f'"{command}"' if " " in command else command
        for i, line in enumerate(lines):
            if line.startswith("Exec="):
                lines[i] = f"Exec={quoted} gui %F"
            elif line.startswith("TryExec="):
                lines[i] = f"TryExec={command}"
    return "\n".join(lines) + "\n"


def planned_files(data_dir: Path) -> dict[Path, Path | None]:
    """Destination -> source (None for the generated .desktop file)."""
    files: dict[Path, Path | None] = {
        data_dir / "applications" / DESKTOP_FILE.name: None,
        data_dir / "metainfo" / METAINFO_FILE.name: METAINFO_FILE,
        data_dir / "icons/hicolor/scalable/apps" / f"{APP_ID}.svg": ICON_DIR / "policyviewer.svg",
    }
    for size in PNG_SIZES:
        dest = data_dir / f"icons/hicolor/{size}x{size}/apps/{APP_ID}.png"
        files[dest] = ICON_DIR / f"policyviewer-{size}.png"
    return files


def install(data_dir: Path, command: str | None) -> list[Path]:
    written = []
    for dest, src in planned_files(data_dir).items():
        dest.parent.mkdir(parents=True, exist_ok=True)
        if src is None:
            dest.write_text(desktop_entry(command), encoding="utf-8")
        else:
            shutil.copyfile(src, dest)
        written.append(dest)
    _refresh_caches(data_dir)
    return written


def uninstall(data_dir: Path) -> list[Path]:
    removed = []
    for dest in planned_files(data_dir):
        if dest.is_file():
            dest.unlink()
            removed.append(dest)
    _refresh_caches(data_dir)
    return removed


def _refresh_caches(data_dir: Path) -> None:
    # Best effort: desktops also notice new files by themselves, just later.
    for tool, target in (
        ("update-desktop-database", data_dir / "applications"),
        ("gtk-update-icon-cache", data_dir / "icons" / "hicolor"),
    ):
        if shutil.which(tool) and target.is_dir():
            subprocess.run([tool, "-q", str(target)], check=False, capture_output=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None, help="default: ~/.local/share")
    parser.add_argument(
        "--exec",
        dest="command",
        metavar="PATH",
        help="the policyviewer command to launch (default: policyviewer from PATH)",
    )
    parser.add_argument("--uninstall", action="store_true", help="remove the installed files")
    args = parser.parse_args(argv)
    data_dir = args.data_dir or default_data_dir()
    command = None
    if args.command:
        if not Path(args.command).is_file():
            parser.error(f"--exec: no such file: {args.command}")
        command = str(Path(args.command).resolve())  # the launcher runs from any folder
    done = uninstall(data_dir) if args.uninstall else install(data_dir, command)
    verb = "removed" if args.uninstall else "installed"
    print(f"{verb} {len(done)} files under {data_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
