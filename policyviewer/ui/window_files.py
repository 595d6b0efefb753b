"""Adding versions to the library and sending comparisons out of the window.

A mixin of ``MainWindow``: drag and drop, Open (Ctrl+O), paste as a new version, the
sample policies, removing versions, print and export. The work itself runs in the
compute processes (``ui/compute.py``) through the window's ``TaskRunner``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from policyviewer.core.errors import PolicyViewerError
from policyviewer.ui import compute, services

FILE_FILTER = (
    "Policies (*.txt *.md *.markdown *.html *.htm *.pdf *.docx);;All files (*)"
)


class FileActionsMixin:
    """Needs from the window: ``library``, ``runner``, ``settings``, ``view``, ``mode``,
    ``refresh_library``, ``show_versions``, ``selected_policy_name``, ``show_error``..."""

    # -- adding versions ------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _local_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if _local_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = _local_paths(event.mimeData())
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        new_policy = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        self.add_files(paths, new_policy=new_policy)

    def open_files(self, new_policy: bool = False) -> None:
        start = str(self.settings.value("last_folder", str(Path.home())))
        names, _ = QFileDialog.getOpenFileNames(self, "Add policy versions", start, FILE_FILTER)
        if names:
            self.settings.setValue("last_folder", str(Path(names[0]).parent))
            self.add_files([Path(n) for n in names], new_policy=new_policy)

    def add_files(self, paths: list[Path], new_policy: bool = False) -> None:
        """Import ``paths`` as new versions of the selected policy (or a new policy)."""
        policy = None if new_policy else self.selected_policy_name()
        db = str(self.library.path)
        noun = "file" if len(paths) == 1 else "files"
        self.runner.submit("import",
                           lambda: compute.run(compute.import_files_job, db, paths, policy),
                           f"Importing {len(paths)} {noun}…")

    def paste_version(self) -> None:
        text = QGuiApplication.clipboard().text()
        policy = self.selected_policy_name()
        db = str(self.library.path)
        self.runner.submit("import",
                           lambda: compute.run(compute.import_text_job, db, text, policy),
                           "Adding the pasted text…")

    def add_samples(self) -> None:
        lib = self.library
        self.runner.submit("import", lambda: services.add_samples(lib), "Adding the samples…")

    def _on_imported(self, outcome: services.ImportOutcome) -> None:
        last = outcome.last
        if outcome.errors:
            self.show_error("\n".join(outcome.errors))
        elif last is not None and not last.created:
            self.show_info(f"This text is already in the library as {last.version.label}.")
        else:
            self.message_bar.hide()
        if last is not None:
            self.mode = "diff"
            self.refresh_library(select=(last.policy.id, last.version.number))
            if last.version.number == 1 and last.policy.versions > 1:
                # Dated before every other version: compare it with the one after it.
                newer = self.library.version(last.policy.id, 2)
                self.show_versions(newer, last.version)
        else:
            self.refresh_library()
            if self.library_model.rowCount() and not self.selected_versions():
                first = self.library_model.root().children[0].payload
                self.select_version(first.id, None)

    def remove_selected(self) -> None:
        versions = self.selected_versions()
        index = self.library_view.currentIndex()
        node = self.library_model.node(index)
        if node is None:
            return
        if node.kind == "policy":
            what = f"the policy “{node.payload.name}” and its {node.payload.versions} version(s)"
        elif len(versions) == 1:
            what = f"the version {versions[0].label}"
        else:
            return
        answer = QMessageBox.question(self, "Remove from library", f"Remove {what}?")
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            if node.kind == "policy":
                self.library.remove_policy(node.payload.id)
            else:
                self.library.remove_version(versions[0].policy_id, versions[0].number)
        except PolicyViewerError as exc:
            self.show_error(str(exc))
        self.view = None
        self.refresh_library()

    # -- printing and export -----------------------------------------------------------
    def _report_context(self) -> Any:
        from policyviewer.core.report.context import ReportContext

        view = self.view
        assert view is not None and view.old is not None
        return ReportContext(policy_name=view.new.policy_name, old_label=view.old.label,
                             new_label=view.new.label, old_date=view.old.date,
                             new_date=view.new.date)

    def print_comparison(self) -> None:
        printing = _printing()
        if printing is None or self.view is None or self.view.comparison is None:
            return
        try:
            printing.print_preview(self, self.view.comparison, self._report_context())
        except PolicyViewerError as exc:
            self.show_error(str(exc))

    def export_summary(self) -> None:
        printing = _printing()
        if printing is None or self.view is None or self.view.comparison is None:
            return
        try:
            printing.export_summary(self, self.view.comparison, self._report_context(), None,
                                    None)
        except PolicyViewerError as exc:
            self.show_error(str(exc))


def _local_paths(mime) -> list[Path]:
    if mime is None or not mime.hasUrls():
        return []
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile() and u.toLocalFile()]


# Checked without importing it: the report and print modules take ~0.2 s to import.
HAS_PRINTING = importlib.util.find_spec("policyviewer.ui.printing") is not None


def _printing() -> Any:
    try:
        from policyviewer.ui import printing
    except ImportError:
        return None
    return printing
