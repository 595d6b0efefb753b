"""The real main window, driven the way a user drives it (clicks, drops, shortcuts)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTextBrowser, QTreeView
from ui_helpers import (
    SEED_FILES,
    add_file,
    click_row,
    drop_files,
    find_row,
    struck_words,
    words_with_background,
)

from policyviewer.ui.theme import load_theme

LIGHT = load_theme("light")
POLICY = SEED_FILES[0]


def write_versions(tmp_path: Path) -> tuple[Path, Path]:
    """A seed policy and a copy with one sentence changed and one added."""
    text = POLICY.read_text(encoding="utf-8")
    lines = text.splitlines()
    # A long line in the second half: inside a section, not the preamble.
    target = next(i for i, line in enumerate(lines)
                  if i > len(lines) // 2 and len(line.split()) > 12)
    words = lines[target].split()
    old_word = words[5]
    words[5] = "quarterly"
    lines[target] = " ".join(words) + " We never sell biometric templates."
    v1 = tmp_path / "acme-v1.txt"
    v2 = tmp_path / "acme-v2.txt"
    v1.write_text(text, encoding="utf-8")
    v2.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return v1, v2, old_word


def test_widgets_carry_the_contract_names(make_window):
    window = make_window()
    assert isinstance(window.findChild(QTreeView, "libraryView"), QTreeView)
    assert isinstance(window.findChild(QTreeView, "outlineView"), QTreeView)
    assert isinstance(window.findChild(QTextBrowser, "documentView"), QTextBrowser)
    assert isinstance(window.findChild(QTextBrowser, "diffView"), QTextBrowser)


def test_empty_library_offers_the_samples(make_window, qtbot):
    window = make_window()
    assert window.stack.currentWidget() is window.empty_page
    with qtbot.waitSignal(window.viewReady, timeout=30000):
        qtbot.mouseClick(window.empty_page.samples_button, Qt.MouseButton.LeftButton)
    names = [n.text for n in window.library_model.root().children]
    assert len(names) >= 5 and "Mozilla" in names
    assert window.stack.currentWidget() in (window.reader, window.diff)


def test_dropping_a_file_shows_the_highlighted_diff(make_window, qtbot, tmp_path, db_path):
    v1, v2, old_word = write_versions(tmp_path)
    add_file(db_path, v1, "Acme")
    window = make_window(db_path)
    with qtbot.waitSignal(window.viewReady, timeout=20000):
        click_row(qtbot, window.library_view, find_row(window.library_model, "Acme"))
    with qtbot.waitSignal(window.viewReady, timeout=20000):
        drop_files(window, [v2])
    assert window.stack.currentWidget() is window.diff
    assert window.view.new.number == 2 and window.view.old.number == 1
    doc = window.diff.document()
    inserted = " ".join(words_with_background(doc, LIGHT.color("insert")))
    assert "quarterly" in inserted and "biometric templates" in inserted
    assert old_word in " ".join(struck_words(doc))
    # The library now lists the new version under the same policy.
    policy = window.library_model.root().children[0]
    assert [c.payload.number for c in policy.children] == [1, 2]


def test_dropping_with_no_selection_creates_a_new_policy(make_window, qtbot, tmp_path):
    folder = tmp_path / "examplecorp"
    folder.mkdir()
    first = folder / "2024-01-01.txt"
    first.write_text(POLICY.read_text(encoding="utf-8"), encoding="utf-8")
    window = make_window()
    with qtbot.waitSignal(window.viewReady, timeout=20000):
        drop_files(window, [first])
    assert [n.text for n in window.library_model.root().children] == ["examplecorp"]
    assert window.stack.currentWidget() is window.reader  # a first version has nothing to diff


def test_bad_file_shows_a_message_not_a_crash(make_window, qtbot, tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 this is not really a pdf")
    window = make_window()
    drop_files(window, [bad])
    qtbot.waitUntil(lambda: window.message_bar.text() != "", timeout=20000)
    assert "broken.pdf" in window.message_bar.text()
    assert window.library_model.rowCount() == 0


def test_click_a_version_compares_it_with_the_previous(make_window, qtbot, tmp_path, db_path):
    v1, v2, _ = write_versions(tmp_path)
    add_file(db_path, v1, "Acme")
    add_file(db_path, v2, "Acme")
    window = make_window(db_path)
    with qtbot.waitSignal(window.viewReady, timeout=20000):
        click_row(qtbot, window.library_view, find_row(window.library_model, "v2", "Acme"))
    assert window.view.old.number == 1
    assert window.stack.currentWidget() is window.diff
    # The outline badges the changed section.
    badges = [n.badges for n in window.outline_model.root().walk() if n.badges]
    assert any("modified" in b for b in badges)
    with qtbot.waitSignal(window.viewReady, timeout=20000):
        click_row(qtbot, window.library_view, find_row(window.library_model, "v1", "Acme"))
    assert window.view.old is None and window.stack.currentWidget() is window.reader


def test_selecting_two_versions_compares_them(make_window, qtbot, tmp_path, db_path):
    v1, v2, _ = write_versions(tmp_path)
    v3 = tmp_path / "acme-v3.txt"
    v3.write_text(v2.read_text(encoding="utf-8") + "\nA final new paragraph about appeals.\n",
                  encoding="utf-8")
    for path in (v1, v2, v3):
        add_file(db_path, path, "Acme")
    window = make_window(db_path)
    with qtbot.waitSignal(window.viewReady, timeout=20000):
        click_row(qtbot, window.library_view, find_row(window.library_model, "v1", "Acme"))
    with qtbot.waitSignal(window.viewReady, timeout=20000):
        click_row(qtbot, window.library_view, find_row(window.library_model, "v3", "Acme"),
                  Qt.KeyboardModifier.ControlModifier)
    assert (window.view.old.number, window.view.new.number) == (1, 3)
    inserted = " ".join(words_with_background(window.diff.document(), LIGHT.color("insert")))
    assert "quarterly" in inserted and "appeals" in inserted


def test_shortcuts_navigate_changes_and_switch_views(make_window, qtbot, tmp_path, db_path):
    v1, v2, _ = write_versions(tmp_path)
    add_file(db_path, v1, "Acme")
    add_file(db_path, v2, "Acme")
    window = make_window(db_path)
    with qtbot.waitSignal(window.viewReady, timeout=20000):
        click_row(qtbot, window.library_view, find_row(window.library_model, "v2", "Acme"))
    total = window.diff.change_count()
    assert total >= 1
    window.diff.setFocus()
    qtbot.keyClick(window.diff, Qt.Key.Key_F8)
    assert window.diff.current_change() == 0
    assert window.actions_.change_label.text() == f"Change 1 of {total}"
    if total > 1:
        qtbot.keyClick(window.diff, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
        assert window.diff.current_change() == 1
        qtbot.keyClick(window.diff, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
        assert window.diff.current_change() == 0
    qtbot.keyClick(window.diff, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.reader
    qtbot.keyClick(window.reader, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.diff


def test_find_selects_the_match(make_window, qtbot, tmp_path, db_path):
    v1, _, _ = write_versions(tmp_path)
    add_file(db_path, v1, "Acme")
    window = make_window(db_path)
    with qtbot.waitSignal(window.viewReady, timeout=20000):
        click_row(qtbot, window.library_view, find_row(window.library_model, "v1", "Acme"))
    qtbot.keyClick(window.reader, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_bar.isVisible()
    qtbot.keyClicks(window.find_bar.edit, "privacy")
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Return)
    assert window.reader.textCursor().selectedText().lower() == "privacy"
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible()


def test_outline_click_scrolls_the_reader(make_window, qtbot, tmp_path, db_path):
    v1, _, _ = write_versions(tmp_path)
    add_file(db_path, v1, "Acme")
    window = make_window(db_path)
    with qtbot.waitSignal(window.viewReady, timeout=20000):
        click_row(qtbot, window.library_view, find_row(window.library_model, "v1", "Acme"))
    nodes = list(window.outline_model.root().walk())
    assert len(nodes) >= 3
    last = nodes[-1]
    click_row(qtbot, window.outline_view, window.outline_model.index_of(last))
    assert window.reader.verticalScrollBar().value() > 0
    heading_pos = window.reader.anchor_position(last.payload.section_index)
    assert window.reader.key_at(window.reader.top_position()) == last.payload.section_index \
        or window.reader.verticalScrollBar().value() == window.reader.verticalScrollBar().maximum()
    assert heading_pos is not None


def test_layout_and_selection_are_remembered(make_window, qtbot, tmp_path, db_path):
    v1, v2, _ = write_versions(tmp_path)
    add_file(db_path, v1, "Acme")
    add_file(db_path, v2, "Acme")
    settings = tmp_path / "remember.ini"
    window = make_window(db_path, settings)
    with qtbot.waitSignal(window.viewReady, timeout=20000):
        click_row(qtbot, window.library_view, find_row(window.library_model, "v1", "Acme"))
    window.main_split.setSizes([420, 780])
    window.close()
    assert settings.is_file()
    again = make_window(db_path, settings)
    qtbot.waitUntil(lambda: again.view is not None, timeout=20000)
    assert again.view.new.number == 1
    assert abs(again.main_split.sizes()[0] - 420) <= 10


@pytest.mark.parametrize("model_name", ["library_model", "outline_model"])
def test_item_models_pass_the_model_tester(make_window, qtbot, qtmodeltester, tmp_path, db_path,
                                           model_name):
    v1, v2, _ = write_versions(tmp_path)
    add_file(db_path, v1, "Acme")
    add_file(db_path, v2, "Acme")
    for seed in SEED_FILES[1:3]:
        add_file(db_path, seed, seed.stem)
    window = make_window(db_path)
    with qtbot.waitSignal(window.viewReady, timeout=20000):
        click_row(qtbot, window.library_view, find_row(window.library_model, "v2", "Acme"))
    model = getattr(window, model_name)
    assert model.rowCount() > 0
    qtmodeltester.check(model, force_py=True)


def test_paste_adds_a_new_version_and_compares(make_window, qtbot, tmp_path, db_path):
    from PySide6.QtGui import QGuiApplication

    v1, v2, _ = write_versions(tmp_path)
    add_file(db_path, v1, "Acme")
    window = make_window(db_path)
    with qtbot.waitSignal(window.viewReady, timeout=20000):
        click_row(qtbot, window.library_view, find_row(window.library_model, "v1", "Acme"))
    QGuiApplication.clipboard().setText(v2.read_text(encoding="utf-8"))
    with qtbot.waitSignal(window.viewReady, timeout=20000):
        qtbot.keyClick(window.reader, Qt.Key.Key_V,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert (window.view.old.number, window.view.new.number) == (1, 2)
    inserted = " ".join(words_with_background(window.diff.document(), LIGHT.color("insert")))
    assert "quarterly" in inserted


def test_only_changed_filter_from_the_toolbar(make_window, qtbot, tmp_path, db_path):
    v1, v2, _ = write_versions(tmp_path)
    add_file(db_path, v1, "Acme")
    add_file(db_path, v2, "Acme")
    window = make_window(db_path)
    with qtbot.waitSignal(window.viewReady, timeout=20000):
        click_row(qtbot, window.library_view, find_row(window.library_model, "v2", "Acme"))
    full = window.diff.document().toPlainText()
    with qtbot.waitSignal(window.viewReady, timeout=20000):
        window.actions_.only_changed.trigger()
    filtered = window.diff.document().toPlainText()
    assert "unchanged section" in filtered and len(filtered) < len(full)
    assert "quarterly" in filtered
