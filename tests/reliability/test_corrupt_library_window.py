"""A library file the window cannot open: a clear message, the file left byte-identical,
and a way forward (open another library, or start a new one beside it)."""

from __future__ import annotations

import hashlib
import random
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from policyviewer.core.importers import load_bytes
from policyviewer.core.library import Library
from policyviewer.ui import library_recovery
from policyviewer.ui.library_recovery import NEW_TEXT, open_main_window


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def good_library(path: Path, name: str = "Acme") -> Path:
    with Library.open(path) as lib:
        lib.add_version(name, load_bytes(b"We keep logs for 30 days.", "a.txt"))
    return path


def damaged(kind: str, folder: Path) -> Path:
    path = folder / "library.sqlite"
    if kind == "random":
        path.write_bytes(random.Random(7).randbytes(30_000))
    elif kind == "truncated":
        good_library(folder / "good.sqlite")
        for _ in range(40):
            with Library.open(folder / "good.sqlite") as lib:
                lib.add_version("Acme", load_bytes(f"Version {_} ".encode() * 500, "a.txt"))
        data = (folder / "good.sqlite").read_bytes()
        (folder / "good.sqlite").unlink()
        path.write_bytes(data[: len(data) // 2])
    else:  # another program's database
        conn = sqlite3.connect(path)
        with conn:
            conn.execute("CREATE TABLE notes (body TEXT)")
        conn.close()
    return path


class Recorder:
    """Stands in for the dialog: records what the user was told, answers as scripted."""

    def __init__(self, *answers) -> None:
        self.answers = list(answers)
        self.asked: list[tuple[Path, str]] = []

    def __call__(self, path: Path, error: str):
        self.asked.append((path, error))
        return self.answers.pop(0)


def close(window) -> None:
    window.runner.wait()
    QApplication.processEvents()
    window.library.close()
    window.close()


@pytest.mark.parametrize("kind, says", [("random", "not an SQLite database"),
                                        ("truncated", "damaged"),
                                        ("foreign", "not a PolicyViewer library")])
def test_start_a_new_library_beside_the_damaged_one(qtbot, tmp_path: Path, kind: str,
                                                    says: str) -> None:
    path = damaged(kind, tmp_path)
    before = digest(path)
    ask = Recorder(("new", None))
    window = open_main_window(path, settings_path=tmp_path / "s.ini", choose=ask)
    assert window is not None
    qtbot.addWidget(window)
    try:
        [(asked_path, error)] = ask.asked
        assert asked_path == path and says in error and str(path) in error
        assert "\n" not in error  # the library's one-line message, shown as is
        assert window.library.path == tmp_path / "library-new.sqlite"
        assert window.library_model.rowCount() == 0  # a fresh, empty library
        assert not window.library.read_only
    finally:
        close(window)
    assert digest(path) == before


def test_open_another_library_instead(qtbot, tmp_path: Path) -> None:
    path = damaged("random", tmp_path)
    before = digest(path)
    other = good_library(tmp_path / "elsewhere.sqlite", "Elsewhere Inc")
    window = open_main_window(path, settings_path=tmp_path / "s.ini",
                              choose=Recorder(("open", other)))
    qtbot.addWidget(window)
    try:
        assert window.library.path == other
        assert [n.text for n in window.library_model.root().children] == ["Elsewhere Inc"]
    finally:
        close(window)
    assert digest(path) == before


def test_picking_another_bad_file_asks_again_then_quit(tmp_path: Path) -> None:
    path = damaged("random", tmp_path)
    also_bad = tmp_path / "notes.txt"
    also_bad.write_text("not a library")
    before = (digest(path), digest(also_bad))
    ask = Recorder(("open", also_bad), ("quit", None))
    assert open_main_window(path, settings_path=tmp_path / "s.ini", choose=ask) is None
    assert [p for p, _ in ask.asked] == [path, also_bad]
    assert (digest(path), digest(also_bad)) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library.sqlite", "notes.txt"]


def test_the_real_dialog_offers_the_way_forward(qtbot, tmp_path: Path) -> None:
    path = damaged("random", tmp_path)
    before = digest(path)
    seen: dict[str, object] = {}

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, answer)
            return
        seen["text"] = box.text()
        seen["buttons"] = [b.text() for b in box.buttons()]
        next(b for b in box.buttons() if b.text() == NEW_TEXT).click()

    QTimer.singleShot(50, answer)
    window = open_main_window(path, settings_path=tmp_path / "s.ini")
    assert window is not None
    qtbot.addWidget(window)
    try:
        assert "not an SQLite database" in seen["text"] and str(path) in seen["text"]
        assert "has not been changed" in seen["text"]
        assert set(seen["buttons"]) >= {library_recovery.OPEN_TEXT, NEW_TEXT, "Quit"}
        assert window.library.path == tmp_path / "library-new.sqlite"
    finally:
        close(window)
    assert digest(path) == before


def test_the_app_start_uses_the_recovery(monkeypatch, tmp_path: Path) -> None:
    from policyviewer.ui import app

    path = damaged("random", tmp_path)
    before = digest(path)
    ask = Recorder(("quit", None))
    monkeypatch.setattr(library_recovery, "ask_with_dialog", ask)
    # A dead-end "cannot open" box would block the test: record it instead.
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: ask.asked.append(("box", a)))
    assert app.run(["policyviewer"], db_path=path) == 1
    assert len(ask.asked) == 1 and ask.asked[0][0] == path
    assert "not an SQLite database" in ask.asked[0][1]
    assert digest(path) == before


def test_a_newer_library_opens_read_only_and_says_so_on_write(make_window, qtbot,
                                                             tmp_path: Path) -> None:
    path = good_library(tmp_path / "library.sqlite")
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                     "VALUES ('policyviewer', '999_from_the_future', '2030-01-01')")
        conn.execute("PRAGMA user_version = 999")
    conn.close()
    before = digest(path)
    window = make_window(path)
    assert window.library.read_only
    assert [n.text for n in window.library_model.root().children] == ["Acme"]
    new_file = tmp_path / "acme-v2.txt"
    new_file.write_text("We keep logs for 90 days.")
    window.add_files([new_file])
    qtbot.waitUntil(lambda: window.message_bar.text() != "", timeout=60000)
    assert "newer PolicyViewer" in window.message_bar.text()
    window.runner.wait()
    assert digest(path) == before
