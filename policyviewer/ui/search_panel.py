"""Search over the library: a dock with a query box and results that open the version at the hit.

``install(window)`` adds the dock (View menu toggle, Ctrl+Shift+F), the
reader's "Show history of this paragraph" context-menu entry and the
timeline dock; the main window only calls it. Searches run off the UI thread
(``TaskRunner`` channel "search"), so typing never waits for SQLite.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from policyviewer.core.errors import PolicyViewerError
from policyviewer.core.library import Library
from policyviewer.core.library.search import SearchHit, search
from policyviewer.core.library.search_query import parse_query
from policyviewer.ui.workers import TaskRunner

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
RESULT_LIMIT = 200
TYPING_DELAY_MS = 250


def qt_position(text: str, offset: int) -> int:
    """A Python string offset as a Qt document position (UTF-16 code units)."""
    return len(text[:offset].encode("utf-16-le")) // 2


def python_offset(text: str, position: int) -> int:
    """A Qt document position (UTF-16 units) as an offset into ``text``."""
    if text.isascii():
        return min(position, len(text))
    units = 0
    for i, ch in enumerate(text):
        if units >= position:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


class SearchPanel(QWidget):
    """Query box, "all versions" switch and a result list; ``hitActivated(hit)`` opens one."""

    hitActivated = Signal(object)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchPanel")
        self.library = library
        self.runner = TaskRunner(self)
        self.query = QLineEdit()
        self.query.setObjectName("searchQuery")
        self.query.setPlaceholderText('Search: biometric, "sell your data", advert*, a OR b')
        self.query.setClearButtonEnabled(True)
        self.query.setAccessibleName("Search the library")
        self.all_versions = QCheckBox("All versions")
        self.all_versions.setObjectName("searchAllVersions")
        self.all_versions.setToolTip("Search every version, not only the latest of each policy")
        self.status = QLabel("")
        self.status.setObjectName("searchStatus")
        self.status.setWordWrap(True)
        self.results = QListWidget()
        self.results.setObjectName("searchResults")
        self.results.setAccessibleName("Search results")
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        self.results.setSpacing(2)
        row = QHBoxLayout()
        row.addWidget(self.query, 1)
        row.addWidget(self.all_versions)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.query.textChanged.connect(lambda _t: self._timer.start())
        self.query.returnPressed.connect(self.run_search)
        self.all_versions.toggled.connect(lambda _c: self.run_search())
        self.results.itemActivated.connect(self._on_activated)
        self.results.itemClicked.connect(self._on_activated)
        self.setMinimumWidth(280)
        self.runner.finished.connect(self._on_results)
        self.runner.failed.connect(lambda _c, message: self._show_error(message))

    def run_search(self) -> None:
        """Search now for the box's text (typing waits ``TYPING_DELAY_MS`` first)."""
        self._timer.stop()
        text = self.query.text()
        if not text.strip():
            self.runner.cancel("search")
            self.results.clear()
            self.status.setText("")
            return
        try:
            query = parse_query(text)
        except PolicyViewerError as exc:  # tell at once, no need to ask the library
            self.runner.cancel("search")
            self._show_error(str(exc))
            return
        lib, every = self.library, self.all_versions.isChecked()
        self.status.setText("Searching…")
        self.runner.submit(
            "search",
            lambda: search(lib, query, all_versions=every, limit=RESULT_LIMIT),
            "Searching…",
        )

    def _show_error(self, message: str) -> None:
        self.results.clear()
        self.status.setText(message)
        self.status.setProperty("error", True)
        self.status.setStyleSheet("color: #b3261e;")

    def _on_results(self, _channel: str, hits: list[SearchHit]) -> None:
        self.status.setStyleSheet("")
        self.results.clear()
        if not hits:
            scope = "any version" if self.all_versions.isChecked() else "the latest versions"
            self.status.setText(f"No matches in {scope}.")
            return
        more = " (first 200)" if len(hits) >= RESULT_LIMIT else ""
        policies = len({h.policy_id for h in hits})
        self.status.setText(
            f"{len(hits)} matching section{'s' * (len(hits) != 1)}{more} "
            f"in {policies} polic{'ies' if policies != 1 else 'y'}"
        )
        for hit in hits:
            section = hit.section or "(before the first heading)"
            item = QListWidgetItem(
                f"{hit.policy}@{hit.version} ({hit.date}) · {section}\n{hit.snippet}"
            )
            item.setData(HIT_ROLE, hit)
            marked = (
                hit.snippet[: hit.match_start]
                + "<b>"
                + hit.snippet[hit.match_start : hit.match_end]
                + "</b>"
                + hit.snippet[hit.match_end :]
            )
            item.setToolTip(f"<p>{_escape_keep_bold(marked)}</p>")
            self.results.addItem(item)

    def _on_activated(self, item: QListWidgetItem) -> None:
        hit = item.data(HIT_ROLE)
        if hit is not None:
            self.hitActivated.emit(hit)


