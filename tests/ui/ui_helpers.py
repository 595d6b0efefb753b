"""Helpers for driving the real window in tests: drops, clicks, reading char formats."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import QApplication

from policyviewer.core.importers import load_file
from policyviewer.core.library import Library

REPO = Path(__file__).resolve().parents[2]
SEED_FILES = sorted((REPO / "resources" / "samples").glob("*.txt"))
CORPUS_DIR = REPO.parent / "shared" / "corpus"

def add_file(db: Path, path: Path, policy: str) -> None:
    with Library.open(db) as lib:
        lib.add_version(policy, load_file(path), source=str(path))


def drop_files(window, paths: list[Path], modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """Send a real drag-enter + drop with file URLs to the window, as a file manager would."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    center = window.rect().center()
    enter = QDragEnterEvent(center, Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, modifiers)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(center), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, modifiers)
    QApplication.sendEvent(window, drop)


def click_row(qtbot, view, index, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    view.scrollTo(index)
    rect = view.visualRect(index)
    assert rect.isValid()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier,
                     QPoint(rect.left() + 20, rect.center().y()))


def find_row(model, text_prefix: str, parent_text: str | None = None):
    for node in model.root().walk():
        if node.text.startswith(text_prefix) and (
            parent_text is None or (node.parent is not None and node.parent.text == parent_text)
        ):
            return model.index_of(node)
    raise AssertionError(f"no row starting with {text_prefix!r}")


def fragments(doc: QTextDocument) -> list[tuple[str, QTextCharFormat]]:
    """Every (text, format) run of the document, frames included, in order."""
    out = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            if frag.isValid():
                out.append((frag.text(), frag.charFormat()))
            it += 1
        block = block.next()
    return out


def words_with_background(doc: QTextDocument, color: QColor) -> list[str]:
    return [t for t, f in fragments(doc)
            if f.background().style() != Qt.BrushStyle.NoBrush
            and f.background().color() == color and t.strip()]


def struck_words(doc: QTextDocument) -> list[str]:
    return [t for t, f in fragments(doc) if f.fontStrikeOut() and t.strip()]


def rendered_layouts(qtbot, cmp, theme) -> list:
    """``cmp`` rendered by a real DiffView inline, then side by side: the two views
    (each owns its document)."""
    from policyviewer.ui.diff_view import DiffView

    views = []
    for side_by_side in (False, True):
        view = DiffView()
        qtbot.addWidget(view)
        with qtbot.waitSignal(view.rendered, timeout=5000):
            view.show_comparison(cmp, theme, side_by_side=side_by_side)
        views.append(view)
    return views


def formats_at(doc: QTextDocument, word: str) -> list[QTextCharFormat]:
    """The character format inside each place ``word`` is found, in order."""
    from PySide6.QtGui import QTextCursor

    out, found = [], doc.find(word)
    while not found.isNull():
        inside = QTextCursor(doc)
        inside.setPosition(found.selectionStart() + 1)
        out.append(inside.charFormat())
        found = doc.find(word, found)
    return out
