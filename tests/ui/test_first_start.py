"""First start: a library that does not exist yet is filled with the samples."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from policyviewer.core.library import Library
from policyviewer.ui import app as app_module


def _run_until(monkeypatch, qtbot, db: Path, condition) -> None:
    def fake_exec(self) -> int:  # stands in for the event loop
        qtbot.waitUntil(condition, timeout=60_000)
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert app_module.run([], db_path=db) == 0


def _close_windows(qtbot) -> None:
    # Delete the windows run() made, so later tests that look for "the" main window
    # among the top-level widgets find theirs.
    for w in QApplication.topLevelWidgets():
        if w.objectName() == "mainWindow":
            w.runner.wait()
            w.close()
            w.library.close()
            w.deleteLater()
    qtbot.wait(50)


def _count(db: Path) -> int:
    lib = Library.open(db)
    try:
        return sum(p.versions for p in lib.policies())
    finally:
        lib.close()


def test_first_start_loads_the_samples(qtbot, tmp_path, monkeypatch):
    db = tmp_path / "new" / "library.sqlite"
    _run_until(monkeypatch, qtbot, db, lambda: db.exists() and _count(db) >= 10)
    names = {p.name for p in Library.open(db).policies()}
    assert {"Mozilla", "Jestor", "Jtek"} <= names
    _close_windows(qtbot)


def test_existing_empty_library_is_not_filled(qtbot, tmp_path, monkeypatch):
    db = tmp_path / "library.sqlite"
    Library.open(db).close()  # exists, empty: the window only offers the samples
    deadline = time.monotonic() + 3  # long enough for a sample import to have landed
    _run_until(monkeypatch, qtbot, db, lambda: time.monotonic() > deadline)
    assert _count(db) == 0
    _close_windows(qtbot)
