"""The desktop window (PySide6). ``create_main_window(db_path)`` is what tests and the app use."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from policyviewer.core.library import Library

ORGANIZATION = "PolicyViewer"
APPLICATION = "PolicyViewer"


def open_settings(path: str | Path | None = None) -> QSettings:
    """The window's settings: an INI file at ``path`` when given (tests), else the user's."""
    if path is not None:
        return QSettings(str(path), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION,
                     APPLICATION)


def create_main_window(db_path: str | Path | None = None, *,
                       settings_path: str | Path | None = None):
    """Build the main window on the library at ``db_path`` (a QApplication must exist).

    ``settings_path`` keeps layout/selection in that INI file instead of the user's.
    """
    from policyviewer.ui.main_window import MainWindow

    library = Library.open(db_path)
    return MainWindow(library, open_settings(settings_path))


__all__ = ["create_main_window", "open_settings"]
