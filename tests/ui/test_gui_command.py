"""``policyviewer gui FILE...`` and ``policyviewer`` with no command open the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
from ui_helpers import SEED_FILES

from policyviewer.cli import build_parser, main


def test_gui_command_is_registered():
    args = build_parser().parse_args(["gui", "a.txt", "b.md"])
    assert args.files == ["a.txt", "b.md"]
    assert args.func.__name__ == "run_gui"


def test_gui_refuses_missing_files(capsys, tmp_path):
    assert main(["--db", str(tmp_path / "lib.sqlite"), "gui", str(tmp_path / "nope.txt")]) == 1
    assert "no such file" in capsys.readouterr().err


def test_gui_opens_the_window_with_the_files_added(qtbot, tmp_path, monkeypatch):
    db = tmp_path / "lib.sqlite"
    settings = tmp_path / "settings.ini"
    monkeypatch.setenv("POLICYVIEWER_SETTINGS", str(settings))  # never the user's settings
    seen = {}
    # The app's event loop, but a local one: quitting the real QApplication loop would
    # leave the application quitting for every later test.
    loop = QEventLoop()
    monkeypatch.setattr(QApplication, "exec", lambda self: loop.exec())

    def inspect_and_quit():
        windows = [w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow"]
        if not windows or windows[0].view is None:
            QTimer.singleShot(100, inspect_and_quit)
            return
        window = windows[0]
        seen["policies"] = [p.name for p in window.library.policies()]
        seen["shown"] = window.view.new.label
        window.runner.wait()
        window.close()
        window.library.close()
        loop.quit()

    QTimer.singleShot(100, inspect_and_quit)
    seed = Path(SEED_FILES[1])
    assert main(["--db", str(db), "gui", str(seed)]) == 0
    assert seen["policies"] == [seed.stem]
    assert seen["shown"].startswith(f"{seed.stem}@1")
    assert settings.is_file()
