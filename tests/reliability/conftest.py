"""Shared set-up for the reliability suite: its folder on sys.path (helpers:
samples.py, fuzz_profile.py, local_server.py, measure_import.py) and a window fixture."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from window_factory import window_factory


@pytest.fixture
def make_window(qtbot, tmp_path: Path) -> Iterator[Callable[..., object]]:
    """Build a window on ``db`` (default ``tmp_path/library.sqlite``), settings in tmp_path."""
    yield from window_factory(
        qtbot, tmp_path, size=(1100, 760), settings_name=lambda n: f"s{n}.ini"
    )
