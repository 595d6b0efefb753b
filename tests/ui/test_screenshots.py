"""Screenshots of each main state, saved to out/screenshots/ for a person to look at.

The assertions check that each state really shows what it should (not an empty pane).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from ui_helpers import REPO

OUT = REPO / "out" / "screenshots"


def save(widget, name: str) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.png"
    assert widget.grab().save(str(path))
    return path


def test_screenshots_of_each_state(make_window, qtbot):
    window = make_window()
    assert window.stack.currentWidget() is window.empty_page
    save(window, "empty-library")
    with qtbot.waitSignal(window.viewReady, timeout=30000):
        qtbot.mouseClick(window.empty_page.samples_button, Qt.MouseButton.LeftButton)
    mozilla = window.library.get_policy("Mozilla")
    with qtbot.waitSignal(window.viewReady, timeout=30000):
        window.select_version(mozilla.id, 1)
    assert window.stack.currentWidget() is window.reader
    assert len(window.reader.toPlainText()) > 1000
    save(window, "reader")
    with qtbot.waitSignal(window.viewReady, timeout=30000):
        window.select_version(mozilla.id, 4)
    assert window.stack.currentWidget() is window.diff
    assert window.diff.change_count() > 0
    window.next_change()
    save(window, "diff")
    with qtbot.waitSignal(window.viewReady, timeout=30000):
        window.set_theme_preference("dark")
    assert window.palette().base().color().lightness() < 80
    save(window, "diff-dark")
    with qtbot.waitSignal(window.viewReady, timeout=30000):
        window.set_mode("reader")
    save(window, "reader-dark")
