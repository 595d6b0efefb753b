"""Fixtures for driving the real window: a fresh library and a window on it."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parent))

from policyviewer.ui import create_main_window


@pytest.fixture
def make_window(qtbot, tmp_path: Path) -> Iterator[Callable[..., object]]:
    """Build a window on ``tmp_path/library.sqlite`` with settings in ``tmp_path``."""
    made = []

    def make(db: Path | None = None, settings: Path | None = None):
        window = create_main_window(db or tmp_path / "library.sqlite",
                                    settings_path=settings or tmp_path / "settings.ini")
        qtbot.addWidget(window)
        window.resize(1200, 800)
        window.show()
        qtbot.waitExposed(window)
        made.append(window)
        return window

    yield make
    for window in made:
        window.runner.wait()
        QApplication.processEvents()
        window.library.close()
