"""Shared set-up for the reliability suite: its folder on sys.path (helpers:
samples.py, fuzz_profile.py, local_server.py, measure_import.py) and a window fixture."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture
def make_window(qtbot, tmp_path: Path) -> Iterator[Callable[..., object]]:
    """Build a window on ``db`` (default ``tmp_path/library.sqlite``), settings in tmp_path."""
    from PySide6.QtWidgets import QApplication

    from policyviewer.ui import create_main_window

    made = []

    def make(db: Path | None = None, settings: Path | None = None):
        window = create_main_window(db or tmp_path / "library.sqlite",
                                    settings_path=settings or tmp_path / f"s{len(made)}.ini")
        qtbot.addWidget(window)
        window.resize(1100, 760)
        window.show()
        qtbot.waitExposed(window)
        made.append(window)
        return window

    yield make
    for window in made:
        window.runner.wait()
        QApplication.processEvents()
        window.library.close()
