""""Check for Updates" in the window: re-fetch tracked policies with progress, badge the changed.

``install(window)`` adds "Add From Web Address…" (File menu) and "Check for Updates"
(File menu and toolbar), draws an "updated" badge
on library rows whose policy changed at its last check and the user has not opened
since, and clears the badge when the user selects that policy. The check runs in the
thread pool on its own library connection (``core.tracker.check_policies``); it is
the only network use in the app, and only when the user asks for it.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import QInputDialog, QProgressDialog

from policyviewer.core.errors import PolicyViewerError
from policyviewer.core.library import Library
from policyviewer.core.library.tracking import mark_seen, tracked_policies
from policyviewer.ui.widgets import BadgeDelegate

UPDATED = "updated"


class _ThemeColors:
    """The window's current theme, with the "updated" badge in the "modified" colour."""

    def __init__(self, window: Any) -> None:
        self._window = window

    def color(self, key: str) -> QColor:
        theme = self._window.theme
        return theme.color("badge_modified" if key == f"badge_{UPDATED}" else key)


class _Signals(QObject):
    progress = Signal(int, int, str)
    done = Signal(object)
    failed = Signal(str)


class _CheckTask(QRunnable):
    def __init__(self, db: Path, names: Sequence[str], signals: _Signals,
                 cancel: threading.Event) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._db, self._names, self._signals, self._cancel = db, tuple(names), signals, cancel

    def run(self) -> None:
        from policyviewer.core.tracker import check_policies

        try:
            # Its own connection: the window keeps reading while pages download.
            with Library.open(self._db) as lib:
                results = check_policies(
                    lib, self._names, lib.config,
                    progress=self._signals.progress.emit, cancelled=self._cancel.is_set,
                )
        except PolicyViewerError as exc:
            self._signals.failed.emit(str(exc))
        except Exception as exc:  # a bug: report it, never kill the window
            traceback.print_exc()
            self._signals.failed.emit(f"Unexpected error ({type(exc).__name__}): {exc}")
        else:
            self._signals.done.emit(results)


class _AddTask(QRunnable):
    def __init__(self, db: Path, url: str, signals: _Signals) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._db, self._url, self._signals = db, url, signals

    def run(self) -> None:
        from policyviewer.core.tracker import add_from_url

        try:
            with Library.open(self._db) as lib:
                added, found = add_from_url(lib, self._url, config=lib.config)
        except PolicyViewerError as exc:
            self._signals.failed.emit(str(exc))
        except Exception as exc:  # a bug: report it, never kill the window
            traceback.print_exc()
            self._signals.failed.emit(f"Unexpected error ({type(exc).__name__}): {exc}")
        else:
            self._signals.done.emit((added, found))


