"""Entry script of the PyInstaller bundle: one script, two executables.

``policyviewer`` (console) is the command line; without a command it opens the window.
``policyviewer-gui`` (windowed, no console on Windows/macOS) opens the window directly.
"""

import sys
from pathlib import Path


def main() -> int:
    if Path(sys.executable).stem.lower().endswith("-gui"):
        from policyviewer.ui.app import run

        return run()
    from policyviewer.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
