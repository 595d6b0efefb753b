"""The main window: library and outline panels, reader/comparison area, drag and drop.

All slow work (imports, comparisons, samples) goes through ``TaskRunner`` channels,
so the window stays responsive and only the newest request's result is shown.
"""

from __future__ import annotations

import importlib
import importlib.util
import traceback
from typing import Any

from PySide6.QtCore import QByteArray, QItemSelectionModel, QSettings, Qt, QThreadPool, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from policyviewer import __version__
from policyviewer.core.errors import PolicyViewerError
from policyviewer.core.library import Library, VersionInfo
from policyviewer.ui import compute, services
from policyviewer.ui.actions import WindowActions
from policyviewer.ui.diff_view import DiffView
from policyviewer.ui.models import PAYLOAD_ROLE, LibraryModel, OutlineModel, TreeNode
from policyviewer.ui.reader_view import ReaderView
from policyviewer.ui.theme import Theme, choose_theme, palette_for
from policyviewer.ui.widgets import BadgeDelegate, EmptyLibraryPage, FindBar, MessageBar
from policyviewer.ui.window_files import HAS_PRINTING, FileActionsMixin
from policyviewer.ui.window_find import FindMixin
from policyviewer.ui.workers import TaskRunner

# Modules with ``install(window)``, each adding a feature to the window.
EXTENSIONS = ("policyviewer.ui.search_panel", "policyviewer.ui.updates")