class UpdatesController(QObject):
    """``finished(results)`` fires when a check is over (results: list of CheckResult)."""

    finished = Signal(object)
    added = Signal(object)  # the AddResult of "Add From Web Address", or None if it failed

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.running = False
        self.dialog: QProgressDialog | None = None
        self._cancel = threading.Event()
        self._signals = _Signals()
        self._signals.progress.connect(self._on_progress)
        self._signals.done.connect(self._on_done)
        self._signals.failed.connect(self._on_failed)

        self.action = QAction("Check for &Updates", window)
        self.action.setObjectName("checkForUpdatesAction")
        self.action.setShortcut(QKeySequence("Ctrl+Shift+U"))
        self.action.setToolTip(
            "Fetch the policies tracked on the web and store the ones that changed "
            "(Ctrl+Shift+U)"
        )
        self.action.triggered.connect(lambda: self.check())
        window.addAction(self.action)
        self._add_signals = _Signals()
        self._add_signals.done.connect(self._on_added)
        self._add_signals.failed.connect(self._on_add_failed)
        self.add_action = QAction("Add From &Web Address…", window)
        self.add_action.setObjectName("addFromUrlAction")
        self.add_action.setToolTip(
            "Fetch a policy page, store its text and track it for Check for Updates"
        )
        self.add_action.triggered.connect(self.ask_url)
        window.addAction(self.add_action)
        self._add_to_menus()

        view = window.library_view
        view.setItemDelegate(BadgeDelegate(_ThemeColors(window), view))  # type: ignore[arg-type]
        view.selectionModel().currentChanged.connect(self._on_current)
        window.libraryChanged.connect(self.apply_badges)
        self.apply_badges()

    def _add_to_menus(self) -> None:
        actions = getattr(self.window, "actions_", None)
        export = getattr(actions, "export", None)
        for menu_action in self.window.menuBar().actions():
            menu = menu_action.menu()
            if menu is not None and menu_action.text().replace("&", "") == "File":
                if export is not None and export in menu.actions():
                    menu.insertAction(export, self.add_action)
                    menu.insertAction(export, self.action)
                    menu.insertSeparator(export)
                else:
                    menu.addAction(self.add_action)
                    menu.addAction(self.action)
                break
        toolbar = getattr(self.window, "toolbar", None)
        if toolbar is not None:  # right after "Open Files", where it stays visible
            current = toolbar.actions()
            open_files = getattr(actions, "open", None)
            if open_files in current and current.index(open_files) + 1 < len(current):
                toolbar.insertAction(current[current.index(open_files) + 1], self.action)
            else:
                toolbar.addAction(self.action)

    # -- checking ----------------------------------------------------------------------

    def check(self, names: Sequence[str] = ()) -> bool:
        """Start checking ``names`` (all tracked policies if empty). False if nothing started."""
        if self.running:
            return False
        lib = self.window.library
        if lib.read_only:
            self.window.show_error(f"Cannot check for updates: {lib._read_only_reason}")
            return False
        tracked = tracked_policies(lib)
        if not tracked:
            self.window.show_info(
                "No policy is tracked on the web. Add one from its address with "
                "“policyviewer add URL”; then Check for Updates fetches it again."
            )
            return False
        total = len(names) or len(tracked)
        self.running = True
        self._cancel.clear()
        self.action.setEnabled(False)
        dialog = QProgressDialog("Checking tracked policies…", "Cancel", 0, total, self.window)
        dialog.setObjectName("checkUpdatesProgress")
        dialog.setWindowTitle("Check for Updates")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self._cancel.set)
        dialog.setValue(0)
        self.dialog = dialog
        QThreadPool.globalInstance().start(
            _CheckTask(Path(lib.path), names, self._signals, self._cancel)
        )
        return True

    def _on_progress(self, done: int, total: int, name: str) -> None:
        dialog = self.dialog
        if dialog is None:
            return
        if name:
            dialog.setLabelText(f"Checking {name}… ({done + 1} of {total})")
        dialog.setMaximum(max(total, 1))
        # A window-modal dialog's setValue() processes events: the check may end in it.
        dialog.setValue(done)

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.canceled.disconnect()
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        self.running = False
        self.action.setEnabled(True)

    def _on_done(self, results: list[Any]) -> None:
        cancelled = self._cancel.is_set()
        self._close_dialog()
        changed = [r for r in results if r.status == "changed"]
        failed = [r for r in results if r.failed]
        # No automatic selection: opening a policy clears its badge, and the badge
        # is how the user sees what changed.
        self.window.refresh_library()
        summary = f"Checked {len(results)} tracked polic{'y' if len(results) == 1 else 'ies'}"
        summary += ": " + (
            ", ".join(f"{r.policy} changed ({r.message.split(': ', 2)[-1]})" for r in changed)
            or "no changes"
        )
        if cancelled:
            summary += " (stopped before the end)"
        if failed:
            errors = "\n".join(f"{r.policy}: {r.message}" for r in failed)
            self.window.show_error(f"{summary}.\nCould not check:\n{errors}")
        else:
            self.window.show_info(summary + ".")
        self.finished.emit(results)

    def _on_failed(self, message: str) -> None:
        self._close_dialog()
        self.window.show_error(f"Check for updates failed: {message}")
        self.finished.emit([])

    # -- adding from a web address -----------------------------------------------------

    def ask_url(self) -> None:
        url, ok = QInputDialog.getText(
            self.window, "Add From Web Address",
            "Address of the policy page (https://…). Its text is stored and the page is\n"
            "fetched again only when you choose Check for Updates.",
        )
        if ok and url.strip():
            self.add_url(url.strip())

    def add_url(self, url: str) -> bool:
        """Fetch ``url`` in the background and add it as a new tracked policy."""
        from policyviewer.core.fetch import is_url

        if not is_url(url):
            self.window.show_error(f"“{url}” is not a web address (it must start with https://)")
            return False
        if self.window.library.read_only:
            self.window.show_error(f"Cannot add: {self.window.library._read_only_reason}")
            return False
        self.add_action.setEnabled(False)
        self.window.statusBar().showMessage(f"Fetching {url}…")
        QThreadPool.globalInstance().start(
            _AddTask(Path(self.window.library.path), url, self._add_signals)
        )
        return True

    def _on_added(self, outcome: tuple[Any, Any]) -> None:
        added, _found = outcome
        self.add_action.setEnabled(True)
        self.window.statusBar().clearMessage()
        v = added.version
        self.window.refresh_library(select=(v.policy_id, v.number))
        what = "Added" if added.created else "Already in the library:"
        self.window.show_info(
            f"{what} {v.label}, {v.words} words from {v.source}. "
            "Check for Updates fetches it again and stores real changes."
        )
        self.added.emit(added)

    def _on_add_failed(self, message: str) -> None:
        self.add_action.setEnabled(True)
        self.window.statusBar().clearMessage()
        self.window.show_error(f"Nothing was added: {message}")
        self.added.emit(None)

    # -- badges ------------------------------------------------------------------------

    def apply_badges(self) -> None:
        """Badge the library rows of policies changed since the user last opened them."""
        try:
            unseen = {t.policy_id for t in tracked_policies(self.window.library)
                      if t.unseen_change}
        except PolicyViewerError:
            return
        model = self.window.library_model
        for node in model.root().children:
            if node.kind != "policy":
                continue
            has = UPDATED in node.badges
            if (node.payload.id in unseen) != has:
                rest = tuple(b for b in node.badges if b != UPDATED)
                node.badges = (*rest, UPDATED) if not has else rest
                index = model.index_of(node)
                model.dataChanged.emit(index, index)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        node = self.window.library_model.node(current)
        if node is None:
            return
        policy_node = node if node.kind == "policy" else node.parent
        if policy_node is None or UPDATED not in policy_node.badges:
            return
        try:
            mark_seen(self.window.library, policy_node.payload.id)
        except PolicyViewerError:
            return
        self.apply_badges()


def install(window: Any) -> UpdatesController:
    """Add "Check for Updates" and the updated badges to ``window`` (kept as ``window.updates``)."""
    window.updates = UpdatesController(window)
    return window.updates
