"""Entry script of the PyInstaller bundle: one script, two executables.

``policyviewer`` (console) is the command line; without a command it opens the window.
``policyviewer-gui`` (windowed, no console on Windows/macOS) is ``policyviewer gui``: it
opens the window with the files it is given (the desktop's "Open with").
"""

import sys
from pathlib import Path


def main() -> int:
    from policyviewer.cli import main as cli_main

    if Path(sys.executable).stem.lower().endswith("-gui"):
        return cli_main(["gui", *sys.argv[1:]])
    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
