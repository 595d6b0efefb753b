"""Reader and diff panes: indented paragraphs wrap under their own text."""

from __future__ import annotations

from policyviewer.core.compare import compare_texts
from policyviewer.core.outline import parse_outline
from policyviewer.ui.diff_view import DiffView
from policyviewer.ui.reader_view import ReaderView
from policyviewer.ui.theme import load_theme


def test_indented_paragraphs_get_a_hanging_indent_and_keep_their_text(qtbot):
    cell = "Historic location data is deleted once we have the result. " * 6
    text = f"Privacy Policy\n\nWe collect data.\n\n        {cell.strip()}\n\n  * A list item\n"
    view = ReaderView()
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.rendered, timeout=5000):
        view.show_document(text, parse_outline(text), load_theme("light"))
    doc = view.document()
    assert doc.toPlainText() == text  # the spaces stay: offsets still map
    blocks = {}
    block = doc.begin()
    while block.isValid():
        blocks[block.text().strip()[:20]] = block.blockFormat()
        block = block.next()
    table, item = blocks["Historic location da"], blocks["* A list item"]
    plain = blocks["We collect data."]
    # Wrapped lines start where the text starts: margin = the spaces' width, the
    # first line pulled back by as much.
    assert table.leftMargin() > item.leftMargin() > 0
    assert table.textIndent() == -table.leftMargin()
    assert item.textIndent() == -item.leftMargin()
    assert plain.leftMargin() == 0 and plain.textIndent() == 0


def test_the_diff_pane_hangs_indented_paragraphs_in_both_layouts(qtbot):
    cell = "Historic location data is deleted once we have the result. " * 6
    old = f"Privacy Policy\n\nWe collect data.\n\n        {cell.strip()}\n"
    new = old.replace("is deleted", "is erased")
    cmp = compare_texts(old, new)
    for side_by_side in (False, True):
        view = DiffView()
        qtbot.addWidget(view)
        with qtbot.waitSignal(view.rendered, timeout=5000):
            view.show_comparison(cmp, load_theme("light"), side_by_side=side_by_side)
        block = view.document().begin()
        hung = []
        while block.isValid():
            if block.text().startswith("        Historic"):
                hung.append((block.blockFormat().leftMargin(), block.blockFormat().textIndent()))
            block = block.next()
        assert hung and all(m > 0 and t == -m for m, t in hung), (side_by_side, hung)


def test_indentation_opening_a_changed_line_is_not_highlighted(qtbot):
    from PySide6.QtGui import QTextCursor
    from ui_helpers import SEED_FILES

    old = next(p for p in SEED_FILES if p.name == "jestor.txt").read_text(encoding="utf-8")
    anchor = "We may also use tools"
    added = ("        Partners get the data we list here in full.\n"
             "        Vendors get only what they need for support.\n")
    new = old.replace(anchor, added + anchor)
    theme = load_theme("light")
    for side_by_side in (False, True):
        view = DiffView()
        qtbot.addWidget(view)
        with qtbot.waitSignal(view.rendered, timeout=5000):
            view.show_comparison(compare_texts(old, new), theme, side_by_side=side_by_side)
        doc = view.document()
        found = doc.find("Vendors get only")  # its indentation lies inside the insertion
        assert not found.isNull()

        def background_at(pos: int, doc=doc):
            cursor = QTextCursor(doc)
            cursor.setPosition(pos + 1)  # the format of the character at pos
            return cursor.charFormat().background().color()

        start = found.selectionStart()
        assert doc.characterAt(start - 1) == " "
        assert background_at(start) == theme.color("insert")
        assert background_at(start - 1) != theme.color("insert"), side_by_side
