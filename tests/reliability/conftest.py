"""Shared set-up for the reliability suite: the hypothesis profile and helpers.

Fuzz tests take their example counts from one profile so the whole suite stays
quick on a 2-core CI runner. ``PV_FUZZ=deep`` multiplies every count by 20 and
draws fresh random examples (the default profile is derandomized, so CI runs
are repeatable).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

sys.path.insert(0, str(Path(__file__).resolve().parent))

_COMMON = dict(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.function_scoped_fixture],
    print_blob=True,
)
settings.register_profile("reliability", derandomize=True, **_COMMON)
settings.register_profile("reliability-deep", derandomize=False, **_COMMON)
PROFILE = "reliability-deep" if os.environ.get("PV_FUZZ") == "deep" else "reliability"
SCALE = 20 if PROFILE == "reliability-deep" else 1


def fuzz(examples: int) -> settings:
    """Settings for one fuzz test: the suite's profile with ``examples`` examples."""
    return settings(settings.get_profile(PROFILE), max_examples=examples * SCALE)


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
