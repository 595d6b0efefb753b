"""Search, paragraph history and the timeline in the real window, driven as a user does."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QTreeWidget

from policyviewer.core.compare import compare_documents
from policyviewer.core.library import Library
from policyviewer.core.library.samples import seed_samples
from policyviewer.ui import search_panel, timeline
from policyviewer.ui.search_panel import qt_position

SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


@pytest.fixture
def samples_db(tmp_path: Path) -> Path:
    db = tmp_path / "library.sqlite"
    with Library.open(db) as lib:
        seed_samples(lib)
    return db


def ready(window):
    # The window installs the search panel, paragraph history and timeline itself.
    assert isinstance(window.search_panel, search_panel.SearchPanel)
    assert window.findChild(QDockWidget, "timelineDock") is window.timeline_dock
    return window


def marked_text(reader) -> list[str]:
    return [sel.cursor.selectedText() for sel in reader.extraSelections()]


def test_search_box_opens_the_version_at_the_highlighted_hit(make_window, qtbot, samples_db):
    window = ready(make_window(samples_db))
    panel = window.search_panel
    window.search_action.trigger()
    assert window.search_dock.isVisible()
    qtbot.keyClicks(panel.query, '"personal information"')
    qtbot.waitUntil(lambda: panel.results.count() > 0, timeout=10000)
    assert "matching section" in panel.status.text()
    item = panel.results.item(2)
    hit = item.data(search_panel.HIT_ROLE)
    assert item.text().startswith(f"{hit.policy}@{hit.version}") and hit.snippet in item.text()
    with qtbot.waitSignal(window.viewReady, timeout=30000):
        rect = panel.results.visualItemRect(item)
        qtbot.mouseClick(panel.results.viewport(), Qt.MouseButton.LeftButton,
                         pos=rect.center())  # fmt: skip
    qtbot.waitUntil(lambda: bool(marked_text(window.reader)), timeout=10000)
    assert window.view.new.id == hit.version_id
    assert window.stack.currentWidget() is window.reader
    assert [" ".join(t.split()).casefold() for t in marked_text(window.reader)] == [
        "personal information"
    ]
    # The hit is scrolled into view.
    cursor_rect = window.reader.cursorRect()
    assert window.reader.viewport().rect().intersects(cursor_rect)


def test_all_versions_and_malformed_queries(make_window, qtbot, samples_db):
    window = ready(make_window(samples_db))
    panel = window.search_panel
    panel.query.setText("firefox")
    panel.run_search()
    qtbot.waitUntil(lambda: panel.results.count() > 0, timeout=10000)
    latest = panel.results.count()
    panel.all_versions.setChecked(True)
    qtbot.waitUntil(lambda: panel.results.count() > latest, timeout=10000)
    panel.query.setText('"unclosed')
    panel.run_search()
    assert panel.results.count() == 0
    assert "quotation mark is not closed" in panel.status.text()
    panel.query.setText("zyxwvut")
    panel.run_search()
    qtbot.waitUntil(lambda: panel.status.text().startswith("No matches"), timeout=10000)


def test_paragraph_history_from_the_reader_context_menu(make_window, qtbot, samples_db):
    window = ready(make_window(samples_db))
    with qtbot.waitSignal(window.viewReady, timeout=30000):
        window.select_version(window.library.get_policy("Mozilla").id, 5)
    window.set_mode("reader")
    text = window.view.text
    qtbot.waitUntil(lambda: window.reader.document().characterCount() > len(text) // 2)
    sentence = "Firefox"
    offset = text.index(sentence)
    position = qt_position(text, offset)
    cursor = window.reader.textCursor()
    cursor.setPosition(position)
    window.reader.setTextCursor(cursor)
    window.reader.ensureCursorVisible()
    pos = window.reader.cursorRect(cursor).center()
    assert window.reader.viewport().rect().contains(pos)
    window.reader.customContextMenuRequested.emit(QPoint(pos))
    menu = window._reader_menu
    action = next(a for a in menu.actions() if a.objectName() == "paragraphHistoryAction")
    assert action.isEnabled()
    menu.close()
    action.trigger()
    qtbot.waitUntil(lambda: getattr(window, "history_dialog", None) is not None, timeout=20000)
    dialog = window.history_dialog
    table = dialog.findChild(QTreeWidget, "historyTable")
    assert table.topLevelItemCount() == 5
    assert [table.topLevelItem(i).text(0) for i in range(5)] == ["1", "2", "3", "4", "5"]
    # The paragraph shown for the latest version is the one right-clicked.
    assert sentence in table.topLevelItem(4).text(3)
    assert dialog.history.versions[-1].present
    assert "still in the latest version" in dialog.findChild(QLabel, "historySummary").text()
    # Double-clicking an older version opens it at that version's paragraph.
    older = next(v for v in dialog.history.versions if v.present and v.number < 5)
    table.itemActivated.emit(table.topLevelItem(older.number - 1), 0)
    qtbot.waitUntil(lambda: window.view.new.number == older.number, timeout=30000)
    qtbot.waitUntil(lambda: bool(marked_text(window.reader)), timeout=10000)
    marked = " ".join(marked_text(window.reader)[0].replace("\u2029", " ").split())
    assert marked == " ".join(older.paragraph.split())
    dialog.close()


def test_timeline_shows_change_sizes_and_opens_a_version(make_window, qtbot, samples_db):
    window = ready(make_window(samples_db))
    dock = window.timeline_dock
    assert not dock.isVisible()  # opened on request, from the View menu
    with qtbot.waitSignal(window.viewReady, timeout=30000):
        window.select_version(window.library.get_policy("Mozilla").id, 2)
    assert dock.timeline.changes == []  # nothing computed while hidden
    dock.toggleViewAction().trigger()
    qtbot.waitUntil(lambda: len(dock.timeline.changes) == 5, timeout=30000)
    lib = window.library
    versions = lib.versions("Mozilla")
    changes = dock.timeline.changes
    assert changes[0].size == 0 and all(c.size > 0 for c in changes[1:])
    # The tallest bar is the version whose comparison with the previous changed most.
    sizes = []
    for prev, cur in itertools.pairwise(versions):
        stats = compare_documents(lib.document(prev), lib.document(cur)).stats
        sizes.append((stats.words_added + stats.words_removed, cur.number))
    assert max(changes[1:], key=lambda c: c.size).number == max(sizes)[1]
    dock.timeline.repaint()
    bars = dock.timeline.bar_rects()
    assert [n for _, n in bars] == [1, 2, 3, 4, 5]
    biggest = max(dock.timeline.changes[1:], key=lambda c: c.size)
    rect = next(r for r, n in bars if n == biggest.number)
    with qtbot.waitSignal(window.viewReady, timeout=30000):
        qtbot.mouseClick(dock.timeline, Qt.MouseButton.LeftButton,
                         pos=rect.center().toPoint())  # fmt: skip
    qtbot.waitUntil(lambda: window.view.new.number == biggest.number, timeout=30000)
    assert window.view.old is not None and window.view.old.number == biggest.number - 1
    described = timeline.describe("Mozilla", dock.timeline.changes)
    assert f"{biggest.number}. {biggest.date}: +{biggest.words_added:,}" in described
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    window.search_dock.show()
    window.search_panel.query.setText("cookies")
    window.search_panel.run_search()
    qtbot.waitUntil(lambda: window.search_panel.results.count() > 0, timeout=10000)
    assert window.grab().save(str(SCREENSHOTS / "search-timeline.png"))
