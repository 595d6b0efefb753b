"""One way to build the real main window in tests (used by the ui and reliability conftests)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path


def window_factory(
    qtbot, tmp_path: Path, *, size: tuple[int, int], settings_name: Callable[[int], str]
) -> Iterator[Callable[..., object]]:
    """Yield ``make(db=None, settings=None)``; windows are closed down afterwards."""
    from PySide6.QtWidgets import QApplication

    from policyviewer.ui import create_main_window

    made = []

    def make(db: Path | None = None, settings: Path | None = None):
        window = create_main_window(db or tmp_path / "library.sqlite",
                                    settings_path=settings or tmp_path / settings_name(len(made)))
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        made.append(window)
        return window

    yield make
    for window in made:
        window.runner.wait()
        QApplication.processEvents()
        window.library.close()
