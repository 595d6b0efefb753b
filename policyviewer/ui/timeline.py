"""A policy's timeline (how much each version changed) and the history of a paragraph.

The timeline dock draws one bar per version at its date, as tall as the words
added + removed against the version before (the comparison's counts), so the
versions that changed most stand out. Sizes are computed off the UI thread and
cached by the pair of text hashes. Clicking a bar compares that version with the
one before it.
"""

from __future__ import annotations

import contextlib
from datetime import date as Date
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from policyviewer.core.history import (
    PassageHistory,
    VersionChange,
    change_sizes,
    paragraphs,
    passage_history,
)
from policyviewer.ui.workers import TaskRunner

MARGIN = 28


class TimelineWidget(QWidget):
    """Bars at each version's date, height = words changed; ``versionClicked(number)``."""

    versionClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineView")
        self.setAccessibleName("Policy timeline")
        self.setMinimumHeight(120)
        self.setMouseTracking(True)
        self.policy = ""
        self.changes: list[VersionChange] = []
        self.current: int | None = None
        self._bars: list[tuple[QRectF, int]] = []
        self.bar_color = QColor("#3d7bd9")
        self.peak_color = QColor("#d9534f")
        self.text_color = QColor("#333333")
        self.muted_color = QColor("#888888")

    def sizeHint(self) -> QSize:
        return QSize(600, 150)

    def set_changes(self, policy: str, changes: list[VersionChange]) -> None:
        self.policy = policy
        self.changes = changes
        self.setToolTip(describe(policy, changes))
        self.update()

    def bar_rects(self) -> list[tuple[QRectF, int]]:
        """(rectangle, version number) of each drawn bar, for clicks and tests."""
        return list(self._bars)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._bars = []
        w, h = self.width(), self.height()
        painter.setPen(self.text_color)
        if not self.changes:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No policy selected")
            return
        top, bottom = 22, h - 22
        left, right = MARGIN, w - MARGIN
        days = [Date.fromisoformat(c.date).toordinal() for c in self.changes]
        span = max(days[-1] - days[0], 1)
        peak = max((c.size for c in self.changes), default=0) or 1
        painter.setPen(QPen(self.muted_color, 1))
        painter.drawLine(left, bottom, right, bottom)
        bar_w = max(4.0, min(22.0, (right - left) / (2 * len(self.changes))))
        biggest = max(self.changes, key=lambda c: c.size)
        small = QFont(self.font())
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.85))
        painter.setFont(small)
        last_label_x = -1e9
        for c, day in zip(self.changes, days, strict=True):
            x = (
                left + (right - left) * (day - days[0]) / span
                if len(days) > 1
                else (left + right) / 2
            )
            height = (bottom - top) * c.size / peak if c.number > 1 else 3
            rect = QRectF(x - bar_w / 2, bottom - max(height, 2), bar_w, max(height, 2))
            color = self.peak_color if c is biggest and c.size else self.bar_color
            if c.number == 1:
                color = self.muted_color
            if self.current == c.number:
                painter.setPen(QPen(self.text_color, 2))
            else:
                painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawRect(rect)
            self._bars.append((QRectF(rect.left(), top, rect.width(), bottom - top), c.number))
            if x - last_label_x > 60:
                painter.setPen(self.muted_color)
                painter.drawText(QRectF(x - 40, bottom + 2, 80, 18), Qt.AlignmentFlag.AlignHCenter,
                                 c.date[:7])  # fmt: skip
                last_label_x = x
        if biggest.size:
            painter.setPen(self.text_color)
            painter.drawText(
                QRectF(left, 2, right - left, 18),
                Qt.AlignmentFlag.AlignLeft,
                f"{self.policy}: largest change in version {biggest.number} ({biggest.date}), "
                f"+{biggest.words_added:,} / −{biggest.words_removed:,} words",
            )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        for rect, number in self._bars:
            if rect.adjusted(-3, 0, 3, 0).contains(event.position()):
                self.versionClicked.emit(number)
                return
        super().mousePressEvent(event)


def describe(policy: str, changes: list[VersionChange]) -> str:
    """One line per version, for the tooltip and screen readers."""
    lines = [f"{policy}: words added + removed by each version"]
    for c in changes:
        what = "first version" if c.number == 1 else f"+{c.words_added:,} / −{c.words_removed:,}"
        lines.append(f"{c.number}. {c.date}: {what}")
    return "\n".join(lines)


