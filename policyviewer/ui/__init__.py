"""The desktop window (PySide6). ``create_main_window(db_path)`` is what tests and the app use.

Qt is imported inside the functions: the compute processes import ``policyviewer.ui``
modules that must stay light (see ``ui/compute.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

ORGANIZATION = "PolicyViewer"
APPLICATION = "PolicyViewer"


def open_settings(path: str | Path | None = None) -> Any:
    """The window's ``QSettings``: an INI file at ``path`` (or ``$POLICYVIEWER_SETTINGS``)
    when given, as tests do, else the user's."""
    import os

    from PySide6.QtCore import QSettings

    path = path or os.environ.get("POLICYVIEWER_SETTINGS") or None
    if path is not None:
        return QSettings(str(path), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION,
                     APPLICATION)


def create_main_window(db_path: str | Path | None = None, *,
                       settings_path: str | Path | None = None) -> Any:
    """Build the main window on the library at ``db_path`` (a QApplication must exist).

    ``settings_path`` keeps layout/selection in that INI file instead of the user's.
    """
    from policyviewer.core.library import Library
    from policyviewer.ui.library_watch import LibraryWatcher
    from policyviewer.ui.main_window import MainWindow

    library = Library.open(db_path)
    window = MainWindow(library, open_settings(settings_path))
    LibraryWatcher(window)  # shows versions other instances add (a child of the window)
    return window


__all__ = ["create_main_window", "open_settings"]
