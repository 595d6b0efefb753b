"""``policyviewer-gui`` / ``policyviewer`` with no command: start the desktop app."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from policyviewer import __version__
from policyviewer.ui import APPLICATION, ORGANIZATION
from policyviewer.ui.library_recovery import open_main_window


def run(argv: Sequence[str] | None = None, *, db_path: str | Path | None = None,
        files: Sequence[str | Path] = ()) -> int:
    """Open the window (adding ``files`` as new versions) and run the event loop."""
    argv = list(sys.argv if argv is None else argv)
    app = QApplication.instance() or QApplication(argv)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("PolicyViewer")
    app.setApplicationVersion(__version__)
    app.setStyle("Fusion")  # the themes' palettes look the same on every platform
    try:
        from policyviewer.app_icon import app_icon_path

        app.setWindowIcon(QIcon(str(app_icon_path())))
    except (ImportError, OSError):
        pass
    from policyviewer.core.library import default_library_path

    # A library that does not exist yet means a first start: fill it with the samples
    # so a new user sees a comparison at once (an existing empty library only offers them).
    first_start = not Path(db_path or default_library_path()).exists()
    # A library that cannot be opened: say why, offer another or a new one beside it.
    window = open_main_window(db_path)
    if window is None:
        return 1
    window.show()
    if files:
        window.add_files([Path(f).expanduser().absolute() for f in files])
    elif first_start:
        window.add_samples()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(run())
