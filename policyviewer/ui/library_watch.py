"""Another instance (a second window, ``policyviewer add``) changed the library: show it.

When the window is activated, a read-only connection asks SQLite whether any other
connection committed since the last look (``PRAGMA data_version``); if so the library
panel is reloaded, keeping the version on screen selected. Nothing is polled while
the window is in the background, and the library file is only ever read here.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject


class LibraryWatcher(QObject):
    """Installed on a ``MainWindow``; ``check()`` reloads its library panel if needed."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self._conn: sqlite3.Connection | None = None
        self._seen: int | None = None
        try:
            uri = Path(window.library.path).resolve().as_uri() + "?mode=ro"
            self._conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._seen = self._data_version()
        except (sqlite3.Error, OSError, ValueError):
            self._conn = None  # no watching; the window works as before
        window.installEventFilter(self)
        window.destroyed.connect(self.close)

    def _data_version(self) -> int:
        assert self._conn is not None
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def changed(self) -> bool:
        """True once after another connection committed to the library."""
        if self._conn is None:
            return False
        try:
            now = self._data_version()
        except sqlite3.Error:
            return False
        if now == self._seen:
            return False
        self._seen = now
        return True

    def check(self) -> bool:
        """Reload the library panel if the library changed; True if it did."""
        window = self.window
        if not self.changed() or window.runner.is_busy("import"):
            return False  # the window's own import refreshes when it lands
        view = window.view
        select = (view.new.policy_id, view.new.number) if view is not None else None
        window.refresh_library(select=select)
        return True

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.window and event.type() == QEvent.Type.WindowActivate:
            self.check()
        return False

    def close(self, *_args: Any) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
