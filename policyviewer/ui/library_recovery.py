"""When the library cannot be opened: say why, leave the file alone, offer a way forward.

A damaged, foreign or unreadable library file is never repaired, moved or overwritten
(``Library.open`` only reads it). Instead of quitting, the app asks the user to open
another library file or to start a new, empty library beside the damaged one, and
tries again until a library opens or the user quits.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from policyviewer.core.errors import PolicyViewerError
from policyviewer.core.library import default_library_path

# What the user chose: ("open", path), ("new", None) or ("quit", None).
Choice = tuple[str, Path | None]
Chooser = Callable[[Path, str], Choice]

OPEN_TEXT = "Open Another Library…"
NEW_TEXT = "Start a New Library"
QUIT_TEXT = "Quit"
LIBRARY_FILTER = "PolicyViewer libraries (*.sqlite *.db);;All files (*)"


def library_beside(path: Path) -> Path:
    """A file name next to ``path`` that is not taken: ``library-new.sqlite``, ``-new-2``..."""
    suffix = path.suffix or ".sqlite"
    candidate = path.with_name(f"{path.stem}-new{suffix}")
    n = 2
    while candidate.exists() or Path(f"{candidate}-wal").exists():
        candidate = path.with_name(f"{path.stem}-new-{n}{suffix}")
        n += 1
    return candidate


def recovery_message(path: Path, error: str) -> str:
    return (f"The library cannot be opened:\n{error}\n\n"
            f"The file has not been changed: {path}\n\n"
            "You can open another library file, or start a new, empty library "
            "beside it (the damaged file stays where it is).")


def ask_with_dialog(path: Path, error: str, parent: QWidget | None = None) -> Choice:
    """The real dialog: a warning with Open Another / Start New / Quit."""
    box = QMessageBox(QMessageBox.Icon.Warning, "PolicyViewer", recovery_message(path, error),
                      QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("libraryRecoveryDialog")
    open_button = box.addButton(OPEN_TEXT, QMessageBox.ButtonRole.AcceptRole)
    new_button = box.addButton(NEW_TEXT, QMessageBox.ButtonRole.ActionRole)
    quit_button = box.addButton(QUIT_TEXT, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(open_button)
    box.setEscapeButton(quit_button)
    box.exec()
    clicked = box.clickedButton()
    if clicked is open_button:
        name, _ = QFileDialog.getOpenFileName(parent, "Open Library", str(path.parent),
                                              LIBRARY_FILTER)
        return ("open", Path(name)) if name else ("retry", None)
    if clicked is new_button:
        return ("new", None)
    return ("quit", None)


def open_main_window(db_path: str | Path | None = None, *, settings_path: str | Path | None = None,
                     choose: Chooser | None = None, max_attempts: int = 20) -> Any | None:
    """The main window on ``db_path`` (default library when None), or, when that library
    cannot be opened, on the library the user picks instead. None if the user quits.

    ``choose(path, error)`` asks the user; the default shows ``ask_with_dialog``.
    """
    from policyviewer.ui import create_main_window

    choose = choose or ask_with_dialog
    path = Path(db_path).expanduser() if db_path is not None else default_library_path()
    damaged = path
    for _ in range(max_attempts):
        try:
            return create_main_window(path, settings_path=settings_path)
        except PolicyViewerError as exc:
            error = str(exc)
        action, chosen = choose(path, error)
        if action == "open" and chosen is not None:
            path = chosen
        elif action == "new":
            path = library_beside(damaged)
        elif action == "retry":
            continue
        else:
            return None
    return None


__all__ = ["ask_with_dialog", "library_beside", "open_main_window", "recovery_message"]