class MainWindow(FindMixin, FileActionsMixin, QMainWindow):
    """``viewReady`` fires whenever the main area shows a newly loaded version/comparison."""

    viewReady = Signal()
    libraryChanged = Signal()

    def __init__(self, library: Library, settings: QSettings) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.library = library
        self.settings = settings
        self.theme_preference = str(settings.value("theme", "system"))
        self.theme: Theme = choose_theme(self.theme_preference)
        self.view: services.VersionView | None = None
        self.mode = str(settings.value("mode", "diff"))
        self.runner = TaskRunner(self)
        self._syncing = False
        self._pending_selection: tuple[int, int | None] | None = None
        self.setWindowTitle("PolicyViewer")
        self.setAcceptDrops(True)
        self._set_icon()
        QThreadPool.globalInstance().start(compute.start)  # warm the compute processes
        self._build()
        self.apply_theme()
        self.refresh_library()
        self._install_extensions()
        self._restore()

    # -- construction ------------------------------------------------------------------
    def _set_icon(self) -> None:
        try:
            from policyviewer.app_icon import app_icon_path

            self.setWindowIcon(QIcon(str(app_icon_path())))
        except (ImportError, OSError):
            pass

    def _build(self) -> None:
        self.library_model = LibraryModel(self)
        self.library_view = self._tree("libraryView", self.library_model, "Library")
        self.library_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.outline_model = OutlineModel(self)
        self.outline_view = self._tree("outlineView", self.outline_model, "Outline")
        self.badges = BadgeDelegate(self.theme, self.outline_view)
        self.outline_view.setItemDelegate(self.badges)

        self.reader = ReaderView()
        self.diff = DiffView()
        self.empty_page = EmptyLibraryPage()
        self.blank_page = QLabel("Select a policy in the library, or drop files here.")
        self.blank_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.blank_page.setObjectName("blankPage")
        self.stack = QStackedWidget()
        for w in (self.empty_page, self.blank_page, self.reader, self.diff):
            self.stack.addWidget(w)
        self.message_bar = MessageBar()
        self.find_bar = FindBar()
        self.find_bar.hide()
        main = QWidget()
        main_layout = QVBoxLayout(main)
        main_layout.setContentsMargins(0, 0, 0, 0)
        main_layout.setSpacing(0)
        main_layout.addWidget(self.message_bar)
        main_layout.addWidget(self.stack, 1)
        main_layout.addWidget(self.find_bar)

        self.side_split = QSplitter(Qt.Orientation.Vertical)
        self.side_split.setObjectName("sideSplitter")
        self.side_split.addWidget(self.library_view)
        self.side_split.addWidget(self.outline_view)
        self.side_split.setSizes([260, 440])
        self.main_split = QSplitter(Qt.Orientation.Horizontal)
        self.main_split.setObjectName("mainSplitter")
        self.main_split.addWidget(self.side_split)
        self.main_split.addWidget(main)
        self.main_split.setStretchFactor(1, 1)
        self.main_split.setSizes([300, 900])
        self.setCentralWidget(self.main_split)
        for w in (self.reader, self.diff, self.library_view, self.outline_view):
            w.setAcceptDrops(False)

        self.actions_ = a = WindowActions(self)
        a.build_menus()
        self.toolbar = a.build_toolbar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.status_label = QLabel("")
        self.progress = QProgressBar()
        self.progress.setObjectName("busyIndicator")
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(140)
        self.progress.setMaximumHeight(14)
        self.progress.hide()
        self.statusBar().addPermanentWidget(self.status_label)
        self.statusBar().addPermanentWidget(self.progress)
        self.resize(1200, 780)
        self._connect()

    def _tree(self, name: str, model: Any, title: str) -> QTreeView:
        view = QTreeView()
        view.setObjectName(name)
        view.setModel(model)
        view.setHeaderHidden(False)
        view.setUniformRowHeights(True)
        view.setAccessibleName(title)
        model.setObjectName(title)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        return view

    def _connect(self) -> None:
        a = self.actions_
        self.library_view.selectionModel().selectionChanged.connect(self._on_library_selection)
        self.outline_view.selectionModel().currentChanged.connect(self._on_outline_current)
        self.outline_view.clicked.connect(self._on_outline_clicked)
        self.reader.sectionVisible.connect(lambda k: self._select_outline("section", k))
        self.diff.sectionVisible.connect(lambda k: self._select_outline("change", k))
        self.diff.rendered.connect(self._on_diff_rendered)
        self.reader.rendered.connect(self._on_reader_rendered)
        self.diff.currentChangeChanged.connect(self._on_change_position)
        self.runner.finished.connect(self._on_task_done)
        self.runner.failed.connect(self._on_task_failed)
        self.runner.busy_changed.connect(self._on_busy)
        self.empty_page.samplesRequested.connect(self.add_samples)
        self.empty_page.openRequested.connect(self.open_files)
        self.find_bar.findRequested.connect(self.find_in_view)
        self.find_bar.closed.connect(self._on_find_closed)
        a.open.triggered.connect(self.open_files)
        a.open_new.triggered.connect(lambda: self.open_files(new_policy=True))
        a.paste.triggered.connect(self.paste_version)
        a.samples.triggered.connect(self.add_samples)
        a.export.triggered.connect(self.export_summary)
        a.print.triggered.connect(self.print_comparison)
        a.remove.triggered.connect(self.remove_selected)
        a.quit.triggered.connect(self.close)
        a.find.triggered.connect(self.open_find)
        a.find_next.triggered.connect(lambda: self.find_in_view(self.find_bar.edit.text(), False))
        a.find_previous.triggered.connect(
            lambda: self.find_in_view(self.find_bar.edit.text(), True))
        a.reader.triggered.connect(lambda: self.set_mode("reader"))
        a.comparison.triggered.connect(lambda: self.set_mode("diff"))
        a.only_changed.toggled.connect(lambda on: self._on_diff_option("only_changed", on))
        a.side_by_side.toggled.connect(lambda on: self._on_diff_option("side_by_side", on))
        a.zoom_in.triggered.connect(lambda: self._zoom(1))
        a.zoom_out.triggered.connect(lambda: self._zoom(-1))
        for key, action in a.theme_actions.items():
            action.triggered.connect(lambda _c=False, k=key: self.set_theme_preference(k))
        a.next_change.triggered.connect(self.next_change)
        a.previous_change.triggered.connect(self.previous_change)
        a.compare_previous.triggered.connect(self.compare_with_previous)
        a.compare_selected.triggered.connect(self._on_library_selection)
        a.compare_with_menu.aboutToShow.connect(self._fill_compare_with)
        a.about.triggered.connect(self.show_about)
        a.about_qt.triggered.connect(QApplication.aboutQt)
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(lambda _s: self._on_system_scheme())

    def _install_extensions(self) -> None:
        """Panels other modules add to the window (search dock, update checks), if present."""
        for name in EXTENSIONS:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name == name:
                    continue  # not part of this build
                module = None
                error: Exception = exc
            try:
                if module is not None:
                    module.install(self)
                    continue
            except Exception as exc:  # a broken extension must not stop the window
                error = exc
            traceback.print_exception(error)
            self.show_error(f"A part of the window could not be loaded ({name}): {error}")
        for dock in self.findChildren(QDockWidget):
            dock.hide()  # panels open on request; a saved layout may show them again

    # -- theme ---------------------------------------------------------------------------
    def apply_theme(self) -> None:
        self.setPalette(palette_for(self.theme))
        self.badges.theme = self.theme
        self.outline_view.viewport().update()
        for key, action in self.actions_.theme_actions.items():
            action.setChecked(key == self.theme_preference)
        if self.view is not None:
            self._render_view(force=True)

    def set_theme_preference(self, preference: str) -> None:
        self.theme_preference = preference
        self.settings.setValue("theme", preference)
        self.theme = choose_theme(preference)
        self.apply_theme()

    def _on_system_scheme(self) -> None:
        if self.theme_preference == "system":
            self.set_theme_preference("system")

    def _zoom(self, step: int) -> None:
        for view in (self.reader, self.diff):
            view.zoomIn(step) if step > 0 else view.zoomOut(-step)

    # -- library panel -------------------------------------------------------------------
    def refresh_library(self, select: tuple[int, int | None] | None = None) -> None:
        """Reload the library tree; ``select`` is ``(policy_id, version_number)``."""
        try:
            entries = [(p, self.library.versions(p)) for p in self.library.policies()]
        except PolicyViewerError as exc:
            self.show_error(str(exc))
            entries = []
        self.library_model.set_entries(entries)
        self.library_view.expandAll()
        if not entries:
            self.view = None
            self.outline_model.set_outline(None)
            self.stack.setCurrentWidget(self.empty_page)
        elif self.stack.currentWidget() is self.empty_page:
            self.stack.setCurrentWidget(self.blank_page)
        self._update_actions()
        if select is not None:
            self.select_version(*select)
        self.libraryChanged.emit()

    def select_version(self, policy_id: int, number: int | None = None) -> bool:
        """Select a version (None: the policy's latest) in the library, as a click would."""
        def wanted(node: TreeNode) -> bool:
            if node.kind == "policy" and node.payload.id == policy_id:
                return number is None and not node.children
            return (node.kind == "version" and node.payload.policy_id == policy_id
                    and ((number is None and node is node.parent.children[-1])
                         or node.payload.number == number))

        index = self.library_model.find(wanted)
        if not index.isValid():
            return False
        self.library_view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.library_view.scrollTo(index)
        return True

    def selected_versions(self) -> list[VersionInfo]:
        versions: list[VersionInfo] = []
        for index in self.library_view.selectionModel().selectedIndexes():
            node = self.library_model.node(index)
            if node is None:
                continue
            if node.kind == "version":
                versions.append(node.payload)
            elif node.kind == "policy" and node.children:
                versions.append(node.children[-1].payload)
        unique = {v.id: v for v in versions}
        return sorted(unique.values(), key=lambda v: (v.policy_id, v.number))

    def selected_policy_name(self) -> str | None:
        index = self.library_view.currentIndex()
        node = self.library_model.node(index)
        if node is None or not self.library_view.selectionModel().hasSelection():
            return None
        policy = node.payload if node.kind == "policy" else node.parent.payload
        return policy.name

    def _previous_of(self, version: VersionInfo) -> VersionInfo | None:
        if version.number <= 1:
            return None
        try:
            return self.library.version(version.policy_id, version.number - 1)
        except PolicyViewerError:
            return None

    def _on_library_selection(self, *_args: Any) -> None:
        versions = self.selected_versions()
        if not versions:
            return
        if len(versions) >= 2:
            self.show_versions(versions[-1], versions[0])
        else:
            self.show_versions(versions[0], self._previous_of(versions[0]))

    def show_versions(self, new: VersionInfo, old: VersionInfo | None) -> None:
        """Load ``new`` (compared with ``old``) off the UI thread; the newest request wins."""
        db = str(self.library.path)
        what = f"Comparing {old.label} with {new.label}…" if old else f"Opening {new.label}…"
        job = compute.load_view_job
        self.runner.submit("view", lambda: compute.run(job, db, new, old, channel="view"), what)
        self.settings.setValue("last/policy", new.policy_id)
        self.settings.setValue("last/version", new.number)
        self.settings.setValue("last/old", old.number if old else 0)

    def compare_with_previous(self) -> None:
        if self.view is not None:
            self.show_versions(self.view.new, self._previous_of(self.view.new))
            self.set_mode("diff")

    def _fill_compare_with(self) -> None:
        menu = self.actions_.compare_with_menu
        menu.clear()
        if self.view is None:
            menu.addAction("(select a version first)").setEnabled(False)
            return
        current = self.view.new
        for version in self.library.versions(current.policy_id):
            if version.id == current.id:
                continue
            action = menu.addAction(f"{version.label}")
            action.setCheckable(True)
            action.setChecked(self.view.old is not None and self.view.old.id == version.id)
            older, newer = sorted((version, current), key=lambda v: v.number)
            action.triggered.connect(
                lambda _c=False, o=older, n=newer: (self.show_versions(n, o),
                                                    self.set_mode("diff")))
        if menu.isEmpty():
            menu.addAction("(this policy has a single version)").setEnabled(False)

    # -- showing a version -----------------------------------------------------------------
    def _on_task_done(self, channel: str, result: Any) -> None:
        if channel == "view":
            self.view = result
            self._render_view()
        elif channel == "import":
            self._on_imported(result)

    def _on_task_failed(self, channel: str, message: str) -> None:
        if message:  # empty: a request superseded by a newer one
            self.show_error(message)

    def _render_view(self, force: bool = False) -> None:
        """Show ``self.view`` in the current mode; the other pane is built when first shown."""
        view = self.view
        assert view is not None
        if force:
            self.reader.shown_key = None
            self.diff.comparison = None
        mode = self.mode if view.comparison is not None else "reader"
        if view.comparison is None:
            self.diff.clear_view()
        self._show_mode(mode)
        self._fill_outline()
        title = view.new.label if view.old is None else f"{view.old.label} → {view.new.label}"
        self.setWindowTitle(f"{title} — PolicyViewer")

    def _ensure_rendered(self, mode: str) -> None:
        view = self.view
        if view is None:
            return
        if mode == "diff" and view.comparison is not None:
            if self.diff.comparison is not view.comparison:
                self.diff.show_comparison(view.comparison, self.theme,
                                          only_changed=self.actions_.only_changed.isChecked(),
                                          side_by_side=self.actions_.side_by_side.isChecked())
            elif not self.diff.is_rendering():
                self._announce()
        elif mode == "reader":
            if self.reader.shown_key is not view:
                self.reader.show_document(view.text, view.outline, self.theme, key=view)
            elif not self.reader.is_rendering():
                self._announce()

    def _on_reader_rendered(self) -> None:
        if self.view is not None and self.reader.shown_key is self.view \
                and self.stack.currentWidget() is self.reader:
            self._announce()

    def _on_diff_rendered(self) -> None:
        if self.view is not None and self.view.comparison is self.diff.comparison \
                and self.stack.currentWidget() is self.diff:
            self._announce()

    def _announce(self) -> None:
        view = self.view
        if view is None:
            return
        if view.comparison is None:
            self.status_label.setText(f"{view.new.label}: {len(view.text.split()):,} words")
            self.actions_.change_label.setText("First version")
        else:
            s = view.comparison.stats
            self.status_label.setText(
                f"+{s.words_added:,} / −{s.words_removed:,} words · "
                f"{s.sections_modified} modified · {s.sections_added} added · "
                f"{s.sections_removed} removed · {s.sections_moved} moved")
        self.viewReady.emit()

    def _fill_outline(self) -> None:
        view = self.view
        if view is None:
            self.outline_model.set_outline(None)
            return
        in_diff = self.mode == "diff" and view.comparison is not None
        self.outline_model.set_outline(view.outline, view.comparison, include_removed=in_diff)
        self.outline_view.expandAll()

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.settings.setValue("mode", mode)
        if self.view is None:
            self._update_actions()
            return
        if mode == "diff" and self.view.comparison is None:
            self.show_info("This is the policy's first version: there is nothing to compare "
                           "it with yet. Showing the text.")
            mode = "reader"
        self._fill_outline()
        self._show_mode(mode)

    def _show_mode(self, mode: str) -> None:
        self.stack.setCurrentWidget(self.diff if mode == "diff" else self.reader)
        self._ensure_rendered(mode)
        self.actions_.reader.setChecked(mode != "diff")
        self.actions_.comparison.setChecked(mode == "diff")
        self._update_actions()

    def current_text_view(self) -> ReaderView | DiffView | None:
        current = self.stack.currentWidget()
        return current if current in (self.reader, self.diff) else None

    def _on_diff_option(self, key: str, checked: bool) -> None:
        self.settings.setValue(key, checked)
        if self.view is not None and self.view.comparison is not None:
            self.diff.comparison = None  # re-render with the new option
            self.set_mode("diff")

    def _update_actions(self) -> None:
        a = self.actions_
        has_view = self.view is not None
        has_cmp = has_view and self.view.comparison is not None
        in_diff = has_cmp and self.stack.currentWidget() is self.diff
        for action in (a.next_change, a.previous_change):
            action.setEnabled(in_diff)
        a.comparison.setEnabled(has_cmp)
        a.reader.setEnabled(has_view)
        a.only_changed.setEnabled(has_cmp)
        a.side_by_side.setEnabled(has_cmp)
        a.compare_previous.setEnabled(has_view)
        a.print.setEnabled(has_cmp and HAS_PRINTING)
        a.export.setEnabled(has_cmp and HAS_PRINTING)
        a.find.setEnabled(has_view)
        a.remove.setEnabled(self.library_view.selectionModel().hasSelection())
        if not in_diff:
            a.change_label.setText("")

    # -- outline <-> views ------------------------------------------------------------------
    def _on_outline_clicked(self, index) -> None:
        self._on_outline_current(index, None)

    def _on_outline_current(self, index, _previous) -> None:
        if self._syncing or not index.isValid():
            return
        payload = index.data(PAYLOAD_ROLE)
        if payload is None:
            return
        if self.stack.currentWidget() is self.diff and payload.change_index is not None:
            self.diff.scroll_to_key(payload.change_index)
        elif payload.section_index is not None:
            if self.stack.currentWidget() is not self.reader:
                self._show_mode("reader")
            self.reader.scroll_to_key(payload.section_index)

    def _select_outline(self, kind: str, key: int) -> None:
        def wanted(node: TreeNode) -> bool:
            p = node.payload
            if p is None:
                return False
            return (p.change_index if kind == "change" else p.section_index) == key

        index = self.outline_model.find(wanted)
        if index.isValid():
            self._syncing = True
            try:
                self.outline_view.setCurrentIndex(index)
                self.outline_view.scrollTo(index)
            finally:
                self._syncing = False

    # -- change navigation -----------------------------------------------------------------
    def next_change(self) -> None:
        if self.stack.currentWidget() is self.diff and not self.diff.next_change():
            self.statusBar().showMessage("No more changes below", 3000)

    def previous_change(self) -> None:
        if self.stack.currentWidget() is self.diff and not self.diff.previous_change():
            self.statusBar().showMessage("No more changes above", 3000)

    def _on_change_position(self, index: int, total: int) -> None:
        noun = "change" if total == 1 else "changes"
        if total == 0:
            text = "No changes"
        elif index < 0:
            text = f"{total} {noun}"
        else:
            text = f"Change {index + 1} of {total}"
        self.actions_.change_label.setText(text)

    # -- messages, status, about ----------------------------------------------------------
    def show_error(self, text: str) -> None:
        self.message_bar.show_message(text, self.theme, error=True)

    def show_info(self, text: str) -> None:
        self.message_bar.show_message(text, self.theme, error=False)

    def _on_busy(self, label: str) -> None:
        self.progress.setVisible(bool(label))
        self.statusBar().showMessage(label)  # an empty label clears the message

    def show_about(self) -> None:
        QMessageBox.about(
            self, "About PolicyViewer",
            f"<h3>PolicyViewer {__version__}</h3>"
            "<p>Read privacy policies and see exactly what changed between their versions.</p>"
            f"<p>Library: <code>{self.library.path}</code></p>"
            "<p>Sample policies from Open Terms Archive (ODC-By). MIT licence.</p>")

    # -- settings ----------------------------------------------------------------------------
    def _restore(self) -> None:
        s = self.settings
        geometry = s.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = s.value("window_state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        for name, splitter in (("main_split", self.main_split), ("side_split", self.side_split)):
            state = s.value(name)
            if isinstance(state, QByteArray):
                splitter.restoreState(state)
        for key in ("only_changed", "side_by_side"):
            getattr(self.actions_, key).setChecked(_bool(s.value(key, False)))
        self.actions_.reader.setChecked(self.mode != "diff")
        self.actions_.comparison.setChecked(self.mode == "diff")
        try:
            policy = int(s.value("last/policy", 0) or 0)
            number = int(s.value("last/version", 0) or 0)
        except (TypeError, ValueError):
            policy = number = 0
        if policy and not self.select_version(policy, number or None):
            self.select_version(policy, None)

    def save_settings(self) -> None:
        s = self.settings
        s.setValue("geometry", self.saveGeometry())
        s.setValue("window_state", self.saveState())
        s.setValue("main_split", self.main_split.saveState())
        s.setValue("side_split", self.side_split.saveState())
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        super().closeEvent(event)


def _bool(value: Any) -> bool:
    return value in (True, "true", "1", 1)