def _escape_keep_bold(text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace("&lt;b&gt;", "<b>").replace("&lt;/b&gt;", "</b>")


# -- opening a hit in the window -------------------------------------------------------


def open_hit(window: Any, hit: SearchHit) -> None:
    """Show the hit's version in the reader, scrolled to the hit, which is highlighted."""
    open_range(window, hit.policy_id, hit.version, hit.version_id, hit.hit_start, hit.hit_end)


def open_range(
    window: Any, policy_id: int, number: int, version_id: int, start: int, end: int
) -> None:
    """Show a version in the reader with ``text[start:end]`` highlighted and in view."""
    window._search_pending = (version_id, start, end)
    view = window.view
    if view is not None and view.new.id == version_id and view.old is None:
        _highlight_pending(window)
        return
    window.show_versions(window.library.version(policy_id, number), None)


def _highlight_pending(window: Any) -> None:
    pending: tuple[int, int, int] | None = getattr(window, "_search_pending", None)
    view = window.view
    if pending is None or view is None or view.new.id != pending[0]:
        return
    reader = window.reader
    if window.stack.currentWidget() is not reader:
        window.set_mode("reader")
    # The reader may build its page in slices: mark the hit once the page is shown
    # (the window announces it with viewReady again).
    if getattr(reader, "shown_key", view) is not view or getattr(reader, "is_rendering", bool)():
        return
    window._search_pending = None
    highlight_range(reader, view.text, pending[1], pending[2], window.theme)


def highlight_range(reader: Any, text: str, start: int, end: int, theme: Any) -> None:
    """Mark ``text[start:end]`` in the reader and scroll it into view."""
    from PySide6.QtWidgets import QTextEdit

    q0, q1 = qt_position(text, start), qt_position(text, end)
    cursor = QTextCursor(reader.document())
    cursor.setPosition(q0)
    cursor.setPosition(q1, QTextCursor.MoveMode.KeepAnchor)
    fmt = QTextCharFormat()
    fmt.setBackground(_match_color(theme))
    selection = QTextEdit.ExtraSelection()
    selection.cursor = cursor
    selection.format = fmt
    reader.set_marks([selection])
    reader.scroll_to_position(q0)
    reader.setTextCursor(cursor)


def _match_color(theme: Any):  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor

    try:
        return theme.color("find_match")
    except (KeyError, AttributeError, TypeError):
        return QColor("#ffd54f")


def install(window: Any) -> QDockWidget:
    """Add the search dock to ``window`` and hook it up; returns the dock."""
    panel = SearchPanel(window.library, window)
    dock = QDockWidget("Search", window)
    dock.setObjectName("searchDock")
    dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    window.search_panel = panel
    window.search_dock = dock
    window._search_pending = None
    panel.hitActivated.connect(lambda hit: open_hit(window, hit))
    window.viewReady.connect(lambda: _highlight_pending(window))
    action: QAction = dock.toggleViewAction()
    action.setText("&Search Library")
    action.setShortcut(QKeySequence("Ctrl+Shift+F"))
    action.triggered.connect(lambda checked: checked and panel.query.setFocus())
    window.addAction(action)
    view_menu = _menu(window, "View")
    if view_menu is not None:
        view_menu.addAction(action)
    window.search_action = action
    toolbar = getattr(window, "toolbar", None)
    if toolbar is not None:
        toolbar.addAction(action)
    # The reader's context menu gets "Show history of this paragraph".
    from policyviewer.ui import timeline

    reader = window.reader
    reader.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    reader.customContextMenuRequested.connect(lambda pos: _reader_menu(window, pos))
    timeline.install(window)
    return dock


def _menu(window: Any, title: str):  # type: ignore[no-untyped-def]
    for action in window.menuBar().actions():
        if action.menu() is not None and action.text().replace("&", "") == title:
            return action.menu()
    return None


def _reader_menu(window: Any, pos: QPoint) -> None:
    from policyviewer.ui import timeline

    reader = window.reader
    menu = reader.createStandardContextMenu(pos)
    menu.setObjectName("readerContextMenu")
    menu.addSeparator()
    history = menu.addAction("Show History of This Paragraph…")
    history.setObjectName("paragraphHistoryAction")
    position = reader.cursorForPosition(pos).position()
    history.setEnabled(window.view is not None)
    history.triggered.connect(lambda: timeline.show_paragraph_history(window, position))
    window._reader_menu = menu  # tests find it here
    menu.popup(reader.viewport().mapToGlobal(pos))
