"""Side-by-side comparison: old text left, new text right, sections level, driven by keys."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor, QTextDocument, QTextTable
from ui_helpers import (
    SEED_FILES,
    add_file,
    click_row,
    find_row,
    formats_at,
    rendered_layouts,
)

from policyviewer.core.model import Comparison, DocSummary, SectionChange, Stats
from policyviewer.ui.diff_view import DiffView
from policyviewer.ui.theme import load_theme

LIGHT = load_theme("light")
SIDE_BY_SIDE_KEYS = (Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier
                     | Qt.KeyboardModifier.ShiftModifier)


def tables(doc: QTextDocument) -> list[QTextTable]:
    return [f for f in doc.rootFrame().childFrames() if isinstance(f, QTextTable)]


def column_of(doc: QTextDocument, position: int) -> int | None:
    """Table column (0 = old, 1 = new) holding ``position``, None outside tables."""
    cursor = QTextCursor(doc)
    cursor.setPosition(position)
    table = cursor.currentTable()
    return None if table is None else table.cellAt(cursor).column()


def formatted(doc: QTextDocument, word: str) -> tuple[int, QTextCursor]:
    """Column and a cursor just inside ``word`` (its first occurrence in a table)."""
    found = doc.find(word)
    while not found.isNull() and column_of(doc, found.selectionStart()) is None:
        found = doc.find(word, found)
    assert not found.isNull(), word
    inside = QTextCursor(doc)
    inside.setPosition(found.selectionStart() + 1)
    return column_of(doc, found.selectionStart()), inside


def write_versions(tmp_path: Path) -> tuple[Path, Path]:
    text = SEED_FILES[0].read_text(encoding="utf-8")
    lines = text.splitlines()
    target = next(i for i, line in enumerate(lines)
                  if i > len(lines) // 2 and len(line.split()) > 12)
    words = lines[target].split()
    words[5] = "quarterly"
    lines[target] = " ".join(words) + " We never sell biometric templates."
    v1, v2 = tmp_path / "acme-v1.txt", tmp_path / "acme-v2.txt"
    v1.write_text(text, encoding="utf-8")
    v2.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return v1, v2


def open_comparison(make_window, qtbot, tmp_path, db_path, settings=None):
    v1, v2 = write_versions(tmp_path)
    add_file(db_path, v1, "Acme")
    add_file(db_path, v2, "Acme")
    window = make_window(db_path, settings)
    with qtbot.waitSignal(window.viewReady, timeout=20000):
        click_row(qtbot, window.library_view, find_row(window.library_model, "v2", "Acme"))
    return window


def test_shortcut_puts_old_left_and_new_right(make_window, qtbot, tmp_path, db_path):
    window = open_comparison(make_window, qtbot, tmp_path, db_path)
    assert tables(window.diff.document()) == []  # inline by default
    inline_changes = window.diff.change_count()
    with qtbot.waitSignal(window.viewReady, timeout=20000):
        qtbot.keyClick(window.diff, *SIDE_BY_SIDE_KEYS)
    assert window.actions_.side_by_side.isChecked()
    doc = window.diff.document()
    assert tables(doc), "side by side draws each section as a two-column row"
    column, cursor = formatted(doc, "quarterly")
    assert column == 1
    assert cursor.charFormat().background().color() == LIGHT.color("insert")
    column, cursor = formatted(doc, "biometric")
    assert column == 1
    # The replaced word is struck through in the old (left) column only.
    struck = [c for c in range(doc.characterCount()) if _struck(doc, c)]
    assert struck and {column_of(doc, p) for p in struck} == {0}
    # F8 walks the same changes as inline, and lands in a column.
    assert window.diff.change_count() == inline_changes
    window.diff.setFocus()
    qtbot.keyClick(window.diff, Qt.Key.Key_F8)
    assert window.diff.current_change() == 0
    assert column_of(doc, window.diff.textCursor().position()) in (0, 1)
    with qtbot.waitSignal(window.viewReady, timeout=20000):
        qtbot.keyClick(window.diff, *SIDE_BY_SIDE_KEYS)
    assert tables(window.diff.document()) == []


def _struck(doc: QTextDocument, position: int) -> bool:
    cursor = QTextCursor(doc)
    cursor.setPosition(position)
    cursor.movePosition(QTextCursor.MoveOperation.NextCharacter,
                        QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText().strip() != "" and cursor.charFormat().fontStrikeOut()


def test_side_by_side_survives_a_restart(make_window, qtbot, tmp_path, db_path):
    settings = tmp_path / "sbs.ini"
    window = open_comparison(make_window, qtbot, tmp_path, db_path, settings)
    with qtbot.waitSignal(window.viewReady, timeout=20000):
        window.actions_.side_by_side.trigger()
    window.close()
    again = make_window(db_path, settings)
    assert again.actions_.side_by_side.isChecked()
    qtbot.waitUntil(lambda: again.view is not None and not again.diff.is_rendering()
                    and again.diff.comparison is not None, timeout=20000)
    assert tables(again.diff.document())


def test_sections_start_level_and_outline_anchors_point_at_headings(qtbot):
    first = SectionChange("modified", "Retention", "Retention", None, None, spans=(
        ("=", "We keep data for "), ("-", "30 days"), ("+", "2 years"), ("=", ".")),
        old_index=0, new_index=0)
    added = SectionChange("added", None, "Children", None, None,
                          spans=(("+", "We do not collect data from children."),),
                          new_index=1)
    cmp = Comparison(DocSummary("old", 6, 1), DocSummary("new", 12, 2), Stats(words_added=8),
                     (first, added), (), first.spans + added.spans)
    view = DiffView()
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.rendered, timeout=5000):
        view.show_comparison(cmp, LIGHT, side_by_side=True)
    doc = view.document()
    rows = tables(doc)
    assert len(rows) == 3  # column titles, then one row per section
    assert rows[1].cellAt(0, 0).firstCursorPosition().block().text().startswith("We keep")
    assert rows[1].cellAt(0, 1).firstCursorPosition().block().text().startswith("We keep")
    # The added section: nothing on the left, its text on the right, one change.
    assert rows[2].cellAt(0, 0).firstCursorPosition().block().text() == ""
    assert "children" in rows[2].cellAt(0, 1).firstCursorPosition().block().text()
    assert view.change_count() == 2
    for key, heading in ((0, "Retention"), (1, "Children")):
        assert heading in doc.findBlock(view.anchor_position(key)).text()
        assert view.scroll_to_key(key)
    # Reading in the right column of a section tells the outline which section it is.
    assert view.key_at(rows[2].cellAt(0, 1).firstPosition()) == 1


def test_emoji_and_nbsp_do_not_shift_highlights_in_columns(qtbot):
    spans = (("=", "Hi 😀😀\u00a0there, we keep "), ("+", "all"), ("=", " your data 🎉 and "),
             ("-", "nothing"), ("=", " else."))
    change = SectionChange("modified", "Hello", "Hello", None, None, spans=spans,
                           old_index=0, new_index=0)
    cmp = Comparison(DocSummary("old", 10, 1), DocSummary("new", 11, 1), Stats(words_added=1),
                     (change,), (), spans)
    view = DiffView()
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.rendered, timeout=5000):
        view.show_comparison(cmp, LIGHT, side_by_side=True)
    doc = view.document()
    column, cursor = formatted(doc, "all")
    assert column == 1 and cursor.charFormat().background().color() == LIGHT.color("insert")
    column, cursor = formatted(doc, "nothing")
    assert column == 0 and cursor.charFormat().fontStrikeOut()
    # Each change range covers exactly its word.
    ranges = [view.change_range(i) for i in range(view.change_count())]
    picked = []
    for start, end, _section in ranges:
        c = QTextCursor(doc)
        c.setPosition(start)
        c.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        picked.append(c.selectedText())
    assert picked == ["all", "nothing"]


def test_rows_end_at_shared_line_breaks_never_inside_a_change():
    from policyviewer.ui.diff_columns import split_rows

    body = (("=", "First paragraph.\n\nSecond "), ("-", "old"), ("=", "\n\n"), ("+", "new"),
            ("=", " words.\n\nThird.\nFourth."))
    rows = split_rows(body, [(1, 4)])  # "-old", the blank gap and "+new": one change
    texts = ["".join(text for _op, text in row) for row, _runs, _olds in rows]
    assert texts == ["First paragraph.\n\n", "Second old\n\nnew words.\n\n", "Third.\n",
                     "Fourth."]
    assert [runs for _row, runs, _olds in rows] == [[], [(1, 4)], [], []]


def test_moved_paragraph_reads_as_moved_in_both_layouts(qtbot):
    from policyviewer.core.compare import compare_texts

    old = SEED_FILES[0].read_text(encoding="utf-8")
    lines = old.split("\n")
    moving = max(lines, key=len)  # a long paragraph, moved to the end
    lines.remove(moving)
    new = "\n".join([*lines, moving])
    cmp = compare_texts(old, new)
    assert cmp.moved
    probe = moving.split()[3]
    for view in rendered_layouts(qtbot, cmp, LIGHT):
        doc = view.document()
        styles = [(f.background().color() == LIGHT.color("moved"), f.fontStrikeOut(),
                   f.toolTip().split(" “")[0]) for f in formats_at(doc, probe)]
        # Where it left: struck, "Moved to"; where it arrived: "Moved here from".
        assert (True, True, "Moved to") in styles
        assert (True, False, "Moved here from") in styles
        assert "moved (" in doc.toPlainText()  # the summary counts the moved words


def test_paragraph_moved_and_edited_reads_as_moved_with_its_edit(qtbot):
    # Found by its old wording where it left and its new wording where it arrived;
    # the tooltips say what changed on the way.
    from policyviewer.core.compare import compare_texts

    old = next(p for p in SEED_FILES if p.name == "jestor.txt").read_text(encoding="utf-8")
    line = next(x for x in old.split("\n") if x.startswith("We may also use tools"))
    new = old.replace(line + "\n", "").replace(
        "5. Managing your organization data\n",
        "5. Managing your organization data\n" + line.replace("tools", "services") + "\n")
    cmp = compare_texts(old, new)
    assert [m.edited for m in cmp.moved] == [True]
    view = DiffView()
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.rendered, timeout=5000):
        view.show_comparison(cmp, LIGHT)
    doc = view.document()
    tips = {}
    for probe in ("use tools, including", "use services, including"):
        found = doc.find(probe)
        assert not found.isNull(), probe
        inside = QTextCursor(doc)
        inside.setPosition(found.selectionStart() + 1)
        fmt = inside.charFormat()
        assert fmt.background().color() == LIGHT.color("moved")
        tips[probe] = (fmt.fontStrikeOut(), fmt.toolTip())
    assert tips["use tools, including"][0] and not tips["use services, including"][0]
    assert tips["use tools, including"][1].startswith("Moved to “5. Managing")
    assert tips["use services, including"][1].startswith("Moved here from “Information")
    for _struck, tip in tips.values():
        assert tip.endswith("edited: “tools” → “services” (2 times)")


def test_a_moved_sentence_inside_a_changed_line_reads_as_moved_in_both_layouts(qtbot):
    from policyviewer.core.compare import compare_texts

    old = ("1. Data\n\nWe collect your name and many other details about you. For example, "
           "when you sign up we ask for your email address and phone number.\n\n"
           "2. Use\n\nWe use data.\n")
    new = ("1. Data\n\nWe collect your name.\n\n2. Use\n\nWe use data for many purposes "
           "described in this policy, as you would expect. For example, when you sign up we "
           "ask for your email address and phone number. That is all of it.\n")
    cmp = compare_texts(old, new)
    for view in rendered_layouts(qtbot, cmp, LIGHT):
        doc = view.document()

        def style(word: str, doc: QTextDocument = doc) -> list[tuple[bool, bool]]:
            return [(f.background().color() == LIGHT.color("moved"), f.fontStrikeOut())
                    for f in formats_at(doc, word)]

        # The moved sentence: struck where it left, plain where it arrived, both "moved";
        # the rest of the changed lines keeps the deletion and insertion colours.
        assert sorted(style("phone number")) == [(True, False), (True, True)]
        assert style("many other details") == [(False, True)]
        assert style("many purposes") == [(False, False)]


def test_a_split_off_section_shows_all_its_text_in_both_columns(qtbot):
    # A section split off in place is "added" yet holds the old text it took with it,
    # edited: its spans are several, and drawing only the first dropped the rest.
    from policyviewer.core.compare import compare_texts

    rights = ("If you live in California you may ask us to delete the information we hold "
              "about you and your account.")
    old = ("Privacy Policy\n\nThis policy explains how Acme handles your information.\n\n"
           f"Your Rights\n\nYou can ask us for a copy of your information.\n\n{rights}\n\n"
           "Sharing\n\nWe share your information with service providers.\n")
    new = old.replace(rights, "California Rights\n\n" + rights.replace("hold", "keep"))
    cmp = compare_texts(old, new)
    split = next(c for c in cmp.sections if c.new_heading == "California Rights")
    assert split.status == "added" and split.carried and len(split.spans) > 2
    view = DiffView()
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.rendered, timeout=5000):
        view.show_comparison(cmp, LIGHT, side_by_side=True)
    doc = view.document()
    assert formatted(doc, "keep")[0] == 1
    assert formatted(doc, "hold")[0] == 0
    assert doc.toPlainText().count("about you and your account") == 2  # in both columns


def test_the_old_column_shows_the_old_wording_of_text_both_versions_share(qtbot):
    # An item inserted at the top of a numbered list renumbers the rest: layout, not a
    # change, but the old column must still read "1. your name", as the old version did.
    from policyviewer.core.compare import compare_texts

    old = ("Intro.\n\n1. Share\n\nWe share:\n\n1. your name;\n2. your email;\n3. your phone."
           "\n\nThat is “all”.\n\n2. Keep\n\nWe keep it.\n")
    new = ("Intro.\n\n1. Share\n\nWe share:\n\n1. your address;\n2. your name;\n3. your email;"
           "\n4. your phone.\n\nThat is \"all\".\n\n2. Keep\n\nWe keep it.\n")
    view = DiffView()
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.rendered, timeout=5000):
        view.show_comparison(compare_texts(old, new), LIGHT, side_by_side=True)
    left, right = [], []
    for frame in view.document().rootFrame().childFrames():
        if isinstance(frame, QTextTable) and frame.columns() == 2:
            for column, out in ((0, left), (1, right)):
                cell = frame.cellAt(0, column)
                c = cell.firstCursorPosition()
                c.setPosition(cell.lastPosition(), QTextCursor.MoveMode.KeepAnchor)
                out.append(c.selectedText().replace("\u2029", "\n"))
    old_column, new_column = "\n".join(left), "\n".join(right)
    assert "1. your name;" in old_column and "3. your phone." in old_column
    assert "That is “all”." in old_column
    assert "2. your name;" in new_column and "4. your phone." in new_column
    assert 'That is "all".' in new_column
