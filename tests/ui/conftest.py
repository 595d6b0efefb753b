"""Fixtures for driving the real window: a fresh library and a window on it."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from window_factory import window_factory


@pytest.fixture
def make_window(qtbot, tmp_path: Path) -> Iterator[Callable[..., object]]:
    """Build a window on ``tmp_path/library.sqlite`` with settings in ``tmp_path``."""
    yield from window_factory(
        qtbot, tmp_path, size=(1200, 800), settings_name=lambda _n: "settings.ini"
    )