class TimelineDock(QDockWidget):
    """Follows the window's current policy; computes sizes in a worker, cached."""

    def __init__(self, window: Any) -> None:
        super().__init__("Timeline", window)
        self.setObjectName("timelineDock")
        self.window_ = window
        self.timeline = TimelineWidget()
        self.setWidget(self.timeline)
        self.runner = TaskRunner(self)
        self.cache: dict[tuple[str, str], tuple[int, int]] = {}
        self.policy_id: int | None = None
        self.runner.finished.connect(self._on_sizes)
        self.runner.failed.connect(lambda _c, message: self.timeline.setToolTip(message))
        self.timeline.versionClicked.connect(self._open)
        window.viewReady.connect(self.refresh)
        self.visibilityChanged.connect(lambda shown: shown and self.refresh())
        window.libraryChanged.connect(lambda: self.refresh(force=True))

    def apply_theme(self, theme: Any) -> None:
        for attr, key in (("bar_color", "highlight"), ("peak_color", "delete_text"),
                          ("text_color", "text"), ("muted_color", "muted")):  # fmt: skip
            with contextlib.suppress(KeyError, AttributeError):
                setattr(self.timeline, attr, theme.color(key))
        self.timeline.update()

    def refresh(self, force: bool = False) -> None:
        view = self.window_.view
        if view is None or not self.isVisible():
            if force:
                self.policy_id = None  # recompute when shown
            return
        self.apply_theme(self.window_.theme)
        self.timeline.current = view.new.number
        self.timeline.update()
        if view.new.policy_id == self.policy_id and not force:
            return
        self.policy_id = view.new.policy_id
        lib, cache, policy = self.window_.library, self.cache, view.new.policy_id
        name = view.new.policy_name
        self.runner.submit("timeline", lambda: (name, change_sizes(lib, policy, cache)))

    def _on_sizes(self, _channel: str, result: tuple[str, list[VersionChange]]) -> None:
        self.timeline.set_changes(*result)

    def _open(self, number: int) -> None:
        if self.policy_id is None:
            return
        # As a click in the library would: the version, compared with the one before.
        if self.window_.select_version(self.policy_id, number) and number > 1:
            self.window_.set_mode("diff")


# -- the history of a paragraph --------------------------------------------------------


class HistoryDialog(QDialog):
    """The versions of a policy with what became of one paragraph in each."""

    def __init__(self, history: PassageHistory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paragraphHistoryDialog")
        self.setWindowTitle(f"History of a paragraph — {history.policy}")
        self.history = history
        summary = QLabel(summary_text(history))
        summary.setObjectName("historySummary")
        summary.setWordWrap(True)
        self.table = QTreeWidget()
        self.table.setObjectName("historyTable")
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels(["Version", "Date", "What happened", "Paragraph"])
        self.table.setColumnWidth(0, 70)
        self.table.setColumnWidth(1, 95)
        self.table.setColumnWidth(2, 160)
        for v in history.versions:
            what = {"added": "appears", "removed": "dropped", "absent": "not there"}.get(
                v.status, v.status
            )
            if v.match == "approximate":
                what += f" (≈ {v.similarity:.0%})"
            paragraph = " ".join((v.paragraph or "").split())
            item = QTreeWidgetItem([str(v.number), v.date, what, paragraph])
            item.setToolTip(3, paragraph)
            self.table.addTopLevelItem(item)
        self.table.itemActivated.connect(self._on_activated)
        self.table.setToolTip("Double-click a version to open it at this paragraph")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(820, 360)

    def _on_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        v = self.history.versions[self.table.indexOfTopLevelItem(item)]
        window = self.parent()
        if v.present and window is not None and hasattr(window, "library"):
            from policyviewer.ui.search_panel import open_range

            policy_id = window.library.get_policy(self.history.policy).id
            open_range(window, policy_id, v.number, v.version_id,
                       v.paragraph_start, v.paragraph_end)  # fmt: skip


def summary_text(history: PassageHistory) -> str:
    if not history.found:
        return "This paragraph is in none of the stored versions."
    first = history.versions[history.first_seen - 1]  # type: ignore[operator]
    text = f"First appears in version {first.number} ({first.date})"
    if history.last_seen is None:
        text += ", still in the latest version"
    else:
        last = history.versions[history.last_seen - 1]
        text += f", last seen in version {last.number} ({last.date})"
    changed = history.changed_in
    if changed:
        text += "; reworded in version" + ("s " if len(changed) > 1 else " ")
        text += ", ".join(str(n) for n in changed)
    return text + "."


def paragraph_at(text: str, offset: int) -> str | None:
    """The paragraph of ``text`` holding ``offset`` (or the next one), None if none."""
    for start, end in paragraphs(text):
        if offset < end or start >= offset:
            return text[start:end]
    return None


def show_paragraph_history(window: Any, position: int) -> None:
    """Trace the reader's paragraph at Qt ``position`` through the policy's versions."""
    from policyviewer.ui.search_panel import python_offset

    view = window.view
    if view is None:
        return
    passage = paragraph_at(view.text, python_offset(view.text, position))
    if passage is None:
        return
    lib, policy = window.library, view.new.policy_id
    runner = getattr(window, "_history_runner", None)
    if runner is None:
        runner = window._history_runner = TaskRunner(window)
        runner.finished.connect(lambda _c, h: _open_dialog(window, h))
        runner.failed.connect(lambda _c, message: window.show_error(message))
    runner.submit("history", lambda: passage_history(lib, policy, passage), "Tracing…")


def _open_dialog(window: Any, history: PassageHistory) -> None:
    dialog = HistoryDialog(history, window)
    window.history_dialog = dialog
    dialog.show()


def install(window: Any) -> TimelineDock:
    dock = TimelineDock(window)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    window.timeline_dock = dock
    action = dock.toggleViewAction()
    action.setText("&Timeline")
    for menu_action in window.menuBar().actions():
        if menu_action.menu() is not None and menu_action.text().replace("&", "") == "View":
            menu_action.menu().addAction(action)
    return dock
